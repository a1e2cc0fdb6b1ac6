//! A corpus of bad input under `tests/bad/`: each file is a realistic
//! mistake in a hand-written agenda (the rest of it valid), and each test
//! asserts the exact error and the position or id it reports. Large and
//! deep inputs are built here rather than committed.

use union_state::error::*;
use union_state::*;

fn load(name: &str) -> Result<Agenda, LoadError> {
    let bytes = std::fs::read(format!("tests/bad/{name}")).unwrap();
    Agenda::from_json_slice(&bytes)
}

/// A JSON syntax or shape error at `line`:`column`, at `path` in the
/// agenda, whose message is exactly `message`. The streaming file reader
/// reports the same line, path and message; its column can be one further
/// on (`serde_json` counts columns slightly differently when it reads a
/// stream).
#[track_caller]
fn syntax(name: &str, line: usize, column: usize, path: Option<&str>, message: &str) {
    match load(name) {
        Err(LoadError::Syntax {
            line: l,
            column: c,
            message: m,
            path: at,
        }) => {
            assert_eq!(
                (l, c, at.as_deref(), m.as_str()),
                (line, column, path, message),
                "{name}"
            );
        }
        other => panic!("{name}: expected a syntax error, got {other:?}"),
    }
    let from_file = Agenda::from_json_file(format!("tests/bad/{name}")).unwrap_err();
    assert!(
        matches!(&from_file, LoadError::Syntax { line: l, column: c, path: at, message: m }
            if *l == line && c.abs_diff(column) <= 1 && at.as_deref() == path && m == message),
        "{name}: file reader says {from_file:?}"
    );
}

/// A consistency error listing exactly these problems.
#[track_caller]
fn problems(name: &str, expected: &[&str]) {
    match load(name) {
        Err(LoadError::Build(e)) => {
            let got: Vec<String> = e.problems().iter().map(ToString::to_string).collect();
            assert_eq!(got, expected, "{name}");
        }
        other => panic!("{name}: expected a build error, got {other:?}"),
    }
}

#[test]
fn the_base_file_is_valid() {
    let a = load("valid.json").unwrap();
    assert_eq!(a.commitments().len(), 3);
}

// --- Malformed JSON ---------------------------------------------------

#[test]
fn truncated_file() {
    // Cut in the middle of a commitment.
    syntax(
        "truncated.json",
        74,
        4,
        Some("commitments[0].deadline.?"),
        "EOF while parsing an object",
    );
}

#[test]
fn cut_after_the_first_field() {
    // Cut after the format's comma, at the agenda's top level: no field
    // to name (not the parser's `?` for a key not yet read).
    syntax(
        "cut-after-the-format.json",
        3,
        1,
        None,
        "EOF while parsing a value",
    );
}

#[test]
fn trailing_comma() {
    // A comma after the last field of a source.
    syntax(
        "trailing-comma.json",
        29,
        5,
        Some("sources[0].?"),
        "trailing comma",
    );
}

#[test]
fn empty_file_and_blank_file() {
    // Columns are 1-based, also at the end of the input.
    syntax("empty.json", 1, 1, None, "EOF while parsing a value");
    syntax(
        "whitespace-only.json",
        3,
        1,
        None,
        "EOF while parsing a value",
    );
}

#[test]
fn not_an_object() {
    // `null`, an array, or a comment (JSON has none) where the agenda starts.
    let message = "expected an agenda: a JSON object starting with `{`";
    syntax("null.json", 1, 1, None, message);
    syntax("top-level-array.json", 1, 1, None, message);
    syntax("comment.json", 1, 1, None, message);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    // Some editors start UTF-8 files with a BOM; it is skipped.
    assert_eq!(load("bom.json").unwrap(), load("valid.json").unwrap());
}

#[test]
fn bytes_that_are_not_utf8() {
    // "Belärus" saved as Latin-1.
    syntax(
        "not-utf8.json",
        6,
        19,
        Some("states[0].name"),
        "invalid unicode code point",
    );
}

// --- Wrong shapes: types, enum values, fields --------------------------

