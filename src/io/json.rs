//! The JSON agenda format, `union-state/1` (described in `data/README.md`).

use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::agenda::{Agenda, AgendaBuilder};
use crate::claim::ProgressClaim;
use crate::commitment::Commitment;
use crate::dependency::Dependency;
use crate::error::LoadError;
use crate::programme::Programme;
use crate::source::Source;
use crate::state::{Institution, Instrument, State};

/// The value of the `format` field this version reads and writes.
pub const FORMAT: &str = "union-state/1";

/// The largest JSON input accepted, in bytes (1 GiB): enough for tens of
/// millions of commitments, small enough to refuse a runaway stream.
/// Nesting is limited too, to 128 levels, by `serde_json`.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// A reader that stops with an error after [`MAX_INPUT_BYTES`].
struct Limited<R> {
    inner: R,
    read: u64,
    exceeded: bool,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > MAX_INPUT_BYTES {
            self.exceeded = true;
            return Err(std::io::Error::other("agenda input above the size limit"));
        }
        Ok(n)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgendaFile {
    format: String,
    #[serde(default)]
    states: Vec<State>,
    #[serde(default)]
    institutions: Vec<Institution>,
    #[serde(default)]
    instruments: Vec<Instrument>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    programmes: Vec<Programme>,
    #[serde(default)]
    commitments: Vec<Commitment>,
    #[serde(default)]
    dependencies: Vec<Dependency>,
    #[serde(default)]
    claims: Vec<ProgressClaim>,
}

#[derive(Serialize)]
struct AgendaFileRef<'a> {
    format: &'static str,
    states: &'a [State],
    institutions: &'a [Institution],
    instruments: &'a [Instrument],
    sources: &'a [Source],
    programmes: &'a [Programme],
    commitments: &'a [Commitment],
    dependencies: &'a [Dependency],
    claims: &'a [ProgressClaim],
}

impl AgendaFile {
    fn build(self) -> Result<Agenda, LoadError> {
        if self.format != FORMAT {
            return Err(LoadError::Format {
                found: self.format,
                expected: FORMAT,
            });
        }
        // Hand the lists over whole: no per-item copy into the builder.
        let b = AgendaBuilder::from_parts(
            self.states,
            self.institutions,
            self.instruments,
            self.sources,
            self.programmes,
            self.commitments,
            self.dependencies,
            self.claims,
        );
        Ok(b.build()?)
    }
}

impl Agenda {
    /// Loads an agenda from JSON text in the `union-state/1` format.
    ///
    /// # Errors
    ///
    /// [`LoadError::Syntax`] with the line and column for malformed JSON, a
    /// wrong type, an unknown field or enum value, or a malformed id or
    /// date; [`LoadError::Format`] for another format; [`LoadError::Build`]
    /// listing every inconsistency; [`LoadError::TooLarge`] above
    /// [`MAX_INPUT_BYTES`].
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::{Agenda, LoadError};
    /// let err = Agenda::from_json_str(r#"{"format": "union-state/1", "programes": []}"#).unwrap_err();
    /// assert!(matches!(err, LoadError::Syntax { line: 1, .. }));
    /// assert!(err.to_string().contains("unknown field `programes`"));
    /// ```
    pub fn from_json_str(json: &str) -> Result<Agenda, LoadError> {
        let size = json.len() as u64;
        if size > MAX_INPUT_BYTES {
            return Err(LoadError::TooLarge {
                size,
                limit: MAX_INPUT_BYTES,
            });
        }
        let file: AgendaFile = serde_json::from_str(json).map_err(|e| LoadError::from_json(&e))?;
        file.build()
    }

    /// Loads an agenda from JSON bytes, which must be UTF-8.
    ///
    /// # Errors
    ///
    /// As [`Agenda::from_json_str`]; bytes that are not UTF-8 give
    /// [`LoadError::Syntax`] at the position of the first bad byte.
    pub fn from_json_slice(json: &[u8]) -> Result<Agenda, LoadError> {
        let size = json.len() as u64;
        if size > MAX_INPUT_BYTES {
            return Err(LoadError::TooLarge {
                size,
                limit: MAX_INPUT_BYTES,
            });
        }
        let file: AgendaFile =
            serde_json::from_slice(json).map_err(|e| LoadError::from_json(&e))?;
        file.build()
    }

    /// Loads an agenda from a reader, parsing as it reads (the input is
    /// never held whole in memory) and reading at most
    /// [`MAX_INPUT_BYTES`]. Wrap an unbuffered reader, such as a file, in a
    /// [`std::io::BufReader`].
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] if reading fails; [`LoadError::TooLarge`] past the
    /// limit; otherwise as [`Agenda::from_json_slice`].
    pub fn from_json_reader(reader: impl Read) -> Result<Agenda, LoadError> {
        let mut limited = Limited {
            inner: reader,
            read: 0,
            exceeded: false,
        };
        let parsed: Result<AgendaFile, _> = serde_json::from_reader(&mut limited);
        if limited.exceeded {
            return Err(LoadError::TooLarge {
                size: limited.read,
                limit: MAX_INPUT_BYTES,
            });
        }
        match parsed {
            Ok(file) => file.build(),
            Err(e) if e.is_io() => Err(LoadError::Io(std::io::Error::other(e.to_string()))),
            Err(e) => Err(LoadError::from_json(&e)),
        }
    }

    /// Loads an agenda from a JSON file.
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] if the file cannot be opened or read; otherwise as
    /// [`Agenda::from_json_slice`].
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Agenda, LoadError> {
        let file = std::fs::File::open(path).map_err(LoadError::Io)?;
        Agenda::from_json_reader(std::io::BufReader::with_capacity(1 << 16, file))
    }

    fn file_ref(&self) -> AgendaFileRef<'_> {
        AgendaFileRef {
            format: FORMAT,
            states: &self.states,
            institutions: &self.institutions,
            instruments: &self.instruments,
            sources: &self.sources,
            programmes: &self.programmes,
            commitments: &self.commitments,
            dependencies: &self.dependencies,
            claims: &self.claims,
        }
    }

    /// The agenda as pretty-printed JSON in the `union-state/1` format, items
    /// in id order. Loading it back gives an equal agenda.
    pub fn to_json_string(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string_pretty(&self.file_ref()).unwrap_or_default()
    }

    /// Writes the agenda as pretty-printed JSON.
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    pub fn to_json_writer(&self, writer: impl Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(writer, &self.file_ref()).map_err(std::io::Error::other)
    }
}
