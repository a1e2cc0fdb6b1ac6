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
