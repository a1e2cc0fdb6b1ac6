//! A JSON Schema of the agenda format (crate feature `schema`).
//!
//! [`agenda_schema`] describes a `union-state/1` file as JSON Schema
//! (draft 2020-12), generated with [`schemars`] from the same Rust types
//! the loader reads, so the two cannot drift apart field by field. Point an
//! editor at it for completion and checking as you type; the committed copy
//! is `data/agenda.schema.json`.
//!
//! The schema checks each record on its own: types, required and unknown
//! fields, enum values, the id, state code, sector and date rules, blank
//! texts, empty or repeated state lists, a percentage above 100, and
//! `demanded_by` present exactly when `kind` is `conditional_on`. It cannot
//! see what spans records: unknown references, duplicate ids, cycles,
//! dates compared with an instrument's, the order of events and moves, an
//! event about a state that does not act. [`Agenda::from_json_str`]
//! remains the judge; a file the schema accepts may still fail to load,
//! and one it rejects never loads.
//!
//! [`Agenda::from_json_str`]: crate::Agenda::from_json_str

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::date::PartialDate;
use crate::ids::{
    AgendaId, CommitmentId, InstitutionId, InstrumentId, MAX_ID_LEN, NodeId, ProgrammeId, SourceId,
    StateCode,
};
use crate::programme::Sector;

/// The JSON Schema of the `union-state/1` agenda format, as a JSON value
/// (draft 2020-12, with the shared record types under `$defs`).
///
/// # Example
///
/// Needs the crate feature `schema`.
///
/// ```
/// let schema = union_state::schema::agenda_schema();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["properties"]["format"]["enum"][0], union_state::FORMAT);
/// // An unknown top-level key is refused, as the loader refuses it.
/// assert_eq!(schema["additionalProperties"], false);
/// ```
pub fn agenda_schema() -> serde_json::Value {
    // One file struct reads both versions; which fields `union-state/1`
    // may not use is checked by the loader, not by the schema.
    crate::io::json::schema(generator()).into()
}

/// A generator for the schema of a format version: draft 2020-12, for
/// reading (fields with a default are optional).
fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
}

/// One id part: an ASCII letter or digit, then up to 63 more letters,
/// digits, `-` or `_` (see `plain_rule` in `ids.rs`).
fn id_part() -> String {
    format!("[A-Za-z0-9][A-Za-z0-9_-]{{0,{}}}", MAX_ID_LEN - 1)
}

/// A plain id: one part.
fn plain_id_pattern() -> String {
    format!("^{}$", id_part())
}

/// A commitment id: two parts joined by one dot.
fn commitment_id_pattern() -> String {
    format!("^{0}\\.{0}$", id_part())
}

/// A state code: 2 or 3 upper-case ASCII letters.
const STATE_CODE_PATTERN: &str = "^[A-Z]{2,3}$";

/// A sector label: lower-case ASCII letters, digits, `-` and single
/// spaces, starting and ending with a letter or digit.
const SECTOR_PATTERN: &str = "^[a-z0-9](?:(?:[a-z0-9-]| [a-z0-9-])* ?[a-z0-9])?$";

/// A year `0001` to `9999`: four digits, not all zero.
const YEAR: &str = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})";

/// A leap year of the proleptic Gregorian calendar, `0004` to `9996`:
/// divisible by 4, and by 400 if by 100.
const LEAP_YEAR: &str =
    "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)";

/// A month and a day that exists in every year (February up to the 28th).
const MONTH_DAY: &str = "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))";

/// The four date forms, with the calendar's rules: `YYYY-MM-DD` (a day that
/// exists, 29 February in leap years only), `YYYY-MM`, `YYYY-Qn`, `YYYY`.
fn date_pattern() -> String {
    format!(
        "^(?:{YEAR}-{MONTH_DAY}|{LEAP_YEAR}-02-29|{YEAR}-(?:0[1-9]|1[0-2])|{YEAR}-Q[1-4]|{YEAR})$"
    )
}

/// Text that is not empty nor only white space, as the builder demands of
/// names and titles: it has a character outside Unicode's `White_Space`
/// (what [`str::trim`] removes). Spelled out rather than `\S`, whose
/// meaning differs between regex engines (JavaScript's counts U+FEFF as
/// space and U+0085 as not).
pub(crate) const NON_BLANK_PATTERN: &str = "[^\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";

