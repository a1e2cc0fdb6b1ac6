//! Output bounds of the deadline-conflict scan, the programme-gate walk and
//! the Mermaid Gantt chart on generated inputs of growing size, and the
//! conflict records against hand-worked answers and a brute-force
//! expansion of dependencies into commitment pairs through milestones
//! (programmes without commitments).
//!
//! Cost is bounded by counting output (records and bytes), never by time.

use union_state::export::*;
use union_state::query::*;
use union_state::*;

// ------------------------------------------------------------ building

fn st(code: &str) -> StateCode {
    code.parse().unwrap()
}

/// A small agenda builder: states BY and RU, programmes by name (empty
/// ones allowed), commitments with optional deadlines, *requires*
/// dependencies between any two node ids.
struct Gen {
    b: AgendaBuilder,
}

impl Gen {
    fn new() -> Gen {
        let mut b = AgendaBuilder::new();
        for (code, name) in [("BY", "Belarus"), ("RU", "Russia")] {
            b.add_state(State::new(st(code), name));
        }
        Gen { b }
    }

    fn programme(&mut self, id: &str) -> &mut Self {
        let mut p = Programme::new(
            id.parse().unwrap(),
            format!("programme {id}"),
            "s".parse().unwrap(),
            IntegrationMode::Harmonisation,
        );
        p.states = vec![st("BY"), st("RU")];
        self.b.add_programme(p);
        self
    }

    fn commitment(&mut self, id: &str, due: Option<&str>) -> &mut Self {
        let acting = if id.len() % 2 == 0 {
            Actors::State(st("BY"))
        } else {
            Actors::Joint(vec![st("BY"), st("RU")])
        };
        let mut c = Commitment::new(id.parse().unwrap(), format!("do {id}"), acting);
        if let Some(d) = due {
            c = c.with_deadline(d.parse().unwrap());
        }
        self.b.add_commitment(c);
        self
    }

    fn requires(&mut self, prerequisite: &str, dependent: &str) -> &mut Self {
        self.b.add_dependency(Dependency::new(
            prerequisite.parse::<NodeId>().unwrap(),
            dependent.parse::<NodeId>().unwrap(),
            DependencyKind::Requires,
        ));
        self
    }

    fn build(&mut self) -> Agenda {
        std::mem::take(&mut self.b).build().unwrap()
    }
}

/// Programme `P` of `n` commitments due 2025-2030 required by programme
/// `Q` of `n` commitments due 2020-2026: one programme-level dependency
/// whose pairs mostly conflict.
fn programme_pair(n: usize) -> Agenda {
    let mut g = Gen::new();
    g.programme("P").programme("Q");
    for i in 0..n {
        g.commitment(&format!("P.p{i:05}"), Some(&format!("{}", 2025 + i % 6)));
        g.commitment(
            &format!("Q.q{i:05}"),
            Some(&format!("{}-{:02}", 2020 + i % 7, 1 + i % 12)),
        );
    }
    g.requires("P", "Q");
    g.build()
}

/// `A.x` (due 2030) -> `E00001` -> ... -> `E<n>` -> `B.y` (due 2020): a
/// chain of `n` milestones carrying one conflict.
fn milestone_chain(n: usize) -> Agenda {
    let mut g = Gen::new();
    g.programme("A").programme("B");
    g.commitment("A.x", Some("2030"))
        .commitment("B.y", Some("2020"));
    for i in 1..=n {
        g.programme(&format!("E{i:05}"));
    }
    g.requires("A.x", "E00001");
    for i in 1..n {
        g.requires(&format!("E{i:05}"), &format!("E{:05}", i + 1));
    }
    g.requires(&format!("E{n:05}"), "B.y");
    g.build()
}

