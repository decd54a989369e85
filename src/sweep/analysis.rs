//! Analysis of a finished sweep, from the numbers of `runs.csv`.
//!
//! * **Sensitivity** (random and Latin-hypercube designs): per outcome and parameter, the
//!   partial rank correlation coefficient (PRCC; Marino et al. 2008, J. Theor. Biol. 254)
//!   with a 95% interval from Fisher's z (standard error 1/sqrt(n - 3 - (k - 1)) for n runs
//!   and k parameters), and the standardized regression coefficient (SRC) of a linear
//!   regression of the outcome on all parameters, with its R². Runs that failed or have no
//!   value for the outcome are left out of that outcome.
//! * **Grids**: per point, the mean of each outcome over replicates with a 95% t interval
//!   (`compare::estimate`), for a heatmap (two parameters) or a line with a band (one).

pub mod report;
pub mod screening;

use crate::compare::{Estimate, estimate};

/// One row of `sensitivity.csv`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Sensitivity {
    pub outcome: String,
    pub parameter: String,
    /// Runs used.
    pub n: usize,
    pub prcc: f64,
    pub prcc_low: f64,
    pub prcc_high: f64,
    pub src: f64,
    /// R² of the linear regression of the outcome on every parameter.
    pub r2: f64,
}

/// Ranks (1-based, ties get their average rank).
pub fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..xs.len()).collect();
    idx.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && xs[idx[j + 1]] == xs[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Least squares of `y` on the columns `xs` with an intercept: the residuals and the
/// coefficients (intercept first). `None` if the columns are collinear.
pub fn regress(xs: &[&[f64]], y: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = y.len();
    let k = xs.len() + 1;
    let col = |j: usize, i: usize| if j == 0 { 1.0 } else { xs[j - 1][i] };
    // Normal equations, solved by Gaussian elimination with partial pivoting.
    let mut a = vec![vec![0.0; k + 1]; k];
    for (r, row) in a.iter_mut().enumerate() {
        for (c, cell) in row.iter_mut().take(k).enumerate() {
            *cell = (0..n).map(|i| col(r, i) * col(c, i)).sum();
        }
        row[k] = (0..n).map(|i| col(r, i) * y[i]).sum();
    }
    for c in 0..k {
        let p = (c..k).max_by(|&x, &z| a[x][c].abs().total_cmp(&a[z][c].abs()))?;
        let scale = a.iter().map(|r| r[c].abs()).fold(0.0, f64::max).max(1e-300);
        if a[p][c].abs() <= 1e-12 * scale {
            return None;
        }
        a.swap(c, p);
        let pivot = a[c].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != c {
                let f = row[c] / pivot[c];
                for (x, p) in row.iter_mut().zip(&pivot).skip(c) {
                    *x -= f * p;
                }
            }
        }
    }
    let beta: Vec<f64> = (0..k).map(|r| a[r][k] / a[r][r]).collect();
    let resid = (0..n)
        .map(|i| y[i] - (0..k).map(|j| beta[j] * col(j, i)).sum::<f64>())
        .collect();
    Some((resid, beta))
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    if va <= 0.0 || vb <= 0.0 {
        0.0
    } else {
        (cov / (va * vb).sqrt()).clamp(-1.0, 1.0)
    }
}

fn sd(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt()
}

/// PRCC with its 95% interval, SRC and R² of every parameter (columns of `xs`) for one
/// outcome `y`. NaN where it cannot be computed (too few runs, a constant parameter).
pub fn sensitivity(
    outcome: &str,
    parameters: &[String],
    xs: &[Vec<f64>],
    y: &[f64],
) -> Vec<Sensitivity> {
    let n = y.len();
    let k = parameters.len();
    let nan = f64::NAN;
    let ranked: Vec<Vec<f64>> = xs.iter().map(|c| ranks(c)).collect();
    let ry = ranks(y);
    // SRC: regression on standardized variables.
    let (src, r2) = {
        let cols: Vec<&[f64]> = xs.iter().map(Vec::as_slice).collect();
        match regress(&cols, y) {
            Some((resid, beta)) if n > k + 1 => {
                let my = y.iter().sum::<f64>() / n as f64;
                let tss: f64 = y.iter().map(|v| (v - my).powi(2)).sum();
                let rss: f64 = resid.iter().map(|e| e * e).sum();
                let sy = sd(y);
                let src: Vec<f64> = (0..k)
                    .map(|j| {
                        if sy > 0.0 {
                            beta[j + 1] * sd(&xs[j]) / sy
                        } else {
                            nan
                        }
                    })
                    .collect();
                (src, if tss > 0.0 { 1.0 - rss / tss } else { nan })
            }
            _ => (vec![nan; k], nan),
        }
    };
    (0..k)
        .map(|j| {
            let others: Vec<&[f64]> = (0..k)
                .filter(|&o| o != j)
                .map(|o| ranked[o].as_slice())
                .collect();
            let r = match (regress(&others, &ranked[j]), regress(&others, &ry)) {
                (Some((ex, _)), Some((ey, _))) if n > k + 2 => correlation(&ex, &ey),
                _ => nan,
            };
            let df = n as f64 - 3.0 - (k as f64 - 1.0);
            let (low, high) = if r.is_finite() && df > 0.0 {
                let z = r.clamp(-0.999_999_999, 0.999_999_999).atanh();
                let h = 1.959_963_984_540_054 / df.sqrt();
                ((z - h).tanh(), (z + h).tanh())
            } else {
                (nan, nan)
            };
            Sensitivity {
                outcome: outcome.into(),
                parameter: parameters[j].clone(),
                n,
                prcc: r,
                prcc_low: low,
                prcc_high: high,
                src: src[j],
                r2,
            }
        })
        .collect()
}

