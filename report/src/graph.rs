//! The dependency view, drawn without any external program: a layered
//! layout of its own (longest-path layers with cycles broken, then
//! barycentre ordering sweeps), as SVG.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::NaiveDate;
use maud::{Markup, html};
use union_state::{Agenda, Dependency, DependencyKind, NodeId, ProgrammeId};

use crate::look::{self, Look};
use crate::{num, short};

/// At most this many nodes are drawn; the page says how many are left out.
pub const MAX_NODES: usize = 250;

/// What the view shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every commitment and programme that takes part in a dependency.
    Whole,
    /// One programme's commitments and everything one dependency away.
    Programme(ProgrammeId),
}

/// A node of the view.
struct Node {
    id: NodeId,
    label: String,
    title: String,
    look: Option<Look>,
}

/// The laid-out view: nodes with their layer and place in it, and edges by
/// node index.
struct Layout<'a> {
    nodes: Vec<Node>,
    edges: Vec<(usize, usize, &'a Dependency)>,
    layer: Vec<usize>,
    order: Vec<Vec<usize>>,
    left_out: usize,
}

fn touches(id: &NodeId, programme: &ProgrammeId) -> bool {
    match id {
        NodeId::Programme(p) => p == programme,
        NodeId::Commitment(c) => c.programme() == *programme,
    }
}

fn node(agenda: &Agenda, id: &NodeId, as_of: NaiveDate, done: &BTreeSet<&ProgrammeId>) -> Node {
    match id {
        NodeId::Commitment(c) => match agenda.commitment(c) {
            Some(c) => {
                let look = Look::of(c, as_of);
                let due = c
                    .due()
                    .map_or_else(|| "no deadline".to_owned(), |d| format!("due {d}"));
                Node {
                    id: id.clone(),
                    label: format!("{} — {}", look.word(), short(&c.title, 24)),
                    title: format!("{}: {} — {due}, {}", c.id, c.title, look.word()),
                    look: Some(look),
                }
            }
            None => Node {
                id: id.clone(),
                label: String::new(),
                title: id.to_string(),
                look: None,
            },
        },
        NodeId::Programme(p) => {
            let title = agenda.programme(p).map_or("", |p| p.title.as_str());
            let state = if done.contains(p) {
                "complete"
            } else {
                "not complete"
            };
            Node {
                id: id.clone(),
                label: short(title, 28),
                title: format!("programme {p}: {title} — {state}"),
                look: None,
            }
        }
    }
}