/// A chain of `n` milestones with a late commitment `A<i>.x` leading into
/// each and an early one `B<i>.y` leaving each: every `A<i>.x` must come
/// before every `B<j>.y` with `j >= i`, about `n * n / 2` conflicting
/// pairs through `3n - 1` dependencies.
fn milestone_ladder(n: usize) -> Agenda {
    let mut g = Gen::new();
    for i in 0..n {
        let (late, early, mid) = (format!("A{i:05}"), format!("B{i:05}"), format!("E{i:05}"));
        g.programme(&late).programme(&early).programme(&mid);
        g.commitment(&format!("{late}.x"), Some(&format!("{}", 2030 - i % 3)));
        g.commitment(&format!("{early}.y"), Some(&format!("{}", 2020 + i % 3)));
        g.requires(&format!("{late}.x"), &mid);
        g.requires(&mid, &format!("{early}.y"));
        if i + 1 < n {
            g.requires(&mid, &format!("E{:05}", i + 1));
        }
    }
    g.build()
}

/// Records and bytes of a conflict report, one line per record.
fn report_size(agenda: &Agenda) -> (usize, usize) {
    let conflicts = agenda.deadline_conflicts();
    let bytes = conflicts
        .iter()
        .map(|c| format!("{} {} {}\n", c.prerequisite.id, c.dependent.id, c.days).len())
        .sum();
    (conflicts.len(), bytes)
}

/// Doubling the input at most doubles the output, with a little slack.
#[track_caller]
fn at_most_doubles(small: (usize, usize), large: (usize, usize)) {
    assert!(small.0 > 0, "no records at all: {small:?}");
    assert!(
        large.0 <= 2 * small.0 + 2 && large.1 <= 2 * small.1 + 64,
        "records and bytes grew from {small:?} to {large:?}"
    );
}

// -------------------------------------------------------------- bounds

#[test]
fn a_programme_dependency_is_reported_in_space_proportional_to_the_input() {
    let sizes: Vec<(usize, usize)> = [20, 40, 80]
        .iter()
        .map(|&n| report_size(&programme_pair(n)))
        .collect();
    for w in sizes.windows(2) {
        at_most_doubles(w[0], w[1]);
    }
    // One dependency, at most a handful of records whatever `n` is.
    assert!(sizes[2].0 <= 2, "{sizes:?}");
}

#[test]
fn conflicts_through_milestones_are_reported_in_space_proportional_to_the_input() {
    let sizes: Vec<(usize, usize)> = [16, 32, 64]
        .iter()
        .map(|&n| report_size(&milestone_ladder(n)))
        .collect();
    for w in sizes.windows(2) {
        at_most_doubles(w[0], w[1]);
    }
    let chain: Vec<(usize, usize)> = [16, 32, 64]
        .iter()
        .map(|&n| report_size(&milestone_chain(n)))
        .collect();
    for w in chain.windows(2) {
        at_most_doubles(w[0], w[1]);
    }
}

/// Programmes `G00000` ... each holding two commitments with deadlines in
/// 2022-2029, acted on by BY or jointly.
fn many_programmes(n: usize) -> Agenda {
    let mut g = Gen::new();
    for i in 0..n {
        let p = format!("G{i:05}");
        g.programme(&p);
        g.commitment(
            &format!("{p}.a"),
            Some(&format!("{}-{:02}", 2022 + i % 8, 1 + i % 12)),
        );
        g.commitment(&format!("{p}.bb"), Some(&format!("{}", 2029 - i % 8)));
    }
    g.build()
}

#[test]
fn the_gantt_chart_grows_with_the_programmes_and_no_faster() {
    let size = |n: usize| {
        let a = many_programmes(n);
        let mut by_state = GanttOptions::new("by state");
        by_state.grouping = GanttGrouping::State;
        let chart = a.to_mermaid_gantt(&GanttOptions::new("all"));
        // A section line and two task lines per programme, four header lines.
        assert_eq!(chart.lines().count(), 4 + 3 * n);
        let states = a.to_mermaid_gantt(&by_state);
        // BY acts on every commitment (`.a` jointly, `.bb` alone), RU on the `.a`.
        assert_eq!(states.lines().count(), 4 + 2 + 3 * n);
        (chart.lines().count(), chart.len() + states.len())
    };
    let sizes: Vec<(usize, usize)> = [50, 100, 200].into_iter().map(size).collect();
    for w in sizes.windows(2) {
        at_most_doubles(w[0], w[1]);
    }
}

// ---------------------------------------------- hand-worked answers

