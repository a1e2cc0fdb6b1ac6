//! The JSON Schema of the agenda format (feature `schema`), checked with an
//! independent validator, the `jsonschema` crate: against the committed
//! copy, every shipped and test agenda, the corpus of bad files in
//! `tests/bad/`, and the Rust validators of ids, dates and texts.
#![cfg(feature = "schema")]

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Validator};
use proptest::prelude::*;
use serde_json::{Value, json};
use union_state::error::LoadError;
use union_state::schema::agenda_schema;
use union_state::{
    Agenda, CommitmentId, InstitutionId, InstrumentId, NodeId, PartialDate, ProgrammeId, Sector,
    SourceId, StateCode,
};

const SCHEMA_PATH: &str = "data/agenda.schema.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The draft a schema declares in `$schema`.
fn declared_draft(schema: &Value) -> Draft {
    match schema["$schema"].as_str() {
        Some("https://json-schema.org/draft/2020-12/schema") => Draft::Draft202012,
        Some("https://json-schema.org/draft/2019-09/schema") => Draft::Draft201909,
        Some("http://json-schema.org/draft-07/schema#") => Draft::Draft7,
        other => panic!("the schema declares no known draft: {other:?}"),
    }
}

/// A validator for `schema`, compiled with the draft it declares.
fn compile(schema: &Value) -> Validator {
    jsonschema::options()
        .with_draft(declared_draft(schema))
        .build(schema)
        .unwrap()
}

/// The committed schema, as an editor would read it.
fn committed() -> Value {
    let text = std::fs::read_to_string(root().join(SCHEMA_PATH)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A validator for the whole agenda.
fn agenda_validator() -> Validator {
    compile(&committed())
}

/// A validator for one of the schema's `$defs`, such as `PartialDate`.
fn def_validator(name: &str) -> Validator {
    let schema = agenda_schema();
    assert!(schema["$defs"].get(name).is_some(), "no $defs/{name}");
    compile(&json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": format!("#/$defs/{name}"),
    }))
}

/// The JSON value of a file, read as the loader reads it (a leading byte
/// order mark skipped), or `None` if it is not JSON.
fn json_of(path: &Path) -> Option<Value> {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    serde_json::from_slice(bytes).ok()
}

/// The schema's complaints about `value`, one line each with its place.
fn complaints(validator: &Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_current() {
    let fresh = agenda_schema();
    let path = root().join(SCHEMA_PATH);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        let mut text = serde_json::to_string_pretty(&fresh).unwrap();
        text.push('\n');
        std::fs::write(&path, text).unwrap();
    }
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or(Value::Null);
    assert!(
        committed == fresh,
        "{SCHEMA_PATH} is not the schema the types give: rewrite it with \
         `UPDATE_SCHEMA=1 cargo test --features schema --test schema`"
    );
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = committed();
    assert_eq!(declared_draft(&schema), Draft::Draft202012);
    jsonschema::draft202012::meta::validate(&schema).unwrap();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["properties"]["format"]["enum"],
        json!([union_state::FORMAT, union_state::FORMAT_1])
    );
    assert_eq!(schema["required"], json!(["format"]));
    // Every record is an object that refuses unknown fields.
    for (name, def) in schema["$defs"].as_object().unwrap() {
        if def["type"] == "object" {
            assert_eq!(def["additionalProperties"], false, "$defs/{name}");
        }
    }
}

