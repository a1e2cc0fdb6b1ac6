//! Helpers shared by the integration tests.
#![allow(dead_code)]

use union_state::*;

/// A state code, parsed.
#[track_caller]
pub(crate) fn st(code: &str) -> StateCode {
    code.parse().unwrap()
}

/// A node id, parsed.
#[track_caller]
pub(crate) fn node(id: &str) -> NodeId {
    id.parse().unwrap()
}

/// A builder for small hand-made agendas: states BY and RU; one programme
/// per prefix seen in `commitments` (mode harmonisation, sector `s`), plus
/// the `extra_programmes`; each commitment `(id, deadline)` acted on jointly;
/// each dependency `(prerequisite, dependent, kind)` where kind is
/// `requires`, `related` or `cond:XX` (conditional on, demanded by XX).
#[track_caller]
pub(crate) fn builder(
    commitments: &[(&str, Option<&str>)],
    deps: &[(&str, &str, &str)],
    extra_programmes: &[&str],
) -> AgendaBuilder {
    let mut b = AgendaBuilder::new();
    b.add_state(State::new(st("BY"), "Belarus"));
    b.add_state(State::new(st("RU"), "Russia"));
    let mut programmes: Vec<String> = commitments
        .iter()
        .map(|(id, _)| id.split('.').next().unwrap().to_owned())
        .chain(extra_programmes.iter().map(|p| (*p).to_owned()))
        .collect();
    programmes.sort();
    programmes.dedup();
    for p in programmes {
        let mut prog = Programme::new(
            p.parse().unwrap(),
            format!("programme {p}"),
            "s".parse().unwrap(),
            IntegrationMode::Harmonisation,
        );
        prog.states = vec![st("BY"), st("RU")];
        b.add_programme(prog);
    }
    for (id, due) in commitments {
        let mut c = Commitment::new(
            id.parse().unwrap(),
            format!("do {id}"),
            Actors::Joint(vec![st("BY"), st("RU")]),
        );
        if let Some(d) = due {
            c = c.with_deadline(d.parse().unwrap());
        }
        b.add_commitment(c);
    }
    for (pre, dep, kind) in deps {
        let kind = match *kind {
            "requires" => DependencyKind::Requires,
            "related" => DependencyKind::Related,
            k if k.starts_with("cond:") => DependencyKind::ConditionalOn {
                demanded_by: st(&k[5..]).into(),
            },
            k => panic!("unknown kind {k}"),
        };
        b.add_dependency(Dependency::new(node(pre), node(dep), kind));
    }
    b
}

/// The agenda [`builder`] describes, which must be valid.
#[track_caller]
pub(crate) fn agenda(commitments: &[(&str, Option<&str>)], deps: &[(&str, &str, &str)]) -> Agenda {
    builder(commitments, deps, &[]).build().unwrap()
}

/// The ids of a list of commitments.
pub(crate) fn ids(list: &[&Commitment]) -> Vec<String> {
    list.iter().map(|c| c.id.to_string()).collect()
}

/// The problems of a build that must fail, as text.
#[track_caller]
pub(crate) fn problems(b: AgendaBuilder) -> Vec<String> {
    b.build()
        .unwrap_err()
        .problems()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A date from a month index counted from January 2022 (0 is January
/// 2022, 12 January 2023) at month precision, or at day precision on day
/// `1 + day % 28`: a date every month has, for generated agendas.
pub(crate) fn month_date(month: u32, day: Option<u32>) -> String {
    let (year, month) = (2022 + month / 12, 1 + month % 12);
    match day {
        Some(d) => format!("{year:04}-{month:02}-{:02}", 1 + d % 28),
        None => format!("{year:04}-{month:02}"),
    }
}
