//! Morris screening: elementary effects on one-at-a-time trajectories (Morris 1991,
//! Technometrics 33(2)), with μ* (the mean of absolute effects, Campolongo, Cariboni &
//! Saltelli 2007, Env. Model. Softw. 22) and the optional improved choice of trajectories
//! (Campolongo et al. 2007's spread, chosen greedily as in Ruano, Ribes, Sin & Gernaey
//! 2012, Env. Model. Softw. 37).
//!
//! **Design.** On the unit cube with `p` levels {0, 1/(p-1), …, 1} (p even) the step is
//! Δ = p / (2(p - 1)). A trajectory starts at a random base point whose coordinates are
//! levels in [0, 1 - Δ], each moved up by Δ with probability ½ (the random orientation
//! D* of Morris), and then moves one parameter at a time, in a random order, by +Δ or -Δ
//! (-Δ for the coordinates that started moved up): k + 1 points for k parameters, every
//! point on the grid of levels. The points of a design are its trajectories one after the
//! other. With `candidates` M, M trajectories are drawn and `r` of them kept: first the
//! two farthest apart, then one by one the candidate whose summed distance to those kept
//! is largest (distance of two trajectories: the sum of the Euclidean distances between
//! their points).
//!
//! **Indices.** The elementary effect of the parameter moved at a step is
//! (y(after) - y(before)) / (±Δ), on the unit scale (so effects of parameters with
//! different ranges compare; an integer parameter's rounding is not undone). Per
//! parameter over the trajectories: μ (mean), μ* (mean of |EE|) and σ (standard
//! deviation, n - 1), each with a percentile bootstrap 95% interval from resampling
//! trajectories with replacement. A trajectory whose runs around a step failed gives no
//! effect for that parameter.
//!
//! Everything is a pure function of the seed and the sizes: the design draws from
//! `rng::stream(seed, Purpose::SweepDesign, 1)` (candidate after candidate: the base
//! levels, the orientation, the order), the bootstrap from the stream it is given.

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::rng::{self, Purpose, Stream};

/// The settings of a Morris design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MorrisSettings {
    /// r: trajectories kept.
    pub trajectories: u32,
    /// p: levels of the grid (even, >= 2).
    pub levels: u32,
    /// M: candidate trajectories for the improved choice (none: every drawn one is kept).
    pub candidates: Option<u32>,
}

/// At most this many candidate trajectories: the choice compares every pair.
pub const MAX_CANDIDATES: u32 = 2000;

/// The step Δ of a grid of `levels` levels on [0, 1].
pub fn delta(levels: u32) -> f64 {
    f64::from(levels) / (2.0 * (f64::from(levels) - 1.0))
}

/// One trajectory on the unit cube.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// k + 1 points of k coordinates.
    pub points: Vec<Vec<f64>>,
    /// The parameter moved at each step (step s goes from point s to point s + 1).
    pub moved: Vec<usize>,
    /// The signed move of each step: +Δ or -Δ.
    pub steps: Vec<f64>,
}

