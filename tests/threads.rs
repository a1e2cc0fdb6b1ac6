//! The aggregate and every public type can be shared across threads, and
//! queries from several threads agree with the single-threaded answers.

use std::sync::Arc;

use union_state::error::*;
use union_state::query::*;
use union_state::*;

const fn send_sync<T: Send + Sync>() {}

// Compile-time check: fails to build if any of these loses Send or Sync.
const _: () = {
    send_sync::<Agenda>();
    send_sync::<AgendaBuilder>();
    send_sync::<Programme>();
    send_sync::<Commitment>();
    send_sync::<Dependency>();
    send_sync::<PartialDate>();
    send_sync::<NodeId>();
    send_sync::<BuildError>();
    send_sync::<LoadError>();
    send_sync::<MutationError>();
    send_sync::<QueryError>();
    send_sync::<Deadlock<'static>>();
    send_sync::<CriticalPath<'static>>();
    send_sync::<Progress<'static>>();
    send_sync::<DepthReport<'static>>();
};

fn answers(a: &Agenda) -> Vec<String> {
    let as_of = "2023-06-30".parse().unwrap();
    let gas: NodeId = "UP16".parse().unwrap();
    let mut out = vec![];
    out.extend(a.schedule().iter().map(|c| c.id.to_string()));
    out.extend(
        a.prerequisites(&gas)
            .unwrap()
            .iter()
            .map(|c| c.id.to_string()),
    );
    out.extend(
        a.dependents(&"UP12".parse::<union_state::ProgrammeId>().unwrap())
            .unwrap()
            .iter()
            .map(|c| c.id.to_string()),
    );
    out.extend(
        a.deadlocks()
            .iter()
            .flat_map(|d| d.members.iter().map(ToString::to_string)),
    );
    out.extend(a.overdue(as_of).iter().map(|c| c.id.to_string()));
    out.push(format!("{:?}", a.progress(as_of).overall));
    out.push(format!("{:?}", a.critical_path(&gas).unwrap().earliest));
    out
}

#[test]
fn queries_from_many_threads_agree() {
    let shared = Arc::new(union_state::dataset().clone());
    let expected = answers(&shared);
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let a = Arc::clone(&shared);
            std::thread::spawn(move || (0..20).map(|_| answers(&a)).collect::<Vec<_>>())
        })
        .collect();
    for h in handles {
        for got in h.join().unwrap() {
            assert_eq!(got, expected);
        }
    }
    // The shipped dataset itself is shared the same way.
    let from_threads: Vec<Vec<String>> = (0..4)
        .map(|_| std::thread::spawn(|| answers(union_state::dataset())))
        .map(|h| h.join().unwrap())
        .collect();
    assert!(from_threads.iter().all(|a| *a == expected));
}
