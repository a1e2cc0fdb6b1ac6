//! Error messages stay one short line whatever the input: every value they
//! echo is escaped and cut, records load from objects only, and positions
//! are right however the input starts. Each test is a case from the
//! adversarial review of issue 9; the property at the end covers the rest.

use proptest::prelude::*;
use union_state::error::*;
use union_state::*;

const VALID: &str = include_str!("bad/valid.json");

/// The valid base file with its first `from` replaced by `to`.
#[track_caller]
fn with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "{from}");
    VALID.replacen(from, to, 1)
}

/// The syntax error of loading `json` from a string, as (line, column,
/// path, message), and its whole Display.
#[track_caller]
fn syntax(json: &str) -> ((usize, usize, Option<String>, String), String) {
    match Agenda::from_json_str(json) {
        Err(e @ LoadError::Syntax { .. }) => {
            let shown = e.to_string();
            let LoadError::Syntax {
                line,
                column,
                path,
                message,
            } = e
            else {
                unreachable!()
            };
            ((line, column, path, message), shown)
        }
        other => panic!("expected a syntax error, got {:?}", other.map(|_| ())),
    }
}

/// `n` times `x`, cut as messages cut it: 80 bytes shown.
fn cut(n: usize) -> String {
    format!("`{}…` ({n} bytes)", "x".repeat(80))
}

// --- Item 19: echoed values are escaped and cut ------------------------

#[test]
fn a_ten_megabyte_id_gives_a_short_message() {
    let long = "x".repeat(10 * 1024 * 1024);
    let ((line, column, path, message), shown) = syntax(&with("\"S1\"", &format!("\"{long}\"")));
    assert_eq!(
        message,
        format!(
            "invalid source id {}: it is longer than 64 bytes",
            cut(long.len())
        )
    );
    assert_eq!(
        (line, column, path.as_deref()),
        (20, 10_485_770, Some("instruments[0].sources[0]"))
    );
    assert_eq!(
        shown,
        format!(
            "invalid agenda JSON at line 20, column 10485770 (`instruments[0].sources[0]`): {message}"
        )
    );
}

#[test]
fn a_newline_or_backtick_in_an_id_is_escaped() {
    let (got, shown) = syntax(&with("\"id\": \"TAX\"", "\"id\": \"T\\nA`X\""));
    assert_eq!(
        got.3,
        "invalid programme id `T\\nA\\`X`: only ASCII letters, digits, `-` and `_` are allowed"
    );
    assert_eq!(shown.lines().count(), 1, "{shown}");
    let err = ProgrammeId::new("a\u{7}\"b").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid programme id `a\\u{7}\\\"b`: only ASCII letters, digits, `-` and `_` are allowed"
    );
    // The error keeps the text as given.
    assert_eq!(err.text(), "a\u{7}\"b");
}

#[test]
fn a_newline_in_a_date_is_escaped() {
    let (got, _) = syntax(&with("\"2022-07\"", "\"2022-07\\n\""));
    assert_eq!(
        got.3,
        "invalid date `2022-07\\n`: expected `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`"
    );
    let err = format!("2022-{}", "1".repeat(200))
        .parse::<PartialDate>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid date `2022-{}…` (205 bytes): expected `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`",
            "1".repeat(75)
        )
    );
}

#[test]
fn a_newline_in_a_mode_is_escaped() {
    let (got, _) = syntax(&with("\"common_market\"", "\"common\\nmarket\""));
    assert_eq!(
        got.3,
        "unknown variant `common\\nmarket`, expected one of `harmonisation`, `common_rules`, `unification`, `integration`, `common_market`, `convergence`, `agreed_policy`"
    );
    let long = "x".repeat(1000);
    let (got, _) = syntax(&with("\"common_market\"", &format!("\"{long}\"")));
    assert!(
        got.3.starts_with(&format!(
            "unknown variant {}, expected one of `harmonisation`",
            cut(1000)
        )),
        "{}",
        got.3
    );
}

