//! The JSON Schema of the agenda format (feature `schema`).
#![cfg(feature = "schema")]

use std::path::PathBuf;

const SCHEMA_PATH: &str = "data/agenda.schema.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_committed_schema_is_current() {
    let fresh = union_state::schema::agenda_schema();
    let path = root().join(SCHEMA_PATH);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        let mut text = serde_json::to_string_pretty(&fresh).unwrap();
        text.push('\n');
        std::fs::write(&path, text).unwrap();
    }
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or(serde_json::Value::Null);
    assert!(
        committed == fresh,
        "{SCHEMA_PATH} is not the schema the types give: rewrite it with \
         `UPDATE_SCHEMA=1 cargo test --features schema --test schema`"
    );
}
