//! The JSON agenda format, `union-state/2` and the older `union-state/1` (described in `data/README.md`).

use std::io::{BufRead, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::about::About;
use crate::agenda::{Agenda, AgendaBuilder};
use crate::claim::ProgressClaim;
use crate::commitment::Commitment;
use crate::dependency::Dependency;
use crate::error::LoadError;
use crate::io::strict::Strict;
use crate::programme::Programme;
use crate::source::Source;
use crate::state::{Institution, Instrument, State};

/// The value of the `format` field this version writes: `union-state/2`.
/// It reads [`FORMAT_1`] files too, unchanged.
pub const FORMAT: &str = "union-state/2";

/// The first version of the format, still read with the same answers. A
/// `union-state/1` file may not use what `union-state/2` added (see
/// `data/README.md`); loading one that does is [`LoadError::NeedsVersion2`].
pub const FORMAT_1: &str = "union-state/1";

/// The largest JSON input accepted, in bytes (1 GiB): enough for tens of
/// millions of commitments, small enough to refuse a runaway stream. It is
/// counted on the bytes actually read, for every source: a string, a
/// slice, a reader, a regular file, a pipe or `/dev/stdin`.
/// Nesting is limited too, to 128 levels, by `serde_json`.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The UTF-8 byte order mark, which some editors write at the start of a
/// file; it is skipped.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Whether `b` is JSON white space.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The error for input that does not start with the `{` of an agenda
/// object, at the 1-based `line` and `column` of the first byte that is
/// not white space.
fn not_an_object(line: usize, column: usize) -> LoadError {
    LoadError::Syntax {
        line,
        column,
        path: None,
        message: "expected an agenda: a JSON object starting with `{`".to_owned(),
    }
}

/// Fails early, with the position, when the first thing in the whole input
/// (after white space) is not the `{` of an agenda object.
fn check_start(input: &[u8]) -> Result<(), LoadError> {
    let Some(at) = input.iter().position(|&b| !is_space(b)) else {
        return Ok(()); // the parser reports the end of input
    };
    if input.get(at) == Some(&b'{') {
        return Ok(());
    }
    let (lines, column) = line_and_column(input.get(..at).unwrap_or(&[]), (0, 0));
    Err(not_an_object(lines + 1, column + 1))
}

/// Moves a position (lines passed, bytes since the last newline) over
/// `bytes`.
fn line_and_column(bytes: &[u8], (mut lines, mut column): (usize, usize)) -> (usize, usize) {
    for &b in bytes {
        if b == b'\n' {
            lines += 1;
            column = 0;
        } else {
            column += 1;
        }
    }
    (lines, column)
}

/// Reads past a byte order mark and the white space before the agenda
/// object, however many buffers that takes, and checks that a `{` follows.
/// Returns the position skipped (lines, bytes since the last newline), by
/// which the parser's positions are then shifted.
fn skip_to_start<R: BufRead>(reader: &mut R) -> Result<(usize, usize), LoadError> {
    for (matched, &expected) in BOM.iter().enumerate() {
        match reader.fill_buf().map_err(LoadError::Io)?.first() {
            Some(&b) if b == expected => reader.consume(1),
            // A mark cut short is no mark, and no `{` either.
            Some(_) if matched > 0 => return Err(not_an_object(1, 1)),
            _ => break,
        }
    }
    let mut at = (0, 0);
    loop {
        let buf = reader.fill_buf().map_err(LoadError::Io)?;
        if buf.is_empty() {
            return Err(LoadError::Syntax {
                line: at.0 + 1,
                column: at.1.max(1),
                path: None,
                message: "EOF while parsing a value".to_owned(),
            });
        }
        let spaces = buf.iter().position(|&b| !is_space(b));
        let skipped = buf.get(..spaces.unwrap_or(buf.len())).unwrap_or(&[]);
        at = line_and_column(skipped, at);
        match spaces.and_then(|i| buf.get(i)) {
            Some(b'{') => {
                let n = skipped.len();
                reader.consume(n);
                return Ok(at);
            }
            Some(_) => return Err(not_an_object(at.0 + 1, at.1 + 1)),
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// Parses the agenda object, with the format's own rules (see
/// [`Strict`]), and checks that nothing but white space follows it.
fn parse<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Result<AgendaFile, serde_json::Error> {
    let file = AgendaFile::deserialize(Strict(&mut *de))?;
    de.end()?;
    Ok(file)
}

/// Texts at least this long are parsed on two threads by
/// [`parse_str`]; shorter ones are not worth a thread.
const TWO_THREADS_FROM: usize = 1 << 20;

/// A value read and dropped: what the main thread makes of the
/// commitments while the second thread reads them.
#[derive(Default)]
struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_ignored_any(serde::de::IgnoredAny)
            .map(|_| Skipped)
    }
}

/// Finds the commitments in an agenda object, passing over what comes
/// before them, and stops there with an error (so as not to read the
/// rest, which the other thread reads): the first step of the second
/// thread of [`parse_two_threads`]. If the key `commitments` is in the
/// text as it is (no escape in it), it goes to `key`, and the value after
/// it is left to [`commitments_after`]; otherwise the value is read here,
/// into `read`, under the format's rules, as it is if the object has no
/// commitments (an empty list). Neither is set if the text is broken
/// before them.
struct CommitmentsOnly<'s, 'de> {
    key: &'s mut Option<&'de str>,
    read: &'s mut Option<Vec<Commitment>>,
}

/// The error that stops [`CommitmentsOnly`] at the commitments.
const STOP: &str = "stop at the commitments";

impl<'de> serde::de::DeserializeSeed<'de> for CommitmentsOnly<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for CommitmentsOnly<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an agenda")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.commitments {
                match key.borrowed {
                    Some(text) => *self.key = Some(text),
                    None => *self.read = Some(map.next_value()?),
                }
                return Err(serde::de::Error::custom(STOP));
            }
            map.next_value::<serde::de::IgnoredAny>()?;
        }
        *self.read = Some(Vec::new());
        Ok(())
    }
}

