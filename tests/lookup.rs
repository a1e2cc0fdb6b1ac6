//! Looking commitments up by id: every id in the agenda finds its own
//! commitment and every other id finds none, for ids shorter and longer
//! than the 15 bytes the id index compares at once, and for many ids that
//! share those 15 bytes.

mod common;

use std::collections::BTreeSet;

use common::builder;
use proptest::prelude::*;
use union_state::error::QueryError;
use union_state::*;

/// Commitment ids around the 15-byte boundary: a programme of 1, 13 or 14
/// letters, a dot and 1 to 4 of `a`, `b`, `-`, `0` (so 3 to 19 bytes, and
/// many ids of 16 bytes and more agreeing in their first 15).
fn commitment_id() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["P", "ABCDEFGHIJKLM", "ABCDEFGHIJKLMN"]),
        "[ab0][ab0-]{0,3}",
    )
        .prop_map(|(p, local)| format!("{p}.{local}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn each_id_finds_its_own_commitment_and_no_other(
        ids in prop::collection::btree_set(commitment_id(), 0..60),
        probes in prop::collection::vec(commitment_id(), 0..60),
    ) {
        let listed: Vec<(&str, Option<&str>)> = ids.iter().map(|id| (id.as_str(), None)).collect();
        let agenda = builder(&listed, &[], &[]).build().unwrap();
        let wanted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        for probe in ids.iter().chain(&probes) {
            let id: CommitmentId = probe.parse().unwrap();
            let found = agenda.commitment(&id).map(|c| c.id.as_str());
            prop_assert_eq!(found, wanted.get(probe.as_str()).copied(), "looking up {}", probe);
            match agenda.prerequisites(&id) {
                Ok(found) => {
                    prop_assert!(wanted.contains(probe.as_str()), "{} found", probe);
                    prop_assert!(found.is_empty());
                }
                Err(e) => {
                    prop_assert!(!wanted.contains(probe.as_str()), "{} not found", probe);
                    prop_assert_eq!(
                        e,
                        QueryError::UnknownId { kind: IdKind::Commitment, id: probe.clone() }
                    );
                }
            }
        }
    }
}