/// `sensitivity.csv`: one row per outcome and parameter; empty fields for NaN.
pub fn sensitivity_csv(rows: &[Sensitivity]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "outcome",
        "parameter",
        "n",
        "prcc",
        "prcc_low",
        "prcc_high",
        "src",
        "r2",
    ])
    .expect("in memory");
    let f = |x: f64| {
        if x.is_finite() {
            x.to_string()
        } else {
            String::new()
        }
    };
    for r in rows {
        w.write_record([
            r.outcome.clone(),
            r.parameter.clone(),
            r.n.to_string(),
            f(r.prcc),
            f(r.prcc_low),
            f(r.prcc_high),
            f(r.src),
            f(r.r2),
        ])
        .expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// Mean and 95% interval of an outcome at each point, from `(point, value)` pairs
/// (`points` points in all; `None` where a point has no value).
pub fn point_estimates(points: usize, values: &[(usize, f64)]) -> Vec<Option<Estimate>> {
    let mut by: Vec<Vec<f64>> = vec![Vec::new(); points];
    for &(p, v) in values {
        if p < points && v.is_finite() {
            by[p].push(v);
        }
    }
    by.iter()
        .map(|xs| (!xs.is_empty()).then(|| estimate(xs)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 2.0, 1.0]), vec![4.0, 1.5, 3.0, 1.5]);
    }

    #[test]
    fn regression_recovers_a_plane() {
        let x1: Vec<f64> = (0..20).map(|i| i as f64).collect();
        let x2: Vec<f64> = (0..20).map(|i| ((i * 7) % 5) as f64).collect();
        let y: Vec<f64> = (0..20).map(|i| 1.0 + 2.0 * x1[i] - 3.0 * x2[i]).collect();
        let (resid, beta) = regress(&[&x1, &x2], &y).unwrap();
        assert!((beta[0] - 1.0).abs() < 1e-9 && (beta[1] - 2.0).abs() < 1e-9);
        assert!((beta[2] + 3.0).abs() < 1e-9);
        assert!(resid.iter().all(|e| e.abs() < 1e-9));
        assert!(regress(&[&x1, &x1], &y).is_none(), "collinear");
    }

    #[test]
    fn prcc_finds_the_monotone_driver_and_ignores_noise() {
        // y rises steeply (but not linearly) with a, falls a little with b, ignores c.
        let pts = crate::sweep::design::latin_hypercube_unit(5, 200, 3);
        let cols: Vec<Vec<f64>> = (0..3).map(|j| pts.iter().map(|p| p[j]).collect()).collect();
        let noise = crate::sweep::design::random_unit(6, 200, 1);
        let y: Vec<f64> = (0..200)
            .map(|i| (4.0 * cols[0][i]).exp() - 2.0 * cols[1][i] + 0.5 * noise[i][0])
            .collect();
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let s = sensitivity("y", &names, &cols, &y);
        assert!(s[0].prcc > 0.95, "{s:?}");
        assert!(s[1].prcc < -0.5, "{s:?}");
        assert!(s[2].prcc_low < 0.0 && s[2].prcc_high > 0.0, "{s:?}");
        assert!(s[0].prcc_low < s[0].prcc && s[0].prcc < s[0].prcc_high);
        assert!(s[0].src > 0.8 && s[0].r2 > 0.8 && s[0].r2 <= 1.0, "{s:?}");
        let csv = String::from_utf8(sensitivity_csv(&s)).unwrap();
        assert!(csv.starts_with("outcome,parameter,n,prcc,prcc_low,prcc_high,src,r2\ny,a,200,"));
    }

    #[test]
    fn point_estimates_group_by_point() {
        let e = point_estimates(3, &[(0, 1.0), (0, 3.0), (2, 5.0)]);
        assert_eq!(e[0].unwrap().mean, 2.0);
        assert!(e[1].is_none());
        assert_eq!(e[2].unwrap().mean, 5.0);
    }
}