/// Longest-path layers over every edge;
/// a cycle is broken at the node with the fewest unplaced prerequisites.
fn layers(n: usize, edges: &[(usize, usize, &Dependency)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    // Related edges are placed too (prerequisite first), so that no edge
    // runs within a column.
    for &(u, v, _) in edges {
        if u == v {
            continue;
        }
        if let (Some(list), Some(deg)) = (out.get_mut(u), indegree.get_mut(v)) {
            list.push(v);
            *deg += 1;
        }
    }
    let mut layer = vec![0usize; n];
    let mut placed = vec![false; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indegree.get(v) == Some(&0)).collect();
    let mut count = 0;
    while count < n {
        let v = match queue.pop_front() {
            Some(v) => v,
            // A cycle: force the unplaced node waiting on the fewest.
            None => match (0..n)
                .filter(|&v| !placed.get(v).copied().unwrap_or(true))
                .min_by_key(|&v| indegree.get(v).copied().unwrap_or(0))
            {
                Some(v) => v,
                None => break,
            },
        };
        if placed.get(v).copied().unwrap_or(true) {
            continue;
        }
        if let Some(p) = placed.get_mut(v) {
            *p = true;
        }
        count += 1;
        let here = layer.get(v).copied().unwrap_or(0);
        for &w in out.get(v).map_or(&[][..], Vec::as_slice) {
            if placed.get(w).copied().unwrap_or(true) {
                continue;
            }
            if let Some(l) = layer.get_mut(w) {
                *l = (*l).max(here + 1);
            }
            if let Some(deg) = indegree.get_mut(w) {
                *deg = deg.saturating_sub(1);
                if *deg == 0 {
                    queue.push_back(w);
                }
            }
        }
    }
    layer
}

/// Orders each layer by the mean place of its neighbours, sweeping down
/// and up a few times, from an order by id.
#[allow(clippy::cast_precision_loss)]
fn order(
    layer: &[usize],
    nodes: &[Node],
    edges: &[(usize, usize, &Dependency)],
) -> Vec<Vec<usize>> {
    let depth = layer.iter().max().map_or(0, |m| m + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); depth];
    let mut by_id: Vec<usize> = (0..nodes.len()).collect();
    by_id.sort_by(|&a, &b| {
        let key = |i: usize| nodes.get(i).map(|n| n.id.as_str().to_owned());
        key(a).cmp(&key(b))
    });
    for v in by_id {
        if let Some(l) = layer.get(v).and_then(|&l| order.get_mut(l)) {
            l.push(v);
        }
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &(u, v, _) in edges {
        if let Some(list) = neighbours.get_mut(u) {
            list.push(v);
        }
        if let Some(list) = neighbours.get_mut(v) {
            list.push(u);
        }
    }
    let mut place = vec![0.0f64; nodes.len()];
    let set_places = |order: &Vec<Vec<usize>>, place: &mut Vec<f64>| {
        for l in order {
            for (i, &v) in l.iter().enumerate() {
                if let Some(p) = place.get_mut(v) {
                    *p = i as f64;
                }
            }
        }
    };
    set_places(&order, &mut place);
    for sweep in 0..6 {
        let layers: Vec<usize> = if sweep % 2 == 0 {
            (1..depth).collect()
        } else {
            (0..depth.saturating_sub(1)).rev().collect()
        };
        for l in layers {
            let Some(row) = order.get_mut(l) else {
                continue;
            };
            let mut keyed: Vec<(f64, usize)> = row
                .iter()
                .map(|&v| {
                    let near: Vec<f64> = neighbours
                        .get(v)
                        .map_or(&[][..], Vec::as_slice)
                        .iter()
                        .filter(|&&w| layer.get(w) != Some(&l))
                        .filter_map(|&w| place.get(w).copied())
                        .collect();
                    let own = place.get(v).copied().unwrap_or(0.0);
                    let key = if near.is_empty() {
                        own
                    } else {
                        near.iter().sum::<f64>() / near.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            *row = keyed.into_iter().map(|(_, v)| v).collect();
            set_places(&order, &mut place);
        }
    }
    order
}

fn layout<'a>(agenda: &'a Agenda, scope: &Scope, as_of: NaiveDate) -> Layout<'a> {
    let deps: Vec<&Dependency> = agenda
        .dependencies()
        .iter()
        .filter(|d| match scope {
            Scope::Whole => true,
            Scope::Programme(p) => touches(&d.prerequisite, p) || touches(&d.dependent, p),
        })
        .collect();
    let mut ids: BTreeSet<&NodeId> = BTreeSet::new();
    let own: Vec<NodeId> = match scope {
        Scope::Whole => Vec::new(),
        Scope::Programme(p) => agenda
            .commitments_of(p)
            .iter()
            .map(|c| NodeId::Commitment(c.id.clone()))
            .collect(),
    };
    ids.extend(own.iter());
    for d in &deps {
        ids.insert(&d.prerequisite);
        ids.insert(&d.dependent);
    }
    let progress = agenda.progress(as_of);
    let done: BTreeSet<&ProgrammeId> = progress.programmes_done.iter().copied().collect();
    let total = ids.len();
    let nodes: Vec<Node> = ids
        .into_iter()
        .take(MAX_NODES)
        .map(|id| node(agenda, id, as_of, &done))
        .collect();
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize, &Dependency)> = deps
        .into_iter()
        .filter_map(|d| {
            Some((
                *index.get(d.prerequisite.as_str())?,
                *index.get(d.dependent.as_str())?,
                d,
            ))
        })
        .collect();
    let layer = layers(nodes.len(), &edges);
    let order = order(&layer, &nodes, &edges);
    Layout {
        left_out: total - nodes.len(),
        nodes,
        edges,
        layer,
        order,
    }
}

/// The number of nodes the view of `scope` leaves out, beyond
/// [`MAX_NODES`].
pub fn left_out(agenda: &Agenda, scope: &Scope, as_of: NaiveDate) -> usize {
    layout(agenda, scope, as_of).left_out
}

const NODE_W: f64 = 200.0;
const NODE_H: f64 = 36.0;
const GAP_X: f64 = 70.0;
const GAP_Y: f64 = 16.0;
const TOP: f64 = 52.0;

/// The dependency view of `scope` as of `as_of`, an SVG whose ids start
/// with `prefix`.
#[allow(clippy::cast_precision_loss, clippy::too_many_lines)]
pub fn dependency_chart(agenda: &Agenda, scope: &Scope, as_of: NaiveDate, prefix: &str) -> Markup {
    let l = layout(agenda, scope, as_of);
    let tallest = l.order.iter().map(Vec::len).max().unwrap_or(0);
    let w = (l.order.len() as f64 * (NODE_W + GAP_X) - GAP_X + 100.0).max(700.0);
    let h = TOP + tallest as f64 * (NODE_H + GAP_Y) + 90.0;
    let mut at = vec![(0.0f64, 0.0f64); l.nodes.len()];
    for (li, row) in l.order.iter().enumerate() {
        let offset = (tallest - row.len()) as f64 * (NODE_H + GAP_Y) / 2.0;
        for (i, &v) in row.iter().enumerate() {
            if let Some(p) = at.get_mut(v) {
                *p = (
                    10.0 + li as f64 * (NODE_W + GAP_X),
                    TOP + offset + i as f64 * (NODE_H + GAP_Y),
                );
            }
        }
    }
    let pos = |v: usize| at.get(v).copied().unwrap_or((0.0, 0.0));
    let name = match scope {
        Scope::Whole => "the whole agenda".to_owned(),
        Scope::Programme(p) => {
            let title = agenda.programme(p).map_or("", |p| p.title.as_str());
            format!("programme {p} ({})", short(title, 50))
        }
    };
    let arrow = format!("url(#{prefix}-arrow)");
    // One "X demands" label per node and demander.
    let labelled = std::cell::RefCell::new(BTreeSet::new());
    let first_label = |u: usize, who: &str| labelled.borrow_mut().insert((u, who.to_owned()));
    html! {
        svg class="chart" id=(prefix) role="img" viewBox=(format!("0 0 {} {}", num(w), num(h))) width=(num(w)) height=(num(h))
            font-family="system-ui, sans-serif" aria-labelledby=(format!("{prefix}-title")) data-chart="dependencies" {
            title id=(format!("{prefix}-title")) { "Dependencies of " (name) " as of " (as_of) }
            (look::patterns(prefix))
            rect width=(num(w)) height=(num(h)) fill="#ffffff" {}
            text x="10" y="20" font-size="16" font-weight="bold" { "Dependencies of " (name) ", as of " (as_of) }
            text x="10" y="37" font-size="12" fill="#495057" {
                "Left to right: what must be done first. Solid arrow: requires; dashed: a condition a state demands; dotted: related."
                @if l.left_out > 0 { " " (l.left_out) " more nodes are not drawn." }
            }
            g class="edges" fill="none" {
                @for (u, v, d) in &l.edges {
                    @let ((ux, uy), (vx, vy)) = (pos(*u), pos(*v));
                    @let forward = l.layer.get(*v) > l.layer.get(*u);
                    @let path = if forward {
                        let (x1, y1, x2, y2) = (ux + NODE_W, uy + NODE_H / 2.0, vx, vy + NODE_H / 2.0);
                        let mid = f64::midpoint(x1, x2);
                        format!("M{},{} C{},{} {},{} {},{}", num(x1), num(y1), num(mid), num(y1), num(mid), num(y2), num(x2), num(y2))
                    } else {
                        let (x1, y1, x2, y2) = (ux + NODE_W / 2.0, uy + NODE_H, vx + NODE_W / 2.0, vy + NODE_H);
                        let dip = y1.max(y2) + 28.0;
                        format!("M{},{} C{},{} {},{} {},{}", num(x1), num(y1), num(x1), num(dip), num(x2), num(dip), num(x2), num(y2))
                    };
                    @match &d.kind {
                        DependencyKind::Requires => {
                            path d=(path) stroke="#343a40" stroke-width="1.4" marker-end=(arrow) {
                                title { (d.prerequisite) " must be done before " (d.dependent) }
                            }
                        }
                        DependencyKind::ConditionalOn { demanded_by } => {
                            path d=(path) stroke="#862e9c" stroke-width="1.6" stroke-dasharray="7 4" marker-end=(arrow) {
                                title { (demanded_by) " demands " (d.prerequisite) " before " (d.dependent) }
                            }
                            @if first_label(*u, &demanded_by.to_string()) {
                                text x=(num(ux + NODE_W + 4.0)) y=(num(uy + NODE_H / 2.0 - 4.0))
                                    font-size="10" fill="#862e9c" { (demanded_by) " demands" }
                            }
                        }
                        DependencyKind::Related => {
                            path d=(path) stroke="#868e96" stroke-width="1.2" stroke-dasharray="1.5 3" {
                                title { (d.prerequisite) " is related to " (d.dependent) }
                            }
                        }
                    }
                }
            }
            g class="nodes" {
                @for (i, n) in l.nodes.iter().enumerate() {
                    @let (x, y) = pos(i);
                    g class="node" data-node=(n.id.as_str()) {
                        title { (n.title) }
                        @match n.look {
                            Some(look) => {
                                rect x=(num(x)) y=(num(y)) width=(NODE_W) height=(NODE_H) rx="3"
                                    fill=(look.fill(prefix)) stroke="#212529" {}
                                rect x=(num(x + 12.0)) y=(num(y + 2.0)) width=(NODE_W - 14.0) height=(NODE_H - 4.0) fill="#ffffff" {}
                                text x=(num(x + 16.0)) y=(num(y + 14.0)) font-size="11" font-weight="bold" {
                                    (short(n.id.as_str(), 28))
                                }
                            }
                            None => {
                                rect x=(num(x)) y=(num(y)) width=(NODE_W) height=(NODE_H) rx="12"
                                    fill="#e7f5ff" stroke="#1864ab" stroke-width="2.5" {}
                                text x=(num(x + 16.0)) y=(num(y + 14.0)) font-size="11" font-weight="bold" {
                                    "programme " (n.id.as_str())
                                }
                            }
                        }
                        text x=(num(x + 16.0)) y=(num(y + 29.5)) font-size="10" { (n.label) }
                    }
                }
            }
            (look::legend(prefix, 10.0, h - 50.0))
            g font-size="11" fill="#212529" {
                rect x="10" y=(num(h - 26.0)) width="22" height="14" rx="6" fill="#e7f5ff" stroke="#1864ab" stroke-width="2" {}
                text x="38" y=(num(h - 15.0)) { "a whole programme (its commitments as one step)" }
            }
        }
    }
}