/// Makes a string schema with a pattern and an optional maximum length.
fn string_schema(description: &str, pattern: &str, max_length: Option<usize>) -> Schema {
    let mut schema = json_schema!({
        "type": "string",
        "description": description,
        "pattern": pattern,
    });
    if let Some(max) = max_length {
        schema.insert("maxLength".to_owned(), max.into());
    }
    schema
}

/// Implements `JsonSchema` for a validated text type.
macro_rules! text_schema {
    ($ty:ty, $name:literal, $schema:expr) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }

            fn schema_id() -> Cow<'static, str> {
                Cow::Borrowed(concat!("union_state::", $name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

text_schema!(
    StateCode,
    "StateCode",
    string_schema(
        "A state code: 2 or 3 upper-case ASCII letters, such as `BY`.",
        STATE_CODE_PATTERN,
        None,
    )
);

/// The description of a plain id of some kind.
fn plain_id(kind: &str) -> Schema {
    string_schema(
        &format!(
            "{kind} id: 1 to {MAX_ID_LEN} ASCII letters, digits, `-` or `_`, starting with a letter or digit."
        ),
        &plain_id_pattern(),
        Some(MAX_ID_LEN),
    )
}

/// A commitment id's schema.
fn commitment_id() -> Schema {
    string_schema(
        "A commitment id, `<programme id>.<local id>`, such as `UP16.addendum`: each part 1 to 64 ASCII letters, digits, `-` or `_`, starting with a letter or digit.",
        &commitment_id_pattern(),
        Some(2 * MAX_ID_LEN + 1),
    )
}

text_schema!(ProgrammeId, "ProgrammeId", plain_id("A programme"));
text_schema!(InstitutionId, "InstitutionId", plain_id("An institution"));
text_schema!(InstrumentId, "InstrumentId", plain_id("An instrument"));
text_schema!(SourceId, "SourceId", plain_id("A source"));
text_schema!(AgendaId, "AgendaId", plain_id("An agenda's short id"));
text_schema!(CommitmentId, "CommitmentId", commitment_id());

impl JsonSchema for NodeId {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("NodeId")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("union_state::NodeId")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A dependency end: a programme id (standing for all its commitments) or a commitment id.",
            "anyOf": [
                generator.subschema_for::<ProgrammeId>(),
                generator.subschema_for::<CommitmentId>(),
            ],
        })
    }
}

impl JsonSchema for crate::dependency::Demanders {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Demanders")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("union_state::Demanders")
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let institution = json_schema!({
            "type": "object",
            "properties": { "institution": generator.subschema_for::<InstitutionId>() },
            "required": ["institution"],
            "additionalProperties": false,
        });
        let one = json_schema!({
            "anyOf": [generator.subschema_for::<StateCode>(), institution],
        });
        json_schema!({
            "description": "Who demands the condition: a state code, `{\"institution\": id}`, or a non-empty list of distinct ones (union-state/2).",
            "anyOf": [
                one.clone(),
                { "type": "array", "items": one, "minItems": 1, "uniqueItems": true },
            ],
        })
    }
}

text_schema!(
    Sector,
    "Sector",
    string_schema(
        "A sector label: 1 to 64 lower-case ASCII letters, digits, `-` and single spaces, starting and ending with a letter or digit.",
        SECTOR_PATTERN,
        Some(64),
    )
);

text_schema!(
    PartialDate,
    "PartialDate",
    string_schema(
        "A date as precise as its source: `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`, years 0001 to 9999.",
        &date_pattern(),
        None,
    )
);

/// The transform of a dependency record: `demanded_by` (a demander or a
/// list of them, as its own schema says; not null) exactly when `kind` is
/// `conditional_on`.
pub(crate) fn demanded_by_rule(schema: &mut Schema) {
    let rule = json_schema!({
        "if": { "properties": { "kind": { "const": "conditional_on" } } },
        "then": {
            "required": ["demanded_by"],
            "properties": { "demanded_by": { "not": { "type": "null" } } },
        },
        "else": { "properties": { "demanded_by": { "type": "null" } } },
    });
    if let (Some(object), Some(rule)) = (schema.as_object_mut(), rule.as_object()) {
        object.extend(rule.clone());
    }
}
