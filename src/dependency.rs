//! Typed edges between programmes and commitments: [`Dependency`] and
//! [`DependencyKind`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ids::{InstitutionId, NodeId, SourceId, StateCode};
use crate::source::Basis;

/// Who demands a condition: a state, or an institution (a council, a
/// commission) speaking for its members.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Demander {
    /// A state.
    State(StateCode),
    /// An institution of the agenda.
    Institution(InstitutionId),
}

impl fmt::Display for Demander {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Demander::State(s) => f.pad(s.as_str()),
            Demander::Institution(i) => f.pad(i.as_str()),
        }
    }
}

impl Demander {
    /// The state's code or the institution's id.
    pub fn as_str(&self) -> &str {
        match self {
            Demander::State(s) => s.as_str(),
            Demander::Institution(i) => i.as_str(),
        }
    }
}

/// A demander equals a state code when it is that state.
impl PartialEq<StateCode> for Demander {
    fn eq(&self, other: &StateCode) -> bool {
        matches!(self, Demander::State(s) if s == other)
    }
}

impl PartialEq<StateCode> for &Demander {
    fn eq(&self, other: &StateCode) -> bool {
        **self == *other
    }
}

/// A state as its code, an institution as `{ "institution": id }`.
impl Serialize for Demander {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        demander_record(self).serialize(s)
    }
}

impl From<StateCode> for Demander {
    fn from(s: StateCode) -> Self {
        Demander::State(s)
    }
}

impl From<InstitutionId> for Demander {
    fn from(i: InstitutionId) -> Self {
        Demander::Institution(i)
    }
}

/// The demanders of one condition: one or more states or institutions,
/// sorted (states first, then institutions) and distinct.
///
/// In the JSON format (`demanded_by`): a state code (`"BY"`), an
/// institution (`{ "institution": "eec" }`), or a list of either
/// (`["BY", "KZ"]`; `union-state/2`). One state is written back as a code.
///
/// # Example
///
/// ```
/// use union_state::{Demander, Demanders, StateCode};
/// let by: StateCode = "BY".parse()?;
/// let one = Demanders::from(by.clone());
/// assert_eq!(one.to_string(), "BY");
/// let two = Demanders::new(["RU".parse::<StateCode>()?.into(), by.into()]).unwrap();
/// assert_eq!(two.to_string(), "BY and RU");
/// assert_eq!(two.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Demanders(Vec<Demander>);

impl Demanders {
    /// The demanders, sorted and with duplicates removed; `None` for an
    /// empty list.
    pub fn new(list: impl IntoIterator<Item = Demander>) -> Option<Demanders> {
        let mut v: Vec<Demander> = list.into_iter().collect();
        v.sort();
        v.dedup();
        (!v.is_empty()).then_some(Demanders(v))
    }

    /// The demanders, sorted.
    pub fn as_slice(&self) -> &[Demander] {
        &self.0
    }

    /// An iterator over the demanders, sorted.
    pub fn iter(&self) -> std::slice::Iter<'_, Demander> {
        self.0.iter()
    }

    /// How many demanders there are (at least one).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: a condition has at least one demander.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The states among the demanders.
    pub fn states(&self) -> impl Iterator<Item = &StateCode> {
        self.0.iter().filter_map(|d| match d {
            Demander::State(s) => Some(s),
            Demander::Institution(_) => None,
        })
    }

    /// The institutions among the demanders.
    pub fn institutions(&self) -> impl Iterator<Item = &InstitutionId> {
        self.0.iter().filter_map(|d| match d {
            Demander::Institution(i) => Some(i),
            Demander::State(_) => None,
        })
    }

    /// "`BY` demands", "`BY and RU` demand": the demanders with the verb
    /// agreeing, for labels.
    pub fn demand(&self) -> String {
        let verb = if self.len() == 1 { "demands" } else { "demand" };
        format!("{self} {verb}")
    }

    /// Whether `state` is among the demanders.
    pub fn contains_state(&self, state: &StateCode) -> bool {
        self.states().any(|s| s == state)
    }
}

impl From<StateCode> for Demanders {
    fn from(s: StateCode) -> Self {
        Demanders(vec![Demander::State(s)])
    }
}