fn ids(c: &DeadlineConflict<'_>) -> (String, String, String, String) {
    (
        c.dependency.prerequisite.to_string(),
        c.dependency.dependent.to_string(),
        c.prerequisite.id.to_string(),
        c.dependent.id.to_string(),
    )
}

#[test]
fn a_programme_dependency_reports_its_worst_pair_and_counts() {
    // Q requires P. P.a is due last (31 Dec 2030), Q.a first (31 Dec
    // 2022): 8 years with two leap days, 2,922 days. P.a and P.b are due
    // after Q.a; Q.a and Q.b before P.a; P.c, P.d (undated) and Q.c take
    // no part.
    let mut g = Gen::new();
    g.programme("P").programme("Q");
    g.commitment("P.a", Some("2030"))
        .commitment("P.b", Some("2024-06"))
        .commitment("P.c", Some("2021-03-15"))
        .commitment("P.d", None)
        .commitment("Q.a", Some("2022"))
        .commitment("Q.b", Some("2024-Q1"))
        .commitment("Q.c", Some("2031"));
    g.requires("P", "Q");
    let a = g.build();
    let c = a.deadline_conflicts();
    assert_eq!(c.len(), 1);
    assert_eq!(
        ids(&c[0]),
        ("P".into(), "Q".into(), "P.a".into(), "Q.a".into())
    );
    assert_eq!(c[0].days, 2_922);
    assert_eq!((c[0].late_prerequisites, c[0].early_dependents), (2, 2));
    assert_eq!(c[0].dependency, &a.dependencies()[0]);
}

#[test]
fn a_conflict_through_milestones_shows_on_the_dependencies_into_and_out_of_them() {
    // A.x (30 Jun 2025) -> E -> F -> B, where B.y is due 31 Dec 2024: 181
    // days. C.w (2023) -> E is in time. E -> F joins two milestones and is
    // not reported on its own. B.z (2026) takes no part.
    let mut g = Gen::new();
    for p in ["A", "B", "C", "E", "F"] {
        g.programme(p);
    }
    g.commitment("A.x", Some("2025-06"))
        .commitment("B.y", Some("2024"))
        .commitment("B.z", Some("2026"))
        .commitment("C.w", Some("2023"));
    g.requires("A.x", "E")
        .requires("C.w", "E")
        .requires("E", "F")
        .requires("F", "B");
    let a = g.build();
    let c = a.deadline_conflicts();
    let got: Vec<_> = c
        .iter()
        .map(|c| (ids(c), c.days, c.late_prerequisites, c.early_dependents))
        .collect();
    let s = |x: &str| x.to_owned();
    assert_eq!(
        got,
        vec![
            ((s("A.x"), s("E"), s("A.x"), s("B.y")), 181, 1, 0),
            ((s("F"), s("B"), s("A.x"), s("B.y")), 181, 0, 1),
        ]
    );
}

// ------------------------------------- against a brute-force reference

mod reference {
    use std::collections::BTreeSet;

    use chrono::NaiveDate;
    use proptest::prelude::*;
    use union_state::*;

    use super::Gen;

    #[derive(Clone, Debug)]
    struct Spec {
        /// Commitments per programme; 0 makes a milestone.
        sizes: Vec<usize>,
        /// A deadline per commitment, programme by programme.
        deadlines: Vec<Option<(u8, i32, u32, u32)>>,
        /// Dependencies between ends `(programme, k)`: the programme itself
        /// when `k` is 0 or it has no commitments, else one of them.
        requires: Vec<((usize, usize), (usize, usize))>,
    }

    /// A node: a programme or one of its commitments, with its programme's
    /// position, which orders the dependencies so that they form no cycle.
    #[derive(Clone, Debug)]
    struct Node {
        id: String,
        programme: usize,
        /// The commitment's number, `None` for the programme itself.
        commitment: Option<usize>,
    }

