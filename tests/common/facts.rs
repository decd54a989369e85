//! The stylised facts of model 2 as data (issue 10, design section 5): a fact is a pair of
//! scenarios (or one scenario and two of its metrics), a quantity, the window of weeks it
//! is averaged over and a claim with a minimum size. Judging a fact gives the 95% paired
//! interval of the difference and whether the fact holds. `tests/stylised_facts.rs`, the
//! robustness hypercube (`tests/robustness.rs`) and `scripts/robustness.sh` all judge these
//! same definitions.
//!
//! A difference is judged with the library's own statistics: per replicate the window value
//! of the metric (`compare::Trajectories::window_means`: the mean over the weeks, or for a
//! ratio the ratio of the window's sums), paired against the reference replicate with the
//! same seed, the 95% t interval of the paired differences (`compare::estimate`), and the
//! verdict of `compare::verdict` against the size the claim needs. The size is the metric
//! catalogue's minimum meaningful difference (`metrics::catalogue::Mmd`, on the
//! reference's window mean for a relative one) unless the fact names a larger one.

use std::collections::HashMap;
use std::path::Path;

use cogov::compare::{DEFAULT_WINDOW, Estimate, Trajectories, Verdict, Window, estimate, verdict};
use cogov::metrics::TickMetrics;
use cogov::metrics::catalogue;
use cogov::scenario::{Scenario, load_file};

/// What a fact measures in each replicate of a scenario.
#[derive(Clone, Copy, Debug)]
pub enum Quantity {
    /// The window value of one metric.
    Metric(&'static str),
    /// The window value of the first metric minus that of the second (e.g. elderly minus
    /// young participation).
    Gap(&'static str, &'static str),
}

impl Quantity {
    /// The metric whose catalogue row gives the minimum meaningful difference.
    fn metric(self) -> &'static str {
        match self {
            Quantity::Metric(m) | Quantity::Gap(m, _) => m,
        }
    }

    fn values(self, t: &Trajectories, w: Window) -> Vec<f64> {
        let of = |m: &str| {
            t.window_means(m, w)
                .unwrap_or_else(|| panic!("no metric {m}"))
        };
        match self {
            Quantity::Metric(m) => of(m),
            Quantity::Gap(a, b) => of(a).iter().zip(of(b)).map(|(x, y)| x - y).collect(),
        }
    }

    fn show(self) -> String {
        match self {
            Quantity::Metric(m) => m.to_string(),
            Quantity::Gap(a, b) => format!("{a} − {b}"),
        }
    }
}

/// The smallest difference a claim needs.
#[derive(Clone, Copy, Debug)]
pub enum Size {
    /// The metric catalogue's minimum meaningful difference.
    Mmd,
    /// This much, in the metric's unit (larger than its MMD: the fact says so).
    Absolute(f64),
    /// This share of the reference's window mean.
    Relative(f64),
}

/// What a fact claims about the difference `scenario − reference`.
#[derive(Clone, Copy, Debug)]
pub enum Claim {
    /// Its 95% interval lies wholly above +size.
    Raises(Size),
    /// Its 95% interval lies wholly below −size.
    Lowers(Size),
    /// Its 95% interval lies wholly inside (−size, +size).
    Negligible(Size),
}

/// One stylised fact.
#[derive(Clone, Copy, Debug)]
pub struct Fact {
    /// A short name, used in test failures and the robustness table.
    pub name: &'static str,
    pub scenario: &'static str,
    /// The scenario it is paired against; `None` for a fact about one scenario, whose
    /// quantity (a gap) is compared with 0.
    pub reference: Option<&'static str>,
    pub quantity: Quantity,
    pub claim: Claim,
}

/// A fact judged on one set of runs.
#[derive(Clone, Debug)]
pub struct Judgement {
    pub fact: Fact,
    /// The paired difference (or the gap, for a one-scenario fact) and its 95% interval.
    pub difference: Estimate,
    /// The size the claim needs, in the metric's unit.
    pub size: f64,
    /// The 95% interval lies beyond the size (wholly inside it, for a negligible claim).
    pub holds: bool,
    /// The mean alone lies beyond the size (inside it, for a negligible claim): the
    /// criterion of the small hypercube, whose 2 replicates give no useful interval.
    pub mean_holds: bool,
}

