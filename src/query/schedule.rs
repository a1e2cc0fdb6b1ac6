//! What is due, in which order.

use std::borrow::Cow;

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::Agenda;
use crate::agenda::Follow;
use crate::commitment::Commitment;
use crate::query::deadline_key;

impl Agenda {
    /// Every commitment in an order that respects every *requires*
    /// dependency and is otherwise earliest-effective-deadline-first: at
    /// each step the next commitment is, among those whose prerequisites
    /// are all already listed, the one with the earliest *effective*
    /// deadline, ties broken by its own deadline, then by id.
    ///
    /// A commitment's effective deadline is the earliest last-allowed day
    /// among its own deadline and the deadlines of everything that
    /// transitively requires it ([`Agenda::latest_dates`]); undated when
    /// none of them is dated, and undated ones go last. So an undated stage
    /// that a 2025 deadline depends on comes before a commitment due in
    /// 2027. This is the classic deadline modification under which
    /// earliest-deadline-first minimises the maximum lateness of
    /// precedence-constrained work (Lawler 1973); with the raw deadlines it
    /// does not.
    ///
    /// O((V + E) log V).
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let order: Vec<&str> = agenda.schedule().iter().map(|c| c.id.as_str()).collect();
    /// let at = |id| order.iter().position(|&x| x == id).unwrap();
    /// assert!(at("UP16.principles") < at("UP16.addendum"));
    /// ```
    pub fn schedule(&self) -> Vec<&Commitment> {
        let g = &self.graph;
        let n = g.node_count();
        let commitments = self.commitments.len();
        let (offsets, targets) = requires_out(self);
        let successors = |v: usize| -> &[u32] {
            let (Some(&a), Some(&b)) = (offsets.get(v), offsets.get(v + 1)) else {
                return &[];
            };
            targets.get(a as usize..b as usize).unwrap_or(&[])
        };
        let mut indegree = vec![0u32; n];
        for &m in targets.iter() {
            if let Some(d) = indegree.get_mut(m as usize) {
                *d += 1;
            }
        }
        // Effective deadlines as day numbers by node (`UNDATED` when none
        // is dated): the least last-allowed day of a node and of everything
        // it reaches, as [`Agenda::latest_dates`] finds it, in one pass
        // backwards over the topological order the build kept (any
        // topological order gives the same least days).
        let mut effective: Vec<i32> = vec![UNDATED; n];
        if let Some(topo) = g.requires_order() {
            for &v in topo.iter().rev() {
                let v = v.index();
                let own = self.last_day.get(v).copied().flatten();
                let mut best = own.unwrap_or(UNDATED);
                for &w in successors(v) {
                    best = best.min(effective.get(w as usize).copied().unwrap_or(UNDATED));
                }
                if let Some(slot) = effective.get_mut(v) {
                    *slot = best;
                }
            }
        }
        // Every commitment's place in the order of (undated, effective
        // deadline, deadline rank, index), sorted once: the first two and
        // the rank in one number (the day with its sign bit flipped sorts as
        // the day does, and no day, at most about 10^8, reaches `UNDATED`,
        // so undated ones go last). Then the free commitments are a set of
        // places, and the next one is the least: a bitmap tree, not a heap
        // of keys.
        let mut keyed: Vec<(u64, u32)> = (0..commitments)
            .map(|c| {
                let e = effective.get(c).copied().unwrap_or(UNDATED);
                #[allow(clippy::cast_sign_loss)]
                let day = (e as u32) ^ 0x8000_0000;
                let key = (u64::from(day) << 32) | u64::from(deadline_key(self, c));
                (key, u32::try_from(c).unwrap_or(u32::MAX))
            })
            .collect();
        keyed.sort_unstable();
        let mut place = vec![0u32; commitments];
        for (p, &(_, c)) in keyed.iter().enumerate() {
            if let Some(slot) = place.get_mut(c as usize) {
                *slot = u32::try_from(p).unwrap_or(u32::MAX);
            }
        }
        let mut free = MinSet::new(commitments);
        let mut gates: Vec<usize> = Vec::new();
        let release = |i: usize, gates: &mut Vec<usize>, free: &mut MinSet| {
            if i < commitments {
                free.insert(place.get(i).copied().unwrap_or(0) as usize);
            } else {
                gates.push(i);
            }
        };
        for i in 0..n {
            if indegree.get(i) == Some(&0) {
                release(i, &mut gates, &mut free);
            }
        }
        let mut order = Vec::with_capacity(commitments);
        loop {
            let next = if let Some(gate) = gates.pop() {
                gate
            } else if let Some(p) = free.pop_min() {
                let Some(&(_, c)) = keyed.get(p) else { break };
                if let Some(commitment) = self.commitments.get(c as usize) {
                    order.push(commitment);
                }
                g.commitment(c as usize).index()
            } else {
                break;
            };
            for &m in successors(next) {
                if let Some(d) = indegree.get_mut(m as usize) {
                    *d -= 1;
                    if *d == 0 {
                        release(m as usize, &mut gates, &mut free);
                    }
                }
            }
        }
        order
    }
}