/// A key of the agenda object: whether it is `commitments`, and the key
/// itself as it stands in the text, when the parser could lend it (it
/// has no escape).
struct Key<'de> {
    commitments: bool,
    borrowed: Option<&'de str>,
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key {
                    commitments: v == "commitments",
                    borrowed: Some(v),
                })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key {
                    commitments: v == "commitments",
                    borrowed: None,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// What [`CommitmentsOnly`] finds in `text`: the key `commitments` as it
/// stands in the text, or else the commitments read in place (neither if
/// the text is broken before them).
fn find_commitments(text: &str) -> (Option<&str>, Option<Vec<Commitment>>) {
    let (mut key, mut read) = (None, None);
    let mut de = serde_json::Deserializer::from_str(text);
    // Stopped on purpose, or failed: `key` and `read` tell which.
    let _ = serde::de::DeserializeSeed::deserialize(
        CommitmentsOnly {
            key: &mut key,
            read: &mut read,
        },
        Strict(&mut de),
    );
    (key, read)
}

/// The commitments, read under the format's rules as a value of their own.
struct StrictCommitments(Vec<Commitment>);

impl<'de> Deserialize<'de> for StrictCommitments {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<Commitment>::deserialize(Strict(d)).map(StrictCommitments)
    }
}

/// The commitments that follow the key `key` (a part of `text`, as
/// [`CommitmentsOnly`] found it) and its colon, read as a value of their
/// own, so the parser stops after them without an error: an error made
/// deep in a long text costs a pass over all of it before, as the parser
/// works out its line and column. `None` if they are not a valid list (the
/// one-thread parse then says why).
fn commitments_after(text: &str, key: &str) -> Option<Vec<Commitment>> {
    // `key`'s offset in `text`: past `text`'s end (a key from another
    // text), `get` below finds nothing.
    let at = (key.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = at.checked_add(key.len())?;
    let value = text
        .get(end..)?
        .strip_prefix('"')?
        .trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))
        .strip_prefix(':')?;
    match serde_json::Deserializer::from_str(value)
        .into_iter::<StrictCommitments>()
        .next()
    {
        Some(Ok(StrictCommitments(list))) => Some(list),
        _ => None,
    }
}

/// Parses a whole text as [`parse`] does, with the same answer and the
/// same error for every input, on two threads when the text is long: one
/// reads the commitments (most of an agenda), passing over what precedes
/// them and reading them as a value of their own ([`CommitmentsOnly`],
/// [`commitments_after`]), while this thread reads everything else
/// and passes over the commitments. Each holds the format's rules on what it reads, and the
/// parse succeeds only if both do; if either fails, or no thread can be
/// started, the text is parsed again on this thread alone, so an error is
/// exactly the one-thread parse's.
fn parse_str(text: &str) -> Result<AgendaFile, serde_json::Error> {
    parse_str_from(text, TWO_THREADS_FROM)
}

/// [`parse_str`] with two threads for texts of at least `two_threads_from`
/// bytes.
fn parse_str_from(text: &str, two_threads_from: usize) -> Result<AgendaFile, serde_json::Error> {
    if text.len() >= two_threads_from {
        if let Some(file) = parse_two_threads(text) {
            return Ok(file);
        }
    }
    parse(&mut serde_json::Deserializer::from_str(text))
}

