#![doc = include_str!("../README.md")]
// The pictures, as inline SVG the `union-state-report` package draws from
// the shipped dataset (its `docs` test keeps these copies current). The
// README's Mermaid blocks, which GitHub draws but rustdoc cannot, are hidden
// here in favour of these.
#![doc = "\n<style>pre.language-mermaid { display: none; }</style>\n\n# Pictures\n\nDrawn by the `union-state-report` package from the shipped dataset. Commitments done over time, as of 2026-12-01, against every official claim (hover a mark for the claim):\n"]
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
