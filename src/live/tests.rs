use super::*;
use crate::run::run_one;
use std::path::Path;

fn small(ticks: u32) -> Scenario {
    let mut s = Scenario::default();
    s.run.ticks = ticks;
    s.population.communities_per_street = 2;
    s.population.residents_per_community = 150;
    s
}

fn devolved(ticks: u32) -> Scenario {
    let mut s = small(ticks);
    s.office.access_list = 0.5;
    s.committee.authority = 0.6;
    s
}

fn spec(scenarios: Vec<(&str, Scenario)>, replicates: u32) -> SessionSpec {
    SessionSpec {
        scenarios: scenarios
            .into_iter()
            .map(|(n, s)| (n.to_string(), s))
            .collect(),
        replicates,
        seed: 11,
    }
}

fn two(ticks: u32) -> LiveSession {
    LiveSession::new(spec(
        vec![("base", small(ticks)), ("devolved", devolved(ticks))],
        3,
    ))
    .unwrap()
}

fn changes(list: &[(&str, toml::Value)]) -> Vec<(String, toml::Value)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn a_session_is_send() {
    fn send<T: Send>() {}
    send::<LiveSession>();
}

#[test]
fn metrics_are_the_catalogue_columns_but_the_week() {
    let m = LiveSession::metrics();
    assert_eq!(m.len(), catalogue::METRICS.len() - 1);
    assert!(!m.contains(&"tick"));
    assert_eq!(m[0], catalogue::METRICS[1].name);
}

#[test]
fn the_numbers_are_those_of_a_run_with_the_same_seed() {
    let mut session = two(6);
    assert_eq!((session.week(), session.weeks()), (0, 6));
    let mut frames = session.history();
    while session.week() < session.weeks() {
        frames.push(session.step().unwrap());
    }
    assert_eq!(frames, session.history());
    assert_eq!(frames.len(), 7);
    for (s, scenario) in [small(6), devolved(6)].iter().enumerate() {
        let runs: Vec<_> = (0..3)
            .map(|r| run_one(scenario, replicate_seed(11, r)).unwrap())
            .collect();
        assert_eq!(session.series[s].ticks, runs);
        let t = crate::compare::Trajectories::new(&runs);
        let band = crate::compare::band(&t.series("mean_trust").unwrap());
        let m = LiveSession::metrics()
            .iter()
            .position(|m| *m == "mean_trust")
            .unwrap();
        for (w, f) in frames.iter().enumerate() {
            let p = f.series[s][m];
            assert_eq!(
                (p.mean, p.low, p.high),
                (band.mean[w], band.low[w], band.high[w])
            );
        }
    }
    assert!(matches!(
        session.step(),
        Err(LiveError::Finished { weeks: 6 })
    ));
}

#[test]
fn limits_are_refused_with_the_field_and_what_is_valid() {
    let cases: Vec<(SessionSpec, &str, &str)> = vec![
        (spec(vec![], 3), "scenarios", "1 to 6"),
        (
            spec((0..7).map(|_| ("x", small(4))).collect(), 3),
            "scenarios",
            "7 given",
        ),
        (spec(vec![("a", small(4))], 0), "replicates", "1 to 50"),
        (spec(vec![("a", small(4))], 51), "replicates", "1 to 50"),
        (
            spec(vec![("a", small(4)), ("a", small(4))], 3),
            "scenarios",
            "`a` is given twice",
        ),
        (
            spec(vec![("a", small(4)), ("b", small(5))], 3),
            "scenarios",
            "a = 4, b = 5",
        ),
        (
            spec(
                vec![
                    ("a", Scenario::default()),
                    ("b", Scenario::default()),
                    ("c", Scenario::default()),
                ],
                50,
            ),
            "session",
            "3600000 resident-replicates",
        ),
    ];
    for (spec, field, words) in cases {
        let e = LiveSession::new(spec).err().expect("refused");
        assert_eq!(e.field(), field, "{e}");
        assert!(e.to_string().contains(words), "{e}");
    }
    let mut big = spec(vec![("a", small(4))], 3);
    big.seed = u64::MAX;
    let e = LiveSession::new(big).err().unwrap();
    assert_eq!(e.field(), "seed");
    assert!(e.to_string().contains("9223372036854775807"), "{e}");
    // Six default streets with ten replicates fit; a seventh scenario does not.
    let six: Vec<(String, Scenario)> = (0..6)
        .map(|i| (format!("s{i}"), Scenario::default()))
        .collect();
    assert!(
        check_spec(&SessionSpec {
            scenarios: six,
            replicates: 10,
            seed: 1
        })
        .is_ok()
    );
}