#[test]
fn wrong_types() {
    syntax(
        "wrong-type-title-number.json",
        66,
        17,
        Some("commitments[0].title"),
        "invalid type: integer `42`, expected a string",
    );
    syntax(
        "wrong-type-states-string.json",
        39,
        20,
        Some("programmes[0].states"),
        "invalid type: string `BY`, expected a sequence",
    );
}

#[test]
fn unknown_enum_values_list_the_allowed_ones() {
    syntax(
        "unknown-mode.json",
        36,
        29,
        Some("programmes[0].mode"),
        "unknown variant `common-market`, expected one of `harmonisation`, `common_rules`, `unification`, `integration`, `common_market`, `convergence`, `agreed_policy`",
    );
    syntax(
        "unknown-status.json",
        88,
        30,
        Some("commitments[0].events[0].status"),
        "unknown variant `finished`, expected one of `planned`, `in_progress`, `done`, `delayed`, `dropped`",
    );
    syntax(
        "unknown-kind.json",
        126,
        21,
        Some("dependencies[0].kind"),
        "unknown variant `needs`, expected one of `requires`, `conditional_on`, `related`",
    );
    syntax(
        "unknown-basis.json",
        102,
        25,
        Some("commitments[1].basis"),
        "unknown variant `rumoured`, expected one of `stated`, `inferred`, `uncertain`",
    );
}

#[test]
fn unknown_fields_are_named() {
    syntax(
        "unknown-top-level-field.json",
        145,
        13,
        Some("programes"),
        "unknown field `programes`, expected one of `format`, `about`, `states`, `institutions`, `instruments`, `sources`, `programmes`, `commitments`, `dependencies`, `claims`",
    );
    syntax(
        "unknown-field-in-commitment.json",
        106,
        15,
        Some("commitments[1].dedline"),
        "unknown field `dedline`, expected one of `id`, `title`, `summary`, `acting`, `deadline`, `set_by`, `basis`, `events`, `note`, `sources`, `achieved_by`, `measures`",
    );
}

#[test]
fn a_missing_required_field() {
    syntax(
        "missing-acting.json",
        114,
        5,
        Some("commitments[2]"),
        "missing field `acting`",
    );
}

#[test]
fn demanded_by_goes_with_conditional_on_only() {
    syntax(
        "conditional-without-demanded-by.json",
        141,
        3,
        Some("dependencies[1]"),
        "dependency `TAX.treaty` -> `GAS.addendum`: field `demanded_by` is required when `kind` is `conditional_on`",
    );
    syntax(
        "requires-with-demanded-by.json",
        133,
        3,
        Some("dependencies[0]"),
        "dependency `GAS.principles` -> `GAS.addendum`: field `demanded_by` is only allowed when `kind` is `conditional_on`",
    );
}

#[test]
fn malformed_ids() {
    syntax(
        "id-with-space.json",
        48,
        19,
        Some("programmes[1].id"),
        "invalid programme id `TAX 2`: only ASCII letters, digits, `-` and `_` are allowed",
    );
    syntax(
        "id-leading-dash.json",
        26,
        17,
        Some("sources[0].id"),
        "invalid source id `-S1`: it must start with an ASCII letter or digit",
    );
    syntax(
        "commitment-id-without-dot.json",
        108,
        23,
        Some("commitments[2].id"),
        "invalid commitment id `TAXtreaty`: expected `<programme id>.<local id>`, with one dot",
    );
    syntax(
        "programme-id-with-dot.json",
        48,
        19,
        Some("programmes[1].id"),
        "invalid programme id `TAX.1`: only ASCII letters, digits, `-` and `_` are allowed",
    );
    syntax(
        "state-code-lower-case.json",
        5,
        18,
        Some("states[0].code"),
        "invalid state id `by`: expected 2 or 3 upper-case ASCII letters",
    );
}

#[test]
fn an_over_long_local_part_is_named() {
    // 65 bytes after the dot (the id ends at the quote in column 83); the
    // whole id is short enough to show whole.
    syntax(
        "commitment-local-part-too-long.json",
        108,
        83,
        Some("commitments[2].id"),
        "invalid commitment id `TAX.treaty-of-the-union-state-on-common-principles-of-tax-legislation`: the local part after the dot is longer than 64 bytes",
    );
}

