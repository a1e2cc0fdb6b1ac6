//! Iterative graph algorithms over plain `usize` nodes: strongly connected
//! components (Tarjan's algorithm without recursion, so a chain of a million
//! nodes cannot overflow the stack) and a shortest cycle through a node.

use std::collections::{HashMap, VecDeque};

/// The strongly connected components of more than one node among the nodes
/// `0..n` for which `include` holds, following `successors`. Each component
/// lists its nodes in ascending order; components come in reverse
/// topological order. A node alone in its component is left out (with or
/// without a self-loop), and costs no allocation. O(V + E) plus sorting
/// each component, iterative.
pub(crate) fn strongly_connected<F, I>(
    n: usize,
    successors: F,
    include: impl Fn(usize) -> bool,
) -> Vec<Vec<usize>>
where
    F: Fn(usize) -> I,
    I: IntoIterator<Item = usize>,
{
    const UNVISITED: usize = usize::MAX;
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut next = 0usize;
    let mut frames: Vec<(usize, I::IntoIter)> = Vec::new();

    for root in 0..n {
        if !include(root) || index.get(root) != Some(&UNVISITED) {
            continue;
        }
        visit(
            root,
            &mut next,
            &mut index,
            &mut low,
            &mut on_stack,
            &mut stack,
        );
        frames.push((root, successors(root).into_iter()));
        while let Some((v, iter)) = frames.last_mut() {
            let v = *v;
            if let Some(w) = iter.next() {
                if w >= n || !include(w) {
                    continue;
                }
                if index.get(w) == Some(&UNVISITED) {
                    visit(
                        w,
                        &mut next,
                        &mut index,
                        &mut low,
                        &mut on_stack,
                        &mut stack,
                    );
                    frames.push((w, successors(w).into_iter()));
                } else if on_stack.get(w).copied().unwrap_or(false) {
                    let wi = index.get(w).copied().unwrap_or(UNVISITED);
                    if let Some(lv) = low.get_mut(v) {
                        *lv = (*lv).min(wi);
                    }
                }
                continue;
            }
            frames.pop();
            let lv = low.get(v).copied().unwrap_or(0);
            if let Some((parent, _)) = frames.last() {
                if let Some(lp) = low.get_mut(*parent) {
                    *lp = (*lp).min(lv);
                }
            }
            if Some(&lv) == index.get(v) {
                if stack.last() == Some(&v) {
                    // Alone in its component.
                    stack.pop();
                    if let Some(o) = on_stack.get_mut(v) {
                        *o = false;
                    }
                    continue;
                }
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    if let Some(o) = on_stack.get_mut(w) {
                        *o = false;
                    }
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// [`strongly_connected`] over the nodes reachable from `roots` (among
/// `0..n`) in a graph in compact adjacency: the successors of `v` are the
/// two lists `successors(v)`, one after the other (`None` counts as no
/// successors). Only components of more than one node, each sorted, in
/// reverse topological order.
///
/// A component reachable from a root lies wholly among the reachable
/// nodes, so it is found whole; with every node a root this is every
/// component. Pass fewer roots when every cycle is known to pass through
/// one of them: the walk then costs only what they reach.
///
/// The same iterative Tarjan, but with 4-byte node numbers and a frame of
/// (node, position in its lists, low link) instead of a stored iterator:
/// one array of `n` words (the DFS numbers; a node's low link is only
/// needed while it is on the DFS path, so it lives in its frame), the
/// stack and the frames, and no allocation for a node alone in its
/// component. Each frame's lists are looked up once per visit of the
/// frame, not once per arc, and the arcs to nodes already visited are run
/// through in a tight loop. O(V + E) plus sorting each component.
pub(crate) fn strongly_connected_compact<'g, F>(
    n: usize,
    roots: impl IntoIterator<Item = usize>,
    successors: F,
) -> Vec<Vec<usize>>
where
    F: Fn(usize) -> Option<(&'g [u32], &'g [u32])>,
{
    strongly_connected_compact_within(n, roots, successors, |_| true)
}

/// [`strongly_connected_compact`] in the subgraph of the nodes for which
/// `include` holds: arcs to other nodes are not followed (roots should be
/// included nodes).
pub(crate) fn strongly_connected_compact_within<'g, F>(
    n: usize,
    roots: impl IntoIterator<Item = usize>,
    successors: F,
    include: impl Fn(usize) -> bool,
) -> Vec<Vec<usize>>
where
    F: Fn(usize) -> Option<(&'g [u32], &'g [u32])>,
{
    // `index[v]`: 0 unvisited, `DONE` once in a component, else its DFS
    // number; a visited node not `DONE` is on the Tarjan stack.
    const NEW: u32 = 0;
    const DONE: u32 = u32::MAX;
    let mut index = vec![NEW; n];
    let mut stack: Vec<u32> = Vec::new();
    // (node, next position in its lists, low link).
    let mut frames: Vec<(u32, u32, u32)> = Vec::new();
    let mut components = Vec::new();
    let mut next = 1u32;
    let as_u32 = |v: usize| u32::try_from(v).unwrap_or(DONE);
    // Numbers `v`, puts it on the stack and returns its number.
    let mut enter = |v: u32, index: &mut [u32], stack: &mut Vec<u32>| {
        let number = next;
        if let Some(i) = index.get_mut(v as usize) {
            *i = number;
        }
        next = next.saturating_add(1).min(DONE - 1);
        stack.push(v);
        number
    };
    for root in roots {
        if index.get(root) != Some(&NEW) {
            continue;
        }
        let root = as_u32(root);
        let number = enter(root, &mut index, &mut stack);
        frames.push((root, 0, number));
        while let Some(top) = frames.last_mut() {
            let (v, pos, mut low) = *top;
            let (first, second) = successors(v as usize).unwrap_or((&[], &[]));
            let mut p = pos as usize;
            let mut descend = None;
            while let Some(&w) = first
                .get(p)
                .or_else(|| p.checked_sub(first.len()).and_then(|q| second.get(q)))
            {
                p += 1;
                if !include(w as usize) {
                    continue;
                }
                match index.get(w as usize).copied() {
                    Some(NEW) => {
                        descend = Some(w);
                        break;
                    }
                    Some(DONE) | None => {}
                    Some(iw) => low = low.min(iw),
                }
            }
            top.1 = u32::try_from(p).unwrap_or(DONE);
            top.2 = low;
            if let Some(w) = descend {
                let number = enter(w, &mut index, &mut stack);
                frames.push((w, 0, number));
                continue;
            }
            frames.pop();
            if let Some(parent) = frames.last_mut() {
                parent.2 = parent.2.min(low);
            }
            if index.get(v as usize) != Some(&low) {
                continue;
            }
            if stack.last() == Some(&v) {
                // Alone in its component.
                stack.pop();
                if let Some(i) = index.get_mut(v as usize) {
                    *i = DONE;
                }
                continue;
            }
            let mut component = Vec::new();
            while let Some(w) = stack.pop() {
                if let Some(i) = index.get_mut(w as usize) {
                    *i = DONE;
                }
                component.push(w as usize);
                if w == v {
                    break;
                }
            }
            component.sort_unstable();
            components.push(component);
        }
    }
    components
}

fn visit(
    v: usize,
    next: &mut usize,
    index: &mut [usize],
    low: &mut [usize],
    on_stack: &mut [bool],
    stack: &mut Vec<usize>,
) {
    if let Some(i) = index.get_mut(v) {
        *i = *next;
    }
    if let Some(l) = low.get_mut(v) {
        *l = *next;
    }
    *next += 1;
    if let Some(o) = on_stack.get_mut(v) {
        *o = true;
    }
    stack.push(v);
}

/// A shortest cycle through the smallest node of `component`, staying inside
/// it, as the nodes in edge order (the first node is not repeated at the
/// end). `None` if there is none (a single node without a self-loop).
pub(crate) fn cycle_in<F, I>(component: &[usize], successors: F) -> Option<Vec<usize>>
where
    F: Fn(usize) -> I,
    I: IntoIterator<Item = usize>,
{
    let &start = component.first()?;
    let inside = |v: usize| component.binary_search(&v).is_ok();
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        let mut next: Vec<usize> = successors(v).into_iter().filter(|&w| inside(w)).collect();
        next.sort_unstable();
        next.dedup();
        for w in next {
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = *parent.get(&at)?;
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            if w != start && !parent.contains_key(&w) {
                parent.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adj(edges: &[(usize, usize)]) -> impl Fn(usize) -> Vec<usize> + '_ {
        move |v| edges.iter().filter(|e| e.0 == v).map(|e| e.1).collect()
    }

    #[test]
    fn components_of_a_small_graph() {
        // 0 -> 1 -> 2 -> 0, 2 -> 3, 3 -> 4 -> 3, 5 alone
        let edges = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3)];
        let mut c = strongly_connected(6, adj(&edges), |_| true);
        c.sort();
        // The lone node 5 is left out.
        assert_eq!(c, vec![vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn compact_components_match_the_generic_ones() {
        // 0 -> 1 -> 2 -> 0 (the back arc in the second list), 2 -> 3,
        // 3 -> 4 -> 3, 5 alone, 6 -> 6 (a self-loop is alone too).
        let first: [&[u32]; 7] = [&[1], &[2], &[3], &[4], &[3], &[], &[6]];
        let second: [&[u32]; 7] = [&[], &[], &[0], &[], &[], &[], &[]];
        let mut c = strongly_connected_compact(7, 0..7, |v| {
            Some((first.get(v).copied()?, second.get(v).copied()?))
        });
        c.sort();
        assert_eq!(c, vec![vec![0, 1, 2], vec![3, 4]]);
        // The same graph through the generic version.
        let edges = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3), (6, 6)];
        let mut g = strongly_connected(7, adj(&edges), |_| true);
        g.sort();
        assert_eq!(c, g);
    }

    #[test]
    fn compact_long_chain_does_not_overflow() {
        let n: u32 = 200_000;
        let next: Vec<[u32; 1]> = (0..n).map(|v| [(v + 1) % n]).collect();
        let c = strongly_connected_compact(n as usize, 0..n as usize, |v| {
            next.get(v).map(|w| (&w[..], &[][..]))
        });
        assert_eq!(c.len(), 1);
        assert_eq!(c.first().map(Vec::len), Some(n as usize));
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let n = 200_000;
        let c = strongly_connected(
            n,
            |v| if v + 1 < n { vec![v + 1] } else { vec![0] },
            |_| true,
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c.first().map(Vec::len), Some(n));
    }

    #[test]
    fn shortest_cycle_through_smallest() {
        let edges = [(0, 1), (1, 2), (2, 0), (1, 0)];
        assert_eq!(cycle_in(&[0, 1, 2], adj(&edges)), Some(vec![0, 1]));
        assert_eq!(cycle_in(&[3], adj(&edges)), None);
    }
}
