//! Text output for people: tables with headers, `none` for an empty answer,
//! singular and plural, lines cut or wrapped to 80 columns, and optional
//! ANSI colour.

use chrono::NaiveDate;
use union_state::query::{Depth, Percent, Tally};
use union_state::{Commitment, Status};

/// The widest line written.
pub(crate) const WIDTH: usize = 80;

/// ANSI colour, on or off.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Paint {
    pub(crate) on: bool,
}

impl Paint {
    fn code(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub(crate) fn red(self, text: &str) -> String {
        self.code("31", text)
    }

    pub(crate) fn green(self, text: &str) -> String {
        self.code("32", text)
    }

    pub(crate) fn yellow(self, text: &str) -> String {
        self.code("33", text)
    }

    pub(crate) fn dim(self, text: &str) -> String {
        self.code("2", text)
    }

    pub(crate) fn bold(self, text: &str) -> String {
        self.code("1", text)
    }
}

/// `1 deadlock`, `2 deadlocks`, `0 deadlocks`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The columns `text` takes in a terminal: two for a wide character (most
/// of Chinese, Japanese and Korean), none for a combining mark.
pub(crate) fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// The text of a table cell, made [`plain`] and cut to at most `max`
/// columns, ending in `…` when cut.
pub(crate) fn cut(text: &str, max: usize) -> String {
    let text = plain(text);
    if width(&text) <= max {
        return text.into_owned();
    }
    let room = max.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// [`cut`] to `columns`, then padded with spaces to exactly `columns`.
pub(crate) fn cell(text: &str, columns: usize) -> String {
    let mut out = cut(text, columns);
    let short = columns.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', short));
    out
}

/// Whether `c` is written as its escape in text output: a control
/// character, or a bidirectional embedding, override or isolate (U+202A to
/// U+202E, U+2066 to U+2069), which would make a terminal show the rest of
/// the line in another order than it has.
fn escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends `c` to `out`, a control or bidirectional-formatting character
/// as its Rust escape (see [`plain`]).
pub(crate) fn push_plain(out: &mut String, c: char) {
    if escaped(c) {
        out.extend(c.escape_debug());
    } else {
        out.push(c);
    }
}

/// Text from the agenda (a title, a name, a note) made safe for one line of
/// a terminal: each control character (a newline, a tab, an escape that
/// would start a terminal sequence) and each bidirectional override or
/// isolate written as its Rust escape, such as `\n` or `\u{202e}`, so
/// data never breaks a table's rows, drives the terminal or reorders what
/// is shown. Text without them is returned as it is.
pub(crate) fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(escaped) {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            push_plain(&mut out, c);
        }
        out.into()
    } else {
        text.into()
    }
}

/// A line wrapped at spaces to [`WIDTH`] columns; continuation lines are
/// indented four more than the first. A word longer than a line (an
/// address, say) is kept whole, so that it can be copied.
pub(crate) fn wrap(line: &str) -> Vec<String> {
    if width(line) <= WIDTH {
        return vec![line.to_owned()];
    }
    let indent = line.len() - line.trim_start().len();
    let more = " ".repeat(indent + 4);
    let mut out = Vec::new();
    let mut current = " ".repeat(indent);
    let mut fresh = true;
    for word in line.split_whitespace() {
        let len = width(&current);
        if !fresh && len + 1 + width(word) > WIDTH {
            out.push(std::mem::replace(&mut current, more.clone()));
            fresh = true;
        }
        if !fresh {
            current.push(' ');
        }
        current.push_str(word);
        fresh = false;
    }
    out.push(current);
    out
}

/// A deadline as worded, or `-`.
pub(crate) fn due(c: &Commitment) -> String {
    c.due().map_or_else(|| "-".to_owned(), |d| d.to_string())
}

/// A date or `-`.
pub(crate) fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.to_string())
}

/// A share for display, or `-` when there is nothing to count.
pub(crate) fn percent(p: Option<Percent>) -> String {
    p.map_or_else(|| "-".to_owned(), |p| p.to_string())
}

/// Whether `c` is overdue as of `as_of`: its deadline passed and it is
/// neither done nor dropped.
pub(crate) fn is_overdue(c: &Commitment, as_of: NaiveDate) -> bool {
    c.due().is_some_and(|d| d.last_day() < as_of)
        && !matches!(c.status_as_of(as_of), Status::Done | Status::Dropped)
}

/// A status padded to `width`, coloured: done green, delayed yellow,
/// dropped dim; red when `overdue`.
pub(crate) fn status_cell(status: Status, overdue: bool, width: usize, paint: Paint) -> String {
    let text = format!("{:<width$}", status.name());
    if overdue {
        paint.red(&text)
    } else {
        match status {
            Status::Done => paint.green(&text),
            Status::Delayed => paint.yellow(&text),
            Status::Dropped => paint.dim(&text),
            Status::Planned | Status::InProgress => text,
        }
    }
}

/// The width of a column: the widest cell (in columns, as [`cut`] shows
/// it), at least the header.
fn column<'a>(header: &str, cells: impl Iterator<Item = &'a str>) -> usize {
    cells
        .map(|c| width(&plain(c)))
        .fold(width(header), usize::max)
}

const STATUS_WIDTH: usize = 11;

/// A table of commitments (deadline, id, status as of `as_of`, title), or
/// `none`; each line indented by two spaces.
pub(crate) fn commitments(list: &[&Commitment], as_of: NaiveDate, paint: Paint) -> Vec<String> {
    commitments_indented(list, as_of, paint, 2)
}

