//! The keys of Morris and Sobol' designs in a sweep file: which apply to which design,
//! their ranges, and the size of the design by arithmetic before any point is built.

use super::morris::{self, MorrisSettings};
use super::sobol::{self, SobolSettings};
use super::{DesignKind, MAX_RUNS, SweepFile};
use crate::diagnostics::Spot;
use crate::scenario::{Problem, ScenarioError};

/// Most work the improved choice of Morris trajectories may take: candidates² × (k + 1)²
/// × k coordinate differences (a few seconds).
const MAX_CHOICE_WORK: u64 = 4_000_000_000;

/// The Morris settings as written (trajectories 0 if missing: reported by
/// [`check_design_keys`]).
pub(super) fn morris_settings(file: &SweepFile) -> Option<MorrisSettings> {
    let d = file.design.get_ref();
    (*d.kind.get_ref() == DesignKind::Morris).then(|| MorrisSettings {
        trajectories: d.trajectories.as_ref().map_or(0, |t| *t.get_ref()),
        levels: d.levels.as_ref().map_or(4, |l| *l.get_ref()),
        candidates: d.candidates.as_ref().map(|c| *c.get_ref()),
    })
}

/// The Sobol' settings as written.
pub(super) fn sobol_settings(file: &SweepFile) -> Option<SobolSettings> {
    let d = file.design.get_ref();
    (*d.kind.get_ref() == DesignKind::Sobol).then(|| SobolSettings {
        base_samples: d.base_samples.as_ref().map_or(0, |n| *n.get_ref()),
        second_order: d.second_order.as_ref().is_some_and(|b| *b.get_ref()),
    })
}

/// Keys of one design written for another, and the ranges of Morris and Sobol' keys.
pub(super) fn check_design_keys(file: &SweepFile, spot: &Spot, problems: &mut Vec<Problem>) {
    let d = file.design.get_ref();
    let design = *d.kind.get_ref();
    let written = [
        (
            "trajectories",
            d.trajectories.as_ref().map(|s| s.span()),
            DesignKind::Morris,
        ),
        (
            "levels",
            d.levels.as_ref().map(|s| s.span()),
            DesignKind::Morris,
        ),
        (
            "candidates",
            d.candidates.as_ref().map(|s| s.span()),
            DesignKind::Morris,
        ),
        (
            "base_samples",
            d.base_samples.as_ref().map(|s| s.span()),
            DesignKind::Sobol,
        ),
        (
            "second_order",
            d.second_order.as_ref().map(|s| s.span()),
            DesignKind::Sobol,
        ),
    ];
    for (key, span, owner) in written {
        if let Some(span) = span.filter(|_| owner != design) {
            problems.push(spot.problem_at(
                span,
                format!("design.{key}"),
                format!(
                    "`{key}` is a key of kind = \"{}\" designs, not of kind = \"{}\"",
                    owner.name(),
                    design.name()
                ),
            ));
        }
    }
    let k = file.parameters.get_ref().len();
    match design {
        DesignKind::Morris => check_morris(file, k, spot, problems),
        DesignKind::Sobol => check_sobol(file, k, spot, problems),
        _ => {}
    }
}

