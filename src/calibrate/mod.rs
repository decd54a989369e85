//! Approximate Bayesian computation by adaptive population Monte Carlo (APMC; Lenormand,
//! Jabot & Deffuant 2013, Comput. Stat. 28:2777, the method OpenMOLE uses), as a pure
//! state machine: the caller runs the model on each generation's proposals (a sweep) and
//! hands back their distances.
//!
//! **Algorithm.** With N particles and α (default 0.5), keep N_α = ⌊αN⌋:
//! 1. Generation 0: N draws from the prior. ε₀ is the α-quantile of their distances; the
//!    N_α closest are kept with weight 1.
//! 2. Generation t: the kernel variance per parameter is twice the weighted variance of
//!    the kept particles (Beaumont, Cornuet, Marin & Robert 2009). N - N_α proposals are
//!    drawn: a kept particle by weight, moved by a normal kernel, redrawn until inside the
//!    prior's support. Each new particle's weight is π(θ) / Σⱼ w̃ⱼ K(θ | θⱼ) (w̃ the
//!    normalised old weights). p_acc is the share of new particles closer than ε_{t-1};
//!    old and new together, ε_t is the α-quantile of the distances and the N_α closest
//!    are kept.
//! 3. Stop when p_acc < p_acc_min (default 0.05), or after `max_generations`.
//!
//! Proposals draw from `rng::stream(seed, Purpose::Calibration, t)`, so a generation's
//! proposals are a pure function of the seed and the generations before it (a resumed
//! calibration proposes the same particles).

pub mod coverage;
pub mod file;
pub mod output;

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use crate::rng::{self, Purpose};

/// A prior over one parameter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Prior {
    Uniform {
        low: f64,
        high: f64,
    },
    /// Uniform in log: density ∝ 1/x on [low, high], low > 0.
    LogUniform {
        low: f64,
        high: f64,
    },
    /// Normal(mean, sd) truncated to [low, high].
    TruncatedNormal {
        mean: f64,
        sd: f64,
        low: f64,
        high: f64,
    },
}

impl Prior {
    /// The support.
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            Prior::Uniform { low, high }
            | Prior::LogUniform { low, high }
            | Prior::TruncatedNormal { low, high, .. } => (low, high),
        }
    }

    /// An unnormalised density (0 outside the support); ratios are what APMC needs.
    pub fn density(&self, x: f64) -> f64 {
        let (lo, hi) = self.bounds();
        if !(lo..=hi).contains(&x) {
            return 0.0;
        }
        match *self {
            Prior::Uniform { .. } => 1.0,
            Prior::LogUniform { .. } => 1.0 / x,
            Prior::TruncatedNormal { mean, sd, .. } => (-0.5 * ((x - mean) / sd).powi(2)).exp(),
        }
    }

    /// A draw from the prior.
    pub fn sample(&self, s: &mut rng::Stream) -> f64 {
        match *self {
            Prior::Uniform { low, high } => low + (high - low) * s.random::<f64>(),
            Prior::LogUniform { low, high } => {
                (low.ln() + (high.ln() - low.ln()) * s.random::<f64>()).exp()
            }
            Prior::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => loop {
                // Rejection from the normal; the loader refuses supports far in a tail.
                let z: f64 = StandardNormal.sample(s);
                let x = mean + sd * z;
                if (low..=high).contains(&x) {
                    break x;
                }
            },
        }
    }
}

/// The settings of an APMC run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Settings {
    /// N: particles per generation.
    pub particles: usize,
    /// α: the share kept each generation.
    pub alpha: f64,
    /// Stop when fewer than this share of new particles beat the last tolerance.
    pub p_acc_min: f64,
    /// Stop after this many generations in any case.
    pub max_generations: u32,
}

/// One particle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Particle {
    pub theta: Vec<f64>,
    pub weight: f64,
    pub distance: f64,
}

/// Where an APMC run is.
#[derive(Clone, Debug)]
pub struct Apmc {
    pub priors: Vec<Prior>,
    pub settings: Settings,
    pub seed: u64,
    /// The generation the next proposals belong to.
    pub generation: u32,
    /// The kept particles (empty before generation 0 is accepted).
    pub kept: Vec<Particle>,
    /// The tolerance after the last generation.
    pub epsilon: f64,
    /// The last generation's acceptance share (1 after generation 0).
    pub p_acc: f64,
    /// Proposals of the current generation and their weights, until accepted.
    pending: Vec<(Vec<f64>, f64)>,
}

