//! Published analytic results that the model's threshold rule must reproduce.
//!
//! With `w_social = 1` and every other term of the drive zero, participation is the
//! classic threshold cascade: a resident takes part when the share of its neighbours who
//! took part last tick is at least its threshold φ, and committed residents are the
//! initial seeds. These functions give the known answers of that model, for the
//! validation tests and the teaching material.

/// Final active fraction of the synchronous threshold cascade on an Erdős–Rényi random
/// graph, from the analytic expression of Gleeson & Cahalane (2007), "Seed size strongly
/// affects cascades on random networks", Phys. Rev. E 75, 056103.
///
/// The model is Watts's (2002, PNAS 99(9)): every node has threshold `φ = threshold`; a
/// fraction `ρ₀ = seed_fraction` of nodes, chosen independently at random, is active at
/// the start; at each step every inactive node of degree `k ≥ 1` with `m` active
/// neighbours becomes active when `m/k ≥ φ`; active nodes stay active. Degrees are
/// Poisson with mean `z = mean_degree`, `p_k = e^{-z} zᵏ / k!`, the large-`n` limit of
/// `G(n, z/(n−1))`. With `F(x) = 1` if `x ≥ φ` else 0 (compared exactly as the simulation
/// compares, `m as f64 / k as f64 >= φ`), iterate from `q₀ = ρ₀`
///
/// ```text
/// q_{n+1} = ρ₀ + (1−ρ₀) Σ_{k≥1} (k p_k / z) Σ_{m=0}^{k−1} C(k−1, m) q_nᵐ (1−q_n)^{k−1−m} F(m/k)
/// ```
///
/// to its fixed point `q` (the probability that a neighbour reached along a random tie is
/// active, computed on the tree-like graph), then
///
/// ```text
/// ρ = ρ₀ + (1−ρ₀) Σ_{k≥1} p_k Σ_{m=0}^{k} C(k, m) qᵐ (1−q)^{k−m} F(m/k).
/// ```
///
/// A node of degree 0 has no share of active neighbours: here it is never activated
/// unless it is a seed, even when `φ ≤ 0` (the sums start at `k = 1`). The model differs
/// only in that edge case: it gives an isolated resident a share of 0, so one with
/// threshold 0 does take part. For `φ > 0` the two agree; `φ ≤ 0` gives
/// `ρ₀ + (1−ρ₀)(1 − e^{−z})` here, not 1.
///
/// Numerics: the Poisson sum is truncated at the first `k > z` where a geometric bound on
/// the remaining tail is below 1e-15; `p_k` and the binomial probabilities are computed
/// in log space from a table of `ln k!`, so nothing under- or overflows for large `z`;
/// binomial tails are summed term by term (all positive). The iteration is monotone and
/// stops when a step changes `q` by less than 1e-15, or after 1,000,000 steps (only near
/// the fold of the curve, where convergence is slow). Each step costs about
/// `k_max²/2` terms (`k_max ≈ z + 8√z + 30`), so it is meant for mean degrees up to a few
/// hundred.
///
/// # Panics
/// If `mean_degree` is negative or not finite, `seed_fraction` is outside `[0, 1]`, or
/// `threshold` is NaN.
pub fn gleeson_cahalane_final_fraction(
    mean_degree: f64,
    threshold: f64,
    seed_fraction: f64,
) -> f64 {
    let z = mean_degree;
    let rho0 = seed_fraction;
    assert!(
        z.is_finite() && z >= 0.0,
        "mean degree must be finite and ≥ 0, got {z}"
    );
    assert!(
        (0.0..=1.0).contains(&rho0),
        "seed fraction must be in [0, 1], got {rho0}"
    );
    assert!(!threshold.is_nan(), "threshold is NaN");
    if rho0 == 1.0 || z == 0.0 {
        return rho0;
    }

    let k_max = poisson_cutoff(z);
    let ln_fact = ln_factorials(k_max);
    let p = poisson_pmf(z, k_max, &ln_fact);
    // The smallest active count that fires a node of degree k.
    let fire: Vec<usize> = (0..=k_max).map(|k| fire_count(k, threshold)).collect();

    let step = |q: f64| {
        let s: f64 = (1..=k_max)
            .map(|k| k as f64 * p[k] / z * binomial_upper_tail(k - 1, q, fire[k], &ln_fact))
            .sum();
        rho0 + (1.0 - rho0) * s
    };
    let mut q = rho0;
    for _ in 0..1_000_000 {
        let next = step(q).min(1.0);
        let done = (next - q).abs() < 1e-15;
        q = next;
        if done {
            break;
        }
    }
    let s: f64 = (1..=k_max)
        .map(|k| p[k] * binomial_upper_tail(k, q, fire[k], &ln_fact))
        .sum();
    (rho0 + (1.0 - rho0) * s).min(1.0)
}