fn check_morris(file: &SweepFile, k: usize, spot: &Spot, problems: &mut Vec<Problem>) {
    let d = file.design.get_ref();
    let r = match &d.trajectories {
        None => {
            problems.push(
                spot.problem(
                    &file.design,
                    "design.trajectories",
                    "missing: a morris design needs `trajectories`, the number r of \
                 one-at-a-time paths (10 to 50 is usual)"
                        .into(),
                ),
            );
            return;
        }
        Some(t) if *t.get_ref() < 2 => {
            problems.push(spot.problem(
                t,
                "design.trajectories",
                format!(
                    "{} is out of range; valid: >= 2 (σ needs two effects per parameter)",
                    t.get_ref()
                ),
            ));
            return;
        }
        Some(t) => *t.get_ref(),
    };
    if let Some(l) = &d.levels {
        let p = *l.get_ref();
        if p < 2 || p % 2 == 1 || p > 1000 {
            problems.push(spot.problem(
                l,
                "design.levels",
                format!(
                    "{p} is out of range; valid: an even number from 2 to 1000 (Morris' \
                     levels p, with step Δ = p / (2(p - 1)); 4 is usual)"
                ),
            ));
        }
    }
    if let Some(c) = &d.candidates {
        let m = *c.get_ref();
        let work = u64::from(m)
            .saturating_mul(u64::from(m))
            .saturating_mul((k as u64 + 1).pow(2))
            .saturating_mul(k as u64);
        if m < r || m > morris::MAX_CANDIDATES || work > MAX_CHOICE_WORK {
            problems.push(spot.problem(
                c,
                "design.candidates",
                format!(
                    "{m} is out of range; valid: from trajectories = {r} to {} candidates, \
                     and at most about {} for {k} parameters (the choice compares every \
                     pair of candidates)",
                    morris::MAX_CANDIDATES,
                    ((MAX_CHOICE_WORK as f64 / ((k as f64 + 1.0).powi(2) * k.max(1) as f64))
                        .sqrt() as u64)
                        .min(u64::from(morris::MAX_CANDIDATES))
                ),
            ));
        }
    }
}

fn check_sobol(file: &SweepFile, k: usize, spot: &Spot, problems: &mut Vec<Problem>) {
    let d = file.design.get_ref();
    match &d.base_samples {
        None => problems.push(
            spot.problem(
                &file.design,
                "design.base_samples",
                "missing: a sobol design needs `base_samples`, the number N of base rows (a \
             power of two such as 256 or 1024 keeps the Sobol' sequence balanced)"
                    .into(),
            ),
        ),
        Some(n) if *n.get_ref() < 4 => problems.push(spot.problem(
            n,
            "design.base_samples",
            format!(
                "{} is out of range; valid: >= 4 (the convergence report compares N/2 \
                 with N)",
                n.get_ref()
            ),
        )),
        _ => {}
    }
    if k > sobol::MAX_PARAMETERS {
        problems.push(spot.problem(
            &file.parameters,
            "parameters",
            format!(
                "{k} parameters; a sobol design varies at most {} (the direction numbers \
                 cover {} dimensions, two per parameter)",
                sobol::MAX_PARAMETERS,
                2 * sobol::MAX_PARAMETERS
            ),
        ));
    }
    if let Some(b) = &d.second_order
        && *b.get_ref()
        && k < 2
    {
        problems.push(spot.problem(
            b,
            "design.second_order",
            "second-order indices need at least two parameters".into(),
        ));
    }
}

/// Refuse a Morris or Sobol' design of more than [`MAX_RUNS`] runs, by checked
/// arithmetic on the numbers as written.
pub(super) fn check_screening_size(
    file: &SweepFile,
    replicates: u32,
    spot: &Spot,
) -> Result<(), ScenarioError> {
    let d = file.design.get_ref();
    let k = file.parameters.get_ref().len() as u64;
    let (key, span, count, per, what) = if let Some(t) = &d.trajectories
        && *d.kind.get_ref() == DesignKind::Morris
    {
        let r = u64::from(*t.get_ref());
        (
            "design.trajectories",
            t.span(),
            r,
            k + 1,
            "trajectories × (parameters + 1) points",
        )
    } else if let Some(n) = &d.base_samples
        && *d.kind.get_ref() == DesignKind::Sobol
    {
        let second = d.second_order.as_ref().is_some_and(|b| *b.get_ref());
        let per = if second { 2 * k + 2 } else { k + 2 };
        (
            "design.base_samples",
            n.span(),
            u64::from(*n.get_ref()),
            per,
            if second {
                "base rows × (2 × parameters + 2) points"
            } else {
                "base rows × (parameters + 2) points"
            },
        )
    } else {
        return Ok(());
    };
    let runs = count
        .checked_mul(per)
        .and_then(|p| p.checked_mul(u64::from(replicates)));
    if runs.is_none_or(|r| r > MAX_RUNS) {
        return Err(ScenarioError::one(spot.problem_at(
            span,
            key,
            format!(
                "{count} × {per} ({what}) × {replicates} replicates is more than the limit \
                 of {MAX_RUNS} runs"
            ),
        )));
    }
    Ok(())
}
