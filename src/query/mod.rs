//! The answers of the queries on an [`Agenda`](crate::Agenda), and the
//! inputs some of them take ([`Slip`], [`DepthScale`]).
//!
//! Each query is a method on `Agenda`; it borrows the agenda and returns
//! references into it in a documented, deterministic order.
//!
//! # Serialisation
//!
//! Every answer type implements [`serde::Serialize`], so a tool can emit
//! the same JSON the `union-state` command line does. Field names are the
//! Rust field names; a commitment inside an answer is serialised as a
//! [`CommitmentRef`] (`id`, `title`, `deadline`, `acting`), a programme
//! as its id, a dependency as its full record, dates as `YYYY-MM-DD` (a
//! [`PartialDate`](crate::PartialDate) as its wording), and maps in key
//! order. [`Deadlock`] and [`Cycle`] add their derived answers
//! (`demanded_by`, `mutual`, and a cycle's `path`). These names are part of
//! the crate's semver promise: a field is added in a minor release, and
//! renamed or removed only in a major one.
//!
//! ```
//! let agenda = union_state::dataset();
//! let p = agenda.progress("2023-01-09".parse()?);
//! let json = serde_json::to_value(&p)?;
//! assert_eq!(json["as_of"], "2023-01-09");
//! assert_eq!(json["overall"]["total"], p.overall.total);
//! let stalemate = serde_json::to_value(&agenda.deadlocks()[0])?;
//! assert_eq!(stalemate["mutual"], true);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod conflicts;
mod counts;
mod critical;
mod deadlock;
mod prereq;
mod progress;
pub(crate) mod refs;
mod schedule;
mod status;

pub use conflicts::{DeadlineConflict, InstrumentConflict, LatestDate};
pub use critical::{CriticalPath, PathStep, Slip, SlipImpact};
pub use deadlock::{CYCLE_LIST_LIMIT, Cycle, Deadlock, EXACT_BREAKING_SET_LIMIT};
pub use progress::{
    ClaimCheck, Depth, DepthReport, DepthScale, Drift, Obligations, Percent, Progress, Tally,
};
pub use refs::{CommitmentRef, CommitmentStatus};
pub use status::Blocker;

/// Sort key for lists of commitments: the commitment's rank in the order by
/// deadline (undated last), then id, computed once when the agenda is built.
pub(crate) fn deadline_key(agenda: &crate::Agenda, c: usize) -> u32 {
    agenda.rank.get(c).copied().unwrap_or(u32::MAX)
}
