//! `Agenda`'s own `Serialize` and `Deserialize`: the JSON document, read
//! back through the builder.

use union_state::Agenda;

fn fixture(name: &str) -> Agenda {
    Agenda::from_json_file(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The agendas to round-trip: the shipped dataset (`union-state/2`, every
/// kind of record) and the multi-party fixture (institutions acting,
/// joined states, ratifications, scoped claims).
fn agendas() -> Vec<(&'static str, Agenda)> {
    vec![
        ("dataset", union_state::dataset().clone()),
        ("multiparty", fixture("multiparty.json")),
    ]
}

#[test]
fn deserializing_the_json_export_gives_the_same_agenda() {
    for (name, agenda) in agendas() {
        let back: Agenda = serde_json::from_str(&agenda.to_json_string()).unwrap();
        assert_eq!(back, agenda, "{name}");
        // And the answers, not only the items: the graph was rebuilt.
        let ids = |a: &Agenda| {
            a.schedule()
                .iter()
                .map(|c| c.id.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&back), ids(&agenda), "{name}");
        assert_eq!(back.deadlocks().len(), agenda.deadlocks().len(), "{name}");
    }
}

#[test]
fn serializing_writes_the_json_export() {
    for (name, agenda) in agendas() {
        assert_eq!(
            serde_json::to_string_pretty(&agenda).unwrap(),
            agenda.to_json_string(),
            "{name}"
        );
    }
}

#[test]
fn a_serialized_value_reads_back_through_any_path() {
    // Through `serde_json::Value`, which owns its strings and reports
    // integers as `u64`: a second deserializer, not the parser itself.
    for (name, agenda) in agendas() {
        let value = serde_json::to_value(&agenda).unwrap();
        let back: Agenda = serde_json::from_value(value).unwrap();
        assert_eq!(back, agenda, "{name}");
    }
}

#[test]
fn an_invalid_document_is_refused_by_the_builder_with_its_message() {
    let agenda = fixture("multiparty.json");
    let mut value = serde_json::to_value(&agenda).unwrap();
    // A `requires` cycle: reverse a copy of the first requires dependency.
    let deps = value["dependencies"].as_array_mut().unwrap();
    let first = deps
        .iter()
        .find(|d| d["kind"] == "requires")
        .cloned()
        .unwrap();
    let mut back = first.clone();
    back["prerequisite"] = first["dependent"].clone();
    back["dependent"] = first["prerequisite"].clone();
    deps.push(back);
    let from_value = serde_json::from_value::<Agenda>(value.clone()).unwrap_err();
    let text = serde_json::to_string(&value).unwrap();
    let loaded = Agenda::from_json_str(&text).unwrap_err();
    assert!(
        from_value
            .to_string()
            .starts_with("invalid agenda: cycle of `requires` dependencies: "),
        "{from_value}"
    );
    assert_eq!(from_value.to_string(), loaded.to_string());
    assert_eq!(
        serde_json::from_str::<Agenda>(&text)
            .unwrap_err()
            .to_string(),
        loaded.to_string()
    );
}

#[test]
fn the_format_field_is_checked_as_in_a_json_load() {
    let agenda = fixture("multiparty.json");
    let mut value = serde_json::to_value(&agenda).unwrap();
    value["format"] = "union-state/1".into();
    // Version 1 cannot say what the fixture says (an `about`, a state that
    // joined); the message is the JSON load's.
    let err = serde_json::from_value::<Agenda>(value.clone()).unwrap_err();
    let loaded = Agenda::from_json_str(&value.to_string()).unwrap_err();
    assert_eq!(err.to_string(), loaded.to_string());
    assert!(
        err.to_string()
            .contains("needs `\"format\": \"union-state/2\"`"),
        "{err}"
    );
}
