//! [`Serialize`] and [`Deserialize`] for [`Agenda`], in any serde format:
//! the same document as the JSON format, so a binary encoding of an agenda
//! is checked exactly as its JSON is.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::agenda::Agenda;
use crate::io::json::AgendaFile;
use crate::io::strict::Strict;

/// An agenda serializes, in any serde format, to the document of the JSON
/// format (`data/README.md`): the same fields, items in id order, and
/// `format` set to [`FORMAT`](crate::FORMAT), the version of the document
/// whatever the encoding. [`Agenda::to_json_string`] is this in
/// `serde_json`, pretty-printed. A format that writes a struct as a map
/// reads it back (JSON; CBOR; `MessagePack` with named fields, as
/// `rmp_serde::to_vec_named` writes it); one that writes structs as bare
/// sequences (`bincode`, `postcard`) cannot, since empty optional fields
/// are left out and a record must be a map.
impl Serialize for Agenda {
    /// Writes the document [`Agenda::to_json_string`] writes, field for
    /// field, in the serializer's format; `format` is
    /// [`FORMAT`](crate::FORMAT).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.file_ref().serialize(serializer)
    }
}

/// An agenda deserializes, from any self-describing serde format, from the
/// document of the JSON format, with its rules: `format` must be
/// [`FORMAT`](crate::FORMAT) or [`FORMAT_1`](crate::FORMAT_1) (a version 1
/// document may not use what version 2 added), a record must be a map,
/// unknown fields are refused. The document is then built with
/// [`AgendaBuilder`](crate::AgendaBuilder), so every check of a JSON load
/// runs and a deserialized agenda is as valid as a loaded one. A failure is
/// the format's error, with the message of the
/// [`LoadError`](crate::error::LoadError) a JSON load would give (a
/// [`BuildError`](crate::error::BuildError) lists every problem, one per
/// line after the first). Prefer [`Agenda::from_json_file`] for JSON: it
/// gives positions and paths, and a size limit.
///
/// ```
/// use union_state::Agenda;
/// let agenda = union_state::dataset();
/// let back: Agenda = serde_json::from_str(&agenda.to_json_string())?;
/// assert_eq!(&back, agenda);
/// let err = serde_json::from_str::<Agenda>(r#"{"format": "union-state/9"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("unsupported agenda format `union-state/9`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for Agenda {
    /// Reads the document of the JSON format and builds it with
    /// [`AgendaBuilder`](crate::AgendaBuilder), so every check of a JSON
    /// load runs; any failure is the deserializer's error, its message that
    /// of the [`LoadError`](crate::error::LoadError) a JSON load would give.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Agenda, D::Error> {
        AgendaFile::deserialize(Strict(deserializer))?
            .build()
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use crate::Agenda;

    #[test]
    fn a_bad_document_is_the_deserializer_error_naming_the_problem() {
        let err = serde_json::from_str::<Agenda>(r#"{"format": "union-state/9"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unsupported agenda format `union-state/9`: expected `union-state/2`"
        );
        let err = serde_json::from_str::<Agenda>(
            r#"{"format": "union-state/2", "states": [["BY", "Belarus"]]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("expected an object"), "{err}");
    }
}