/// An undated effective deadline, in [`Agenda::schedule`]'s day numbers.
const UNDATED: i32 = i32::MAX;

/// The outgoing *requires* and membership adjacency as `(offsets,
/// targets)`: the build's compact arrays, or (not reached: the build makes
/// them) the same arrays made now.
fn requires_out(agenda: &Agenda) -> (Cow<'_, [u32]>, Cow<'_, [u32]>) {
    let g = &agenda.graph;
    if let Some((offsets, targets)) = g.requires_arrays(Direction::Outgoing) {
        return (Cow::Borrowed(offsets), Cow::Borrowed(targets));
    }
    let mut offsets = vec![0u32];
    let mut targets = Vec::new();
    for v in 0..g.node_count() {
        for w in g.neighbours(NodeIndex::new(v), Direction::Outgoing, Follow::REQUIRES) {
            targets.push(u32::try_from(w.index()).unwrap_or(u32::MAX));
        }
        offsets.push(u32::try_from(targets.len()).unwrap_or(u32::MAX));
    }
    (Cow::Owned(offsets), Cow::Owned(targets))
}

/// A set of numbers below a bound, as a tree of bitmaps (each bit of a
/// level says whether its word of the level below has a bit set), with the
/// least member found and removed in a few word operations per level:
/// `log64` of the bound.
struct MinSet {
    /// The bottom level first; the last holds one word.
    levels: Vec<Vec<u64>>,
    bound: usize,
}

impl MinSet {
    /// An empty set of numbers below `bound`.
    fn new(bound: usize) -> MinSet {
        let mut levels = Vec::new();
        let mut words = bound.div_ceil(64).max(1);
        loop {
            levels.push(vec![0u64; words]);
            if words == 1 {
                break;
            }
            words = words.div_ceil(64);
        }
        MinSet { levels, bound }
    }

    /// Adds `i` (ignored past the bound).
    fn insert(&mut self, mut i: usize) {
        if i >= self.bound {
            return;
        }
        for level in &mut self.levels {
            let Some(word) = level.get_mut(i / 64) else {
                return;
            };
            let was = *word;
            *word |= 1u64 << (i % 64);
            if was != 0 {
                // The levels above already mark this word.
                return;
            }
            i /= 64;
        }
    }

    /// Removes and returns the least member.
    fn pop_min(&mut self) -> Option<usize> {
        let mut i = 0usize;
        for level in self.levels.iter().rev() {
            let word = level.get(i).copied().unwrap_or(0);
            if word == 0 {
                return None;
            }
            i = i * 64 + word.trailing_zeros() as usize;
        }
        let found = i;
        for level in &mut self.levels {
            let Some(word) = level.get_mut(i / 64) else {
                break;
            };
            *word &= !(1u64 << (i % 64));
            if *word != 0 {
                break;
            }
            i /= 64;
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::MinSet;
    use std::collections::BTreeSet;

    #[test]
    fn the_bitmap_tree_pops_what_a_sorted_set_pops() {
        // Bounds of one, two, three and four levels (64, 64², 64³ bits),
        // and their edges; members inserted in a scrambled order, pops
        // interleaved with inserts, against a `BTreeSet`.
        for bound in [1usize, 63, 64, 65, 4_095, 4_096, 4_097, 300_000] {
            let mut set = MinSet::new(bound);
            let mut reference = BTreeSet::new();
            let mut x = 12_345usize;
            for step in 0..3 * bound.min(20_000) {
                x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
                if step % 3 == 2 {
                    assert_eq!(set.pop_min(), reference.pop_first(), "{bound}");
                } else {
                    let i = x % bound;
                    set.insert(i);
                    reference.insert(i);
                }
            }
            // The extremes, then everything out in order.
            set.insert(0);
            reference.insert(0);
            set.insert(bound - 1);
            reference.insert(bound - 1);
            // Past the bound: ignored.
            set.insert(bound);
            while let Some(least) = reference.pop_first() {
                assert_eq!(set.pop_min(), Some(least), "{bound}");
            }
            assert_eq!(set.pop_min(), None, "{bound}");
        }
    }
}