#[test]
fn a_fork_goes_on_from_the_same_state_and_its_file_reproduces_it() {
    let mut session = two(8);
    for _ in 0..3 {
        session.step().unwrap();
    }
    let change = changes(&[
        ("office.access_list", toml::Value::Float(0.7)),
        ("office.reaction", toml::Value::String("resources".into())),
    ]);
    let fork = session.fork(1, &change).unwrap();
    assert_eq!(fork, 2);
    let info = &session.series()[2];
    assert_eq!(
        (
            info.name.as_str(),
            info.forked_from,
            info.fork_week,
            info.scenario
        ),
        ("devolved_w3", Some(1), Some(3), 1)
    );
    while session.week() < session.weeks() {
        session.step().unwrap();
    }
    let text = session.scenario_toml(2).unwrap();
    let loaded = crate::scenario::load_str(&text, Path::new("devolved_w3.toml")).unwrap();
    assert_eq!(loaded.run.seed, 11);
    assert_eq!(loaded.run.replicates, 3);
    assert_eq!(loaded.interventions.last().unwrap().tick, 4);
    let runs: Vec<_> = (0..3)
        .map(|r| run_one(&loaded, replicate_seed(11, r)).unwrap())
        .collect();
    assert_eq!(session.series[2].ticks, runs);
    // Up to the fork it is its parent; afterwards the reform shows.
    let (parent, forked) = (&session.series[1].ticks[0], &session.series[2].ticks[0]);
    assert_eq!(parent[..=3], forked[..=3]);
    assert_ne!(parent[4..], forked[4..]);
    // The parent's own file is unchanged by the fork.
    let base = crate::scenario::load_str(&session.scenario_toml(1).unwrap(), Path::new("d.toml"));
    assert!(base.unwrap().interventions.is_empty());
}

#[test]
fn bad_changes_are_refused_naming_the_key_and_what_is_valid() {
    let mut session = two(6);
    session.step().unwrap();
    let cases: Vec<(&str, toml::Value, &str)> = vec![
        ("office.access_list", toml::Value::Float(1.5), "[0, 1]"),
        (
            "office.access_list",
            toml::Value::String("lots".into()),
            "number",
        ),
        (
            "population.streets",
            toml::Value::Integer(2),
            "cannot change during a run",
        ),
        (
            "online.access.young",
            toml::Value::Float(0.5),
            "initial state",
        ),
        ("office.acess_list", toml::Value::Float(0.5), "access_list"),
        (
            "office.reaction",
            toml::Value::String("panic".into()),
            "resources",
        ),
    ];
    for (key, value, words) in cases {
        let e = session
            .fork(0, &changes(&[(key, value)]))
            .expect_err("refused");
        let text = e.to_string();
        assert!(
            matches!(e, LiveError::Changes(_)) && text.contains(words),
            "{key}: {text}"
        );
        assert!(e.field().starts_with("changes"), "{key}: {}", e.field());
    }
    let e = session.fork(0, &[]).err().unwrap();
    assert_eq!(e.field(), "changes");
    let e = session.fork(
        9,
        &changes(&[("office.access_list", toml::Value::Float(0.5))]),
    );
    assert!(e.err().unwrap().to_string().contains("valid: 0 to 1"));
    assert_eq!(session.series().len(), 2, "nothing refused was added");
}