fn draw_trajectory(s: &mut Stream, k: usize, levels: u32) -> Trajectory {
    let d = delta(levels);
    let below = (levels / 2).max(1); // levels in [0, 1 - Δ]
    let step = 1.0 / (f64::from(levels) - 1.0);
    let mut x: Vec<f64> = (0..k)
        .map(|_| f64::from(s.random_range(0..below)) * step)
        .collect();
    let up: Vec<bool> = (0..k).map(|_| s.random::<bool>()).collect();
    for (xi, &u) in x.iter_mut().zip(&up) {
        if u {
            *xi += d;
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    for i in (1..k).rev() {
        let j = s.random_range(0..=i);
        order.swap(i, j);
    }
    let mut points = vec![x.clone()];
    let mut steps = Vec::with_capacity(k);
    for &j in &order {
        let m = if up[j] { -d } else { d };
        x[j] = (x[j] + m).clamp(0.0, 1.0);
        steps.push(m);
        points.push(x.clone());
    }
    Trajectory {
        points,
        moved: order,
        steps,
    }
}

/// Campolongo et al. (2007)'s distance of two trajectories.
fn distance(a: &Trajectory, b: &Trajectory) -> f64 {
    a.points
        .iter()
        .map(|p| {
            b.points
                .iter()
                .map(|q| {
                    p.iter()
                        .zip(q)
                        .map(|(x, y)| (x - y).powi(2))
                        .sum::<f64>()
                        .sqrt()
                })
                .sum::<f64>()
        })
        .sum()
}

/// The `r` trajectories of a design for `k` parameters.
pub fn trajectories(seed: u64, k: usize, settings: &MorrisSettings) -> Vec<Trajectory> {
    let mut s = rng::stream(seed, Purpose::SweepDesign, 1);
    let r = settings.trajectories as usize;
    let m = settings.candidates.map_or(r, |m| (m as usize).max(r));
    let drawn: Vec<Trajectory> = (0..m)
        .map(|_| draw_trajectory(&mut s, k, settings.levels))
        .collect();
    if m == r {
        return drawn;
    }
    spread_choice(drawn, r)
}

/// Keep `r` of the candidates, greedily maximising their summed pairwise distance.
fn spread_choice(drawn: Vec<Trajectory>, r: usize) -> Vec<Trajectory> {
    let m = drawn.len();
    let mut dist = vec![vec![0.0; m]; m];
    for i in 0..m {
        for j in i + 1..m {
            let d = distance(&drawn[i], &drawn[j]);
            dist[i][j] = d;
            dist[j][i] = d;
        }
    }
    let mut chosen: Vec<usize> = Vec::with_capacity(r);
    if r >= 2 {
        let (mut bi, mut bj, mut best) = (0, 1, f64::NEG_INFINITY);
        for (i, row) in dist.iter().enumerate() {
            for (j, &d) in row.iter().enumerate().skip(i + 1) {
                if d > best {
                    (bi, bj, best) = (i, j, d);
                }
            }
        }
        chosen.extend([bi, bj]);
    } else if r == 1 {
        chosen.push(0);
    }
    let mut sum: Vec<f64> = (0..m)
        .map(|c| chosen.iter().map(|&i| dist[c][i]).sum())
        .collect();
    while chosen.len() < r {
        let next = (0..m)
            .filter(|c| !chosen.contains(c))
            .max_by(|&a, &b| sum[a].total_cmp(&sum[b]).then(b.cmp(&a)))
            .expect("candidates >= trajectories");
        chosen.push(next);
        for (c, s) in sum.iter_mut().enumerate() {
            *s += dist[c][next];
        }
    }
    chosen.sort_unstable();
    let mut drawn: Vec<Option<Trajectory>> = drawn.into_iter().map(Some).collect();
    chosen
        .into_iter()
        .map(|i| drawn[i].take().expect("each once"))
        .collect()
}

/// The points of the design, trajectory after trajectory.
pub fn unit_points(trajectories: &[Trajectory]) -> Vec<Vec<f64>> {
    trajectories
        .iter()
        .flat_map(|t| t.points.iter().cloned())
        .collect()
}

/// The elementary effects of each of `k` parameters, one per trajectory (NaN where an
/// output around the step is not finite); `y` holds one output per point of the design.
pub fn elementary_effects(trajectories: &[Trajectory], k: usize, y: &[f64]) -> Vec<Vec<f64>> {
    let mut ee = vec![vec![f64::NAN; trajectories.len()]; k];
    for (t, tr) in trajectories.iter().enumerate() {
        let base = t * (k + 1);
        for (s, (&j, &m)) in tr.moved.iter().zip(&tr.steps).enumerate() {
            let (a, b) = (y[base + s], y[base + s + 1]);
            if a.is_finite() && b.is_finite() {
                ee[j][t] = (b - a) / m;
            }
        }
    }
    ee
}

/// A value with its bootstrap 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// The Morris indices of one parameter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MorrisIndex {
    /// Trajectories that gave an effect.
    pub n: usize,
    pub mu: Interval,
    pub mu_star: Interval,
    pub sigma: Interval,
}

fn stats(ee: &[f64]) -> (f64, f64, f64) {
    let v: Vec<f64> = ee.iter().copied().filter(|x| x.is_finite()).collect();
    let n = v.len() as f64;
    if v.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mu = v.iter().sum::<f64>() / n;
    let mu_star = v.iter().map(|x| x.abs()).sum::<f64>() / n;
    let sigma = if v.len() < 2 {
        f64::NAN
    } else {
        (v.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    (mu, mu_star, sigma)
}

/// The `q` quantile (0..=1) of sorted finite values, linearly interpolated (type 7).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The 2.5% and 97.5% quantiles of the finite values.
pub fn percentile_interval(values: &mut Vec<f64>) -> (f64, f64) {
    values.retain(|x| x.is_finite());
    values.sort_by(f64::total_cmp);
    (quantile(values, 0.025), quantile(values, 0.975))
}

/// μ, μ* and σ of every parameter from its effects (`ee[j]`, one per trajectory), with
/// intervals from `resamples` bootstrap resamples of the trajectories drawn from `s`.
pub fn indices(ee: &[Vec<f64>], resamples: usize, s: &mut Stream) -> Vec<MorrisIndex> {
    let r = ee.first().map_or(0, Vec::len);
    let k = ee.len();
    let mut boot: Vec<[Vec<f64>; 3]> = vec![[Vec::new(), Vec::new(), Vec::new()]; k];
    let mut sample = vec![0.0; r];
    let mut picks = vec![0usize; r];
    for _ in 0..resamples {
        if r == 0 {
            break;
        }
        for p in picks.iter_mut() {
            *p = s.random_range(0..r);
        }
        for (j, b) in boot.iter_mut().enumerate() {
            for (x, &i) in sample.iter_mut().zip(&picks) {
                *x = ee[j][i];
            }
            let (mu, mu_star, sigma) = stats(&sample);
            b[0].push(mu);
            b[1].push(mu_star);
            b[2].push(sigma);
        }
    }
    ee.iter()
        .zip(boot)
        .map(|(e, [mut bm, mut bs, mut bsg])| {
            let (mu, mu_star, sigma) = stats(e);
            let iv = |value: f64, b: &mut Vec<f64>| {
                let (low, high) = percentile_interval(b);
                Interval { value, low, high }
            };
            MorrisIndex {
                n: e.iter().filter(|x| x.is_finite()).count(),
                mu: iv(mu, &mut bm),
                mu_star: iv(mu_star, &mut bs),
                sigma: iv(sigma, &mut bsg),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::sobol::g_function;

    fn settings(r: u32, p: u32, m: Option<u32>) -> MorrisSettings {
        MorrisSettings {
            trajectories: r,
            levels: p,
            candidates: m,
        }
    }

    fn run(
        f: impl Fn(&[f64]) -> f64,
        k: usize,
        st: &MorrisSettings,
        seed: u64,
    ) -> Vec<MorrisIndex> {
        let tr = trajectories(seed, k, st);
        let y: Vec<f64> = unit_points(&tr).iter().map(|x| f(x)).collect();
        let ee = elementary_effects(&tr, k, &y);
        indices(
            &ee,
            1000,
            &mut rng::stream(seed, Purpose::SensitivityBootstrap, 0),
        )
    }

    #[test]
    fn trajectories_move_one_parameter_by_delta_on_the_grid() {
        for m in [None, Some(40)] {
            let st = settings(10, 4, m);
            let tr = trajectories(3, 5, &st);
            assert_eq!(tr.len(), 10);
            let d = delta(4);
            assert!((d - 2.0 / 3.0).abs() < 1e-12);
            for t in &tr {
                assert_eq!(t.points.len(), 6);
                let mut moved = t.moved.clone();
                moved.sort_unstable();
                assert_eq!(moved, vec![0, 1, 2, 3, 4], "each parameter moves once");
                for (s, w) in t.points.windows(2).enumerate() {
                    let changed: Vec<usize> = (0..5).filter(|&j| w[0][j] != w[1][j]).collect();
                    assert_eq!(changed, vec![t.moved[s]]);
                    let j = t.moved[s];
                    assert!((w[1][j] - w[0][j] - t.steps[s]).abs() < 1e-12);
                    assert!((t.steps[s].abs() - d).abs() < 1e-12);
                }
                for x in t.points.iter().flatten() {
                    let level = x * 3.0;
                    assert!((level - level.round()).abs() < 1e-9 && (0.0..=1.0).contains(x));
                }
            }
        }
        assert_eq!(
            trajectories(3, 5, &settings(10, 4, None)),
            trajectories(3, 5, &settings(10, 4, None))
        );
        assert_ne!(
            trajectories(3, 5, &settings(10, 4, None)),
            trajectories(4, 5, &settings(10, 4, None))
        );
    }

    #[test]
    fn the_improved_choice_spreads_the_trajectories() {
        let spread = |tr: &[Trajectory]| {
            let mut s = 0.0;
            for i in 0..tr.len() {
                for j in i + 1..tr.len() {
                    s += distance(&tr[i], &tr[j]);
                }
            }
            s
        };
        let plain = spread(&trajectories(8, 4, &settings(6, 4, None)));
        let chosen = spread(&trajectories(8, 4, &settings(6, 4, Some(200))));
        assert!(chosen > plain * 1.15, "chosen {chosen} plain {plain}");
    }

    #[test]
    fn a_linear_function_has_its_coefficients_as_effects_and_no_spread() {
        // y = 10 x0 - 5 x1 + 1 x2 + 0 x3: every effect is the coefficient.
        let f = |x: &[f64]| 10.0 * x[0] - 5.0 * x[1] + x[2];
        let ix = run(f, 4, &settings(20, 4, None), 1);
        for (j, c) in [10.0, -5.0, 1.0, 0.0].into_iter().enumerate() {
            assert!((ix[j].mu.value - c).abs() < 1e-9, "{j}: {:?}", ix[j]);
            assert!((ix[j].mu_star.value - f64::abs(c)).abs() < 1e-9);
            assert!(ix[j].sigma.value.abs() < 1e-9);
            assert!(ix[j].mu_star.high - ix[j].mu_star.low < 1e-9);
            assert_eq!(ix[j].n, 20);
        }
    }

    /// The G-function's importance falls with a: μ* ranks the parameters in that order,
    /// and a parameter with a = 99 is screened out (its μ* interval lies below 5% of the
    /// first's).
    #[test]
    fn morris_ranks_the_g_function_by_importance() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
        for m in [None, Some(100)] {
            let ix = run(|x| g_function(x, &a), 6, &settings(40, 4, m), 7);
            for j in 0..3 {
                assert!(
                    ix[j].mu_star.low > ix[j + 1].mu_star.high * 0.9,
                    "{m:?} {j}: {:?} vs {:?}",
                    ix[j].mu_star,
                    ix[j + 1].mu_star
                );
            }
            for j in 4..6 {
                assert!(
                    ix[j].mu_star.high < 0.05 * ix[0].mu_star.value,
                    "{:?}",
                    ix[j]
                );
            }
            for i in &ix {
                assert!(i.mu_star.low <= i.mu_star.value && i.mu_star.value <= i.mu_star.high);
                assert!(i.mu_star.high - i.mu_star.low < i.mu_star.value.max(1e-3));
            }
        }
    }

    #[test]
    fn failed_outputs_leave_out_only_their_effects() {
        let tr = trajectories(2, 3, &settings(5, 4, None));
        let mut y: Vec<f64> = unit_points(&tr).iter().map(|x| x[0] + x[1]).collect();
        y[0] = f64::NAN; // the first step of trajectory 0
        let ee = elementary_effects(&tr, 3, &y);
        let first = tr[0].moved[0];
        assert!(ee[first][0].is_nan());
        assert_eq!(ee.iter().flatten().filter(|x| x.is_nan()).count(), 1);
    }
}