/// [`parse_str`] of a whole text, a syntax error given its path by a
/// second parse.
fn parse_text(text: &str) -> Result<AgendaFile, LoadError> {
    parse_str(text).map_err(|e| {
        LoadError::from_json(&e).with_path(path_of(&mut serde_json::Deserializer::from_str(text)))
    })
}

/// The two-thread parse of [`parse_str`]; `None` if it failed.
fn parse_two_threads(text: &str) -> Option<AgendaFile> {
    std::thread::scope(|scope| {
        let commitments = std::thread::Builder::new()
            .name("union-state-parse".to_owned())
            .spawn_scoped(scope, || match find_commitments(text) {
                (Some(key), _) => commitments_after(text, key),
                (None, read) => read,
            })
            .ok()?;
        let mut de = serde_json::Deserializer::from_str(text);
        let rest = AgendaFile::<Skipped>::deserialize(Strict(&mut de))
            .and_then(|rest| de.end().map(|()| rest))
            .ok();
        let commitments = commitments.join().ok()??;
        let rest = rest?;
        Some(AgendaFile {
            format: rest.format,
            about: rest.about,
            states: rest.states,
            institutions: rest.institutions,
            instruments: rest.instruments,
            sources: rest.sources,
            programmes: rest.programmes,
            commitments,
            dependencies: rest.dependencies,
            claims: rest.claims,
        })
    })
}

/// Parses again, tracking where the parser is, and returns the path of
/// the value at fault (`None` at the top level). Used only after a parse
/// failed, so a good load pays nothing for it.
fn path_of<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Option<String> {
    match serde_path_to_error::deserialize::<_, AgendaFile>(Strict(de)) {
        Ok(_) => None,
        Err(e) => {
            // `?` alone is a key of the agenda object the parser had not
            // read yet: no path to give.
            let path = e.path().to_string();
            (path != "." && path != "?").then_some(path)
        }
    }
}

/// Why a streamed parse failed.
enum Failed {
    /// Before the parser ran (reading, or the start of the input), or in
    /// reading for it: a second pass would find no path.
    Early(LoadError),
    /// The parser's own error, which a second pass can locate.
    Parser(LoadError),
}

impl Failed {
    fn into_error(self) -> LoadError {
        match self {
            Failed::Early(e) | Failed::Parser(e) => e,
        }
    }
}

/// Parses a buffered stream: skips a byte order mark and the white space
/// before the agenda object, checks that an object starts there, then lets
/// `serde_json` read the rest byte by byte from the buffer.
fn parse_buffered<R: BufRead>(reader: &mut R) -> Result<AgendaFile, Failed> {
    let (lines, column) = skip_to_start(reader).map_err(Failed::Early)?;
    parse(&mut serde_json::Deserializer::from_reader(reader)).map_err(|e| {
        if e.is_io() {
            Failed::Early(LoadError::Io(e.into()))
        } else {
            Failed::Parser(LoadError::from_json_shifted(&e, lines, column))
        }
    })
}

/// Parses from a reader, counting the bytes read and failing with
/// [`LoadError::TooLarge`] past `limit`. The counter sits under the
/// buffer, so it runs once per 64 KiB read.
fn parse_limited(reader: impl Read, limit: u64) -> Result<AgendaFile, Failed> {
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
        return Err(Failed::Early(LoadError::TooLarge {
            size: limited.read,
            limit,
        }));
    }
    parsed
}

/// Loads from a reader, reading at most `limit` bytes.
fn read_limited(reader: impl Read, limit: u64) -> Result<Agenda, LoadError> {
    parse_limited(reader, limit)
        .map_err(Failed::into_error)?
        .build()
}