impl Judgement {
    /// One line: the fact, the measured interval, the size and the verdict.
    pub fn show(&self) -> String {
        let f = &self.fact;
        format!(
            "{}: {} of {}{} in weeks {}–{}: {:+.4} [{:+.4}, {:+.4}], needs {:?} with size {:.4}: {}",
            f.name,
            f.quantity.show(),
            f.scenario,
            f.reference.map(|r| format!(" − {r}")).unwrap_or_default(),
            DEFAULT_WINDOW.first,
            DEFAULT_WINDOW.last,
            self.difference.mean,
            self.difference.low,
            self.difference.high,
            f.claim,
            self.size,
            if self.holds { "holds" } else { "does not hold" }
        )
    }
}

impl Fact {
    /// Judge the fact over the default window (weeks 53–104) on `runs` (scenario name →
    /// trajectories; every scenario run with the same seeds).
    pub fn judge(&self, runs: &HashMap<String, Trajectories>) -> Judgement {
        let w = DEFAULT_WINDOW;
        let get = |name: &str| {
            runs.get(name)
                .unwrap_or_else(|| panic!("fact {}: scenario {name} was not run", self.name))
        };
        let xs = self.quantity.values(get(self.scenario), w);
        let (diffs, reference_mean) = match self.reference {
            Some(r) => {
                let ys = self.quantity.values(get(r), w);
                assert_eq!(xs.len(), ys.len(), "fact {}: replicates", self.name);
                let d: Vec<f64> = xs.iter().zip(&ys).map(|(x, y)| x - y).collect();
                (d, estimate(&ys).mean)
            }
            None => (xs, 0.0),
        };
        let difference = estimate(&diffs);
        let size = match self.claim {
            Claim::Raises(s) | Claim::Lowers(s) | Claim::Negligible(s) => s,
        };
        let size = match size {
            Size::Absolute(x) => x,
            Size::Relative(r) => r * reference_mean.abs(),
            Size::Mmd => catalogue::find(self.quantity.metric())
                .and_then(|m| m.mmd.threshold(reference_mean))
                .unwrap_or_else(|| panic!("fact {}: metric has no MMD", self.name)),
        };
        let v = verdict(difference.low, difference.high, Some(size), diffs.len());
        let m = difference.mean;
        let (holds, mean_holds) = match self.claim {
            Claim::Raises(_) => (v == Verdict::Meaningful && m > 0.0, m > size),
            Claim::Lowers(_) => (v == Verdict::Meaningful && m < 0.0, m < -size),
            Claim::Negligible(_) => (v == Verdict::Negligible, m.abs() < size),
        };
        Judgement {
            fact: *self,
            difference,
            size,
            holds,
            mean_holds,
        }
    }
}

use Claim::{Lowers, Negligible, Raises};
use Quantity::{Gap, Metric};