    fn spec() -> impl Strategy<Value = Spec> {
        // Two programmes in five are milestones.
        let size = prop_oneof![2 => Just(0usize), 3 => 1..=3usize];
        proptest::collection::vec(size, 1..=7).prop_flat_map(|sizes| {
            let n: usize = sizes.iter().sum();
            let p = sizes.len();
            let end = (0..p, 0..3usize);
            let deadline =
                proptest::option::weighted(0.85, (0u8..4, 2020i32..2027, 1u32..=12, 1u32..=28));
            (
                Just(sizes),
                proptest::collection::vec(deadline, n),
                proptest::collection::vec((end.clone(), end), 0..=4 * (n + p)),
            )
                .prop_map(|(sizes, deadlines, requires)| Spec {
                    sizes,
                    deadlines,
                    requires,
                })
        })
    }

    fn text((precision, year, month, day): (u8, i32, u32, u32)) -> String {
        match precision {
            0 => format!("{year}-{month:02}-{day:02}"),
            1 => format!("{year}-{month:02}"),
            2 => format!("{year}-Q{}", 1 + (month - 1) / 3),
            _ => format!("{year}"),
        }
    }

    struct Case {
        agenda: Agenda,
        nodes: Vec<Node>,
        /// (last day, first day) per commitment number.
        due: Vec<Option<(NaiveDate, NaiveDate)>>,
        /// Commitment ids by number.
        names: Vec<String>,
        /// The dependencies kept, as node numbers.
        edges: Vec<(usize, usize)>,
        sizes: Vec<usize>,
        /// Commitment numbers per programme.
        members: Vec<Vec<usize>>,
    }

