// The crate documentation is written for docs.rs, apart from the README
// (which GitHub shows, Mermaid and links into the repository included): it
// links items, not repository files (`tests/readme.rs` checks this). The
// pictures are inline SVG the `union-state-report` package draws from the
// shipped dataset (its `docs` test keeps these copies current).
#![doc = include_str!("crate-doc.md")]
#![doc = include_str!("../docs/progress.svg")]
#![doc = "\nThe dependencies of the gas programme UP16 as of 2025-01-01, laid out by the report itself (no Graphviz):\n"]
#![doc = include_str!("../docs/dependencies-up16.svg")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// No panics on caller input: the library itself never unwraps, expects,
// panics or indexes (tests may; see clippy.toml).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// The README's Rust blocks, run by `cargo test --doc` though the README
/// is not the crate documentation.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

mod about;
mod agenda;
mod claim;
mod commitment;
mod dataset;
mod date;
mod dependency;
pub mod error;
pub mod export;
mod ids;
mod instrument;
mod io;
mod programme;
pub mod query;
mod scc;
#[cfg(feature = "schema")]
pub mod schema;
mod source;
mod state;

pub use about::About;
pub use agenda::{Agenda, AgendaBuilder, Follow};
/// The chrono version this crate's dates use, so callers need not match it.
pub use chrono;
pub use claim::ProgressClaim;
pub use claim::{ClaimScope, Qualifier, Quantity};
pub use commitment::{Actors, AlternativeDate, Commitment, DeadlineMove, Due, Status, StatusEvent};
pub use dataset::{DATASET_JSON, dataset, try_dataset};
pub use date::{PartialDate, Precision};
pub use dependency::{Demander, Demanders, Dependency, DependencyKind};
pub use ids::{
    AgendaId, AsNode, CommitmentId, IdKind, InstitutionId, InstrumentId, MAX_ID_LEN, NodeId,
    NodeRef, ProgrammeId, SourceId, StateCode,
};
pub use instrument::{
    Achievement, Consent, Dated, InstrumentStage, Ratification, Signature, Stage,
};
pub use io::json::{FORMAT, FORMAT_1, MAX_INPUT_BYTES};
/// The petgraph version of [`Agenda::dependency_graph`].
pub use petgraph;
pub use programme::{Benefit, IntegrationMode, Programme, Sector};
pub use source::{Basis, Source};
pub use state::{Institution, Instrument, Membership, State};