#[test]
fn records_given_as_arrays_are_refused() {
    // serde's derive reads a struct from an array of its field values in
    // order; the format's records are objects only. The parser gives the
    // position just before the array's first element.
    syntax(
        "state-as-array.json",
        8,
        5,
        Some("states[1]"),
        "invalid type: sequence, expected an object",
    );
    syntax(
        "commitment-as-array.json",
        108,
        6,
        Some("commitments[2]"),
        "invalid type: sequence, expected an object",
    );
}

#[test]
fn impossible_and_malformed_dates() {
    syntax(
        "impossible-date.json",
        96,
        28,
        Some("commitments[1].deadline.date"),
        "invalid date `2023-02-30`: no such day",
    );
    syntax(
        "month-13.json",
        74,
        25,
        Some("commitments[0].deadline.date"),
        "invalid date `2022-13`: month must be 01 to 12",
    );
    syntax(
        "month-one-digit.json",
        74,
        24,
        Some("commitments[0].deadline.date"),
        "invalid date `2022-7`: expected `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`",
    );
    syntax(
        "quarter-5.json",
        74,
        25,
        Some("commitments[0].deadline.date"),
        "invalid date `2022-Q5`: quarter must be Q1 to Q4",
    );
}

#[test]
fn another_format() {
    match load("wrong-format.json") {
        Err(LoadError::Format { found, expected }) => {
            assert_eq!((found.as_str(), expected), ("union-state/3", FORMAT));
        }
        other => panic!("{other:?}"),
    }
}

// --- Inconsistent data: the builder's problems --------------------------