impl From<InstitutionId> for Demanders {
    fn from(i: InstitutionId) -> Self {
        Demanders(vec![Demander::Institution(i)])
    }
}

impl<'a> IntoIterator for &'a Demanders {
    type Item = &'a Demander;
    type IntoIter = std::slice::Iter<'a, Demander>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// "BY", "BY and RU", "BY, KZ and RU".
impl fmt::Display for Demanders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        let text = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        };
        f.pad(&text)
    }
}

/// One demander as written in the format: a state code, or
/// `{"institution": id}`.
#[derive(Serialize)]
#[serde(untagged)]
enum DemanderRecord {
    State(StateCode),
    Institution(InstitutionRecord),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstitutionRecord {
    institution: InstitutionId,
}

/// Read by the JSON type it is, never by trying each shape in turn: an
/// untagged enum replays the value from serde's buffer, where a derived
/// struct also takes an array of its fields, so `["BY"]` (a list of one
/// state) was read as the institution `BY`.
impl<'de> Deserialize<'de> for DemanderRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DemandersVisitor { list: false })
            .and_then(|mut list| {
                list.pop()
                    .ok_or_else(|| serde::de::Error::custom("no demander"))
            })
    }
}

/// What `demanded_by` holds: a state code or an institution record, or
/// (when `list`) a list of them.
struct DemandersVisitor {
    list: bool,
}

impl<'de> serde::de::Visitor<'de> for DemandersVisitor {
    type Value = Vec<DemanderRecord>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a state code, `{\"institution\": id}`, or a non-empty list of them")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        use serde::de::IntoDeserializer;
        let state = StateCode::deserialize(v.into_deserializer())?;
        Ok(vec![DemanderRecord::State(state)])
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let record =
            InstitutionRecord::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(vec![DemanderRecord::Institution(record)])
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if !self.list {
            return Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Seq,
                &self,
            ));
        }
        let mut list = Vec::new();
        while let Some(one) = seq.next_element::<DemanderRecord>()? {
            list.push(one);
        }
        Ok(list)
    }
}

impl From<DemanderRecord> for Demander {
    fn from(r: DemanderRecord) -> Self {
        match r {
            DemanderRecord::State(s) => Demander::State(s),
            DemanderRecord::Institution(i) => Demander::Institution(i.institution),
        }
    }
}

fn demander_record(d: &Demander) -> DemanderRecord {
    match d {
        Demander::State(s) => DemanderRecord::State(s.clone()),
        Demander::Institution(i) => DemanderRecord::Institution(InstitutionRecord {
            institution: i.clone(),
        }),
    }
}

impl Serialize for Demanders {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => demander_record(one).serialize(s),
            many => many
                .iter()
                .map(demander_record)
                .collect::<Vec<_>>()
                .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Demanders {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list: Vec<Demander> = d
            .deserialize_any(DemandersVisitor { list: true })
            .map_err(|_| {
                serde::de::Error::custom(
                    "expected a state code, `{\"institution\": id}`, or a non-empty list of them",
                )
            })?
            .into_iter()
            .map(Demander::from)
            .collect();
        let n = list.len();
        let demanders = Demanders::new(list)
            .ok_or_else(|| serde::de::Error::custom("`demanded_by` is an empty list"))?;
        if demanders.len() != n {
            return Err(serde::de::Error::custom(
                "`demanded_by` names a demander more than once",
            ));
        }
        Ok(demanders)
    }
}

/// What a dependency means.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DependencyKind {
    /// The dependent cannot be completed before the prerequisite. These edges
    /// must stay acyclic; scheduling follows them.
    Requires,
    /// A political condition: `demanded_by` will not let the dependent happen
    /// before the prerequisite. These may form cycles; a cycle is a deadlock.
    ConditionalOn {
        /// The states or institutions that demand the condition.
        demanded_by: Demanders,
    },
    /// Context only; no query follows it unless asked to.
    Related,
}

impl DependencyKind {
    /// The snake-case name, as in the JSON format.
    pub const fn name(&self) -> &'static str {
        match self {
            DependencyKind::Requires => "requires",
            DependencyKind::ConditionalOn { .. } => "conditional_on",
            DependencyKind::Related => "related",
        }
    }
}