/// Loads from a file, reading at most `limit` bytes whatever the file is
/// (a pipe, a device or `/dev/stdin` has no size to check beforehand).
///
/// A regular file is read whole into memory (its size is known and within
/// the limit) and parsed from there: `serde_json`'s slice reader is about
/// twice as fast as its byte-at-a-time stream reader. The text is dropped
/// before the agenda is built, so the peak holds the text and the parsed
/// records, never the text and the built agenda. Only a regular file has
/// the path of a syntax error (found by a second parse of the same bytes);
/// anything else is streamed, and reopening a pipe would read other data,
/// or wait for a writer.
fn load_file(path: &Path, limit: u64) -> Result<Agenda, LoadError> {
    let file = std::fs::File::open(path).map_err(LoadError::Io)?;
    let meta = file.metadata().map_err(LoadError::Io)?;
    if !meta.is_file() {
        return parse_limited(file, limit)
            .map_err(Failed::into_error)?
            .build();
    }
    if meta.len() > limit {
        return Err(LoadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let text = read_whole(file, meta.len(), limit)?;
    let parsed = parse_in_memory(&text);
    drop(text);
    parsed?.build()
}

/// Reads a regular file of about `size` bytes whole, failing with
/// [`LoadError::TooLarge`] if it has grown past `limit` since its size was
/// checked.
///
/// A large file's first `size` bytes are read in two halves at once, on
/// two threads (see [`read_in_two`]), then whatever follows them, if the
/// file has grown, on this one; if that read falls short (the file has
/// shrunk) or fails, the whole file is read again from its start on this
/// thread, so the text is always the file's bytes in order.
fn read_whole(mut file: std::fs::File, size: u64, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::{Seek, SeekFrom};
    let size = size.min(limit);
    let expected = usize::try_from(size).unwrap_or(0);
    let (mut text, from) = match read_in_two(&file, expected) {
        Some(text) => (text, size),
        None => (Vec::with_capacity(expected.saturating_add(1)), 0),
    };
    file.seek(SeekFrom::Start(from)).map_err(LoadError::Io)?;
    file.take(limit.saturating_add(1) - from)
        .read_to_end(&mut text)
        .map_err(LoadError::Io)?;
    let read = text.len() as u64;
    if read > limit {
        return Err(LoadError::TooLarge { size: read, limit });
    }
    Ok(text)
}

/// Reads a file's first `len` bytes, for `len` of at least
/// [`TWO_THREADS_FROM`], as two halves at once, one on a second thread,
/// each with positioned reads that leave the file's offset alone:
/// filling a fresh buffer is mostly the kernel's work of giving it pages,
/// which two threads share. `None` if `len` is below
/// [`TWO_THREADS_FROM`], the file is now shorter than `len`, a read fails,
/// no thread can be started, or the system has no positioned reads.
fn read_in_two(file: &std::fs::File, len: usize) -> Option<Vec<u8>> {
    #[cfg(unix)]
    if len >= TWO_THREADS_FROM {
        use std::os::unix::fs::FileExt;
        let half = len / 2;
        let mut text = vec![0; len];
        let (first, second) = text.split_at_mut(half);
        let read = std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .name("union-state-read".to_owned())
                .spawn_scoped(scope, || file.read_exact_at(second, half as u64).is_ok())
                .ok()?;
            let mine = file.read_exact_at(first, 0).is_ok();
            Some(other.join().is_ok_and(|theirs| theirs && mine))
        });
        return read.unwrap_or(false).then_some(text);
    }
    let _ = (file, len);
    None
}

/// Parses a whole input held in memory with the streamed path's rules and
/// positions: a byte order mark and the white space before the agenda
/// object skipped, the object checked to start with `{`, and a syntax error
/// given its path by a second parse.
///
/// Text that is UTF-8 throughout (checked once, over the whole text) is
/// parsed as a `str`, so the parser need not check each string again; any
/// other text is parsed as bytes, which reports the first bad byte where
/// it is. Both give the same answers and the same messages otherwise.
fn parse_in_memory(text: &[u8]) -> Result<AgendaFile, LoadError> {
    let mut rest = text;
    let (lines, column) = skip_to_start(&mut rest)?;
    let after_bom = text.strip_prefix(BOM).unwrap_or(text);
    let shifted = |e: &serde_json::Error| LoadError::from_json_shifted(e, lines, column);
    // `rest` is `after_bom` without the white space before the object.
    let utf8 = std::str::from_utf8(after_bom)
        .ok()
        .and_then(|all| Some((all.get(all.len().checked_sub(rest.len())?..)?, all)));
    match utf8 {
        Some((rest, after_bom)) => parse_str(rest).map_err(|e| {
            shifted(&e).with_path(path_of(&mut serde_json::Deserializer::from_str(after_bom)))
        }),
        _ => parse(&mut serde_json::Deserializer::from_slice(rest)).map_err(|e| {
            shifted(&e).with_path(path_of(&mut serde_json::Deserializer::from_slice(
                after_bom,
            )))
        }),
    }
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

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(
        bound = "C: schemars::JsonSchema + Default",
        rename = "Agenda",
        title = "union-state agenda",
        description = "An agenda of multi-party commitments in the `union-state/2` JSON format, or the older `union-state/1` (see data/README.md)."
    )
)]
pub(crate) struct AgendaFile<C = Vec<Commitment>> {
    /// The format and its version: `union-state/2` (or `union-state/1`,
    /// which may not use what version 2 added).
    #[cfg_attr(feature = "schema", schemars(extend("enum" = [FORMAT, FORMAT_1])))]
    format: String,
    /// What the agenda is: a short id, a title, a calendar name.
    #[serde(default)]
    about: Option<About>,
    /// The states that take part.
    #[serde(default)]
    states: Vec<State>,
    /// The bodies that issue instruments.
    #[serde(default)]
    institutions: Vec<Institution>,
    /// The treaties, decrees and agreements that set programmes and commitments.
    #[serde(default)]
    instruments: Vec<Instrument>,
    /// Where the facts come from.
    #[serde(default)]
    sources: Vec<Source>,
    /// The programmes.
    #[serde(default)]
    programmes: Vec<Programme>,
    /// The commitments, each filed under the programme its id names.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("default" = [])))]
    commitments: C,
    /// What must come before what.
    #[serde(default)]
    dependencies: Vec<Dependency>,
    /// Official statements about overall progress.
    #[serde(default)]
    claims: Vec<ProgressClaim>,
}

