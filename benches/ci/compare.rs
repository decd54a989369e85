//! The CI benchmark's figures, their JSON, and their comparison with the accepted baseline.
//! No timing here: `tests/bench_ci.rs` checks this logic on fixed JSON.
//!
//! The JSON is github-action-benchmark's `customSmallerIsBetter` list (one object per
//! figure: `name`, `unit`, `value`, optional `range` and `extra`), so the file CI writes
//! can be handed to that action as is, and the committed baseline is the same list.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// One figure: a ratio of cogov's time to the bare kernel's, smaller is better.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub name: String,
    pub unit: String,
    pub value: f64,
    /// The spread over rounds, as text ("± 0.012"), for the tracker's tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// The absolute times and rates behind the ratio, for the tracker's tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
}

/// A figures file that cannot be used, naming the file, where and what would be valid.
#[derive(Debug, thiserror::Error)]
pub enum FiguresError {
    #[error("{file}: cannot read it: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "{file}: line {line}, column {column}, at `{path}`: {message} (expected a JSON list \
         of objects with keys \"name\", \"unit\", \"value\" and optionally \"range\", \"extra\")"
    )]
    Parse {
        file: String,
        line: usize,
        column: usize,
        path: String,
        message: String,
    },
    #[error(
        "{file}: entry {index} (\"{name}\"), key \"value\": {value} is not valid (a ratio of \
         two times: a positive finite number)"
    )]
    Value {
        file: String,
        index: usize,
        name: String,
        value: f64,
    },
    #[error(
        "{file}: entries {first} and {second} are both named \"{name}\" (names must be unique)"
    )]
    Duplicate {
        file: String,
        first: usize,
        second: usize,
        name: String,
    },
}

/// Reads a figures list from `text`; `file` names it in errors.
pub fn parse_figures(text: &str, file: &str) -> Result<Vec<Figure>, FiguresError> {
    let parse_error = |path: String, e: serde_json::Error| FiguresError::Parse {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        path,
        message: strip_position(&e.to_string()),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let figures: Vec<Figure> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        parse_error(path, e.into_inner())
    })?;
    de.end()
        .map_err(|e| parse_error("(after the list)".into(), e))?;
    for (index, f) in figures.iter().enumerate() {
        if !(f.value.is_finite() && f.value > 0.0) {
            return Err(FiguresError::Value {
                file: file.to_string(),
                index,
                name: f.name.clone(),
                value: f.value,
            });
        }
        if let Some(first) = figures[..index].iter().position(|g| g.name == f.name) {
            return Err(FiguresError::Duplicate {
                file: file.to_string(),
                first,
                second: index,
                name: f.name.clone(),
            });
        }
    }
    Ok(figures)
}

/// serde_json appends " at line L column C" to its messages; the error says it already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Reads a figures file; `Ok(None)` if there is none.
pub fn load_figures(path: &Path) -> Result<Option<Vec<Figure>>, FiguresError> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse_figures(&text, &file).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(FiguresError::Read { file, source }),
    }
}

/// The figures as pretty JSON with a final newline (the committed baseline's form).
pub fn to_json(figures: &[Figure]) -> String {
    let mut s = serde_json::to_string_pretty(figures).expect("figures serialise");
    s.push('\n');
    s
}

/// The `q`-quantile of `xs` (linear between order statistics), for the median and
/// quartiles of the per-round ratios. `xs` must not be empty.
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

/// What became of one figure against its baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Within the threshold either way: noise.
    Within,
    /// Worse (larger) than the baseline by more than the threshold: fails the check.
    Regressed,
    /// Better (smaller) by more than the threshold's factor: accept it with `--update`.
    Improved,
    /// Measured, but the baseline has no such figure.
    New,
    /// In the baseline, but not measured this time.
    NotMeasured,
}

/// One line of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    pub verdict: Verdict,
}

impl Row {
    /// current / baseline, when both exist.
    pub fn change(&self) -> Option<f64> {
        Some(self.current? / self.baseline?)
    }
}

/// The measured figures beside the baseline's.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub threshold: f64,
    pub rows: Vec<Row>,
}

/// Compares `current` with `baseline`: a figure regresses when current / baseline exceeds
/// 1 + `threshold`, improves when it falls below 1 / (1 + `threshold`). Rows follow
/// `current`'s order, then the baseline's figures not measured.
pub fn compare(current: &[Figure], baseline: &[Figure], threshold: f64) -> Comparison {
    let mut rows: Vec<Row> = current
        .iter()
        .map(|c| {
            let base = baseline.iter().find(|b| b.name == c.name).map(|b| b.value);
            let verdict = match base {
                None => Verdict::New,
                Some(b) if c.value > b * (1.0 + threshold) => Verdict::Regressed,
                Some(b) if c.value * (1.0 + threshold) < b => Verdict::Improved,
                Some(_) => Verdict::Within,
            };
            Row {
                name: c.name.clone(),
                baseline: base,
                current: Some(c.value),
                verdict,
            }
        })
        .collect();
    rows.extend(
        baseline
            .iter()
            .filter(|b| current.iter().all(|c| c.name != b.name))
            .map(|b| Row {
                name: b.name.clone(),
                baseline: Some(b.value),
                current: None,
                verdict: Verdict::NotMeasured,
            }),
    );
    Comparison { threshold, rows }
}

impl Comparison {
    /// Whether any figure regressed (the check fails).
    pub fn regressed(&self) -> bool {
        self.rows.iter().any(|r| r.verdict == Verdict::Regressed)
    }

    /// The rows with the given verdict.
    pub fn with(&self, verdict: Verdict) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.verdict == verdict)
    }

    /// A Markdown table of the comparison and a closing line saying what to do.
    pub fn render(&self) -> String {
        let pct = self.threshold * 100.0;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| figure (cogov time / bare kernel time, smaller is better) | baseline | current | change | verdict |"
        );
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | --- |");
        let num = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.4}"));
        for r in &self.rows {
            let change = r
                .change()
                .map_or("—".to_string(), |c| format!("{:+.1}%", (c - 1.0) * 100.0));
            let verdict = match r.verdict {
                Verdict::Within => format!("ok (within {pct:.0}%)"),
                Verdict::Regressed => format!("REGRESSED (worse by more than {pct:.0}%)"),
                Verdict::Improved => format!("improved by more than {pct:.0}%: accept it"),
                Verdict::New => "new: not in the baseline".to_string(),
                Verdict::NotMeasured => "not measured: in the baseline only".to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {change} | {verdict} |",
                r.name,
                num(r.baseline),
                num(r.current)
            );
        }
        let n = |v| self.with(v).count();
        let _ = if self.regressed() {
            writeln!(
                out,
                "FAIL: {} figure(s) worse than the baseline by more than {pct:.0}%. If the change \
                 is deliberate, accept the new figures with `scripts/bench-ci.sh --update` and \
                 commit benches/ci-baseline.json.",
                n(Verdict::Regressed)
            )
        } else if n(Verdict::Improved) + n(Verdict::New) + n(Verdict::NotMeasured) > 0 {
            writeln!(
                out,
                "PASS, but the baseline is out of date ({} improved, {} new, {} not measured): \
                 `scripts/bench-ci.sh --update` accepts this run's figures.",
                n(Verdict::Improved),
                n(Verdict::New),
                n(Verdict::NotMeasured)
            )
        } else {
            writeln!(out, "PASS: every figure within {pct:.0}% of the baseline.")
        };
        out
    }
}