/// Every agenda file the project ships or tests with as valid.
fn valid_files() -> Vec<PathBuf> {
    let mut files = vec![
        root().join("data/union-programmes.json"),
        root().join("tests/exports/agenda.json"),
    ];
    for dir in ["examples/data", "tests/bad"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap();
            let valid = dir != "tests/bad" || VALID.contains(&name);
            if valid && path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn every_valid_agenda_passes_the_schema() {
    let validator = agenda_validator();
    let files = valid_files();
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        Agenda::from_json_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value = json_of(&path).unwrap();
        let errors = complaints(&validator, &value);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

/// The files of `tests/bad/` that are valid agendas.
const VALID: &[&str] = &["valid.json", "bom.json"];

/// The files of `tests/bad/` that are not JSON at all.
const NOT_JSON: &[&str] = &[
    "comment.json",
    "cut-after-the-format.json",
    "empty.json",
    "not-utf8.json",
    "trailing-comma.json",
    "truncated.json",
    "whitespace-only.json",
];

/// The files of `tests/bad/` whose fault is in one record, where the
/// schema sees it, with the place (a JSON pointer) the schema reports: the
/// value at fault, or the record or optional value that holds it (a
/// deadline is `Due` or null, so a bad date in it is reported there).
const SCHEMA_ERRORS: &[(&str, &str)] = &[
    ("commitment-as-array.json", "/commitments/2"),
    ("commitment-id-without-dot.json", "/commitments/2/id"),
    ("commitment-local-part-too-long.json", "/commitments/2/id"),
    ("conditional-without-demanded-by.json", "/dependencies/1"),
    ("empty-acting.json", "/commitments/2/acting"),
    ("empty-title.json", "/commitments/2/title"),
    ("id-leading-dash.json", "/sources/0/id"),
    ("id-with-space.json", "/programmes/1/id"),
    ("impossible-date.json", "/commitments/1/deadline"),
    ("missing-acting.json", "/commitments/2"),
    ("month-13.json", "/commitments/0/deadline"),
    ("month-one-digit.json", "/commitments/0/deadline"),
    ("null.json", ""),
    ("percent-above-100.json", "/claims/0/percent_done"),
    ("programme-id-with-dot.json", "/programmes/1/id"),
    ("quarter-5.json", "/commitments/0/deadline"),
    (
        "requires-with-demanded-by.json",
        "/dependencies/0/demanded_by",
    ),
    ("several-problems.json", "/commitments/2/title"),
    ("state-as-array.json", "/states/1"),
    ("state-code-lower-case.json", "/states/0/code"),
    ("top-level-array.json", ""),
    ("unknown-basis.json", "/commitments/1/basis"),
    ("unknown-field-in-commitment.json", "/commitments/1"),
    ("unknown-kind.json", "/dependencies/0/kind"),
    ("unknown-mode.json", "/programmes/0/mode"),
    ("unknown-status.json", "/commitments/0/events/0/status"),
    ("unknown-top-level-field.json", ""),
    ("wrong-format.json", "/format"),
    ("wrong-type-states-string.json", "/programmes/0/states"),
    ("wrong-type-title-number.json", "/commitments/0/title"),
];

/// The files of `tests/bad/` whose fault lies between records or in the
/// order of a list, which a JSON Schema cannot see.
const CROSS_RECORD_ERRORS: &[&str] = &[
    "broken-move-chain.json", // each move starts where the last ended
    "commitment-of-unknown-programme.json", // the id's programme exists
    "dangling-dependency.json", // a reference to an unknown commitment
    "deadline-before-instrument.json", // compared with the instrument's date
    "duplicate-commitment.json", // ids are unique
    "duplicate-programme.json", // ids are unique
    "event-before-instrument.json", // compared with the instrument's date
    "event-state-not-acting.json", // the event's state is among the actors
    "events-out-of-order.json", // events oldest first
    "requires-cycle.json",    // no cycle of `requires`
    "requires-cycle-through-programme.json", // nor through a programme
    "self-dependency.json",   // the two ends differ
    "unknown-instrument.json", // a reference to an unknown instrument
    "unknown-source.json",    // a reference to an unknown source
    "unknown-state-acting.json", // a reference to an unknown state
];

fn bad(name: &str) -> PathBuf {
    root().join("tests/bad").join(name)
}

#[test]
fn every_file_in_tests_bad_is_in_exactly_one_list() {
    let mut listed: Vec<&str> = VALID
        .iter()
        .chain(NOT_JSON)
        .chain(CROSS_RECORD_ERRORS)
        .copied()
        .chain(SCHEMA_ERRORS.iter().map(|(name, _)| *name))
        .collect();
    listed.sort_unstable();
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("tests/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort_unstable();
    assert_eq!(
        listed, on_disk,
        "each file of tests/bad belongs in exactly one list of tests/schema.rs: \
         VALID, NOT_JSON, SCHEMA_ERRORS or CROSS_RECORD_ERRORS"
    );
}

#[test]
fn files_that_are_not_json_fail_to_parse_and_to_load() {
    for name in NOT_JSON {
        assert!(json_of(&bad(name)).is_none(), "{name} parses as JSON");
        let err = Agenda::from_json_file(bad(name)).unwrap_err();
        assert!(matches!(err, LoadError::Syntax { .. }), "{name}: {err}");
    }
}

#[test]
fn schema_errors_are_rejected_by_the_schema_where_they_are() {
    let validator = agenda_validator();
    let mut wrong = Vec::new();
    for (name, place) in SCHEMA_ERRORS {
        assert!(
            Agenda::from_json_file(bad(name)).is_err(),
            "{name} loads: it is not bad"
        );
        let value = json_of(&bad(name)).unwrap_or_else(|| panic!("{name} is not JSON"));
        let errors = complaints(&validator, &value);
        // The complaint is where the fault is, not elsewhere in the file.
        if errors.is_empty() || !errors.iter().all(|e| e.starts_with(&format!("{place}: "))) {
            wrong.push(format!(
                "{name}: expected complaints at {place:?}, got {errors:#?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn cross_record_errors_pass_the_schema_and_fail_the_build() {
    let validator = agenda_validator();
    for name in CROSS_RECORD_ERRORS {
        let err = Agenda::from_json_file(bad(name)).unwrap_err();
        assert!(matches!(err, LoadError::Build(_)), "{name}: {err}");
        let value = json_of(&bad(name)).unwrap();
        let errors = complaints(&validator, &value);
        assert!(
            errors.is_empty(),
            "the schema sees the fault of {name}: move it to SCHEMA_ERRORS: {errors:#?}"
        );
    }
}

#[test]
fn a_dollar_schema_key_is_refused_by_the_loader_and_by_the_schema() {
    // The loader knows no `$schema` key, so an editor is pointed at the
    // schema by its settings, not by the file (see the README).
    let text = r#"{"$schema": "./agenda.schema.json", "format": "union-state/1"}"#;
    let err = Agenda::from_json_str(text).unwrap_err();
    assert!(err.to_string().contains("unknown field `$schema`"), "{err}");
    let value: Value = serde_json::from_str(text).unwrap();
    assert!(!agenda_validator().is_valid(&value));
    let bare = json!({"format": "union-state/1"});
    assert!(agenda_validator().is_valid(&bare));
    assert!(Agenda::from_json_str(&bare.to_string()).is_ok());
}

/// Whether the schema `$defs/name` accepts `text` as a JSON string.
fn accepts(validator: &Validator, text: &str) -> bool {
    validator.is_valid(&Value::String(text.to_owned()))
}

#[test]
fn dates_pass_the_schema_exactly_when_they_parse() {
    let validator = def_validator("PartialDate");
    let years = [
        "0000", "0001", "0004", "0099", "0100", "0400", "1900", "1999", "2000", "2023", "2024",
        "2100", "9996", "9999", "123", "12345", "202a",
    ];
    let mut checked = 0;
    for year in years {
        let mut texts = vec![year.to_owned(), format!("{year}-")];
        for q in 0..=9 {
            texts.push(format!("{year}-Q{q}"));
        }
        texts.push(format!("{year}-q1"));
        texts.push(format!("{year}-Q1-01"));
        for month in 0..=13 {
            texts.push(format!("{year}-{month:02}"));
            texts.push(format!("{year}-{month}"));
            for day in 0..=32 {
                texts.push(format!("{year}-{month:02}-{day:02}"));
            }
            texts.push(format!("{year}-{month:02}-1"));
        }
        for text in texts {
            let parses = text.parse::<PartialDate>().is_ok();
            assert_eq!(accepts(&validator, &text), parses, "{text:?}");
            checked += 1;
        }
    }
    // 17 years, each with 2 + 10 + 2 + 14 * 36 texts.
    assert_eq!(checked, 17 * (2 + 10 + 2 + 14 * 36));
}

#[test]
fn blank_text_is_refused_by_the_schema_as_by_the_builder() {
    // A title: blank exactly when `str::trim` leaves nothing, for each
    // character of the basic multilingual plane alone and among spaces.
    let schema = agenda_schema();
    let title = schema["$defs"]["Commitment"]["properties"]["title"].clone();
    let validator = compile(&json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": "#/$defs/Commitment/properties/title",
    }));
    assert_eq!(title["type"], "string");
    let mut spaces = 0;
    for c in (0..=0xFFFF_u32).filter_map(char::from_u32) {
        let blank = c.to_string().trim().is_empty();
        spaces += usize::from(blank);
        assert_eq!(
            accepts(&validator, &c.to_string()),
            !blank,
            "U+{:04X}",
            u32::from(c)
        );
        assert_eq!(
            accepts(&validator, &format!(" \t{c}\n")),
            !blank,
            "U+{:04X}",
            u32::from(c)
        );
    }
    // Unicode's White_Space characters in the plane: 25.
    assert_eq!(spaces, 25);
    assert!(!accepts(&validator, ""));
}

#[test]
fn sectors_pass_the_schema_exactly_when_they_are_valid() {
    let validator = def_validator("Sector");
    for text in [
        "gas",
        "a",
        "a b",
        "a-b",
        "a -b",
        "a- b",
        "a  b",
        " a",
        "a ",
        "-a",
        "a-",
        "",
        "Gas",
        "oil & gas",
        "energy 2",
        &"x".repeat(64),
        &"x".repeat(65),
        &format!("{} b", "x".repeat(61)),
        &format!("{} b", "x".repeat(62)),
    ] {
        assert_eq!(
            accepts(&validator, text),
            Sector::new(text).is_ok(),
            "{text:?}"
        );
    }
}

/// Checks every id type's schema against its Rust rule on `text`.
fn check_ids(validators: &[(Validator, &str)], text: &str) -> Result<(), TestCaseError> {
    for (validator, name) in validators {
        let valid = match *name {
            "StateCode" => text.parse::<StateCode>().is_ok(),
            "ProgrammeId" => ProgrammeId::new(text).is_ok(),
            "InstitutionId" => InstitutionId::new(text).is_ok(),
            "InstrumentId" => InstrumentId::new(text).is_ok(),
            "SourceId" => SourceId::new(text).is_ok(),
            "CommitmentId" => CommitmentId::new(text).is_ok(),
            "NodeId" => text.parse::<NodeId>().is_ok(),
            "Sector" => Sector::new(text).is_ok(),
            "PartialDate" => text.parse::<PartialDate>().is_ok(),
            other => unreachable!("{other}"),
        };
        prop_assert_eq!(accepts(validator, text), valid, "{} {:?}", name, text);
    }
    Ok(())
}

fn id_validators() -> Vec<(Validator, &'static str)> {
    [
        "StateCode",
        "ProgrammeId",
        "InstitutionId",
        "InstrumentId",
        "SourceId",
        "CommitmentId",
        "NodeId",
        "Sector",
        "PartialDate",
    ]
    .into_iter()
    .map(|name| (def_validator(name), name))
    .collect()
}

#[test]
fn ids_at_the_length_limits() {
    let validators = id_validators();
    let x = |n: usize| "x".repeat(n);
    for text in [
        x(63),
        x(64),
        x(65),
        format!("{}.{}", x(64), x(64)),
        format!("{}.{}", x(65), x(1)),
        format!("{}.{}", x(1), x(65)),
        format!("{}.{}", x(64), x(65)),
        "UP16.a.b".to_owned(),
        ".a".to_owned(),
        "a.".to_owned(),
        "é".to_owned(),
        "UP16\n".to_owned(),
    ] {
        check_ids(&validators, &text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn short_texts_pass_each_schema_exactly_when_their_type_accepts_them(
        text in "[A-Za-z0-9._ Qé-]{0,6}"
    ) {
        thread_local!(static VALIDATORS: Vec<(Validator, &'static str)> = id_validators());
        VALIDATORS.with(|v| check_ids(v, &text))?;
    }

    #[test]
    fn date_like_texts_pass_the_schema_exactly_when_they_parse(
        text in "[0-9]{1,5}(-(Q[0-9]|[0-9]{1,3})(-[0-9]{1,3})?)?"
    ) {
        thread_local!(static VALIDATOR: Validator = def_validator("PartialDate"));
        let parses = text.parse::<PartialDate>().is_ok();
        let accepted = VALIDATOR.with(|v| accepts(v, &text));
        prop_assert_eq!(accepted, parses, "{:?}", text);
    }

    #[test]
    fn long_ids_pass_the_schema_exactly_when_they_are_valid(
        a in "[A-Za-z0-9_-]{55,70}",
        b in "[A-Za-z0-9_-]{0,70}",
        dot in any::<bool>(),
    ) {
        let text = if dot { format!("{a}.{b}") } else { format!("{a}{b}") };
        thread_local!(static VALIDATORS: Vec<(Validator, &'static str)> = id_validators());
        VALIDATORS.with(|v| check_ids(v, &text))?;
    }
}
