//! Designs: which points of parameter space a sweep visits.
//!
//! * **grid**: every combination of each parameter's values (a list, or a range `from`,
//!   `to`, `steps` of evenly spaced values including both ends). The first parameter
//!   varies slowest, like nested loops written in file order.
//! * **random**: `samples` points, each parameter drawn uniformly on `[from, to]`.
//! * **latin_hypercube**: `samples` points; each parameter's range is cut into `samples`
//!   equal strata and every stratum is hit exactly once (McKay, Beckman & Conover 1979),
//!   at a uniform position inside it, with the strata of different parameters paired by
//!   independent random permutations.
//!
//! Sampled designs draw from one ChaCha8 stream, `rng::stream(seed, Purpose::SweepDesign,
//! 0)`: for random, point by point and parameter by parameter; for the Latin hypercube,
//! first one Fisher–Yates permutation per parameter, then the positions inside the strata
//! point by point and parameter by parameter. The points are thus a pure function of the
//! sweep file (its seed, samples and ranges).

use rand::Rng;

use crate::rng::{self, Purpose};

/// Unit-cube samples of a random design: `n` points of `k` coordinates in [0, 1).
pub fn random_unit(seed: u64, n: usize, k: usize) -> Vec<Vec<f64>> {
    let mut s = rng::stream(seed, Purpose::SweepDesign, 0);
    (0..n)
        .map(|_| (0..k).map(|_| s.random::<f64>()).collect())
        .collect()
}

/// Unit-cube samples of a Latin hypercube: `n` points of `k` coordinates in [0, 1), and
/// for each coordinate each interval [i/n, (i+1)/n) holds exactly one point.
pub fn latin_hypercube_unit(seed: u64, n: usize, k: usize) -> Vec<Vec<f64>> {
    let mut s = rng::stream(seed, Purpose::SweepDesign, 0);
    let perms: Vec<Vec<usize>> = (0..k)
        .map(|_| {
            let mut p: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                let j = s.random_range(0..=i);
                p.swap(i, j);
            }
            p
        })
        .collect();
    (0..n)
        .map(|i| {
            (0..k)
                .map(|j| {
                    let u: f64 = s.random();
                    // Never 1.0: keep the point inside its stratum.
                    ((perms[j][i] as f64 + u) / n as f64).min(next_below(1.0))
                })
                .collect()
        })
        .collect()
}

fn next_below(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

/// `steps` evenly spaced values from `from` to `to`, both included (just `from` for one
/// step). The last value is exactly `to`.
pub fn linspace(from: f64, to: f64, steps: usize) -> Vec<f64> {
    match steps {
        0 => Vec::new(),
        1 => vec![from],
        _ => (0..steps)
            .map(|i| {
                if i + 1 == steps {
                    to
                } else {
                    from + (to - from) * i as f64 / (steps - 1) as f64
                }
            })
            .collect(),
    }
}

/// Every combination of the given axes' indices, first axis slowest.
pub fn grid_indices(sizes: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = sizes.iter().product();
    (0..total)
        .map(|mut p| {
            let mut idx = vec![0; sizes.len()];
            for (j, &n) in sizes.iter().enumerate().rev() {
                idx[j] = p % n;
                p /= n;
            }
            idx
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_every_combination_first_axis_slowest() {
        let g = grid_indices(&[2, 3]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![0, 0]);
        assert_eq!(g[1], vec![0, 1]);
        assert_eq!(g[3], vec![1, 0]);
        assert_eq!(g[5], vec![1, 2]);
        assert_eq!(grid_indices(&[]).len(), 1);
    }

    #[test]
    fn linspace_hits_both_ends() {
        assert_eq!(linspace(0.0, 1.0, 5), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(linspace(2.0, 12.0, 1), vec![2.0]);
        let v = linspace(0.1, 0.7, 7);
        assert_eq!(*v.last().unwrap(), 0.7);
    }

    #[test]
    fn latin_hypercube_hits_every_stratum_once() {
        for n in [1, 2, 7, 50] {
            let pts = latin_hypercube_unit(42, n, 6);
            assert_eq!(pts.len(), n);
            for j in 0..6 {
                let mut hit = vec![0; n];
                for p in &pts {
                    assert!((0.0..1.0).contains(&p[j]));
                    hit[(p[j] * n as f64).floor() as usize] += 1;
                }
                assert!(hit.iter().all(|&h| h == 1), "n {n} param {j}: {hit:?}");
            }
        }
    }

    #[test]
    fn samples_are_reproducible_and_seeded() {
        assert_eq!(
            latin_hypercube_unit(1, 20, 3),
            latin_hypercube_unit(1, 20, 3)
        );
        assert_ne!(
            latin_hypercube_unit(1, 20, 3),
            latin_hypercube_unit(2, 20, 3)
        );
        assert_eq!(random_unit(5, 10, 2), random_unit(5, 10, 2));
        assert_ne!(random_unit(5, 10, 2), random_unit(6, 10, 2));
        let r = random_unit(9, 2000, 2);
        assert!(r.iter().flatten().all(|u| (0.0..1.0).contains(u)));
        let mean = r.iter().map(|p| p[0]).sum::<f64>() / 2000.0;
        assert!((mean - 0.5).abs() < 0.03, "{mean}");
    }
}