#[test]
fn forks_are_limited_and_reset_drops_them() {
    let mut session = LiveSession::new(spec(vec![("base", small(30))], 2)).unwrap();
    let change = changes(&[("office.access_list", toml::Value::Float(0.5))]);
    for _ in 1..MAX_SERIES {
        session.fork(0, &change).unwrap();
        session.step().unwrap();
    }
    let names: Vec<String> = session.series().iter().map(|s| s.name.clone()).collect();
    assert_eq!(names[1], "base_w0");
    assert_eq!(names[2], "base_w1");
    assert!(matches!(
        session.fork(0, &change),
        Err(LiveError::TooManySeries)
    ));
    session.reset();
    assert_eq!((session.week(), session.series().len()), (0, 1));
    assert_eq!(session.history().len(), 1);
    let again = LiveSession::new(spec(vec![("base", small(30))], 2)).unwrap();
    assert_eq!(session.history(), again.history());
}

#[test]
fn a_fork_past_the_end_is_refused() {
    let mut session = two(2);
    session.step().unwrap();
    session.step().unwrap();
    let e = session.fork(
        0,
        &changes(&[("office.access_list", toml::Value::Float(0.5))]),
    );
    assert!(matches!(e, Err(LiveError::Finished { weeks: 2 })));
}

#[test]
fn the_community_view_counts_its_residents_and_hours() {
    let mut session = two(4);
    let before = session.community(0, 1).unwrap();
    assert_eq!(before.residents.len(), 150);
    assert_eq!(before.hours, CommitteeHours::default());
    session.step().unwrap();
    let view = session.community(0, 1).unwrap();
    assert_eq!((view.week, view.community, view.communities), (1, 1, 2));
    let h = view.hours;
    assert!(h.available > 0.0 && h.admin > 0.0);
    let parts = h.admin + h.issues + h.projects + h.outreach + h.idle + h.other;
    assert!((parts - h.available).abs() < 1e-6 * h.available, "{h:?}");
    // Model 2's parts are their metrics' columns, and `other` is what is truly left.
    let mut m2 = LiveSession::new(spec(
        vec![("m2", crate::library::load("baseline").unwrap())],
        1,
    ))
    .unwrap();
    let (mut projects, mut outreach, mut other) = (0.0, 0.0, 0.0);
    for _ in 0..20 {
        let frame = m2.step().unwrap();
        let col = |name: &str| {
            let i = LiveSession::metrics()
                .iter()
                .position(|m| *m == name)
                .unwrap();
            frame.series[0][i].mean
        };
        let views: Vec<CommunityView> = (0..m2.series[0].models[0].community_count())
            .map(|c| m2.community(0, c).unwrap())
            .collect();
        let sum = |f: fn(&CommitteeHours) -> f64| views.iter().map(|v| f(&v.hours)).sum::<f64>();
        let p = sum(|h| h.projects);
        let o = sum(|h| h.outreach);
        assert!((p - col("committee_hours_projects")).abs() <= 1e-9 * p.max(1.0));
        assert!((o - col("outreach_hours")).abs() <= 1e-9 * o.max(1.0));
        for v in &views {
            let h = v.hours;
            let parts = h.admin + h.issues + h.projects + h.outreach + h.idle + h.other;
            assert!(
                (parts - h.available).abs() <= 1e-6 * h.available.max(1.0),
                "{h:?}"
            );
        }
        projects += p;
        outreach += o;
        other += sum(|h| h.other);
    }
    assert!(outreach > 0.0, "the baseline's committees reach out");
    assert!(
        other <= 1e-6 * (projects + outreach).max(1.0),
        "other: {other}"
    );
    // The communities' hours are the week's: replicate 0 of a one-replicate session.
    let mut one = LiveSession::new(spec(vec![("base", small(4))], 1)).unwrap();
    let frame = one.step().unwrap();
    let column = |name: &str| {
        let m = LiveSession::metrics()
            .iter()
            .position(|m| *m == name)
            .unwrap();
        frame.series[0][m].mean
    };
    let views: Vec<CommunityView> = (0..2).map(|c| one.community(0, c).unwrap()).collect();
    let admin: f64 = views.iter().map(|v| v.hours.admin).sum();
    let idle: f64 = views.iter().map(|v| v.hours.idle).sum();
    assert!((admin - column("committee_hours_admin")).abs() < 1e-9 * admin);
    assert!((idle - column("committee_hours_idle")).abs() < 1e-9 * idle.max(1.0));
    let active = view.residents.iter().filter(|r| r.active).count();
    let m = &session.series[0].models[0];
    let expected = m.residents().active[150..300]
        .iter()
        .filter(|a| **a != 0)
        .count();
    assert_eq!(active, expected);
    let e = session.community(0, 2).err().unwrap();
    assert_eq!(e.field(), "community");
    assert!(e.to_string().contains("valid: 0 to 1"), "{e}");
}

