//! Formats: reading and writing agendas.

pub(crate) mod json;
mod strict;
