//! Variance-based sensitivity: Sobol' indices by Saltelli's scheme (Saltelli, Annoni,
//! Azzini, Campolongo, Ratto & Tarantola 2010, Comput. Phys. Commun. 181).
//!
//! **Design.** N base rows of a plain (unscrambled) Sobol' sequence in 2k dimensions
//! (the `sobol` crate, Joe & Kuo's D6 direction numbers, new-joe-kuo-6.21201; the
//! sequence starts at its first point, the origin, as Owen 2020 advises against dropping
//! it): the first k coordinates are row A, the last k row B. Each base row gives, in this
//! order, A, AB₁ … ABₖ (A with coordinate j from B), with second order also BA₁ … BAₖ (B
//! with coordinate j from A), and B: N(k + 2) points, or N(2k + 2). This is SALib's order,
//! so its `sobol.analyze` reads the same outputs.
//!
//! **Estimators.** The outputs are first standardised (mean 0, standard deviation 1 over
//! all points, as SALib does); V is the variance (1/n) of the A and B outputs together.
//! First order S1ⱼ = mean(f(B)(f(ABⱼ) - f(A))) / V (Saltelli 2010, table 2 (b)); total
//! order STⱼ = mean((f(A) - f(ABⱼ))²) / 2V (Jansen 1999); second order
//! S2ⱼₗ = mean(f(BAⱼ) f(ABₗ) - f(A) f(B)) / V - S1ⱼ - S1ₗ (Saltelli 2002). Intervals are
//! percentile bootstrap 95% intervals from resampling base rows with replacement.
//! Base rows with any non-finite output are left out.

use rand::Rng;
use serde::{Deserialize, Serialize};
use sobol::Sobol;
use sobol::params::JoeKuoD6;

use crate::rng::Stream;
use crate::sweep::morris::{Interval, percentile_interval};

/// The settings of a Sobol' design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SobolSettings {
    /// N: base rows.
    pub base_samples: u32,
    /// Whether the BA rows for second-order indices are run.
    pub second_order: bool,
}

/// Most parameters a Sobol' design can vary: the direction numbers used (`JoeKuoD6::
/// standard`) cover 1000 dimensions, two per parameter.
pub const MAX_PARAMETERS: usize = 500;

impl SobolSettings {
    /// Points per base row for `k` parameters.
    pub fn block(&self, k: usize) -> usize {
        if self.second_order { 2 * k + 2 } else { k + 2 }
    }
}

/// The first `n` points of the plain Sobol' sequence in `dims` dimensions (<= 1000).
pub fn sequence(n: usize, dims: usize) -> Vec<Vec<f64>> {
    let params = JoeKuoD6::standard();
    Sobol::<f64>::new(dims, &params).take(n).collect()
}

/// The unit-cube points of a Saltelli design for `k` parameters (see the module).
pub fn unit_points(settings: &SobolSettings, k: usize) -> Vec<Vec<f64>> {
    let base = sequence(settings.base_samples as usize, 2 * k);
    let mut out = Vec::with_capacity(base.len() * settings.block(k));
    for row in &base {
        let (a, b) = row.split_at(k);
        out.push(a.to_vec());
        for j in 0..k {
            let mut ab = a.to_vec();
            ab[j] = b[j];
            out.push(ab);
        }
        if settings.second_order {
            for j in 0..k {
                let mut ba = b.to_vec();
                ba[j] = a[j];
                out.push(ba);
            }
        }
        out.push(b.to_vec());
    }
    out
}

/// The outputs of one base row.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    a: f64,
    b: f64,
    ab: Vec<f64>,
    ba: Vec<f64>,
}