#[test]
fn the_csv_has_the_rows_of_every_series_in_order() {
    let mut session = two(3);
    session.step().unwrap();
    let csv = String::from_utf8(session.trajectories_csv()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 2 * 3 * 2);
    assert!(lines[0].starts_with("scenario,replicate,seed,tick,"));
    assert!(lines[1].starts_with("base,0,11,0,"));
    assert!(lines[12].starts_with("devolved,2,13,1,"));
}

#[test]
fn the_report_is_the_comparison_report_of_the_weeks_so_far() {
    let mut session = two(6);
    assert_eq!(
        session.report_html(Lang::En).err().unwrap().field(),
        "session"
    );
    for _ in 0..4 {
        session.step().unwrap();
    }
    let html = session.report_html(Lang::Zh).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
    assert!(html.contains("lang=\"zh-CN\""));
    assert!(html.contains("devolved") || html.contains("data:image/png;base64"));
}

#[test]
fn a_fork_over_the_size_limit_is_refused() {
    // 2,000,000 resident-replicates held; a fork would add as many.
    let mut s = small(2);
    s.population.residents_per_community = 20_000;
    s.population.communities_per_street = 2;
    let mut session = LiveSession::new(spec(vec![("big", s)], 50)).unwrap();
    let e = session
        .fork(
            0,
            &changes(&[("office.access_list", toml::Value::Float(0.5))]),
        )
        .expect_err("refused");
    assert_eq!(e.field(), "session");
    assert!(
        e.to_string().contains("4000000 resident-replicates")
            && e.to_string().contains("at most 3000000"),
        "{e}"
    );
    assert_eq!(session.series().len(), 1);
}

mod properties {
    use super::*;
    use crate::scenario::docs::PARAMS;
    use proptest::prelude::*;

    fn tiny() -> Scenario {
        let mut s = Scenario::default();
        s.run.ticks = 8;
        s.population.communities_per_street = 2;
        s.population.residents_per_community = 60;
        s
    }

