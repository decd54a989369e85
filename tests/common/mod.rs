//! Helpers shared by the integration tests: running a scenario on a pool of a given size,
//! and the invariants every run must keep (MODEL.md section 7).

#![allow(dead_code)] // Each test binary uses its own subset.

use cogov::metrics::TickMetrics;
use cogov::scenario::Scenario;

/// Run one replicate with `seed` on a pool of `threads` workers.
pub fn run_on(s: &Scenario, seed: u64, threads: usize) -> Vec<TickMetrics> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| cogov::run::run_one(s, seed).unwrap())
}

pub fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.max(1.0)
}

/// Conservation of issues, money and hours at every tick, rates and shares in [0, 1],
/// nothing negative, NaN or infinite. Panics naming `name` and the tick otherwise.
pub fn check_invariants(name: &str, s: &Scenario, ticks: &[TickMetrics]) {
    assert_eq!(ticks.len(), s.run.ticks as usize + 1, "{name}");
    // Money returned to the offices leaves the street (model 2: micro-projects' carry cap).
    let mut returned = 0.0;
    for m in ticks {
        let at = format!("{name}, tick {}", m.tick);
        returned += m.money_returned;
        assert_eq!(
            m.issues_raised_total,
            m.issues_unreported_total
                + m.issues_resolved_total
                + m.backlog
                + m.issues_withdrawn_total,
            "{at}: issues"
        );
        assert!(m.escalation_backlog <= m.backlog, "{at}: office backlog");
        assert!(m.money_stock >= -1e-9, "{at}: stock {}", m.money_stock);
        assert!(
            close(
                m.money_allocated_total,
                m.money_spent_total + returned + m.money_stock,
                m.money_allocated_total
            ),
            "{at}: money"
        );
        assert!(
            m.money_returned >= 0.0 && m.money_spent_on_projects >= 0.0,
            "{at}: project money"
        );
        assert!(
            m.committee_hours_admin >= 0.0
                && m.committee_hours_issues >= 0.0
                && m.committee_hours_idle >= -1e-9
                && m.committee_hours_projects >= 0.0
                && m.outreach_hours >= 0.0,
            "{at}: hours {} {} {} {} {}",
            m.committee_hours_admin,
            m.committee_hours_issues,
            m.committee_hours_idle,
            m.committee_hours_projects,
            m.outreach_hours
        );
        assert!(
            close(
                m.committee_hours,
                m.committee_hours_admin
                    + m.committee_hours_issues
                    + m.committee_hours_projects
                    + m.outreach_hours
                    + m.committee_hours_idle,
                m.committee_hours
            ),
            "{at}: hours"
        );
        for (metric, v) in [
            ("participation_rate", m.participation_rate),
            ("participation_young", m.participation_young),
            ("participation_middle", m.participation_middle),
            ("participation_elderly", m.participation_elderly),
            ("participation_online_share", m.participation_online_share),
            ("online_access", m.online_access),
            ("mean_trust", m.mean_trust),
            ("mean_efficacy", m.mean_efficacy),
            ("mean_satisfaction", m.mean_satisfaction),
            ("admin_share", m.admin_share),
            ("committee_skill", m.committee_skill),
            ("participation_gap_age", m.participation_gap_age),
            ("participation_gap_community", m.participation_gap_community),
            ("resolved_gap_age", m.resolved_gap_age),
            ("resolved_gap_community", m.resolved_gap_community),
            ("resolved_share_young", m.resolved_share_young),
            ("resolved_share_elderly", m.resolved_share_elderly),
        ] {
            assert!((0.0..=1.0 + 1e-6).contains(&v), "{at}: {metric} = {v}");
        }
        // Taking part in the last 52 weeks includes taking part this week; issues served
        // within patience are among those resolved.
        for (metric, year, week) in [
            ("participated_52w", m.participated_52w, m.participation_rate),
            (
                "participated_52w_young",
                m.participated_52w_young,
                m.participation_young,
            ),
            (
                "participated_52w_middle",
                m.participated_52w_middle,
                m.participation_middle,
            ),
            (
                "participated_52w_elderly",
                m.participated_52w_elderly,
                m.participation_elderly,
            ),
            (
                "resolved_within_patience_share",
                m.resolved_within_patience_share,
                0.0,
            ),
        ] {
            assert!(
                (week..=1.0 + 1e-6).contains(&year),
                "{at}: {metric} = {year} < {week}"
            );
        }
        assert!(
            m.issues_resolved_in_patience <= m.issues_resolved,
            "{at}: in patience"
        );
        let row = cogov::export::trajectory_rows("d", 0, 11, std::slice::from_ref(m));
        let text = String::from_utf8(row).unwrap();
        assert!(
            !text.contains("NaN") && !text.contains("nan") && !text.contains("inf"),
            "{at}: {text}"
        );
    }
}

/// A command's output as text (lossy).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Fail with the command's status and both streams unless it succeeded.
pub fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
}

/// Run every job (in parallel, through the library's runner) and gather the ticks of each
/// replicate by job name: name → replicate → ticks.
pub fn run_by_name(
    jobs: &[cogov::run::Job],
) -> std::collections::HashMap<String, Vec<Vec<TickMetrics>>> {
    use std::sync::Mutex;
    let out: Mutex<std::collections::HashMap<String, Vec<Option<Vec<TickMetrics>>>>> = Mutex::new(
        jobs.iter()
            .map(|j| (j.name.clone(), vec![None; j.replicates as usize]))
            .collect(),
    );
    cogov::run::run_jobs(jobs, |rep| {
        let mut o = out.lock().unwrap();
        o.get_mut(&jobs[rep.job].name).unwrap()[rep.replicate as usize] = Some(rep.ticks);
        true
    })
    .unwrap();
    out.into_inner()
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().map(Option::unwrap).collect()))
        .collect()
}

/// The stylised facts as data, shared by the fact tests and the robustness hypercube.
pub mod facts;

/// The robustness hypercube over the calibration choices.
pub mod hypercube;
