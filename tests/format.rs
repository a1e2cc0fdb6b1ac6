//! The small complete example file loads, says what its comments say, and
//! round-trips.

use union_state::*;

const MINIMAL: &str = include_str!("../examples/data/minimal.json");

#[test]
fn the_minimal_example_loads_and_round_trips() {
    let a = Agenda::from_json_str(MINIMAL).unwrap();
    assert_eq!(
        (
            a.programmes().len(),
            a.commitments().len(),
            a.dependencies().len()
        ),
        (2, 3, 3)
    );
    let again = Agenda::from_json_str(&a.to_json_string()).unwrap();
    assert_eq!(again, a);
    // Its two conditions, one per state, form one mutual deadlock.
    let d = a.deadlocks();
    assert_eq!(d.len(), 1);
    assert!(d[0].is_mutual());
    // TAX.law is acted on by each state; only Russia reported done.
    let law = a.commitment(&"TAX.law".parse().unwrap()).unwrap();
    assert_eq!(
        law.status_as_of("2023-01-09".parse().unwrap()),
        Status::InProgress
    );
}

#[test]
fn saved_json_is_in_id_order_whatever_the_input_order() {
    let a = Agenda::from_json_str(MINIMAL).unwrap();
    let mut reversed: serde_json::Value = serde_json::from_str(MINIMAL).unwrap();
    for key in ["programmes", "commitments", "dependencies"] {
        reversed[key].as_array_mut().unwrap().reverse();
    }
    let b = Agenda::from_json_str(&reversed.to_string()).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.to_json_string(), b.to_json_string());
}

/// A programme's `mode` and `mode_basis` are given together or not at
/// all (data/README.md: "both are optional, together"): one without the
/// other is refused, naming both, in either format version, and a
/// `union-state/1` file without either is told it needs version 2.
#[test]
fn a_mode_and_its_basis_go_together() {
    let text = std::fs::read_to_string("examples/data/minimal.json").unwrap();
    let both = r#""mode": "common_market",
      "mode_basis": "stated", "basis""#;
    assert!(text.contains(both), "the example changed");
    let message = |text: &str| Agenda::from_json_str(text).unwrap_err().to_string();
    for version in ["union-state/1", "union-state/2"] {
        let text = text.replacen("union-state/1", version, 1);
        let no_basis = text.replacen(both, r#""mode": "common_market", "basis""#, 1);
        assert_eq!(
            message(&no_basis),
            "invalid agenda: programme `GAS`: field `mode` is given without `mode_basis`",
            "{version}"
        );
        let no_mode = text.replacen(both, r#""mode_basis": "stated", "basis""#, 1);
        assert_eq!(
            message(&no_mode),
            "invalid agenda: programme `GAS`: field `mode_basis` is given without `mode`",
            "{version}"
        );
        let neither = text.replacen(both, r#""basis""#, 1);
        if version == "union-state/1" {
            assert!(
                message(&neither).contains("needs `\"format\": \"union-state/2\"`"),
                "{}",
                message(&neither)
            );
        } else {
            assert!(Agenda::from_json_str(&neither).is_ok());
        }
    }
}
