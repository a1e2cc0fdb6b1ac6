//! Formats: reading and writing agendas.

pub(crate) mod json;
mod serde_impl;
mod strict;