/// The stylised facts (design section 5, facts 2–7; the equilibrium fact 1 is in
/// `tests/facts_equilibrium.rs`; devolution's projects per year and its interaction with
/// councils, fact 8, in `tests/facts_devolution.rs`). Training and coordination have no fact on residents or service, and
/// online's trust loss is below its MMD ([`OPEN_CLAIMS`]): see the measured figures in
/// `tests/stylised_facts.rs`.
pub const FACTS: &[Fact] = &[
    // Fact 2: the elderly take part more than the young (facts.md, Shanghai survey).
    Fact {
        name: "elderly_take_part_more_than_the_young",
        scenario: "baseline",
        reference: None,
        quantity: Gap("participation_elderly", "participation_young"),
        claim: Raises(Size::Absolute(0.05)),
    },
    // Fact 5: a digital divide under online channels without inclusion, narrowed with it.
    Fact {
        name: "online_channels_widen_the_age_gap_in_resolution",
        scenario: "online",
        reference: Some("baseline"),
        quantity: Gap("resolved_share_young", "resolved_share_elderly"),
        claim: Raises(Size::Mmd),
    },
    Fact {
        name: "digital_inclusion_narrows_the_age_gap_in_resolution",
        scenario: "online_inclusion",
        reference: Some("online"),
        quantity: Gap("resolved_share_young", "resolved_share_elderly"),
        claim: Lowers(Size::Mmd),
    },
    // Fact 6: online channels without reform overwhelm the office.
    Fact {
        name: "online_without_reform_raises_the_backlog",
        scenario: "online",
        reference: Some("baseline"),
        quantity: Metric("backlog"),
        claim: Raises(Size::Relative(0.05)),
    },
    Fact {
        name: "online_without_reform_lowers_service_within_patience",
        scenario: "online",
        reference: Some("baseline"),
        quantity: Metric("resolved_within_patience_share"),
        claim: Lowers(Size::Mmd),
    },
    Fact {
        name: "online_without_reform_raises_office_pressure",
        scenario: "online",
        reference: Some("baseline"),
        quantity: Metric("office_pressure"),
        claim: Raises(Size::Absolute(0.2)),
    },
    // Fact 3: devolution reaches residents, through outreach and micro-projects only.
    Fact {
        name: "devolution_raises_yearly_participation",
        scenario: "devolution",
        reference: Some("baseline"),
        quantity: Metric("participated_52w"),
        claim: Raises(Size::Mmd),
    },
    Fact {
        name: "devolution_without_outreach_and_projects_does_not_reach_residents",
        scenario: "devolution_without_paths",
        reference: Some("baseline_without_paths"),
        quantity: Metric("participated_52w"),
        claim: Negligible(Size::Mmd),
    },
    // Fact 7: each remedy improves its own target.
    Fact {
        name: "devolution_lowers_the_admin_share",
        scenario: "devolution",
        reference: Some("baseline"),
        quantity: Metric("admin_share"),
        claim: Lowers(Size::Mmd),
    },
    Fact {
        name: "an_open_door_raises_participation",
        scenario: "ngo_open_door",
        reference: Some("baseline"),
        quantity: Metric("participation_rate"),
        claim: Raises(Size::Mmd),
    },
    Fact {
        name: "co_governance_raises_participation",
        scenario: "co_governance",
        reference: Some("baseline"),
        quantity: Metric("participation_rate"),
        claim: Raises(Size::Mmd),
    },
    Fact {
        name: "co_governance_raises_trust",
        scenario: "co_governance",
        reference: Some("baseline"),
        quantity: Metric("mean_trust"),
        claim: Raises(Size::Mmd),
    },
    Fact {
        name: "co_governance_raises_service_within_patience",
        scenario: "co_governance",
        reference: Some("baseline"),
        quantity: Metric("resolved_within_patience_share"),
        claim: Raises(Size::Mmd),
    },
    // Fact 4: councils work only when they meet (the rest of it is in
    // tests/facts_councils.rs: frustration, fading, the binding quorum).
    Fact {
        name: "councils_raise_participation",
        scenario: "councils",
        reference: Some("baseline"),
        quantity: Metric("participation_rate"),
        claim: Raises(Size::Mmd),
    },
    Fact {
        name: "councils_that_cannot_meet_quorum_do_nothing",
        scenario: "councils_unreachable",
        reference: Some("baseline"),
        quantity: Metric("participation_rate"),
        claim: Negligible(Size::Mmd),
    },
];

/// Facts of [`FACTS`] that hold at the default calibration but not on 90% of the ±20%
/// robustness hypercube (`scripts/robustness.sh`, 50 points × 5 replicates): by the issue's
/// rule they are findings conditional on the calibration, not stylised facts. Each is
/// still judged at every point and printed (ODD section 1.2), asserted on the defaults by
/// `tests/stylised_facts.rs` in a test whose name says so, and left out of the hypercube's
/// assertions. With each, where it fails (from `print_where_the_knife_edge_facts_fail`).
pub const CONDITIONAL: &[(&str, &str)] = &[
    (
        "online_without_reform_raises_office_pressure",
        "30 of 50 points: the office tips only under a heavy load of escalations; where \
         issues arise less often or are reported less, online adds reports without tipping \
         it, and at a few points the baseline has tipped already",
    ),
    (
        "an_open_door_raises_participation",
        "39 of 50 points: NGO activities recruit through efficacy and trust, so the rise falls \
         below 0.02 where residents weigh them less",
    ),
    (
        "co_governance_raises_service_within_patience",
        "30 of 50 points: under a light load the baseline already serves most issues within \
         patience, leaving less than 0.02 to gain",
    ),
];

