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
    /// dependency and is otherwise earliest-deadline-first: at each step the
    /// next commitment is, among those whose prerequisites are all already
    /// listed, the one with the earliest deadline (the last day its wording
    /// allows; undated last), ties broken by id.
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
        let mut gates: Vec<usize> = Vec::new();
        let mut heap = BinaryHeap::new();
        let release = |i: usize, gates: &mut Vec<usize>, heap: &mut BinaryHeap<_>| match g
            .decode(NodeIndex::new(i))
        {
            Node::Commitment(c) => heap.push(Reverse((deadline_key(self, c), c))),
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
