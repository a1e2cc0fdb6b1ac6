//! Looking commitments up by id: every id in the agenda finds its own
//! commitment and every other id finds none, for ids shorter and longer
//! than the 15 bytes the id index compares at once, and for many ids that
//! share those 15 bytes.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::builder;
use proptest::prelude::*;
use union_state::error::{Problem, QueryError};
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

    /// Ids in any order, some given more than once: the build reports each
    /// repeated id once (and nothing else), or, with none repeated, keeps
    /// the commitments in id order and finds each by its id. Checked
    /// against a count of the ids; the repeats include ids over 15 bytes
    /// that share their first 15 with others, which only their text tells
    /// apart.
    #[test]
    fn ids_in_any_order_are_sorted_and_each_repeat_is_reported(
        ids in prop::collection::vec(commitment_id(), 0..60),
    ) {
        let listed: Vec<(&str, Option<&str>)> = ids.iter().map(|id| (id.as_str(), None)).collect();
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for id in &ids {
            *count.entry(id.as_str()).or_default() += 1;
        }
        let repeated: BTreeSet<&str> =
            count.iter().filter(|&(_, &n)| n > 1).map(|(&id, _)| id).collect();
        match builder(&listed, &[], &[]).build() {
            Ok(agenda) => {
                prop_assert!(repeated.is_empty(), "built with {:?} repeated", repeated);
                let kept: Vec<&str> = agenda.commitments().iter().map(|c| c.id.as_str()).collect();
                let wanted: Vec<&str> = count.keys().copied().collect();
                prop_assert_eq!(&kept, &wanted);
                for id in &wanted {
                    let found = agenda.commitment(&id.parse().unwrap()).map(|c| c.id.as_str());
                    prop_assert_eq!(found, Some(*id));
                }
            }
            Err(e) => {
                let reported: Vec<&str> = e
                    .problems()
                    .iter()
                    .map(|p| match p {
                        Problem::DuplicateId { kind: IdKind::Commitment, id } => Ok(id.as_str()),
                        other => Err(other.to_string()),
                    })
                    .collect::<Result<_, _>>()
                    .map_err(|other| TestCaseError::fail(format!("other problem: {other}")))?;
                let reported_set: BTreeSet<&str> = reported.iter().copied().collect();
                prop_assert_eq!(reported.len(), reported_set.len(), "{:?}", reported);
                prop_assert_eq!(reported_set, repeated);
            }
        }
    }
}