/// [`commitments`] indented by `indent` spaces.
pub(crate) fn commitments_indented(
    list: &[&Commitment],
    as_of: NaiveDate,
    paint: Paint,
    indent: usize,
) -> Vec<String> {
    let pad = " ".repeat(indent);
    if list.is_empty() {
        return vec![format!("{pad}none")];
    }
    let id_w = column("ID", list.iter().map(|c| c.id.as_str()));
    let title_w = WIDTH
        .saturating_sub(indent + 10 + 2 + id_w + 2 + STATUS_WIDTH + 2)
        .max(10);
    let mut out = vec![format!(
        "{pad}{:<10}  {:<id_w$}  {:<STATUS_WIDTH$}  TITLE",
        "DUE", "ID", "STATUS"
    )];
    for c in list {
        let status = c.status_as_of(as_of);
        out.push(format!(
            "{pad}{:<10}  {:<id_w$}  {}  {}",
            due(c),
            c.id.as_str(),
            status_cell(status, is_overdue(c, as_of), STATUS_WIDTH, paint),
            cut(&c.title, title_w)
        ));
    }
    out
}

/// The width of a tally row's numbers.
const TALLY_NUMBERS: usize = 2 + 5 + 2 + 5 + 2 + 5 + 2 + 11 + 2 + 6;

/// The width of a depth row's numbers.
const DEPTH_NUMBERS: usize = 2 + 10 + 2 + 8 + 2 + 9 + 2 + 5;

/// A table of tallies under a first column named `name`, or `none`.
pub(crate) fn tallies(name: &str, rows: &[(String, Tally)]) -> Vec<String> {
    if rows.is_empty() {
        return vec!["  none".to_owned()];
    }
    let name_w = column(name, rows.iter().map(|(k, _)| k.as_str())).min(WIDTH - 2 - TALLY_NUMBERS);
    let mut out = vec![format!(
        "  {name:<name_w$}  {:>5}  {:>5}  {:>5}  {:>11}  {:>6}",
        "TOTAL", "DUE", "DONE", "DONE OF DUE", "DONE %"
    )];
    for (k, t) in rows {
        out.push(format!(
            "  {}  {:>5}  {:>5}  {:>5}  {:>11}  {:>6}",
            cell(k, name_w),
            t.total,
            t.due,
            t.done,
            t.done_of_due,
            percent(t.percent_done())
        ));
    }
    out
}

/// A table of depths under a first column named `name`, or `none`.
pub(crate) fn depths(name: &str, rows: &[(String, Depth)]) -> Vec<String> {
    if rows.is_empty() {
        return vec!["  none".to_owned()];
    }
    let name_w = column(name, rows.iter().map(|(k, _)| k.as_str())).min(WIDTH - 2 - DEPTH_NUMBERS);
    let mut out = vec![format!(
        "  {name:<name_w$}  {:>10}  {:>8}  {:>9}  {:>5}",
        "PROGRAMMES", "PROMISED", "DELIVERED", "RATIO"
    )];
    for (k, d) in rows {
        out.push(format!(
            "  {}  {:>10}  {:>8.1}  {:>9.1}  {:>5}",
            cell(k, name_w),
            d.programmes,
            d.promised,
            d.delivered,
            d.ratio()
                .map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_singular() {
        assert_eq!(count(0, "deadlock", "deadlocks"), "0 deadlocks");
        assert_eq!(count(1, "deadlock", "deadlocks"), "1 deadlock");
        assert_eq!(count(2, "deadlock", "deadlocks"), "2 deadlocks");
    }

    #[test]
    fn cutting_counts_columns() {
        assert_eq!(cut("ééééé", 5), "ééééé");
        assert_eq!(cut("éééééé", 5), "éééé…");
        assert_eq!(cut("abc", 0), "…");
        // A CJK character takes two columns: four and the ellipsis fit 9.
        assert_eq!(cut("天然气市场原则的协议", 9), "天然气市…");
        assert_eq!(cut("天然气市场", 10), "天然气市场");
        // A combining accent takes none: ten accented letters fit 10.
        let accented = "e\u{301}".repeat(12);
        assert_eq!(cut(&accented, 10), format!("{}…", "e\u{301}".repeat(9)));
        assert_eq!(cut(&"e\u{301}".repeat(10), 10), "e\u{301}".repeat(10));
    }

    #[test]
    fn a_cell_is_padded_to_its_columns() {
        assert_eq!(cell("ab", 4), "ab  ");
        assert_eq!(cell("天然", 6), "天然  ");
        assert_eq!(cell("天然气", 5), "天然…");
        assert_eq!(cell("天然气", 4), "天… ");
    }

    #[test]
    fn wrapping_fits_the_width() {
        let long = format!("  {}", "word ".repeat(40));
        let lines = wrap(&long);
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| l.chars().count() <= WIDTH),
            "{lines:?}"
        );
        assert!(lines[1].starts_with("      word"));
        let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
        assert_eq!(words, 40);
        // Wide words wrap by the columns they take: the indent, 20 words
        // of two wide characters and 19 spaces take 101 columns: two lines.
        let wide = format!("  {}", "天然 ".repeat(20));
        let lines = wrap(&wide);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= WIDTH), "{lines:?}");
    }

    #[test]
    fn colour_only_when_on() {
        assert_eq!(Paint { on: false }.red("x"), "x");
        assert_eq!(Paint { on: true }.red("x"), "\x1b[31mx\x1b[0m");
    }
}