#[derive(Serialize)]
pub(crate) struct AgendaFileRef<'a> {
    format: &'static str,
    #[serde(skip_serializing_if = "About::is_empty")]
    about: &'a About,
    states: &'a [State],
    institutions: &'a [Institution],
    instruments: &'a [Instrument],
    sources: &'a [Source],
    programmes: &'a [Programme],
    commitments: &'a [Commitment],
    dependencies: &'a [Dependency],
    claims: &'a [ProgressClaim],
}

/// The root schema of the format (both versions), from `generator`.
#[cfg(feature = "schema")]
pub(crate) fn schema(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<AgendaFile>()
}

impl AgendaFile {
    pub(crate) fn build(self) -> Result<Agenda, LoadError> {
        if self.format == FORMAT_1 {
            if let Some((path, what)) = self.version_2_only() {
                return Err(LoadError::NeedsVersion2 { path, what });
            }
        } else if self.format != FORMAT {
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
            self.about.unwrap_or_default(),
        );
        Ok(b.build()?)
    }

    /// The first thing in the file that only `union-state/2` may say: its
    /// path and what it is.
    fn version_2_only(&self) -> Option<(String, &'static str)> {
        fn first<T>(
            list: &[T],
            name: &str,
            test: impl Fn(&T) -> Option<(&'static str, &'static str)>,
        ) -> Option<(String, &'static str)> {
            list.iter().enumerate().find_map(|(i, x)| {
                test(x).map(|(field, what)| (format!("{name}[{i}].{field}"), what))
            })
        }
        if self.about.is_some() {
            return Some(("about".to_owned(), "what the agenda is about"));
        }
        first(&self.states, "states", |s| {
            s.joined
                .map(|_| ("joined", "a date a state joined"))
                .or(s.left.map(|_| ("left", "a date a state left")))
        })
        .or_else(|| {
            first(&self.institutions, "institutions", |i| {
                (!i.membership.is_empty())
                    .then_some(("membership", "the dates of an institution's members"))
            })
        })
        .or_else(|| {
            first(&self.sources, "sources", |s| {
                s.added.map(|_| ("added", "the date a source was added"))
            })
        })
        .or_else(|| {
            first(&self.instruments, "instruments", |i| {
                if !i.parties.is_empty() {
                    Some(("parties", "the parties of an instrument"))
                } else if !i.signed.is_empty() {
                    Some(("signed", "signatures"))
                } else if !i.ratified.is_empty() {
                    Some(("ratified", "ratifications"))
                } else {
                    i.in_force
                        .as_ref()
                        .map(|_| ("in_force", "an entry into force"))
                }
            })
        })
        .or_else(|| {
            first(&self.programmes, "programmes", |p| {
                // A mode without its basis (or the reverse) is wrong in
                // either version: the builder says so.
                if p.mode.is_none() && p.mode_basis.is_none() {
                    Some(("mode", "a programme without a mode"))
                } else {
                    p.measures
                        .as_ref()
                        .map(|_| ("measures", "a count of measures"))
                }
            })
        })
        .or_else(|| {
            first(&self.commitments, "commitments", |c| {
                if matches!(c.acting, crate::commitment::Actors::Institution(_)) {
                    Some(("acting", "an institution acting"))
                } else if c.achieved_by.is_some() {
                    Some(("achieved_by", "a commitment achieved by an instrument"))
                } else {
                    c.measures
                        .as_ref()
                        .map(|_| ("measures", "a count of measures"))
                }
            })
        })
        .or_else(|| {
            first(&self.dependencies, "dependencies", |d| match &d.kind {
                crate::dependency::DependencyKind::ConditionalOn { demanded_by }
                    if demanded_by.len() > 1 || demanded_by.institutions().next().is_some() =>
                {
                    Some((
                        "demanded_by",
                        "a condition demanded by several or by an institution",
                    ))
                }
                _ => None,
            })
        })
        .or_else(|| {
            first(&self.claims, "claims", |c| {
                if c.measures_done.is_some() {
                    Some(("measures_done", "a count of measures done"))
                } else if c.percent_qualifier.is_some() {
                    Some(("percent_qualifier", "a qualified percentage"))
                } else {
                    c.scope
                        .as_ref()
                        .map(|_| ("scope", "a claim about part of the agenda"))
                }
            })
        })
    }
}

