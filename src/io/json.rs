//! The JSON agenda format, `union-state/1` (described in `data/README.md`).

use std::io::{BufRead, Read, Write};
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

/// The UTF-8 byte order mark, which some editors write at the start of a
/// file; it is skipped.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Fails early, with the position, when the first thing in the input (after
/// white space) is not the `{` of an agenda object. Looks only at `head`;
/// white space running past it is left to the parser.
fn check_start(head: &[u8]) -> Result<(), LoadError> {
    let (mut line, mut column) = (1, 0);
    for &b in head {
        match b {
            b'\n' => {
                line += 1;
                column = 0;
            }
            b' ' | b'\t' | b'\r' => column += 1,
            b'{' => return Ok(()),
            _ => {
                return Err(LoadError::Syntax {
                    line,
                    column: column + 1,
                    path: None,
                    message: "expected an agenda: a JSON object starting with `{`".to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// Parses again, tracking where the parser is, and returns the path of
/// the value at fault (`None` at the top level). Used only after a parse
/// failed, so a good load pays nothing for it.
fn path_of<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Option<String> {
    match serde_path_to_error::deserialize::<_, AgendaFile>(de) {
        Ok(_) => None,
        Err(e) => {
            let path = e.path().to_string();
            (path != ".").then_some(path)
        }
    }
}

/// Parses a buffered stream: skips a byte order mark, checks that an object
/// starts it, then lets `serde_json` read it byte by byte from the buffer.
fn parse_buffered<R: BufRead>(reader: &mut R) -> Result<AgendaFile, LoadError> {
    let head = reader.fill_buf().map_err(LoadError::Io)?;
    let bom = head.starts_with(BOM);
    check_start(head.get(if bom { BOM.len() } else { 0 }..).unwrap_or(&[]))?;
    if bom {
        reader.consume(BOM.len());
    }
    serde_json::from_reader(reader).map_err(|e| {
        if e.is_io() {
            LoadError::Io(std::io::Error::other(e.to_string()))
        } else {
            LoadError::from_json(&e)
        }
    })
}

/// Parses from a reader, failing with [`LoadError::TooLarge`] past `limit`
/// bytes.
fn read_limited(reader: impl Read, limit: u64) -> Result<Agenda, LoadError> {
    let limited = Limited {
        inner: reader,
        read: 0,
        limit,
        exceeded: false,
    };
    let mut buffered = std::io::BufReader::with_capacity(1 << 16, limited);
    let parsed = parse_buffered(&mut buffered);
    let limited = buffered.get_ref();
    if limited.exceeded {
        return Err(LoadError::TooLarge {
            size: limited.read,
            limit,
        });
    }
    parsed?.build()
}

/// A reader that stops with an error after its limit.
struct Limited<R> {
    inner: R,
    read: u64,
    limit: u64,
    exceeded: bool,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.limit {
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
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        check_start(json.as_bytes())?;
        let file: AgendaFile = serde_json::from_str(json).map_err(|e| {
            LoadError::from_json(&e)
                .with_path(path_of(&mut serde_json::Deserializer::from_str(json)))
        })?;
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
        let json = json.strip_prefix(BOM).unwrap_or(json);
        check_start(json)?;
        let file: AgendaFile = serde_json::from_slice(json).map_err(|e| {
            LoadError::from_json(&e)
                .with_path(path_of(&mut serde_json::Deserializer::from_slice(json)))
        })?;
        file.build()
    }

    /// Loads an agenda from a reader, parsing as it reads (the input is
    /// never held whole in memory) and reading at most
    /// [`MAX_INPUT_BYTES`]. The reader is buffered here; it need not be.
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] if reading fails; [`LoadError::TooLarge`] past the
    /// limit; otherwise as [`Agenda::from_json_slice`].
    pub fn from_json_reader(reader: impl Read) -> Result<Agenda, LoadError> {
        read_limited(reader, MAX_INPUT_BYTES)
    }
    /// Loads an agenda from a JSON file, parsing as it reads.
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] if the file cannot be opened or read;
    /// [`LoadError::TooLarge`] for a file above [`MAX_INPUT_BYTES`];
    /// otherwise as [`Agenda::from_json_slice`].
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Agenda, LoadError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(LoadError::Io)?;
        let size = file.metadata().map_err(LoadError::Io)?.len();
        if size > MAX_INPUT_BYTES {
            return Err(LoadError::TooLarge {
                size,
                limit: MAX_INPUT_BYTES,
            });
        }
        // The size is known, so no counting reader stands between the
        // parser and the buffer (it cost a sixth of the load time).
        let mut buffered = std::io::BufReader::with_capacity(1 << 16, file);
        match parse_buffered(&mut buffered) {
            Ok(parsed) => parsed.build(),
            // Only a failed load pays for a second pass that finds the path.
            Err(e @ LoadError::Syntax { .. }) => {
                let at = std::fs::File::open(path).ok().and_then(|again| {
                    let mut again = std::io::BufReader::new(again);
                    if again.fill_buf().ok()?.starts_with(BOM) {
                        again.consume(BOM.len());
                    }
                    path_of(&mut serde_json::Deserializer::from_reader(again))
                });
                Err(e.with_path(at))
            }
            Err(e) => Err(e),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_stop_at_the_limit() {
        let endless = std::io::repeat(b' ').take(10_000);
        let err = read_limited(endless, 1_000).unwrap_err();
        assert!(
            matches!(err, LoadError::TooLarge { limit: 1_000, size } if size > 1_000),
            "{err}"
        );
        assert_eq!(
            err.to_string().split(" bytes").next(),
            Some(err.to_string().split(" bytes").next().unwrap_or(""))
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_a_non_object_is_refused_where_it_starts() {
        let ok = "\u{feff}{\"format\": \"union-state/1\"}";
        assert!(Agenda::from_json_str(ok).is_ok());
        assert!(Agenda::from_json_slice(ok.as_bytes()).is_ok());
        assert!(Agenda::from_json_reader(ok.as_bytes()).is_ok());
        let err = Agenda::from_json_reader("\n\n   [1]".as_bytes()).unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::Syntax {
                    line: 3,
                    column: 4,
                    ..
                }
            ),
            "{err}"
        );
    }
}