#[test]
fn a_newline_in_the_format_is_escaped() {
    let err =
        Agenda::from_json_str(&with("\"union-state/1\"", "\"union-state/1\\n\"")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unsupported agenda format `union-state/1\\n`: expected `union-state/2`"
    );
    let LoadError::Format { found, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(found, "union-state/1\n");
}

#[test]
fn an_unknown_key_is_escaped_in_the_message_and_the_path() {
    let (got, shown) = syntax(&with("\"set_by\"", "\"set\\n`by\""));
    assert_eq!(got.2.as_deref(), Some("commitments[0].set\n`by"));
    assert_eq!(
        shown,
        "invalid agenda JSON at line 80, column 16 (`commitments[0].set\\n\\`by`): unknown field `set\\n\\`by`, expected one of `id`, `title`, `summary`, `acting`, `deadline`, `set_by`, `basis`, `events`, `note`, `sources`, `achieved_by`, `measures`"
    );
}

#[test]
fn a_long_string_of_the_wrong_type_is_cut() {
    // A string where a list of states is expected.
    let long = "x".repeat(100_000);
    let (got, _) = syntax(&with(
        "\"states\": [\n        \"BY\",\n        \"RU\"\n      ]",
        &format!("\"states\": \"{long}\""),
    ));
    assert_eq!(
        got.3,
        format!("invalid type: string {}, expected a sequence", cut(100_000))
    );
}

#[test]
fn query_and_mutation_errors_quote_what_they_were_given() {
    let q = QueryError::UnknownId {
        kind: IdKind::Commitment,
        id: "GAS.x\r\nGAS.y".into(),
    };
    assert_eq!(q.to_string(), "unknown commitment `GAS.x\\r\\nGAS.y`");
    let q = QueryError::NoDeadline { id: "x".repeat(81) };
    assert_eq!(
        q.to_string(),
        format!("{} has no dated commitment to move", cut(81))
    );
    let m = MutationError::UnknownId {
        kind: IdKind::Programme,
        id: "a\tb".into(),
    };
    assert_eq!(m.to_string(), "unknown programme `a\\tb`");
}

#[test]
fn values_of_up_to_80_bytes_are_shown_whole_and_non_ascii_is_kept() {
    let id = "x".repeat(80);
    let q = QueryError::UnknownId {
        kind: IdKind::Programme,
        id: id.clone(),
    };
    assert_eq!(q.to_string(), format!("unknown programme `{id}`"));
    // 40 two-byte letters fit; 41 do not, and are cut at a character.
    let q = QueryError::UnknownId {
        kind: IdKind::Programme,
        id: "ж".repeat(41),
    };
    assert_eq!(
        q.to_string(),
        format!("unknown programme `{}…` (82 bytes)", "ж".repeat(40))
    );
}

// --- Item 20: an over-long local part says so --------------------------

#[test]
fn an_over_long_local_part_of_a_commitment_id_says_so() {
    let local = "x".repeat(65);
    let (got, _) = syntax(&with("\"TAX.treaty\"", &format!("\"TAX.{local}\"")));
    assert_eq!(
        got.3,
        format!(
            "invalid commitment id `TAX.{local}`: the local part after the dot is longer than 64 bytes"
        )
    );
    assert_eq!(
        format!("{}.a", "P".repeat(65))
            .parse::<CommitmentId>()
            .unwrap_err()
            .reason(),
        "the programme part before the dot is longer than 64 bytes"
    );
}

// --- Item 16: records are objects, never arrays -------------------------

#[test]
fn a_state_given_as_an_array_is_refused_with_its_path() {
    let json = r#"{"format": "union-state/1", "states": [["BY", "Belarus"]]}"#;
    let (got, _) = syntax(json);
    assert_eq!(
        got,
        (
            1,
            40,
            Some("states[0]".to_owned()),
            "invalid type: sequence, expected an object".to_owned()
        )
    );
    // The same from a reader, which cannot give the path (and counts a
    // column one further on).
    assert!(matches!(
        Agenda::from_json_reader(json.as_bytes()),
        Err(LoadError::Syntax { line: 1, column: 41, path: None, message })
            if message == "invalid type: sequence, expected an object"
    ));
}

#[test]
fn a_nested_record_given_as_an_array_is_refused() {
    let (got, _) = syntax(&with(
        "\"deadline\": {\n        \"date\": \"2022-07\",\n        \"basis\": \"stated\",\n        \"sources\": [\n          \"S1\"\n        ]\n      }",
        "\"deadline\": [\"2022-07\", \"stated\", [\"S1\"]]",
    ));
    assert_eq!(
        (got.2.as_deref(), got.3.as_str()),
        (
            Some("commitments[0].deadline"),
            "invalid type: sequence, expected an object"
        )
    );
}

// --- Item 17: a top-level array after much white space ------------------

#[test]
fn a_top_level_array_after_more_than_64_kib_of_white_space_is_refused() {
    let json = format!("\n\n{}[1]", " ".repeat(100_000));
    let expected = (3, 100_001);
    for got in [
        Agenda::from_json_reader(json.as_bytes()).unwrap_err(),
        Agenda::from_json_str(&json).unwrap_err(),
    ] {
        match got {
            LoadError::Syntax {
                line,
                column,
                path: None,
                message,
            } => {
                assert_eq!((line, column), expected);
                assert_eq!(
                    message,
                    "expected an agenda: a JSON object starting with `{`"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn positions_after_much_white_space_are_those_of_the_whole_input() {
    // An error on the agenda's first line, and one on a later line. The
    // reader skips the white space itself before the parser starts, and
    // adds it back to the parser's positions.
    for (json, at) in [
        (
            format!("{}{{\"format\": 1}}", " ".repeat(70_000)),
            (1, 70_012),
        ),
        (
            format!("\n{}{{\n\"format\": 1}}", " ".repeat(70_000)),
            (3, 11),
        ),
    ] {
        let from_str = Agenda::from_json_str(&json).unwrap_err();
        let from_reader = Agenda::from_json_reader(json.as_bytes()).unwrap_err();
        for got in [from_str, from_reader] {
            // A streamed parse counts a column one further on (see
            // tests/corpus.rs), never less.
            assert!(
                matches!(got, LoadError::Syntax { line, column, .. }
                    if line == at.0 && (column == at.1 || column == at.1 + 1)),
                "{got}"
            );
        }
    }
}

// --- Item 18: start-of-input errors from a file have no path ------------

#[test]
fn a_top_level_array_from_a_file_has_no_path() {
    // The second pass that finds paths read `[{...}]` as an agenda given
    // as an array and said `[0]`.
    let dir = std::env::temp_dir().join(format!("union-state-msg-array-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("agenda.json");
    std::fs::write(&file, format!("  [{VALID}]")).unwrap();
    let got = Agenda::from_json_file(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    match got {
        Err(LoadError::Syntax {
            line: 1,
            column: 3,
            path: None,
            message,
        }) => assert_eq!(
            message,
            "expected an agenda: a JSON object starting with `{`"
        ),
        other => panic!("{:?}", other.map(|_| ())),
    }
}

// --- Item 5: pipes ------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_loads_and_its_errors_are_not_read_twice() {
    // A syntax error in a file makes the loader read it again for the
    // path; a FIFO must not be reopened (that would wait for a writer).
    let dir = std::env::temp_dir().join(format!("union-state-msg-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("agenda.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let feed = |text: String| {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, text).unwrap())
    };
    let writer = feed(VALID.to_owned());
    assert_eq!(
        Agenda::from_json_file(&fifo).unwrap().commitments().len(),
        3
    );
    writer.join().unwrap();
    let writer = feed(with("\"TAX\"", "\"T X\""));
    let err = Agenda::from_json_file(&fifo).unwrap_err();
    writer.join().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        matches!(&err, LoadError::Syntax { line: 48, path: None, message, .. }
            if message == "invalid programme id `T X`: only ASCII letters, digits, `-` and `_` are allowed"),
        "{err}"
    );
}

// --- The property --------------------------------------------------------

/// Where a generated string goes in the valid agenda.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Id,
    Date,
    StateCode,
    Mode,
    UnknownKey,
    Format,
}

fn place(slot: Slot, text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(VALID).unwrap();
    let text = serde_json::Value::String(text.to_owned());
    match slot {
        Slot::Id => v["commitments"][2]["id"] = text,
        Slot::Date => v["commitments"][0]["deadline"]["date"] = text,
        Slot::StateCode => v["commitments"][1]["acting"]["joint"][0] = text,
        Slot::Mode => v["programmes"][1]["mode"] = text,
        Slot::UnknownKey => {
            let serde_json::Value::String(key) = text else {
                unreachable!()
            };
            v["commitments"][1][key] = serde_json::Value::Bool(true);
        }
        Slot::Format => v["format"] = text,
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// The longest line an error may show. The unknown key is the worst
/// case: it is echoed twice (in the path and the message, 80 bytes and a
/// length each) next to the list of the 12 known fields of a commitment
/// (about 15 bytes more per field added to it).
const MAX_LINE: usize = 430;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9\n\r\t`\"\\\\.\\-]{0,90}",
        (any::<char>(), 1..20_000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
        (any::<String>(), 0..3usize, 10..200_000usize).prop_map(|(s, nl, n)| format!(
            "{s}{}{}",
            "\n".repeat(nl),
            "y".repeat(n)
        )),
    ]
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        Just(Slot::Id),
        Just(Slot::Date),
        Just(Slot::StateCode),
        Just(Slot::Mode),
        Just(Slot::UnknownKey),
        Just(Slot::Format),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_message_is_one_short_line(slot in slot(), text in text()) {
        let json = place(slot, &text);
        let Err(err) = Agenda::from_json_str(&json) else {
            return Ok(()); // the text was valid there
        };
        let shown = err.to_string();
        // A build error lists its problems, one per line.
        let lines = match &err {
            LoadError::Build(b) if b.problems().len() > 1 => b.problems().len() + 1,
            _ => 1,
        };
        prop_assert_eq!(shown.lines().count(), lines, "{}", shown);
        for line in shown.lines() {
            prop_assert!(line.len() <= MAX_LINE, "{} bytes: {}", line.len(), line);
            prop_assert!(!line.chars().any(char::is_control), "{:?}", line);
        }
    }
}
