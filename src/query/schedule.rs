//! What is due, in which order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::Agenda;
use crate::agenda::Follow;
use crate::agenda::graph::Node;
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
        let follow = Follow::REQUIRES;
        let mut indegree = vec![0u32; n];
        for i in 0..n {
            for m in g.neighbours(NodeIndex::new(i), Direction::Outgoing, follow) {
                if let Some(d) = indegree.get_mut(m.index()) {
                    *d += 1;
                }
            }
        }
        // Effective deadlines, by commitment index (the latest dates are in
        // id order, which is index order).
        let effective: Vec<Option<chrono::NaiveDate>> =
            self.latest_dates().iter().map(|l| l.latest).collect();
        let key = |c: usize| {
            let e = effective.get(c).copied().flatten();
            (e.is_none(), e, deadline_key(self, c))
        };
        let mut gates: Vec<usize> = Vec::new();
        let mut heap = BinaryHeap::new();
        let release = |i: usize, gates: &mut Vec<usize>, heap: &mut BinaryHeap<_>| match g
            .decode(NodeIndex::new(i))
        {
            Node::Commitment(c) => heap.push(Reverse((key(c), c))),
            Node::Start(_) | Node::Done(_) => gates.push(i),
        };
        for i in 0..n {
            if indegree.get(i) == Some(&0) {
                release(i, &mut gates, &mut heap);
            }
        }
        let mut order = Vec::with_capacity(self.commitments.len());
        loop {
            let next = if let Some(gate) = gates.pop() {
                gate
            } else if let Some(Reverse((_, c))) = heap.pop() {
                if let Some(commitment) = self.commitments.get(c) {
                    order.push(commitment);
                }
                g.commitment(c).index()
            } else {
                break;
            };
            for m in g.neighbours(NodeIndex::new(next), Direction::Outgoing, follow) {
                if let Some(d) = indegree.get_mut(m.index()) {
                    *d -= 1;
                    if *d == 0 {
                        release(m.index(), &mut gates, &mut heap);
                    }
                }
            }
        }
        order
    }
}