/// The base rows of `y` (one output per design point, in design order) whose outputs are
/// all finite, standardised over those rows.
fn rows(settings: &SobolSettings, k: usize, y: &[f64]) -> Vec<Row> {
    let block = settings.block(k);
    let kept: Vec<&[f64]> = y
        .chunks_exact(block)
        .filter(|c| c.iter().all(|v| v.is_finite()))
        .collect();
    let all: Vec<f64> = kept.iter().flat_map(|c| c.iter().copied()).collect();
    let n = all.len() as f64;
    let mean = all.iter().sum::<f64>() / n;
    let sd = (all.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    let z = |v: f64| if sd > 0.0 { (v - mean) / sd } else { v - mean };
    kept.iter()
        .map(|c| Row {
            a: z(c[0]),
            ab: c[1..=k].iter().map(|&v| z(v)).collect(),
            ba: if settings.second_order {
                c[k + 1..=2 * k].iter().map(|&v| z(v)).collect()
            } else {
                Vec::new()
            },
            b: z(c[block - 1]),
        })
        .collect()
}

/// Point estimates from the rows at `pick`: (S1, ST, S2 as a k×k upper triangle).
fn estimate(rows: &[Row], pick: &[usize], k: usize, second: bool) -> Estimates {
    let n = pick.len() as f64;
    let mean = |f: &dyn Fn(&Row) -> f64| pick.iter().map(|&i| f(&rows[i])).sum::<f64>() / n;
    let m = (mean(&|r| r.a) + mean(&|r| r.b)) / 2.0;
    let v = (mean(&|r| (r.a - m).powi(2)) + mean(&|r| (r.b - m).powi(2))) / 2.0;
    let s1: Vec<f64> = (0..k)
        .map(|j| mean(&|r| r.b * (r.ab[j] - r.a)) / v)
        .collect();
    let st: Vec<f64> = (0..k)
        .map(|j| 0.5 * mean(&|r| (r.a - r.ab[j]).powi(2)) / v)
        .collect();
    let mut s2 = vec![vec![f64::NAN; k]; k];
    if second {
        for j in 0..k {
            for l in j + 1..k {
                let vjl = mean(&|r| r.ba[j] * r.ab[l] - r.a * r.b) / v;
                s2[j][l] = vjl - s1[j] - s1[l];
            }
        }
    }
    Estimates { s1, st, s2 }
}

struct Estimates {
    s1: Vec<f64>,
    st: Vec<f64>,
    s2: Vec<Vec<f64>>,
}

/// The indices of one design and output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SobolIndices {
    /// Base rows used (those with every output finite).
    pub n: usize,
    pub s1: Vec<Interval>,
    pub st: Vec<Interval>,
    /// `s2[j][l]` for j < l (NaN elsewhere, or without second order).
    pub s2: Vec<Vec<Interval>>,
}

/// S1, ST (and S2) with bootstrap intervals from `resamples` resamples drawn from `s`.
/// `base_rows` limits the estimate to the first that many base rows of the design (the
/// convergence report uses N/2).
pub fn indices(
    settings: &SobolSettings,
    k: usize,
    y: &[f64],
    base_rows: usize,
    resamples: usize,
    s: &mut Stream,
) -> SobolIndices {
    let block = settings.block(k);
    let y = &y[..(base_rows * block).min(y.len())];
    let rows = rows(settings, k, y);
    let n = rows.len();
    let second = settings.second_order;
    let nan = Interval {
        value: f64::NAN,
        low: f64::NAN,
        high: f64::NAN,
    };
    if n < 2 {
        return SobolIndices {
            n,
            s1: vec![nan; k],
            st: vec![nan; k],
            s2: vec![vec![nan; k]; k],
        };
    }
    let all: Vec<usize> = (0..n).collect();
    let point = estimate(&rows, &all, k, second);
    let mut boot: Vec<Estimates> = Vec::with_capacity(resamples);
    let mut pick = vec![0usize; n];
    for _ in 0..resamples {
        for p in pick.iter_mut() {
            *p = s.random_range(0..n);
        }
        boot.push(estimate(&rows, &pick, k, second));
    }
    let iv = |value: f64, f: &dyn Fn(&Estimates) -> f64| {
        let mut b: Vec<f64> = boot.iter().map(f).collect();
        let (low, high) = if value.is_finite() {
            percentile_interval(&mut b)
        } else {
            (f64::NAN, f64::NAN)
        };
        Interval { value, low, high }
    };
    SobolIndices {
        n,
        s1: (0..k).map(|j| iv(point.s1[j], &|e| e.s1[j])).collect(),
        st: (0..k).map(|j| iv(point.st[j], &|e| e.st[j])).collect(),
        s2: (0..k)
            .map(|j| {
                (0..k)
                    .map(|l| iv(point.s2[j][l], &|e| e.s2[j][l]))
                    .collect()
            })
            .collect(),
    }
}