impl Agenda {
    /// Loads an agenda from JSON text in the `union-state/2` format (or the
    /// older `union-state/1`).
    ///
    /// # Errors
    ///
    /// [`LoadError::Syntax`] with the line and column for malformed JSON, a
    /// wrong type (a record, such as a state or a commitment, must be an
    /// object, not an array of its values), an unknown field or enum
    /// value, or a malformed id or date; [`LoadError::Format`] for another format; [`LoadError::Build`]
    /// listing every inconsistency; [`LoadError::TooLarge`] above
    /// [`MAX_INPUT_BYTES`].
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::{Agenda, error::LoadError};
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
        parse_text(json)?.build()
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
        // UTF-8 throughout is parsed as text (on two threads when long);
        // anything else as bytes, which reports the first bad byte.
        let file = match std::str::from_utf8(json) {
            Ok(text) => parse_text(text),
            Err(_) => parse(&mut serde_json::Deserializer::from_slice(json)).map_err(|e| {
                LoadError::from_json(&e)
                    .with_path(path_of(&mut serde_json::Deserializer::from_slice(json)))
            }),
        }?;
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

    /// Loads an agenda from a JSON file, reading at most
    /// [`MAX_INPUT_BYTES`], whatever the file is: a regular file, a pipe, a
    /// device, `/dev/stdin`.
    ///
    /// A regular file is read whole and parsed from memory (about twice as
    /// fast as parsing while reading); its text is freed before the agenda
    /// is built, so the peak is the text plus the parsed records. Anything
    /// else is parsed as it is read, like [`Agenda::from_json_reader`].
    ///
    /// A text of 1 MiB or more held in memory (a regular file's, or one
    /// given to [`Agenda::from_json_str`] or [`Agenda::from_json_slice`])
    /// is parsed on two threads, the commitments on one and the rest on
    /// the other, and an agenda of 20,000 commitments or more is checked
    /// on two (see [`AgendaBuilder::build`]): the answer, and any error, is
    /// the one a single thread gives.
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] if the file cannot be opened or read;
    /// [`LoadError::TooLarge`] for a regular file above [`MAX_INPUT_BYTES`]
    /// (before reading it) or any other file found to be while reading;
    /// otherwise as [`Agenda::from_json_slice`]. A syntax error has its
    /// path only for a regular file, whose text is held whole.
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Agenda, LoadError> {
        load_file(path.as_ref(), MAX_INPUT_BYTES)
    }

    pub(crate) fn file_ref(&self) -> AgendaFileRef<'_> {
        AgendaFileRef {
            format: FORMAT,
            about: &self.about,
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

    /// The agenda as pretty-printed JSON in the `union-state/2` format, items
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

    /// What a parse gives, comparable: the agenda saved again, or the
    /// error's message, line and column, or the build's error.
    fn outcome(parsed: Result<AgendaFile, serde_json::Error>) -> String {
        match parsed {
            Ok(file) => match file.build() {
                Ok(agenda) => agenda.to_json_string(),
                Err(e) => format!("build: {e}"),
            },
            Err(e) => format!("syntax {}:{}: {e}", e.line(), e.column()),
        }
    }

    /// Every agenda and bad input this repository has, and variants of a
    /// valid one that only the split parse could get wrong: the
    /// commitments given twice, as `null`, as an object, last or first,
    /// broken after the dependencies, and an unknown field or trailing
    /// text beside them.
    fn texts() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["tests/bad", "tests/fixtures", "data", "examples/data"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                if path.extension().is_some_and(|e| e == "json") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        texts.push((path.display().to_string(), text));
                    }
                }
            }
        }
        let base = include_str!("../../tests/bad/valid.json");
        let at = base.find("\"commitments\"").unwrap();
        let (head, tail) = base.split_at(at);
        let variants = [
            ("twice", format!("{head}\"commitments\": [], {tail}")),
            (
                "twice after",
                base.replacen(
                    "\"dependencies\"",
                    "\"commitments\": [], \"dependencies\"",
                    1,
                ),
            ),
            ("null twice", format!("{head}\"commitments\": null, {tail}")),
            (
                "null",
                r#"{"format": "union-state/1", "commitments": null}"#.to_owned(),
            ),
            (
                "object",
                r#"{"format": "union-state/1", "commitments": {}}"#.to_owned(),
            ),
            (
                "empty",
                r#"{"format": "union-state/1", "commitments": []}"#.to_owned(),
            ),
            ("unknown field", format!("{head}\"comitments\": [], {tail}")),
            ("trailing", format!("{base} x")),
            ("trailing brace", format!("{base}}}")),
            (
                "a commitment broken",
                base.replacen("\"title\"", "\"titel\"", 4),
            ),
            (
                "first",
                base.replacen("\"format\"", "\"commitments\": [], \"format\"", 1),
            ),
            ("missing", base.replacen("\"commitments\"", "\"unused\"", 1)),
            (
                "escaped key",
                base.replacen("\"commitments\"", "\"comm\\u0069tments\"", 1),
            ),
            (
                "escaped key, a commitment broken",
                base.replacen("\"commitments\"", "\"comm\\u0069tments\"", 1)
                    .replacen("\"title\"", "\"titel\"", 4),
            ),
            (
                "space around the colon",
                base.replacen("\"commitments\":", "\"commitments\" \t\r\n:\n ", 1),
            ),
            (
                "a number",
                r#"{"format": "union-state/1", "commitments": 5}"#.to_owned(),
            ),
            ("cut in the commitments", base[..at + 200].to_owned()),
            (
                "no colon",
                base.replacen("\"commitments\":", "\"commitments\" ", 1),
            ),
        ];
        texts.extend(variants.into_iter().map(|(n, t)| (n.to_owned(), t)));
        texts
    }

    #[test]
    fn the_two_thread_parse_answers_as_the_one_thread_parse_does() {
        let texts = texts();
        assert!(texts.len() > 60, "found only {} texts", texts.len());
        let mut failed = 0;
        for (name, text) in &texts {
            let one = outcome(parse_str_from(text, usize::MAX));
            let two = outcome(parse_str_from(text, 0));
            assert_eq!(two, one, "{name}");
            failed += usize::from(!one.starts_with('{'));
        }
        // Both kinds of outcome were compared.
        assert!(failed > 40 && failed < texts.len(), "{failed}");
    }

    /// What the second thread's first step finds: the key, or how many
    /// commitments it read in place.
    fn found(text: &str) -> (Option<&str>, Option<usize>) {
        let (key, read) = find_commitments(text);
        (key, read.map(|r| r.len()))
    }

    #[test]
    fn the_commitments_are_read_as_a_value_of_their_own_when_their_key_is_plain() {
        let text = include_str!("../../data/union-programmes.json");
        let (key, read) = found(text);
        assert_eq!((key, read), (Some("commitments"), None));
        let at = text.find("\"commitments\"").unwrap() + 1;
        assert_eq!(key.unwrap().as_ptr(), text[at..].as_ptr());
        let alone = commitments_after(text, key.unwrap()).unwrap();
        let whole = parse_str_from(text, usize::MAX).unwrap().commitments;
        assert_eq!(alone, whole);
        assert!(alone.len() > 50, "{}", alone.len());
        // A key with an escape is not in the text as the parser gives it:
        // the list is read in place.
        let escaped = text.replacen("\"commitments\"", "\"comm\\u0069tments\"", 1);
        assert_eq!(found(&escaped), (None, Some(whole.len())));
        // No commitments: an empty list, and no error.
        assert_eq!(found(r#"{"format": "union-state/1"}"#), (None, Some(0)));
        // A key from another text is refused.
        let other = String::from("commitments");
        assert_eq!(commitments_after(text, &other), None);
        // Not a list of commitments: one has a field misspelt.
        let broken = format!(
            "{}{}",
            &text[..at],
            text[at..].replacen("\"title\"", "\"titel\"", 1)
        );
        let key = found(&broken).0.unwrap();
        assert_eq!(commitments_after(&broken, key), None);
    }

    #[test]
    fn the_two_thread_parse_reads_a_valid_agenda_on_two_threads() {
        let text = include_str!("../../data/union-programmes.json");
        assert!(parse_two_threads(text).is_some());
        let broken = text.replacen("\"title\"", "\"titel\"", 1);
        assert!(parse_two_threads(&broken).is_none());
    }

    /// Spaces without end, counting how many were asked for.
    struct Spaces;

    impl Read for Spaces {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(b' ');
            Ok(buf.len())
        }
    }

    #[test]
    fn readers_stop_at_the_limit_with_one_typed_line() {
        let err = read_limited(Spaces, 1_000).unwrap_err();
        // The first read of the 64 KiB buffer passes the limit.
        assert!(
            matches!(
                err,
                LoadError::TooLarge {
                    limit: 1_000,
                    size: 65_536
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "agenda input is above the limit of 1000 bytes (65536 bytes seen)"
        );
        // Exactly at the limit is still read.
        let at = format!("{:<1000}", "{\"format\": \"union-state/1\"}");
        assert!(read_limited(at.as_bytes(), 1_000).is_ok());
        assert!(matches!(
            read_limited(format!("{at} ").as_bytes(), 1_000),
            Err(LoadError::TooLarge { size: 1_001, .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_are_held_to_the_limit_too() {
        // A FIFO has no size to check beforehand. A writer feeds it four
        // times the limit in spaces, or less if the reader stops first.
        let dir = std::env::temp_dir().join(format!("union-state-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("agenda.json");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here; nothing to test
        }
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut w = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
                let chunk = [b' '; 4096];
                let mut written = 0_u64;
                while written < 400_000 && std::io::Write::write_all(&mut w, &chunk).is_ok() {
                    written += 4096;
                }
                written
            })
        };
        let err = load_file(&fifo, 100_000).unwrap_err();
        let written = writer.join().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            matches!(err, LoadError::TooLarge { limit: 100_000, size } if size > 100_000 && size <= 100_000 + 65_536),
            "{err}"
        );
        // The reader stopped soon after the limit, so the writer did too.
        assert!(written < 100_000 + 65_536 + 65_536 * 4, "{written}");
    }

    #[test]
    fn a_list_of_one_takes_room_for_one() {
        // serde sizes a list from the parser's hint, which JSON never has:
        // without one, a list of one id reserved room for four.
        let json = r#"{"format": "union-state/2",
          "states": [{"code": "BY", "name": "Belarus"}],
          "sources": [{"id": "S1", "title": "T", "url": "https://example.org"}],
          "programmes": [{"id": "P", "title": "P", "sector": "gas", "mode": "harmonisation",
            "mode_basis": "stated", "basis": "stated", "states": ["BY"], "sources": ["S1"]}],
          "commitments": [
            {"id": "P.a", "title": "A", "acting": {"state": "BY"}, "basis": "stated",
             "deadline": {"date": "2022", "basis": "stated", "sources": ["S1"]}, "sources": ["S1"]},
            {"id": "P.b", "title": "B", "acting": {"state": "BY"}, "basis": "stated", "sources": ["S1"]}],
          "dependencies": [{"prerequisite": "P.a", "dependent": "P.b", "kind": "requires",
            "basis": "stated", "sources": ["S1"]}]}"#;
        let file =
            std::env::temp_dir().join(format!("union-state-one-{}.json", std::process::id()));
        std::fs::write(&file, json).unwrap();
        let from_file = load_file(&file, MAX_INPUT_BYTES).unwrap();
        std::fs::remove_file(&file).unwrap();
        for agenda in [
            Agenda::from_json_str(json).unwrap(),
            Agenda::from_json_slice(json.as_bytes()).unwrap(),
            Agenda::from_json_reader(json.as_bytes()).unwrap(),
            from_file,
        ] {
            let c = &agenda.commitments()[0];
            assert_eq!(c.sources.capacity(), 1);
            assert_eq!(c.deadline.as_ref().unwrap().sources.capacity(), 1);
            assert_eq!(agenda.programmes()[0].states.capacity(), 1);
            assert_eq!(agenda.dependencies()[0].sources.capacity(), 1);
        }
    }

    /// A file of `len` bytes that are not all alike, in a fresh
    /// directory, with its bytes.
    fn scratch_file(name: &str, len: usize) -> (std::path::PathBuf, Vec<u8>) {
        let dir = std::env::temp_dir().join(format!("union-state-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        let bytes: Vec<u8> = (0..len)
            .map(|i| u8::try_from(i * 7 % 251).unwrap())
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        (path, bytes)
    }

    #[test]
    fn a_large_file_is_read_whole_in_order_whatever_its_size_was() {
        let len = TWO_THREADS_FROM * 3 + 5;
        let (path, bytes) = scratch_file("large", len);
        let open = || std::fs::File::open(&path).unwrap();
        let limit = MAX_INPUT_BYTES;
        // Its size as checked; smaller, as if it grew since; larger, as if
        // it shrank; small enough for one thread.
        for size in [len, len - 1000, len + 1000, TWO_THREADS_FROM - 1, 0] {
            let read = read_whole(open(), size as u64, limit).unwrap();
            assert!(read == bytes, "size {size}: {} bytes read", read.len());
        }
        // Grown past the limit since its size was checked.
        let limit = (len - 10) as u64;
        let err = read_whole(open(), limit - 100, limit).unwrap_err();
        assert!(
            matches!(err, LoadError::TooLarge { size, limit: l } if size == limit + 1 && l == limit),
            "{err}"
        );
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_regular_file_above_the_limit_is_refused_before_reading() {
        let err = load_file(Path::new("tests/bad/valid.json"), 100).unwrap_err();
        let size = std::fs::metadata("tests/bad/valid.json").unwrap().len();
        assert!(
            matches!(err, LoadError::TooLarge { limit: 100, size: s } if s == size),
            "{err}"
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
