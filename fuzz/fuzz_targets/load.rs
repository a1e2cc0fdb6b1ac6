//! Loads arbitrary bytes as an agenda: it must return Ok or a typed error,
//! never panic; whatever loads must answer every query and round-trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use union_state::{Agenda, Follow, query::{Slip}};

fuzz_target!(|data: &[u8]| {
    let Ok(agenda) = Agenda::from_json_slice(data) else { return };
    let as_of = chrono::NaiveDate::from_ymd_opt(2023, 1, 9).unwrap_or_default();
    let _ = agenda.schedule();
    let _ = agenda.deadlocks();
    let _ = agenda.deadline_conflicts();
    let _ = agenda.latest_dates();
    let _ = agenda.waves(Some(as_of));
    let _ = agenda.progress(as_of);
    let _ = agenda.claims_vs_data();
    for c in agenda.commitments().iter().take(8) {
        let id = c.id.clone().into();
        let _ = agenda.prerequisites_following(&id, Follow::ALL);
        let _ = agenda.dependents(&id);
        let _ = agenda.critical_path(&id);
        let _ = agenda.slip(&id, Slip::Months(6));
        let _ = agenda.why_blocked(&id, as_of);
    }
    let again = Agenda::from_json_str(&agenda.to_json_string());
    assert_eq!(again.ok().as_ref(), Some(&agenda), "JSON round trip changed the agenda");
});