impl Apmc {
    pub fn new(priors: Vec<Prior>, settings: Settings, seed: u64) -> Apmc {
        Apmc {
            priors,
            settings,
            seed,
            generation: 0,
            kept: Vec::new(),
            epsilon: f64::INFINITY,
            p_acc: 1.0,
            pending: Vec::new(),
        }
    }

    fn n_alpha(&self) -> usize {
        ((self.settings.alpha * self.settings.particles as f64).floor() as usize).max(2)
    }

    /// Whether the run has stopped.
    pub fn done(&self) -> bool {
        self.generation > 0
            && (self.p_acc < self.settings.p_acc_min
                || self.generation >= self.settings.max_generations)
    }

    /// The parameter vectors to simulate in the current generation.
    pub fn propose(&mut self) -> Vec<Vec<f64>> {
        let mut s = rng::stream(self.seed, Purpose::Calibration, u64::from(self.generation));
        self.pending = if self.generation == 0 {
            (0..self.settings.particles)
                .map(|_| (self.priors.iter().map(|p| p.sample(&mut s)).collect(), 1.0))
                .collect()
        } else {
            self.perturbed(&mut s)
        };
        self.pending.iter().map(|(t, _)| t.clone()).collect()
    }

    fn kernel_sd(&self) -> Vec<f64> {
        let total: f64 = self.kept.iter().map(|p| p.weight).sum();
        (0..self.priors.len())
            .map(|j| {
                let m = self.kept.iter().map(|p| p.weight * p.theta[j]).sum::<f64>() / total;
                let v = self
                    .kept
                    .iter()
                    .map(|p| p.weight * (p.theta[j] - m).powi(2))
                    .sum::<f64>()
                    / total;
                (2.0 * v).sqrt().max(1e-12)
            })
            .collect()
    }

    fn perturbed(&self, s: &mut rng::Stream) -> Vec<(Vec<f64>, f64)> {
        let sd = self.kernel_sd();
        let total: f64 = self.kept.iter().map(|p| p.weight).sum();
        let n_new = self.settings.particles - self.kept.len();
        (0..n_new)
            .map(|_| {
                let theta = loop {
                    let mut u = s.random::<f64>() * total;
                    let parent = self
                        .kept
                        .iter()
                        .find(|p| {
                            u -= p.weight;
                            u <= 0.0
                        })
                        .unwrap_or_else(|| self.kept.last().expect("kept particles"));
                    let t: Vec<f64> = parent
                        .theta
                        .iter()
                        .zip(&sd)
                        .map(|(x, sd)| {
                            let z: f64 = StandardNormal.sample(s);
                            x + sd * z
                        })
                        .collect();
                    if self.prior_density(&t) > 0.0 {
                        break t;
                    }
                };
                let kernel: f64 = self
                    .kept
                    .iter()
                    .map(|p| {
                        let q: f64 = p
                            .theta
                            .iter()
                            .zip(&theta)
                            .zip(&sd)
                            .map(|((a, b), sd)| ((a - b) / sd).powi(2))
                            .sum();
                        p.weight / total * (-0.5 * q).exp()
                    })
                    .sum();
                let w = self.prior_density(&theta) / kernel.max(1e-300);
                (theta, w)
            })
            .collect()
    }

    fn prior_density(&self, theta: &[f64]) -> f64 {
        self.priors
            .iter()
            .zip(theta)
            .map(|(p, &x)| p.density(x))
            .product()
    }

    /// Take the distances of the current proposals (in order; NaN for a failed
    /// simulation, never kept) and move to the next generation.
    pub fn accept(&mut self, distances: &[f64]) {
        assert_eq!(
            distances.len(),
            self.pending.len(),
            "one distance per proposal"
        );
        let new: Vec<Particle> = self
            .pending
            .drain(..)
            .zip(distances)
            .map(|((theta, weight), &d)| Particle {
                theta,
                weight,
                distance: if d.is_nan() { f64::INFINITY } else { d },
            })
            .collect();
        if self.generation > 0 {
            let beat = new.iter().filter(|p| p.distance < self.epsilon).count();
            self.p_acc = beat as f64 / new.len().max(1) as f64;
        }
        let mut all: Vec<Particle> = std::mem::take(&mut self.kept);
        all.extend(new);
        // Stable: ties keep the older particle first.
        all.sort_by(|a, b| a.distance.total_cmp(&b.distance));
        all.truncate(self.n_alpha());
        self.epsilon = all.last().map_or(f64::INFINITY, |p| p.distance);
        self.kept = all;
        self.generation += 1;
    }