/// How much of the variance of a point-wise output is replicate noise: `values[p]` are the
/// replicates of point p. Returns (share of the variance of single runs that lies within
/// points, share of the variance of the point means that the mean's own noise explains,
/// i.e. mean within-point variance / replicates over the variance of the means). NaN
/// without two replicates somewhere or with no variance.
pub fn noise_share(values: &[Vec<f64>]) -> (f64, f64) {
    let pts: Vec<Vec<f64>> = values
        .iter()
        .map(|v| {
            v.iter()
                .copied()
                .filter(|x| x.is_finite())
                .collect::<Vec<f64>>()
        })
        .filter(|v| !v.is_empty())
        .collect();
    let var = |v: &[f64], ddof: f64| {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - ddof)
    };
    let within: Vec<(f64, usize)> = pts
        .iter()
        .filter(|v| v.len() >= 2)
        .map(|v| (var(v, 1.0), v.len()))
        .collect();
    if within.is_empty() || pts.len() < 2 {
        return (f64::NAN, f64::NAN);
    }
    let w = within.iter().map(|(v, _)| v).sum::<f64>() / within.len() as f64;
    let reps = within.iter().map(|(_, n)| *n as f64).sum::<f64>() / within.len() as f64;
    let runs: Vec<f64> = pts.iter().flatten().copied().collect();
    let means: Vec<f64> = pts
        .iter()
        .map(|v| v.iter().sum::<f64>() / v.len() as f64)
        .collect();
    let (tv, mv) = (var(&runs, 1.0), var(&means, 1.0));
    let share = |num: f64, den: f64| {
        if den > 0.0 {
            (num / den).min(1.0)
        } else {
            f64::NAN
        }
    };
    (share(w, tv), share(w / reps, mv))
}

// ---------------------------------------------------------------------------------------
// Test functions with known indices (used by the tests and `cogov`'s validation).

/// Ishigami & Homma (1990) on [-π, π]³ from unit coordinates.
pub fn ishigami(u: &[f64], a: f64, b: f64) -> f64 {
    let x: Vec<f64> = u
        .iter()
        .map(|v| -std::f64::consts::PI + 2.0 * std::f64::consts::PI * v)
        .collect();
    x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
}

/// Analytic (S1, ST) of the Ishigami function.
pub fn ishigami_indices(a: f64, b: f64) -> (Vec<f64>, Vec<f64>) {
    let pi4 = std::f64::consts::PI.powi(4);
    let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0);
    let v = v1 + v2 + v13;
    (
        vec![v1 / v, v2 / v, 0.0],
        vec![(v1 + v13) / v, v2 / v, v13 / v],
    )
}

/// Sobol's G-function on the unit cube.
pub fn g_function(u: &[f64], a: &[f64]) -> f64 {
    u.iter()
        .zip(a)
        .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
        .product()
}