/// The smallest `m` in `0..=k` with `m as f64 / k as f64 >= threshold` (the exact test the
/// simulation applies), or `k + 1` if none; `k + 1` for `k = 0` (isolated nodes never fire).
fn fire_count(k: usize, threshold: f64) -> usize {
    if k == 0 {
        return 1;
    }
    let fires = |m: usize| m as f64 / k as f64 >= threshold;
    // Start from the real-number answer and correct for rounding in either direction.
    let mut m = (threshold * k as f64).ceil().clamp(0.0, (k + 1) as f64) as usize;
    while m > 0 && fires(m - 1) {
        m -= 1;
    }
    while m <= k && !fires(m) {
        m += 1;
    }
    m
}

/// The largest degree kept in the Poisson(z) sum: the first `k > z` with
/// `p_{k+1} / (1 − z/(k+2)) < 1e-15`, a bound on `Σ_{j>k} p_j` (the ratio of consecutive
/// terms beyond `k+1` is at most `z/(k+2)`).
fn poisson_cutoff(z: f64) -> usize {
    let mut ln_p = -z; // ln p_0
    let mut k = 0usize;
    loop {
        let ln_next = ln_p + z.ln() - ((k + 1) as f64).ln(); // ln p_{k+1}
        if k as f64 > z {
            let ratio = z / (k + 2) as f64;
            if ln_next - (1.0 - ratio).ln() < (1e-15f64).ln() {
                return k;
            }
        }
        ln_p = ln_next;
        k += 1;
    }
}

/// `ln k!` for `k = 0..=n`, by compensated (Kahan) summation of `ln j`.
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut t = Vec::with_capacity(n + 1);
    let (mut acc, mut carry) = (0.0f64, 0.0f64);
    t.push(0.0);
    for k in 1..=n {
        let y = (k as f64).ln() - carry;
        let s = acc + y;
        carry = (s - acc) - y;
        acc = s;
        t.push(acc);
    }
    t
}

/// Poisson(z) probabilities `p_0..=p_{k_max}`, computed in log space and renormalised:
/// for large `z`, `−z + k ln z − ln k!` cancels numbers of order `k ln k`, whose rounding
/// (about 1e-12 relative at z = 500) would otherwise show as a mass defect; the truncated
/// tail moved by the renormalisation is below 1e-15.
fn poisson_pmf(z: f64, k_max: usize, ln_fact: &[f64]) -> Vec<f64> {
    let ln_z = z.ln();
    let mut p: Vec<f64> = (0..=k_max)
        .map(|k| (-z + k as f64 * ln_z - ln_fact[k]).exp())
        .collect();
    let mass: f64 = p.iter().sum();
    p.iter_mut().for_each(|x| *x /= mass);
    p
}

/// `P(Binomial(n, q) ≥ m0)`, summed term by term in log space.
fn binomial_upper_tail(n: usize, q: f64, m0: usize, ln_fact: &[f64]) -> f64 {
    if m0 == 0 {
        return 1.0;
    }
    if m0 > n || q <= 0.0 {
        return 0.0;
    }
    if q >= 1.0 {
        return 1.0;
    }
    let (ln_q, ln_1q) = (q.ln(), (-q).ln_1p());
    let mode = n as f64 * q;
    let mut sum = 0.0;
    for m in m0..=n {
        let term =
            (ln_fact[n] - ln_fact[m] - ln_fact[n - m] + m as f64 * ln_q + (n - m) as f64 * ln_1q)
                .exp();
        sum += term;
        // Past the mode the terms fall at least geometrically: stop once they no longer
        // change the sum.
        if m as f64 > mode + 1.0 && term < 1e-18 * sum {
            break;
        }
    }
    sum.min(1.0)
}

