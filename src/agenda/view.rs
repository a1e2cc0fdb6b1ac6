//! A read-only petgraph view of an agenda's dependencies, for callers who
//! want their own graph algorithms.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

use super::{Agenda, Follow};
use crate::dependency::{Dependency, DependencyKind};
use crate::ids::NodeId;

impl Agenda {
    /// The agenda's dependencies as a petgraph graph, built on demand: one
    /// node per programme and per commitment (weight: its id; programmes
    /// first, then commitments, each in id order), one edge per dependency
    /// of the kinds `follow` allows, from prerequisite to dependent (weight:
    /// the dependency), in the agenda's dependency order.
    ///
    /// The view is the data as declared. A programme is one node, so an
    /// edge into or out of it stands for all of its commitments, as the
    /// crate's own queries read it; membership (which commitment belongs to
    /// which programme) is in the ids, not in edges, so a cycle that the
    /// crate finds through a programme may need that reading to be seen
    /// here. The graph is a copy: changing it changes nothing in the
    /// agenda. O(V + E).
    ///
    /// # Example: petgraph's own algorithms on the dataset
    ///
    /// ```
    /// use union_state::Follow;
    /// use union_state::petgraph::algo::{is_cyclic_directed, tarjan_scc};
    /// let agenda = union_state::dataset();
    /// // Requires dependencies never form a cycle ...
    /// let requires = agenda.dependency_graph(Follow::REQUIRES);
    /// assert!(!is_cyclic_directed(&requires));
    /// // ... conditions do: the 2019 stalemate is a strongly connected
    /// // component of the declared conditions.
    /// let all = agenda.dependency_graph(Follow::REQUIRES_AND_CONDITIONS);
    /// let stalemate = tarjan_scc(&all).into_iter().find(|c| c.len() > 1).unwrap();
    /// let ids: Vec<&str> = stalemate.iter().map(|&n| all[n].as_str()).collect();
    /// assert!(ids.iter().any(|id| id.starts_with("UP16")));
    /// ```
    pub fn dependency_graph(&self, follow: Follow) -> DiGraph<NodeId, &Dependency> {
        let mut graph = DiGraph::with_capacity(
            self.programmes.len() + self.commitments.len(),
            self.dependencies.len(),
        );
        // Node i is programme i, node P + j commitment j: keyed by the
        // agenda's own id text.
        let mut index: HashMap<&str, NodeIndex> =
            HashMap::with_capacity(self.programmes.len() + self.commitments.len());
        for p in &self.programmes {
            index.insert(
                p.id.as_str(),
                graph.add_node(NodeId::Programme(p.id.clone())),
            );
        }
        for c in &self.commitments {
            index.insert(
                c.id.as_str(),
                graph.add_node(NodeId::Commitment(c.id.clone())),
            );
        }
        for d in &self.dependencies {
            let allowed = match d.kind {
                DependencyKind::Requires => follow.requires,
                DependencyKind::ConditionalOn { .. } => follow.conditions,
                DependencyKind::Related => follow.related,
            };
            if !allowed {
                continue;
            }
            if let (Some(&a), Some(&b)) = (
                index.get(d.prerequisite.as_str()),
                index.get(d.dependent.as_str()),
            ) {
                graph.add_edge(a, b, d);
            }
        }
        graph
    }
}