/// Analytic (S1, ST) of the G-function.
pub fn g_function_indices(a: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = a.iter().map(|a| 1.0 / (3.0 * (1.0 + a).powi(2))).collect();
    let prod: f64 = vi.iter().map(|v| 1.0 + v).product();
    let v = prod - 1.0;
    (
        vi.iter().map(|x| x / v).collect(),
        vi.iter().map(|x| x * prod / (1.0 + x) / v).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{self, Purpose};

    fn analyse(f: impl Fn(&[f64]) -> f64, k: usize, st: &SobolSettings) -> SobolIndices {
        let y: Vec<f64> = unit_points(st, k).iter().map(|x| f(x)).collect();
        let n = st.base_samples as usize;
        indices(
            st,
            k,
            &y,
            n,
            500,
            &mut rng::stream(1, Purpose::SensitivityBootstrap, 0),
        )
    }

    #[test]
    fn the_sequence_is_sobol() {
        let s = sequence(8, 2);
        // The first points of the two-dimensional Sobol' sequence.
        let expect = [
            [0.0, 0.0],
            [0.5, 0.5],
            [0.75, 0.25],
            [0.25, 0.75],
            [0.375, 0.375],
            [0.875, 0.875],
            [0.625, 0.125],
            [0.125, 0.625],
        ];
        for (p, e) in s.iter().zip(expect) {
            assert_eq!(p.as_slice(), e.as_slice());
        }
        // 2^m points hit each of 2^m strata of every coordinate once.
        let s = sequence(64, 10);
        for j in 0..10 {
            let mut hit = [0; 64];
            for p in &s {
                hit[(p[j] * 64.0) as usize] += 1;
            }
            assert!(hit.iter().all(|&h| h == 1), "dim {j}");
        }
    }

    #[test]
    fn the_design_is_saltelli_s_in_salib_order() {
        let st = SobolSettings {
            base_samples: 4,
            second_order: true,
        };
        let pts = unit_points(&st, 2);
        assert_eq!(pts.len(), 4 * 6);
        let base = sequence(4, 4);
        let r = &base[3];
        let block = &pts[18..24];
        assert_eq!(block[0], vec![r[0], r[1]]); // A
        assert_eq!(block[1], vec![r[2], r[1]]); // AB_1
        assert_eq!(block[2], vec![r[0], r[3]]); // AB_2
        assert_eq!(block[3], vec![r[0], r[3]]); // BA_1 = (a0, b1)
        assert_eq!(block[4], vec![r[2], r[1]]); // BA_2 = (b0, a1)
        assert_eq!(block[5], vec![r[2], r[3]]); // B
    }

    /// The validation figures (`cargo test --lib sobol -- --nocapture` prints them): per
    /// input the estimated S1 and ST with their bootstrap 95% intervals against the
    /// analytic values.
    fn figures(name: &str, ix: &SobolIndices, s1: &[f64], st: &[f64]) -> String {
        let mut t = format!(
            "{name} (N = {}): input, S1 [95%] vs analytic, ST [95%] vs analytic\n",
            ix.n
        );
        for j in 0..s1.len() {
            let (a, b) = (&ix.s1[j], &ix.st[j]);
            t.push_str(&format!(
                "  x{}: S1 {:.3} [{:.3}, {:.3}] vs {:.3}; ST {:.3} [{:.3}, {:.3}] vs {:.3}\n",
                j + 1,
                a.value,
                a.low,
                a.high,
                s1[j],
                b.value,
                b.low,
                b.high,
                st[j]
            ));
        }
        t
    }

    fn within(iv: &Interval, truth: f64, width: f64) -> bool {
        iv.low <= truth && truth <= iv.high && iv.high - iv.low < width
    }

    /// Ishigami (a = 7, b = 0.1): the analytic indices lie inside the bootstrap intervals,
    /// and the intervals are narrow (under 0.1 wide at N = 4096).
    #[test]
    fn ishigami_indices_are_recovered_within_their_intervals() {
        let (s1, st) = ishigami_indices(7.0, 0.1);
        assert!((s1[0] - 0.3139).abs() < 1e-3 && (s1[1] - 0.4424).abs() < 1e-3);
        assert!((st[0] - 0.5576).abs() < 1e-3 && (st[2] - 0.2437).abs() < 1e-3);
        let set = SobolSettings {
            base_samples: 4096,
            second_order: true,
        };
        let ix = analyse(|u| ishigami(u, 7.0, 0.1), 3, &set);
        assert_eq!(ix.n, 4096);
        eprint!("{}", figures("Ishigami a = 7, b = 0.1", &ix, &s1, &st));
        for j in 0..3 {
            assert!(
                within(&ix.s1[j], s1[j], 0.1),
                "S1 {j}: {:?} vs {}",
                ix.s1[j],
                s1[j]
            );
            assert!(
                within(&ix.st[j], st[j], 0.1),
                "ST {j}: {:?} vs {}",
                ix.st[j],
                st[j]
            );
        }
        // S2: only x1·x3 interacts (V13 / V ≈ 0.244); the others are 0.
        let s13 = st[2];
        assert!(within(&ix.s2[0][2], s13, 0.25), "{:?}", ix.s2[0][2]);
        assert!(within(&ix.s2[0][1], 0.0, 0.25), "{:?}", ix.s2[0][1]);
        assert!(within(&ix.s2[1][2], 0.0, 0.25), "{:?}", ix.s2[1][2]);
    }

    #[test]
    fn g_function_indices_are_recovered_within_their_intervals() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
        let (s1, st) = g_function_indices(&a);
        assert!((s1.iter().sum::<f64>() - 0.9).abs() < 0.1);
        let set = SobolSettings {
            base_samples: 4096,
            second_order: false,
        };
        let ix = analyse(|u| g_function(u, &a), 6, &set);
        eprint!(
            "{}",
            figures("G-function a = 0, 1, 4.5, 9, 99, 99", &ix, &s1, &st)
        );
        for j in 0..6 {
            assert!(
                within(&ix.s1[j], s1[j], 0.12),
                "S1 {j}: {:?} vs {}",
                ix.s1[j],
                s1[j]
            );
            assert!(
                within(&ix.st[j], st[j], 0.12),
                "ST {j}: {:?} vs {}",
                ix.st[j],
                st[j]
            );
        }
        assert!(ix.s2[0][1].value.is_nan(), "no second order asked");
    }

    #[test]
    fn rows_with_a_failed_output_are_left_out() {
        let set = SobolSettings {
            base_samples: 64,
            second_order: false,
        };
        let mut y: Vec<f64> = unit_points(&set, 2).iter().map(|u| u[0]).collect();
        y[5] = f64::NAN; // row 1 (points 4..8)
        let mut s = rng::stream(1, Purpose::SensitivityBootstrap, 0);
        let ix = indices(&set, 2, &y, 64, 100, &mut s);
        assert_eq!(ix.n, 63);
        assert!(ix.s1[0].value > 0.9 && ix.st[1].value.abs() < 1e-9);
        let half = indices(&set, 2, &y, 32, 100, &mut s);
        assert_eq!(half.n, 31);
    }

    #[test]
    fn noise_share_separates_replicate_noise_from_signal() {
        // Point means 0, 10, 20, …; replicates ± 1: almost all variance is signal.
        let values: Vec<Vec<f64>> = (0..10)
            .map(|p| vec![10.0 * p as f64 - 1.0, 10.0 * p as f64 + 1.0])
            .collect();
        let (runs, means) = noise_share(&values);
        assert!(runs > 0.0 && runs < 0.03, "{runs}");
        assert!(means > 0.0 && means < 0.02, "{means}");
        // Pure noise: the same mean everywhere.
        let noise: Vec<Vec<f64>> = (0..10)
            .map(|p| vec![(p % 3) as f64, -((p % 3) as f64)])
            .collect();
        let (runs, _) = noise_share(&noise);
        assert!(runs > 0.9, "{runs}");
        assert!(noise_share(&[vec![1.0], vec![2.0]]).0.is_nan());
    }
}