    fn value() -> impl Strategy<Value = toml::Value> {
        prop_oneof![
            (-2.0f64..3.0).prop_map(toml::Value::Float),
            (-3i64..200).prop_map(toml::Value::Integer),
            any::<bool>().prop_map(toml::Value::Boolean),
            "[a-z_]{0,8}".prop_map(toml::Value::String),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any change to any catalogue key at any week is refused with a message or makes
        /// a fork whose exported scenario reproduces it; nothing panics.
        #[test]
        fn any_change_is_refused_or_reproduced(
            week in 0u32..8,
            key in 0..PARAMS.len(),
            value in value(),
            within in proptest::option::of(0.0f64..1.0),
        ) {
            let mut session = LiveSession::new(spec(vec![("s", tiny())], 2)).unwrap();
            for _ in 0..week {
                session.step().unwrap();
            }
            let row = &PARAMS[key];
            let key = row.path.to_string();
            // Half the time, a value inside the row's range of the default's type.
            let default = crate::dotted::get(render::default_table(), &key).cloned();
            let value = match (within, row.range.bounds(), default) {
                (Some(u), Some((lo, hi)), Some(toml::Value::Integer(_))) => {
                    let (lo, hi) = (lo.max(0.0).ceil(), hi.min(lo.max(0.0) + 20.0).floor());
                    toml::Value::Integer((lo + u * (hi - lo)).round() as i64)
                }
                (Some(u), Some((lo, hi)), Some(toml::Value::Float(_))) => {
                    let lo = lo.max(0.0);
                    toml::Value::Float(lo + u * (hi.min(lo + 10.0) - lo))
                }
                _ => value,
            };
            match session.fork(0, &[(key.clone(), value)]) {
                Err(e) => {
                    prop_assert!(e.field().starts_with("changes"), "{key}: {e}");
                    prop_assert!(!e.to_string().is_empty());
                    prop_assert_eq!(session.series().len(), 1);
                }
                Ok(fork) => {
                    while session.week() < session.weeks() {
                        session.step().unwrap();
                    }
                    let text = session.scenario_toml(fork).unwrap();
                    let loaded = crate::scenario::load_str(&text, Path::new("f.toml")).unwrap();
                    for r in 0..2 {
                        let run = run_one(&loaded, replicate_seed(11, r)).unwrap();
                        prop_assert_eq!(&session.series[fork].ticks[r as usize], &run);
                    }
                }
            }
        }
    }
}

#[test]
fn levers_before_the_start_change_the_scenario_and_its_file() {
    let mut session = two(6);
    // A key read only at the start (a fork could not set it) and one read every week.
    let change = changes(&[
        ("online.access.young", toml::Value::Float(0.2)),
        ("office.access_list", toml::Value::Float(0.9)),
    ]);
    session.set_before_start(1, &change).unwrap();
    assert_eq!(
        session.series().len(),
        2,
        "no fork: the scenario itself changed"
    );
    assert_eq!(session.spec.scenarios[1].1.office.access_list, 0.9);
    let force = session.in_force(1).unwrap();
    assert_eq!(
        force.get("office.access_list"),
        Some(&toml::Value::Float(0.9))
    );
    while session.week() < session.weeks() {
        session.step().unwrap();
    }
    let text = session.scenario_toml(1).unwrap();
    assert!(
        text.contains(
            "# Levers set before the start (part of the parameters below): \
             online.access.young = 0.2, office.access_list = 0.9."
        ),
        "{text}"
    );
    let loaded = crate::scenario::load_str(&text, Path::new("devolved.toml")).unwrap();
    assert!(
        loaded.interventions.is_empty(),
        "part of the scenario, not a reform"
    );
    let runs: Vec<_> = (0..3)
        .map(|r| run_one(&loaded, replicate_seed(11, r)).unwrap())
        .collect();
    assert_eq!(session.series[1].ticks, runs);
    // Reset keeps it; after the start, and on a fork, it is refused by field.
    session.reset();
    assert_eq!(session.spec.scenarios[1].1.office.access_list, 0.9);
    session.step().unwrap();
    let e = session.set_before_start(1, &change).unwrap_err();
    assert_eq!(e.field(), "week");
    session.reset();
    let bad = changes(&[("office.access_list", toml::Value::Float(1.5))]);
    let e = session.set_before_start(0, &bad).unwrap_err();
    assert!(e.field().starts_with("changes"), "{}", e.field());
    assert!(e.to_string().contains("[0, 1]"), "{e}");
    let e = session
        .set_before_start(0, &changes(&[("run.ticks", toml::Value::Integer(9))]))
        .unwrap_err();
    assert!(e.to_string().contains("run.ticks"), "{e}");
    assert_eq!(session.weeks(), 6, "nothing refused was kept");
}

#[test]
fn values_in_force_follow_a_fork() {
    let mut session = two(8);
    session.step().unwrap();
    let fork = session
        .fork(
            0,
            &changes(&[("office.access_list", toml::Value::Float(0.7))]),
        )
        .unwrap();
    let of = |s: &LiveSession, i: usize| s.in_force(i).unwrap().get("office.access_list").cloned();
    assert_eq!(of(&session, fork), Some(toml::Value::Float(0.7)));
    assert_eq!(
        of(&session, 0),
        Some(toml::Value::Float(Scenario::default().office.access_list))
    );
}
