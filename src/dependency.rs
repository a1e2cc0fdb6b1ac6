//! Typed edges between programmes and commitments: [`Dependency`] and
//! [`DependencyKind`].

use serde::{Deserialize, Serialize};

use crate::ids::{NodeId, SourceId, StateCode};
use crate::source::Basis;

/// What a dependency means.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DependencyKind {
    /// The dependent cannot be completed before the prerequisite. These edges
    /// must stay acyclic; scheduling follows them.
    Requires,
    /// A political condition: `demanded_by` will not let the dependent happen
    /// before the prerequisite. These may form cycles; a cycle is a deadlock.
    ConditionalOn {
        /// The state that demands the condition.
        demanded_by: StateCode,
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
    /// The state that makes it a condition: required with `conditional_on`, not allowed otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    demanded_by: Option<StateCode>,
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