    /// Weighted quantile `q` of parameter `j` over the kept particles.
    pub fn quantile(&self, j: usize, q: f64) -> f64 {
        let mut v: Vec<(f64, f64)> = self.kept.iter().map(|p| (p.theta[j], p.weight)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = v.iter().map(|x| x.1).sum();
        let mut acc = 0.0;
        for (x, w) in &v {
            acc += w / total;
            if acc >= q {
                return *x;
            }
        }
        v.last().map_or(f64::NAN, |x| x.0)
    }

    /// Weighted mean of parameter `j` over the kept particles.
    pub fn mean(&self, j: usize) -> f64 {
        let total: f64 = self.kept.iter().map(|p| p.weight).sum();
        self.kept.iter().map(|p| p.weight * p.theta[j]).sum::<f64>() / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Toy model with an analytic posterior: 20 observations from Normal(μ, 1), statistic
    /// their mean x̄; with a flat prior the posterior of μ is Normal(x̄, 1/20). APMC's 90%
    /// interval covers the truth and is about as wide as the analytic one (±1.645/√20).
    #[test]
    fn a_normal_mean_is_recovered_with_its_analytic_spread() {
        let observed = 1.3;
        let settings = Settings {
            particles: 2000,
            alpha: 0.5,
            p_acc_min: 0.05,
            max_generations: 30,
        };
        let mut apmc = Apmc::new(
            vec![Prior::Uniform {
                low: -10.0,
                high: 10.0,
            }],
            settings,
            9,
        );
        let mut sim = rng::stream(9, Purpose::Calibration, 1 << 40);
        while !apmc.done() {
            let proposals = apmc.propose();
            let d: Vec<f64> = proposals
                .iter()
                .map(|t| {
                    let xbar = (0..20)
                        .map(|_| {
                            let z: f64 = StandardNormal.sample(&mut sim);
                            t[0] + z
                        })
                        .sum::<f64>()
                        / 20.0;
                    (xbar - observed).abs()
                })
                .collect();
            apmc.accept(&d);
        }
        assert!(apmc.generation >= 3, "{}", apmc.generation);
        let (lo, hi) = (apmc.quantile(0, 0.05), apmc.quantile(0, 0.95));
        let half = 1.645 / 20f64.sqrt();
        assert!(lo < observed && observed < hi, "[{lo}, {hi}]");
        assert!((apmc.mean(0) - observed).abs() < 0.1, "{}", apmc.mean(0));
        let width = hi - lo;
        assert!(
            width > 2.0 * half * 0.8 && width < 2.0 * half * 1.4,
            "90% width {width} vs analytic {}",
            2.0 * half
        );
    }

    #[test]
    fn proposals_are_a_function_of_the_seed_and_history() {
        let settings = Settings {
            particles: 50,
            alpha: 0.5,
            p_acc_min: 0.05,
            max_generations: 5,
        };
        let priors = vec![
            Prior::LogUniform {
                low: 0.1,
                high: 10.0,
            },
            Prior::TruncatedNormal {
                mean: 0.5,
                sd: 0.2,
                low: 0.0,
                high: 1.0,
            },
        ];
        let run = || {
            let mut a = Apmc::new(priors.clone(), settings, 4);
            let mut all = Vec::new();
            for _ in 0..3 {
                let p = a.propose();
                let d: Vec<f64> = p
                    .iter()
                    .map(|t| (t[0] - 1.0).abs() + (t[1] - 0.3).abs())
                    .collect();
                all.push(p);
                a.accept(&d);
            }
            all
        };
        let a = run();
        assert_eq!(a, run());
        for gen_ in &a {
            for t in gen_ {
                assert!((0.1..=10.0).contains(&t[0]) && (0.0..=1.0).contains(&t[1]));
            }
        }
        assert_eq!(a[0].len(), 50);
        assert_eq!(a[1].len(), 25, "N - N_α new particles");
    }
}