/// Granovetter's (1978, "Threshold models of collective behavior", AJS 83(6)) riot model
/// on a complete population: person `i` acts once at least `thresholds[i]` *others* act;
/// nobody acts at the start, everyone updates synchronously, and whoever acts keeps
/// acting. Returns the final number acting.
///
/// A person who is not acting sees all `a` actors as others, so the count evolves as
/// `a_{t+1} = #{i : thresholds[i] ≤ a_t}` (actors keep acting: their thresholds are at
/// most an earlier, smaller count) until it stops changing. Linear time via a histogram.
pub fn granovetter_final_count(thresholds: &[u32]) -> usize {
    let n = thresholds.len();
    // at_most[a] = number of people with threshold ≤ a (thresholds above n never fire).
    let mut at_most = vec![0usize; n + 1];
    for &t in thresholds {
        if (t as usize) <= n {
            at_most[t as usize] += 1;
        }
    }
    for a in 1..=n {
        at_most[a] += at_most[a - 1];
    }
    let mut acting = 0;
    loop {
        let next = at_most[acting];
        if next == acting {
            return acting;
        }
        acting = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::SocialNetwork;
    use crate::rng::{self, Purpose};
    use crate::scenario::{Network, NetworkKind};

    #[test]
    fn granovetter_examples() {
        let mut t: Vec<u32> = (0..100).collect();
        assert_eq!(granovetter_final_count(&t), 100);
        t[1] = 2;
        assert_eq!(granovetter_final_count(&t), 1);
        assert_eq!(granovetter_final_count(&[]), 0);
        assert_eq!(granovetter_final_count(&[1, 1, 1]), 0);
        assert_eq!(granovetter_final_count(&[0, 0, 2, 5, u32::MAX]), 3);
        // Order does not matter.
        let mut t: Vec<u32> = (0..100).rev().collect();
        assert_eq!(granovetter_final_count(&t), 100);
        t[98] = 2;
        assert_eq!(granovetter_final_count(&t), 1);
    }

    #[test]
    fn gleeson_cahalane_limits() {
        let f = gleeson_cahalane_final_fraction;
        assert_eq!(f(4.0, 0.18, 1.0), 1.0);
        // No ties: only seeds.
        assert_eq!(f(0.0, 0.1, 0.3), 0.3);
        // Threshold 0: everyone with a tie fires; isolated non-seeds never do.
        for (z, r0) in [(4.0, 0.0), (1.0, 0.2), (10.0, 0.05)] {
            let expected = r0 + (1.0 - r0) * (1.0 - f64::exp(-z));
            assert!((f(z, 0.0, r0) - expected).abs() < 1e-12, "z {z}, ρ0 {r0}");
            assert!((f(z, -1.0, r0) - expected).abs() < 1e-12);
        }
        // Threshold above 1: only seeds.
        assert!((f(4.0, 1.01, 0.07) - 0.07).abs() < 1e-15);
        // Threshold 1 with no seeds: nothing happens.
        assert_eq!(f(4.0, 1.0, 0.0), 0.0);
        // Monotone in the seed fraction and bounded.
        let mut last = 0.0;
        for i in 0..=20 {
            let r = f(3.0, 0.3, i as f64 / 20.0);
            assert!(
                (0.0..=1.0).contains(&r) && r >= last - 1e-12,
                "{r} after {last}"
            );
            last = r;
        }
        // Large mean degrees do not under- or overflow.
        let r = f(800.0, 0.18, 0.05);
        assert!(r.is_finite() && (0.05..0.06).contains(&r), "{r}");
        let r = f(800.0, 0.04, 0.05);
        assert!((r - 1.0).abs() < 1e-9, "{r}");
    }

    #[test]
    fn reproduces_the_watts_cascade_window() {
        // Watts (2002): with φ = 0.18 and a vanishing seed, global cascades happen only
        // for mean degrees of about 1 < z < 5.8.
        let f = |z| gleeson_cahalane_final_fraction(z, 0.18, 1e-6);
        for z in [0.8, 5.9, 6.5, 10.0] {
            assert!(f(z) < 1e-3, "z {z}: {} outside the window", f(z));
        }
        for z in [1.5, 3.0, 5.0, 5.7] {
            assert!(f(z) > 0.5, "z {z}: {} inside the window", f(z));
        }
    }

    #[test]
    fn poisson_truncation_keeps_the_mass() {
        for z in [0.1, 1.0, 4.0, 30.0, 500.0] {
            let k = poisson_cutoff(z);
            let lf = ln_factorials(k + 400);
            let term = |j: usize| (-z + j as f64 * z.ln() - lf[j]).exp();
            let kept: f64 = (0..=k).map(term).sum();
            let tail: f64 = (k + 1..=k + 400).map(term).sum();
            assert!(tail / kept < 1e-15, "z {z}: tail {tail} beyond {k}");
            assert!(tail / kept > 1e-19, "z {z}: cut at {k} is needlessly late");
            assert!((kept - 1.0).abs() < 1e-11, "z {z}: mass {kept}");
            let p = poisson_pmf(z, k, &lf);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-14);
            let mean: f64 = p.iter().enumerate().map(|(j, x)| j as f64 * x).sum();
            assert!((mean / z - 1.0).abs() < 1e-12, "z {z}: mean {mean}");
        }
        // Against the plain recurrence p_k = p_{k-1} z / k where it is safe.
        let (z, k) = (4.0, poisson_cutoff(4.0));
        let p = poisson_pmf(z, k, &ln_factorials(k));
        let mut direct = f64::exp(-z);
        for (j, x) in p.iter().enumerate() {
            if j > 0 {
                direct *= z / j as f64;
            }
            assert!((x - direct).abs() <= 1e-15 + 1e-13 * direct, "p_{j}");
        }
    }

    #[test]
    fn fire_count_matches_the_simulation_test() {
        for k in 0..60 {
            for phi in [
                -0.5,
                0.0,
                0.1,
                0.18,
                0.2,
                0.25,
                0.3,
                1.0 / 3.0,
                0.4,
                0.5,
                0.7,
                1.0,
                1.5,
            ] {
                let expected = (0..=k)
                    .find(|&m| k > 0 && m as f64 / k as f64 >= phi)
                    .unwrap_or(k + 1);
                assert_eq!(fire_count(k, phi), expected, "k {k}, φ {phi}");
            }
        }
    }

    #[test]
    fn binomial_tail_matches_direct_sum() {
        let lf = ln_factorials(40);
        let direct = |n: usize, q: f64, m0: usize| {
            let mut c = 1.0; // C(n, m)
            let mut s = 0.0;
            for m in 0..=n {
                if m >= m0 {
                    s += c * q.powi(m as i32) * (1.0 - q).powi((n - m) as i32);
                }
                c = c * (n - m) as f64 / (m + 1) as f64;
            }
            s
        };
        for (n, q, m0) in [
            (10, 0.3, 3),
            (40, 0.05, 1),
            (40, 0.05, 3),
            (40, 0.6, 20),
            (7, 0.9, 7),
            (5, 0.5, 0),
            (5, 0.5, 6),
        ] {
            let a = binomial_upper_tail(n, q, m0, &lf);
            assert!((a - direct(n, q, m0)).abs() < 1e-13, "n {n} q {q} m0 {m0}");
        }
    }

    /// Bare synchronous threshold cascade: returns the final active fraction.
    fn cascade(g: &SocialNetwork, threshold: f64, seed_fraction: f64, seed: u64) -> f64 {
        let n = g.residents();
        let fam = rng::family(seed, Purpose::Attributes);
        let mut active: Vec<bool> = (0..n)
            .map(|r| rng::uniform(fam, 0, r as u64, 0) < seed_fraction)
            .collect();
        loop {
            let next: Vec<bool> = (0..n)
                .map(|r| {
                    active[r] || {
                        let list = g.neighbours(r);
                        let m = list.iter().filter(|&&v| active[v as usize]).count();
                        !list.is_empty() && m as f64 / list.len() as f64 >= threshold
                    }
                })
                .collect();
            if next == active {
                break;
            }
            active = next;
        }
        active.iter().filter(|&&a| a).count() as f64 / n as f64
    }

    #[test]
    fn simulation_agrees_with_gleeson_cahalane() {
        // Three independent graphs of 200,000 residents per point, each with its own
        // random seeds; the spread of one run is about 0.001-0.0025 at these points.
        let n = 200_000;
        let runs = 3;
        let mut report = Vec::new();
        let mut worst: f64 = 0.0;
        // Points where the analytic curve lies well between the seed fraction and 1 and
        // away from its jumps (the nearest jump: z = 2, φ = 0.18 none; z = 4, φ = 0.4 at
        // ρ0 ≈ 0.112; z = 2, φ = 0.4 none below ρ0 = 0.15; z = 7, φ = 0.3 at z ≈ 5.35).
        for (z, phi, rho0) in [
            (2.0, 0.18, 0.05),
            (4.0, 0.4, 0.05),
            (2.0, 0.4, 0.10),
            (7.0, 0.3, 0.05),
        ] {
            let params = Network {
                kind: NetworkKind::ErdosRenyi,
                mean_degree: z,
                rewiring: 0.0,
                cross_community_share: 0.0,
            };
            let runs: Vec<f64> = (0..runs)
                .map(|seed| {
                    let g = SocialNetwork::build(&params, 1, n, seed);
                    cascade(&g, phi, rho0, seed)
                })
                .collect();
            let simulated = runs.iter().sum::<f64>() / runs.len() as f64;
            let analytic = gleeson_cahalane_final_fraction(z, phi, rho0);
            assert!(
                analytic > rho0 + 0.02 && analytic < 0.95,
                "z {z}, φ {phi}, ρ0 {rho0}: analytic {analytic} not an interior point"
            );
            report.push(format!(
                "z {z}, φ {phi}, ρ0 {rho0}: simulated {simulated:.4} (runs {runs:.4?}), \
                 analytic {analytic:.4}, gap {:+.4}",
                simulated - analytic
            ));
            worst = worst.max((simulated - analytic).abs());
        }
        println!("{}", report.join("\n"));
        assert!(worst < 0.01, "worst gap {worst:.4}:\n{}", report.join("\n"));
    }
}
