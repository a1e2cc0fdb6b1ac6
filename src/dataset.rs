//! The shipped dataset: the 28 union programmes of 2021.

use std::sync::OnceLock;

use crate::Agenda;
use crate::error::LoadError;

/// The dataset's JSON text, as compiled into the crate.
pub const DATASET_JSON: &str = include_str!("../data/union-programmes.json");

static DATASET: OnceLock<Result<Agenda, LoadError>> = OnceLock::new();

/// The shipped dataset, parsed and validated on first use: the 28 union
/// programmes of the Union State of Belarus and Russia approved in 2021,
/// their commitments, deadlines, dependencies, the 2019 conditions of each
/// side, status events and official progress claims, every fact with its
/// sources and basis.
///
/// # Errors
///
/// Only if the crate was built with an invalid dataset, which its test
/// suite rules out.
pub fn try_dataset() -> Result<&'static Agenda, &'static LoadError> {
    DATASET
        .get_or_init(|| Agenda::from_json_str(DATASET_JSON))
        .as_ref()
}

/// The shipped dataset (see [`try_dataset`]).
///
/// # Panics
///
/// Only if the crate was built with an invalid dataset, which its test
/// suite rules out; [`try_dataset`] is the non-panicking twin.
///
/// # Example: what must happen before the common gas market?
///
/// ```
/// let agenda = union_state::dataset();
/// let gas: union_state::ProgrammeId = "UP16".parse()?;
/// for c in agenda.prerequisites(&gas)? {
///     println!("{} {}", c.id, c.title);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::panic)]
pub fn dataset() -> &'static Agenda {
    match try_dataset() {
        Ok(agenda) => agenda,
        Err(e) => panic!("the shipped dataset is invalid: {e}"),
    }
}