/// Whether a fact of [`FACTS`] is only conditional ([`CONDITIONAL`]).
pub fn is_conditional(name: &str) -> bool {
    CONDITIONAL.iter().any(|(n, _)| *n == name)
}

/// Claims the design asked for that the model does not (yet) produce: judged and printed
/// by `print_the_measured_figures` and the full hypercube, never asserted.
///
/// Online channels without reform lower trust, but by less than its MMD: measured
/// −0.0062 [−0.0065, −0.0059] (10 replicates, seed 1000, weeks 53–104; MMD 0.02): the
/// residents who wait past their patience lose trust, and those served more easily online
/// gain it back.
pub const OPEN_CLAIMS: &[Fact] = &[Fact {
    name: "online_without_reform_lowers_trust",
    scenario: "online",
    reference: Some("baseline"),
    quantity: Metric("mean_trust"),
    claim: Lowers(Size::Mmd),
}];

/// A scenario of the library (scenarios/NAME.toml).
pub fn library(name: &str) -> Scenario {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    load_file(&dir.join(format!("{name}.toml"))).expect("library loads")
}

/// A scenario a fact names: one of the library, `councils_unreachable` (councils whose
/// quorum, 0.2 of the community, no council reaches), or `NAME_without_paths` (the library
/// scenario with devolution's two paths to residents switched off: no outreach, no
/// micro-projects).
pub fn scenario(name: &str) -> Scenario {
    if let Some(base) = name.strip_suffix("_without_paths") {
        let mut s = library(base);
        s.committee.outreach_share = 0.0;
        s.projects.enabled = false;
        return s;
    }
    match name {
        "councils_unreachable" => {
            let mut s = library("councils");
            s.council.quorum = 0.2;
            s
        }
        _ => library(name),
    }
}

/// Every scenario the facts and open claims name, by name, in order of first use.
pub fn scenarios() -> Vec<(String, Scenario)> {
    let mut names: Vec<&str> = Vec::new();
    for f in FACTS.iter().chain(OPEN_CLAIMS) {
        for n in std::iter::once(f.scenario).chain(f.reference) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names.iter().map(|n| (n.to_string(), scenario(n))).collect()
}

/// Run `scenarios` with `replicates` each from `seed` (common random numbers) and gather
/// their trajectories by name.
pub fn run(
    scenarios: Vec<(String, Scenario)>,
    seed: u64,
    replicates: u32,
) -> HashMap<String, Trajectories> {
    let jobs: Vec<cogov::run::Job> = scenarios
        .into_iter()
        .map(|(name, scenario)| cogov::run::Job {
            name,
            scenario,
            master_seed: seed,
            replicates,
        })
        .collect();
    super::run_by_name(&jobs)
        .into_iter()
        .map(|(k, v): (String, Vec<Vec<TickMetrics>>)| (k, Trajectories::new(&v)))
        .collect()
}

/// The paired window difference `scenario − reference` of a metric, for figures written
/// down in comments (measurements that are not facts).
pub fn window_difference(
    runs: &HashMap<String, Trajectories>,
    scenario: &str,
    reference: &str,
    metric: &str,
) -> Estimate {
    let of = |name: &str| {
        runs[name]
            .window_means(metric, DEFAULT_WINDOW)
            .unwrap_or_else(|| panic!("no metric {metric}"))
    };
    let (a, b) = (of(scenario), of(reference));
    estimate(&a.iter().zip(&b).map(|(x, y)| x - y).collect::<Vec<_>>())
}