/// For `scripts/salib_check.sh`: with `COGOV_SALIB_DIR` set, writes the Saltelli points
/// and Ishigami outputs, the Morris points and G-function outputs, and cogov's indices of
/// both, for SALib to analyse the same samples.
#[cfg(test)]
mod salib_export {
    use super::*;
    use crate::rng::{self, Purpose};
    use crate::sweep::morris;

    fn write_rows(path: &std::path::Path, header: &str, rows: &[Vec<f64>]) {
        let mut s = format!("{header}\n");
        for r in rows {
            let cells: Vec<String> = r.iter().map(|v| format!("{v:e}")).collect();
            s.push_str(&cells.join(","));
            s.push('\n');
        }
        std::fs::write(path, s).unwrap();
    }

    #[test]
    fn write_salib_inputs() {
        let Some(dir) = std::env::var_os("COGOV_SALIB_DIR") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        let set = SobolSettings {
            base_samples: 1024,
            second_order: true,
        };
        let x = unit_points(&set, 3);
        let y: Vec<f64> = x.iter().map(|u| ishigami(u, 7.0, 0.1)).collect();
        let rows: Vec<Vec<f64>> = x
            .iter()
            .zip(&y)
            .map(|(u, y)| u.iter().copied().chain([*y]).collect())
            .collect();
        write_rows(&dir.join("sobol_samples.csv"), "x1,x2,x3,y", &rows);
        let mut s = rng::stream(1, Purpose::SensitivityBootstrap, 0);
        let ix = indices(&set, 3, &y, 1024, 100, &mut s);
        let mut out: Vec<Vec<f64>> = (0..3)
            .map(|j| vec![ix.s1[j].value, ix.st[j].value])
            .collect();
        out.push(vec![ix.s2[0][1].value, ix.s2[0][2].value]);
        out.push(vec![ix.s2[1][2].value, f64::NAN]);
        write_rows(&dir.join("sobol_cogov.csv"), "a,b", &out);

        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
        let st = morris::MorrisSettings {
            trajectories: 20,
            levels: 4,
            candidates: None,
        };
        let tr = morris::trajectories(3, 6, &st);
        let x = morris::unit_points(&tr);
        let y: Vec<f64> = x.iter().map(|u| g_function(u, &a)).collect();
        let rows: Vec<Vec<f64>> = x
            .iter()
            .zip(&y)
            .map(|(u, y)| u.iter().copied().chain([*y]).collect())
            .collect();
        write_rows(
            &dir.join("morris_samples.csv"),
            "x1,x2,x3,x4,x5,x6,y",
            &rows,
        );
        let ee = morris::elementary_effects(&tr, 6, &y);
        let ix = morris::indices(&ee, 100, &mut s);
        let out: Vec<Vec<f64>> = ix
            .iter()
            .map(|i| vec![i.mu.value, i.mu_star.value, i.sigma.value])
            .collect();
        write_rows(&dir.join("morris_cogov.csv"), "mu,mu_star,sigma", &out);
    }
}
