//! Graphviz DOT of the dependency graph.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{Look, selected, shorten};
use crate::Agenda;
use crate::dependency::DependencyKind;
use crate::ids::{NodeId, ProgrammeId};

/// Options for [`Agenda::to_dot`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotOptions {
    /// The date node colours show the status on.
    pub as_of: NaiveDate,
    /// Only these programmes (and dependencies between them); `None` for
    /// all.
    pub programmes: Option<Vec<ProgrammeId>>,
    /// The longest title shown in a node, in characters.
    pub title_width: usize,
}

impl DotOptions {
    /// All programmes, colours as of `as_of`, titles cut at 40 characters.
    pub fn new(as_of: NaiveDate) -> Self {
        DotOptions {
            as_of,
            programmes: None,
            title_width: 40,
        }
    }
}

/// A DOT quoted string: backslashes, quotes and line breaks escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if super::is_unprintable(c) => out.push(super::REPLACEMENT),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Agenda {
    /// The dependency graph in Graphviz DOT: one cluster per programme
    /// holding its commitments, filled by status as of `options.as_of`
    /// (white planned, yellow in progress, green done, pink delayed, grey
    /// dropped, red overdue); *requires* edges solid, *conditional on*
    /// edges dashed and red, labelled with the state that demands them,
    /// *related* edges dotted and grey. A dependency naming a whole
    /// programme attaches to its cluster (through an invisible anchor node
    /// named by the programme id, with `ltail`/`lhead`).
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::export::DotOptions;
    /// let agenda = union_state::dataset();
    /// let dot = agenda.to_dot(&DotOptions::new("2023-01-09".parse()?));
    /// assert!(dot.starts_with("digraph agenda {"));
    /// assert!(dot.contains("subgraph \"cluster_UP16\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_dot(&self, options: &DotOptions) -> String {
        let filter = options.programmes.as_deref();
        let mut out = String::new();
        out.push_str("digraph agenda {\n");
        out.push_str("  graph [rankdir=LR, compound=true, fontname=\"Helvetica\", fontsize=11];\n");
        out.push_str(
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=9];\n",
        );
        out.push_str("  edge [fontname=\"Helvetica\", fontsize=8];\n");
        for (programme, range) in self.programmes.iter().zip(&self.members) {
            if !selected(filter, programme.id.as_str()) {
                continue;
            }
            let label = format!(
                "{} {}",
                programme.id,
                shorten(&programme.title, options.title_width)
            );
            let _ = writeln!(
                out,
                "  subgraph {} {{",
                quoted(&format!("cluster_{}", programme.id))
            );
            let _ = writeln!(out, "    label={};", quoted(&label));
            let _ = writeln!(out, "    style=\"rounded\"; color=\"#868e96\";");
            let _ = writeln!(
                out,
                "    {} [shape=point, style=invis, width=0.01, label=\"\"];",
                quoted(programme.id.as_str())
            );
            for c in self.commitments.get(range.clone()).unwrap_or(&[]) {
                let look = Look::of(c, options.as_of);
                let due = c
                    .due()
                    .map_or_else(|| "no deadline".to_owned(), |d| format!("due {d}"));
                let label = format!(
                    "{}\n{}\n{due} · {}",
                    c.id,
                    shorten(&c.title, options.title_width),
                    look.name()
                );
                let _ = writeln!(
                    out,
                    "    {} [label={}, fillcolor=\"{}\"];",
                    quoted(c.id.as_str()),
                    quoted(&label),
                    look.colour()
                );
            }
            out.push_str("  }\n");
        }
        for d in &self.dependencies {
            let (pre_p, dep_p) = (d.prerequisite.programme(), d.dependent.programme());
            if !selected(filter, pre_p.as_str()) || !selected(filter, dep_p.as_str()) {
                continue;
            }
            let mut attributes = match &d.kind {
                DependencyKind::Requires => vec!["style=solid".to_owned()],
                DependencyKind::ConditionalOn { demanded_by } => vec![
                    "style=dashed".to_owned(),
                    "color=\"#c92a2a\"".to_owned(),
                    "fontcolor=\"#c92a2a\"".to_owned(),
                    format!("label={}", quoted(&demanded_by.demand())),
                ],
                DependencyKind::Related => {
                    vec!["style=dotted".to_owned(), "color=\"#868e96\"".to_owned()]
                }
            };
            // A whole programme attaches to its cluster's border, unless the
            // other end is inside that same cluster.
            if let NodeId::Programme(p) = &d.prerequisite {
                if pre_p != dep_p {
                    attributes.push(format!("ltail={}", quoted(&format!("cluster_{p}"))));
                }
            }
            if let NodeId::Programme(p) = &d.dependent {
                if pre_p != dep_p {
                    attributes.push(format!("lhead={}", quoted(&format!("cluster_{p}"))));
                }
            }
            let _ = writeln!(
                out,
                "  {} -> {} [{}];",
                quoted(d.prerequisite.as_str()),
                quoted(d.dependent.as_str()),
                attributes.join(", ")
            );
        }
        out.push_str("}\n");
        out
    }
}