/// A typed edge: `dependent` depends on `prerequisite`.
///
/// Either end may be a programme, which stands for all of its commitments,
/// or one commitment. The two ends are named for what they are, never
/// `from` and `to`, so the direction cannot be misread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DependencyRecord", into = "DependencyRecord")]
#[non_exhaustive]
pub struct Dependency {
    /// What must come first.
    pub prerequisite: NodeId,
    /// What waits for it.
    pub dependent: NodeId,
    /// What the dependency means.
    pub kind: DependencyKind,
    /// How sure this is.
    pub basis: Basis,
    /// Who says so.
    pub sources: Vec<SourceId>,
    /// Context, where useful.
    pub note: Option<String>,
}

impl Dependency {
    /// A stated dependency with no sources; for building in code.
    pub fn new(
        prerequisite: impl Into<NodeId>,
        dependent: impl Into<NodeId>,
        kind: DependencyKind,
    ) -> Self {
        Dependency {
            prerequisite: prerequisite.into(),
            dependent: dependent.into(),
            kind,
            basis: Basis::Stated,
            sources: Vec::new(),
            note: None,
        }
    }
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "DependencyKind"))]
enum KindTag {
    Requires,
    ConditionalOn,
    Related,
}

/// The JSON shape of a dependency: the kind as a tag, with `demanded_by`
/// beside it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(
        rename = "Dependency",
        description = "A dependency: `prerequisite` comes before `dependent`, in the way `kind` says.",
        transform = crate::schema::demanded_by_rule
    )
)]
struct DependencyRecord {
    /// What must come first: a programme or a commitment.
    prerequisite: NodeId,
    /// What waits for it.
    dependent: NodeId,
    /// `requires` (must be done first), `conditional_on` (a state makes it a condition) or `related`.
    kind: KindTag,
    /// Who makes it a condition (states or an institution): required with `conditional_on`, not allowed otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    demanded_by: Option<Demanders>,
    /// How sure this is.
    basis: Basis,
    /// Who says so.
    sources: Vec<SourceId>,
    /// Context, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// A dependency is read as its record, whose schema carries the
/// `demanded_by` rule.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Dependency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        DependencyRecord::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("union_state::Dependency")
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        DependencyRecord::json_schema(generator)
    }
}

impl TryFrom<DependencyRecord> for Dependency {
    type Error = String;

    fn try_from(r: DependencyRecord) -> Result<Self, String> {
        let kind = match (r.kind, r.demanded_by) {
            (KindTag::Requires, None) => DependencyKind::Requires,
            (KindTag::Related, None) => DependencyKind::Related,
            (KindTag::ConditionalOn, Some(demanded_by)) => {
                DependencyKind::ConditionalOn { demanded_by }
            }
            (KindTag::ConditionalOn, None) => {
                return Err(format!(
                    "dependency `{}` -> `{}`: field `demanded_by` is required when `kind` is `conditional_on`",
                    r.prerequisite, r.dependent
                ));
            }
            (_, Some(_)) => {
                return Err(format!(
                    "dependency `{}` -> `{}`: field `demanded_by` is only allowed when `kind` is `conditional_on`",
                    r.prerequisite, r.dependent
                ));
            }
        };
        Ok(Dependency {
            prerequisite: r.prerequisite,
            dependent: r.dependent,
            kind,
            basis: r.basis,
            sources: r.sources,
            note: r.note,
        })
    }
}

impl From<Dependency> for DependencyRecord {
    fn from(d: Dependency) -> Self {
        let (kind, demanded_by) = match d.kind {
            DependencyKind::Requires => (KindTag::Requires, None),
            DependencyKind::Related => (KindTag::Related, None),
            DependencyKind::ConditionalOn { demanded_by } => {
                (KindTag::ConditionalOn, Some(demanded_by))
            }
        };
        DependencyRecord {
            prerequisite: d.prerequisite,
            dependent: d.dependent,
            kind,
            demanded_by,
            basis: d.basis,
            sources: d.sources,
            note: d.note,
        }
    }
}
