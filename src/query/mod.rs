//! Queries on an [`Agenda`](crate::Agenda), one module per family. Each adds
//! methods to `Agenda`; they borrow it and return references into it in a
//! documented, deterministic order.

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
