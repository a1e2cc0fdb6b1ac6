//! Iterative graph algorithms over plain `usize` nodes: strongly connected
//! components (Tarjan's algorithm without recursion, so a chain of a million
//! nodes cannot overflow the stack) and a shortest cycle through a node.

use std::collections::{HashMap, VecDeque};

/// The strongly connected components among the nodes `0..n` for which
/// `include` holds, following `successors`. Each component lists its nodes
/// in ascending order; components come in reverse topological order.
/// O(V + E), iterative.
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
        assert_eq!(c, vec![vec![0, 1, 2], vec![3, 4], vec![5]]);
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