#[test]
fn duplicate_ids() {
    problems(
        "duplicate-programme.json",
        &["duplicate programme id `GAS`"],
    );
    problems(
        "duplicate-commitment.json",
        &["duplicate commitment id `TAX.treaty`"],
    );
    match load("duplicate-commitment.json") {
        Err(LoadError::Build(e)) => assert_eq!(
            e.problems(),
            [Problem::DuplicateId {
                kind: IdKind::Commitment,
                id: "TAX.treaty".into()
            }]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dangling_references() {
    problems(
        "dangling-dependency.json",
        &[
            "dependency `TAX.treaty` -> `GAS.launch`: field `dependent` refers to unknown commitment `GAS.launch`",
        ],
    );
    problems(
        "commitment-of-unknown-programme.json",
        &["commitment `OIL.treaty`: field `id` refers to unknown programme `OIL`"],
    );
    problems(
        "unknown-source.json",
        &["commitment `TAX.treaty`: field `sources` refers to unknown source `S9`"],
    );
    problems(
        "unknown-state-acting.json",
        &["commitment `TAX.treaty`: field `acting` refers to unknown state `KZ`"],
    );
    problems(
        "unknown-instrument.json",
        &["commitment `GAS.addendum`: field `set_by` refers to unknown instrument `treaty-1999`"],
    );
}

#[test]
fn a_self_dependency() {
    problems(
        "self-dependency.json",
        &["dependency `TAX.treaty` -> `TAX.treaty`: an item cannot depend on itself"],
    );
}

#[test]
fn cycles_of_requires_are_given_as_paths() {
    problems(
        "requires-cycle.json",
        &[
            "cycle of `requires` dependencies: `GAS.addendum` -> `TAX.treaty` -> `GAS.principles` -> `GAS.addendum`",
        ],
    );
    problems(
        "requires-cycle-through-programme.json",
        &[
            "cycle of `requires` dependencies: `GAS` -> `TAX.treaty` -> `TAX` -> `GAS.principles` -> `GAS.addendum` -> `GAS`",
        ],
    );
}

#[test]
fn empty_title_and_empty_actors() {
    problems(
        "empty-title.json",
        &["commitment `TAX.treaty`: field `title` is empty"],
    );
    problems(
        "empty-acting.json",
        &["commitment `TAX.treaty`: field `acting` must not be empty"],
    );
}

#[test]
fn dates_before_the_instrument_that_sets_them() {
    // The decree is of 4 November 2021.
    problems(
        "deadline-before-instrument.json",
        &[
            "commitment `GAS.principles`: deadline `2021-10` is before instrument `decree` of `2021-11-04` that sets it",
        ],
    );
    problems(
        "event-before-instrument.json",
        &[
            "commitment `GAS.principles`: event #0 of `2021-09-10` is before instrument `decree` of `2021-11-04` that sets it",
        ],
    );
}

#[test]
fn event_histories() {
    problems(
        "events-out-of-order.json",
        &["commitment `TAX.treaty`: `events` #1 of `2022-09` is earlier than the one before it"],
    );
    problems(
        "event-state-not-acting.json",
        &[
            "commitment `GAS.principles`: event #0 is about `RU`, which is not among the states that act",
        ],
    );
    problems(
        "broken-move-chain.json",
        &[
            "commitment `GAS.addendum`: the last deadline move ends at `2023-06`, not at the deadline in force `2023-12-01`",
        ],
    );
}

#[test]
fn a_percentage_above_100() {
    problems(
        "percent-above-100.json",
        &["claim #0: field `percent_done` is 168, above 100"],
    );
}

#[test]
fn several_problems_are_reported_together_in_order() {
    problems(
        "several-problems.json",
        &[
            "duplicate commitment id `GAS.addendum`",
            "commitment `TAX.treaty`: field `title` is empty",
            "dependency `GAS.principles` -> `TAX.nothing`: field `dependent` refers to unknown commitment `TAX.nothing`",
            "dependency `GAS.principles` -> `TAX.nothing`: field `sources` refers to unknown source `S2`",
        ],
    );
    let err = load("several-problems.json").unwrap_err();
    assert_eq!(err.to_string().lines().count(), 5, "{err}");
}

// --- Adversarial sizes, built here ---------------------------------------

#[test]
fn deeply_nested_arrays_stop_at_the_first_level_the_schema_refuses() {
    // The format has no recursive value, so nesting never goes deeper than
    // the schema: 10,000 brackets fail where the first one is not allowed,
    // here the second, where a state record must be an object.
    let deep = format!(
        "{{\"format\": \"union-state/1\", \"states\": [{}",
        "[".repeat(10_000)
    );
    match Agenda::from_json_str(&deep) {
        Err(LoadError::Syntax {
            line: 1,
            column: 40,
            message,
            ..
        }) => {
            assert_eq!(message, "invalid type: sequence, expected an object");
        }
        other => panic!("{other:?}"),
    }
    let in_text = format!(
        "{{\"format\": \"union-state/1\", \"states\": [{{\"code\": \"BY\", \"name\": {}",
        "[".repeat(10_000)
    );
    match Agenda::from_json_str(&in_text) {
        Err(LoadError::Syntax {
            line: 1, message, ..
        }) => {
            assert_eq!(message, "invalid type: sequence, expected a string");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_ten_megabyte_title_loads_but_a_ten_megabyte_id_does_not() {
    let base = std::fs::read_to_string("tests/bad/valid.json").unwrap();
    let long = "x".repeat(10 * 1024 * 1024);
    let titled = base.replacen("\"Sign treaty\"", &format!("\"{long}\""), 1);
    let a = Agenda::from_json_str(&titled).unwrap();
    assert_eq!(
        a.commitment(&"TAX.treaty".parse().unwrap())
            .unwrap()
            .title
            .len(),
        long.len()
    );
    let ided = base.replacen("\"S1\"", &format!("\"{long}\""), 1);
    match Agenda::from_json_str(&ided) {
        Err(LoadError::Syntax { message, .. }) => {
            assert!(
                message.ends_with(": it is longer than 64 bytes"),
                "{}",
                &message[message.len() - 60..]
            );
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn a_missing_file_is_an_io_error() {
    assert!(matches!(
        Agenda::from_json_file("tests/bad/no-such-file.json"),
        Err(LoadError::Io(_))
    ));
}