    fn build(spec: &Spec) -> Case {
        let mut g = Gen::new();
        let mut nodes = Vec::new();
        let mut names = Vec::new();
        let mut due = Vec::new();
        let mut members = Vec::new();
        let mut first = Vec::new();
        for (p, &size) in spec.sizes.iter().enumerate() {
            first.push(nodes.len());
            let pid = format!("P{p}");
            g.programme(&pid);
            nodes.push(Node {
                id: pid.clone(),
                programme: p,
                commitment: None,
            });
            let mut own = Vec::new();
            for k in 0..size {
                let number = names.len();
                let id = format!("{pid}.c{k}");
                let d = spec.deadlines[number].map(text);
                g.commitment(&id, d.as_deref());
                due.push(d.map(|d| {
                    let d: PartialDate = d.parse().unwrap();
                    (d.last_day(), d.first_day())
                }));
                nodes.push(Node {
                    id: id.clone(),
                    programme: p,
                    commitment: Some(number),
                });
                names.push(id);
                own.push(number);
            }
            members.push(own);
        }
        // Acyclic by construction: from a lower programme to a higher one,
        // or between two commitments of one programme in their order.
        let edges: Vec<(usize, usize)> = spec
            .requires
            .iter()
            .map(|&ends| {
                let node = |(p, k): (usize, usize)| match spec.sizes[p] {
                    0 => first[p],
                    _ if k == 0 => first[p],
                    size => first[p] + 1 + (k - 1) % size,
                };
                (node(ends.0), node(ends.1))
            })
            .filter(|&(a, b)| {
                let (from, to) = (&nodes[a], &nodes[b]);
                from.programme < to.programme
                    || (from.programme == to.programme
                        && matches!((from.commitment, to.commitment), (Some(i), Some(j)) if i < j))
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for &(a, b) in &edges {
            g.requires(&nodes[a].id, &nodes[b].id);
        }
        Case {
            agenda: g.build(),
            nodes,
            due,
            names,
            edges,
            sizes: spec.sizes.clone(),
            members,
        }
    }

    impl Case {
        fn milestone(&self, node: usize) -> bool {
            let n = &self.nodes[node];
            n.commitment.is_none() && self.sizes[n.programme] == 0
        }

        /// The commitments a node stands for as a prerequisite (`back`) or
        /// a dependent: itself, its programme's commitments, or for a
        /// milestone what reaches it (or what it reaches) through
        /// dependencies, expanded to a fixed point.
        fn side(&self, node: usize, back: bool) -> BTreeSet<usize> {
            let n = &self.nodes[node];
            if let Some(c) = n.commitment {
                return BTreeSet::from([c]);
            }
            if !self.milestone(node) {
                return self.members[n.programme].iter().copied().collect();
            }
            let mut out = BTreeSet::new();
            for &(a, b) in &self.edges {
                if back && b == node {
                    out.extend(self.side(a, true));
                }
                if !back && a == node {
                    out.extend(self.side(b, false));
                }
            }
            out
        }

        /// The commitments the end names: itself or its programme's.
        fn named(&self, node: usize) -> Vec<usize> {
            let n = &self.nodes[node];
            match n.commitment {
                Some(c) => vec![c],
                None => self.members[n.programme].clone(),
            }
        }

        fn last(&self, c: usize) -> Option<NaiveDate> {
            self.due[c].map(|d| d.0)
        }

        /// Every conflicting pair of one dependency, with its days.
        fn pairs(&self, (a, b): (usize, usize)) -> Vec<(usize, usize, i64)> {
            let mut out = Vec::new();
            for p in self.side(a, true) {
                for d in self.side(b, false) {
                    if let (Some(x), Some(y)) = (self.last(p), self.last(d)) {
                        if x > y {
                            out.push((p, d, (x - y).num_days()));
                        }
                    }
                }
            }
            out
        }
    }

    type Record = (String, String, String, String, i64, usize, usize);

    /// The expected records, in dependency order.
    fn expected(case: &Case) -> Vec<Record> {
        let order: Vec<(usize, usize)> = case
            .agenda
            .dependencies()
            .iter()
            .map(|d| {
                let at = |id: &str| case.nodes.iter().position(|n| n.id == id).unwrap();
                (at(d.prerequisite.as_str()), at(d.dependent.as_str()))
            })
            .collect();
        let key = |c: usize| (case.due[c].unwrap(), case.names[c].clone());
        let mut out = Vec::new();
        for (a, b) in order {
            if case.milestone(a) && case.milestone(b) {
                continue;
            }
            let pairs = case.pairs((a, b));
            if pairs.is_empty() {
                continue;
            }
            let dated = |s: BTreeSet<usize>| -> Vec<usize> {
                s.into_iter().filter(|&c| case.due[c].is_some()).collect()
            };
            let p = dated(case.side(a, true))
                .into_iter()
                .max_by_key(|&c| key(c))
                .unwrap();
            let d = dated(case.side(b, false))
                .into_iter()
                .min_by_key(|&c| key(c))
                .unwrap();
            let (x, y) = (case.last(p).unwrap(), case.last(d).unwrap());
            let days = (x - y).num_days();
            // The worst pair is the widest gap of all.
            assert_eq!(days, pairs.iter().map(|t| t.2).max().unwrap());
            let late = if case.milestone(a) {
                0
            } else {
                case.named(a)
                    .into_iter()
                    .filter(|&c| case.last(c) > Some(y))
                    .count()
            };
            let early = if case.milestone(b) {
                0
            } else {
                case.named(b)
                    .into_iter()
                    .filter(|&c| case.last(c).is_some_and(|t| t < x))
                    .count()
            };
            out.push((
                case.nodes[a].id.clone(),
                case.nodes[b].id.clone(),
                case.names[p].clone(),
                case.names[d].clone(),
                days,
                late,
                early,
            ));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn conflict_records_equal_a_brute_force_expansion(spec in spec()) {
            let case = build(&spec);
            let got: Vec<Record> = case
                .agenda
                .deadline_conflicts()
                .iter()
                .map(|c| {
                    (
                        c.dependency.prerequisite.to_string(),
                        c.dependency.dependent.to_string(),
                        c.prerequisite.id.to_string(),
                        c.dependent.id.to_string(),
                        c.days,
                        c.late_prerequisites,
                        c.early_dependents,
                    )
                })
                .collect();
            let want = expected(&case);
            prop_assert_eq!(&got, &want);
            // Nothing is lost by skipping dependencies between milestones:
            // each of their conflicting pairs is at most as wide as a
            // reported record whose sides hold both commitments.
            for &(a, b) in &case.edges {
                if !(case.milestone(a) && case.milestone(b)) {
                    continue;
                }
                for (p, d, days) in case.pairs((a, b)) {
                    let covered = case.edges.iter().any(|&(u, v)| {
                        !(case.milestone(u) && case.milestone(v))
                            && case.side(u, true).contains(&p)
                            && case.side(v, false).contains(&d)
                            && got.iter().any(|r| {
                                r.0 == case.nodes[u].id && r.1 == case.nodes[v].id && r.4 >= days
                            })
                    });
                    prop_assert!(covered, "{} before {} through a milestone dependency", case.names[p], case.names[d]);
                }
            }
            // Direct prerequisites pass through milestones the same way.
            for (c, name) in case.names.iter().enumerate() {
                let node = case.nodes.iter().position(|n| n.commitment == Some(c)).unwrap();
                let mut want: BTreeSet<String> = BTreeSet::new();
                for &(a, b) in &case.edges {
                    let reaches = b == node
                        || (case.nodes[b].commitment.is_none()
                            && case.side(b, false).contains(&c));
                    if reaches {
                        want.extend(case.side(a, true).into_iter().map(|p| case.names[p].clone()));
                    }
                }
                let got: BTreeSet<String> = case
                    .agenda
                    .direct_prerequisites(&name.parse::<NodeId>().unwrap())
                    .unwrap()
                    .iter()
                    .map(|x| x.id.to_string())
                    .collect();
                prop_assert_eq!(got, want, "direct prerequisites of {}", name);
            }
        }
    }
}

// ------------------------------------------------ the sizes of issue 9

/// The cases of the adversarial review at their full size: one dependency
/// between programmes of 2,000 commitments each (45 s, 7.3 GB and 296 MB of
/// output before), 2,000 milestones in a chain (21 s before), and a ladder
/// of 2,000 milestones with a conflict into and out of each (two million
/// pairs before).
#[test]
fn the_cases_of_issue_9_give_small_reports() {
    let n = 2_000;
    let a = programme_pair(n);
    let c = a.deadline_conflicts();
    assert_eq!(c.len(), 1);
    // The worst pair, worked out from `programme_pair`: P's last
    // commitment due in 2030 (i % 6 == 5) and Q's only one due January
    // 2020 (i % 84 == 0); every commitment of each side takes part.
    assert_eq!(
        (c[0].prerequisite.id.as_str(), c[0].dependent.id.as_str()),
        ("P.p01997", "Q.q00000")
    );
    assert_eq!(
        c[0].days,
        (date("2030-12-31") - date("2020-01-31")).num_days()
    );
    assert_eq!((c[0].late_prerequisites, c[0].early_dependents), (n, n));

    let chain = milestone_chain(n);
    let c = chain.deadline_conflicts();
    let got: Vec<(&str, &str, &str, &str)> = c
        .iter()
        .map(|c| {
            (
                c.dependency.prerequisite.as_str(),
                c.dependency.dependent.as_str(),
                c.prerequisite.id.as_str(),
                c.dependent.id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("A.x", "E00001", "A.x", "B.y"),
            ("E02000", "B.y", "A.x", "B.y")
        ]
    );
    // The gate walk passes through the whole chain too.
    let direct = chain
        .direct_prerequisites(&"B.y".parse::<NodeId>().unwrap())
        .unwrap();
    assert_eq!(direct.len(), 1);
    assert_eq!(direct[0].id.as_str(), "A.x");
    let direct = chain
        .direct_dependents(&"A.x".parse::<NodeId>().unwrap())
        .unwrap();
    assert_eq!(direct.len(), 1);

    // n records into the milestones, n out of them; none between them.
    assert_eq!(milestone_ladder(n).deadline_conflicts().len(), 2 * n);
}

/// The Gantt chart of the review's size, 40,000 programmes (119 s before).
/// Building the agenda alone takes about a second without optimisation,
/// so this runs in release builds only (`cargo test --release`).
#[test]
#[cfg_attr(debug_assertions, ignore = "release only: builds 40,000 programmes")]
fn a_gantt_chart_of_40_000_programmes() {
    let n = 40_000;
    let many = many_programmes(n);
    let chart = many.to_mermaid_gantt(&GanttOptions::new("all"));
    assert_eq!(chart.lines().count(), 4 + 3 * n);
    let mut by_state = GanttOptions::new("by state");
    by_state.grouping = GanttGrouping::State;
    assert_eq!(
        many.to_mermaid_gantt(&by_state).lines().count(),
        4 + 2 + 3 * n
    );
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}
