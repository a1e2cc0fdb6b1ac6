//! How answers name the records they point into, when serialised.
//!
//! An answer borrows records from the [`Agenda`](crate::Agenda). Serialised,
//! a commitment inside an answer is a [`CommitmentRef`] (its id, title,
//! deadline as worded and who acts), not the whole record with its sources
//! and events, which stay in the agenda's own JSON. A programme inside an
//! answer is its id.

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::commitment::{Actors, Commitment, Status};
use crate::date::PartialDate;
use crate::ids::CommitmentId;
use crate::programme::{Benefit, Programme};

/// A commitment as an answer names it: id, title, deadline as worded, who
/// acts. The serialised form of every commitment inside an answer.
///
/// # Example
///
/// ```
/// use union_state::query::CommitmentRef;
/// let agenda = union_state::dataset();
/// let before = agenda.prerequisites(&"UP16.addendum".parse::<union_state::NodeId>()?)?;
/// let json = serde_json::to_value(CommitmentRef::list(&before))?;
/// assert_eq!(json[0]["id"], "UP16.principles");
/// assert_eq!(json[0]["deadline"], "2022-07");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CommitmentRef<'a> {
    /// The commitment's id.
    pub id: &'a CommitmentId,
    /// Its title.
    pub title: &'a str,
    /// Its current deadline as worded, or `null`.
    pub deadline: Option<PartialDate>,
    /// Who must act.
    pub acting: &'a Actors,
}

impl<'a> From<&'a Commitment> for CommitmentRef<'a> {
    fn from(c: &'a Commitment) -> Self {
        CommitmentRef {
            id: &c.id,
            title: &c.title,
            deadline: c.due(),
            acting: &c.acting,
        }
    }
}

impl<'a> CommitmentRef<'a> {
    /// The references of a list of commitments, in the same order.
    pub fn list(list: &[&'a Commitment]) -> Vec<CommitmentRef<'a>> {
        list.iter().map(|&c| CommitmentRef::from(c)).collect()
    }
}

/// A commitment with its status as of a date, for status answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CommitmentStatus<'a> {
    /// The commitment.
    #[serde(flatten)]
    pub commitment: CommitmentRef<'a>,
    /// Its status as of the date asked about.
    pub status: Status,
}

// serde's `serialize_with` passes the field by reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn commitment<S: Serializer>(c: &&Commitment, s: S) -> Result<S::Ok, S::Error> {
    CommitmentRef::from(*c).serialize(s)
}

#[allow(
    clippy::ref_option,
    clippy::ref_option_ref,
    clippy::trivially_copy_pass_by_ref
)]
pub(crate) fn optional_commitment<S: Serializer>(
    c: &Option<&Commitment>,
    s: S,
) -> Result<S::Ok, S::Error> {
    c.map(CommitmentRef::from).serialize(s)
}

pub(crate) fn commitments<S: Serializer>(list: &[&Commitment], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for &c in list {
        seq.serialize_element(&CommitmentRef::from(c))?;
    }
    seq.end()
}

#[derive(Serialize)]
struct BenefitOf<'a> {
    programme: &'a crate::ids::ProgrammeId,
    #[serde(flatten)]
    benefit: &'a Benefit,
}

pub(crate) fn benefits<S: Serializer>(
    list: &[(&Programme, &Benefit)],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for &(p, benefit) in list {
        seq.serialize_element(&BenefitOf {
            programme: &p.id,
            benefit,
        })?;
    }
    seq.end()
}
