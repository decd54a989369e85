//! The CI benchmark's comparison logic (benches/ci/compare.rs) on fixed JSON, no timing:
//! a regression beyond the threshold fails, noise within it does not, a figure the
//! baseline lacks (or only the baseline has) is reported, and a malformed baseline is an
//! error naming the file, the place and the key.

#[path = "../benches/ci/compare.rs"]
#[allow(dead_code)] // load_figures is the bench binary's
mod compare;

use compare::{Figure, FiguresError, Verdict, compare, parse_figures, quantile, to_json};

const BASELINE: &str = r#"[
  { "name": "cascade 100k, 20 ticks", "unit": "cogov time / bare kernel time", "value": 1.40,
    "range": "± 0.02", "extra": "cogov 20 ticks in 28 ms" },
  { "name": "full model 240k, 4 ticks", "unit": "cogov time / bare kernel time", "value": 9.0 },
  { "name": "sweep 3k x 104 weeks, 16 runs", "unit": "cogov time / bare kernel time", "value": 2.5 }
]"#;

fn baseline() -> Vec<Figure> {
    parse_figures(BASELINE, "ci-baseline.json").expect("the fixed baseline parses")
}

/// The baseline with each value multiplied by the given factor.
fn scaled(factors: &[f64]) -> Vec<Figure> {
    baseline()
        .into_iter()
        .zip(factors)
        .map(|(mut f, k)| {
            f.value *= k;
            f
        })
        .collect()
}

fn verdicts(current: &[Figure], threshold: f64) -> Vec<Verdict> {
    compare(current, &baseline(), threshold)
        .rows
        .iter()
        .map(|r| r.verdict)
        .collect()
}

#[test]
fn a_ratio_worse_by_more_than_the_threshold_fails() {
    let c = compare(&scaled(&[1.0, 1.31, 1.0]), &baseline(), 0.30);
    assert!(c.regressed());
    assert_eq!(
        c.rows.iter().map(|r| r.verdict).collect::<Vec<_>>(),
        [Verdict::Within, Verdict::Regressed, Verdict::Within]
    );
    let text = c.render();
    assert!(text.contains("REGRESSED"), "{text}");
    assert!(text.contains("FAIL: 1 figure(s)"), "{text}");
    assert!(text.contains("+31.0%"), "{text}");
}

#[test]
fn noise_within_the_threshold_passes_either_way() {
    let c = compare(&scaled(&[1.29, 0.78, 1.1]), &baseline(), 0.30);
    assert!(!c.regressed(), "{}", c.render());
    assert!(c.rows.iter().all(|r| r.verdict == Verdict::Within));
    assert!(c.render().contains("PASS: every figure within 30%"));
}

#[test]
fn the_threshold_is_the_boundary() {
    // 1.25× fails at a 20% threshold, passes at 30%.
    assert_eq!(
        verdicts(&scaled(&[1.25, 1.0, 1.0]), 0.20)[0],
        Verdict::Regressed
    );
    assert_eq!(
        verdicts(&scaled(&[1.25, 1.0, 1.0]), 0.30)[0],
        Verdict::Within
    );
}

#[test]
fn a_clear_improvement_passes_and_asks_for_an_update() {
    // Smaller is better: half the ratio is an improvement, never a failure.
    let c = compare(&scaled(&[0.5, 1.0, 1.0]), &baseline(), 0.30);
    assert!(!c.regressed());
    assert_eq!(c.rows[0].verdict, Verdict::Improved);
    let text = c.render();
    assert!(text.contains("1 improved"), "{text}");
    assert!(text.contains("--update"), "{text}");
}

#[test]
fn a_figure_missing_from_the_baseline_is_reported() {
    let mut current = baseline();
    current.push(Figure {
        name: "word of mouth 100k".into(),
        unit: "cogov time / bare kernel time".into(),
        value: 3.0,
        range: None,
        extra: None,
    });
    let c = compare(&current, &baseline(), 0.30);
    assert!(!c.regressed());
    let new: Vec<&str> = c.with(Verdict::New).map(|r| r.name.as_str()).collect();
    assert_eq!(new, ["word of mouth 100k"]);
    assert_eq!(c.rows[3].baseline, None);
    let text = c.render();
    assert!(text.contains("new: not in the baseline"), "{text}");
    assert!(text.contains("1 new"), "{text}");
}

#[test]
fn a_baseline_figure_not_measured_is_reported() {
    let current: Vec<Figure> = baseline().into_iter().take(2).collect();
    let c = compare(&current, &baseline(), 0.30);
    assert!(!c.regressed());
    let gone: Vec<&str> = c
        .with(Verdict::NotMeasured)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(gone, ["sweep 3k x 104 weeks, 16 runs"]);
    assert!(c.render().contains("1 not measured"));
}

#[test]
fn figures_round_trip_through_their_json() {
    let b = baseline();
    assert_eq!(parse_figures(&to_json(&b), "again.json").unwrap(), b);
    // github-action-benchmark's customSmallerIsBetter keys, and no others.
    let v: serde_json::Value = serde_json::from_str(&to_json(&b)).unwrap();
    let mut keys: Vec<&str> = v[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["extra", "name", "range", "unit", "value"]);
    assert!(v[1].get("range").is_none());
}

#[test]
fn a_misspelt_key_names_file_line_and_key() {
    let text = "[\n  { \"name\": \"a\", \"unit\": \"u\", \"valeu\": 1.0 }\n]";
    let e = parse_figures(text, "benches/ci-baseline.json").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, FiguresError::Parse { line: 2, .. }), "{msg}");
    assert!(msg.starts_with("benches/ci-baseline.json: line 2"), "{msg}");
    assert!(msg.contains("valeu"), "{msg}");
    assert!(msg.contains("`value`"), "{msg}");
}

#[test]
fn a_wrong_type_names_the_entry_and_key() {
    let text = "[\n {\"name\": \"a\", \"unit\": \"u\", \"value\": 1},\n {\"name\": \"b\", \"unit\": \"u\", \"value\": \"fast\"}\n]";
    let msg = parse_figures(text, "f.json").unwrap_err().to_string();
    assert!(msg.starts_with("f.json: line 3"), "{msg}");
    assert!(msg.contains("at `[1].value`"), "{msg}");
}

#[test]
fn a_value_that_is_not_a_ratio_is_refused() {
    for bad in ["0", "-1.5"] {
        let text = format!("[{{\"name\": \"a\", \"unit\": \"u\", \"value\": {bad}}}]");
        let msg = parse_figures(&text, "f.json").unwrap_err().to_string();
        assert!(msg.contains("entry 0 (\"a\"), key \"value\""), "{msg}");
        assert!(msg.contains("positive finite number"), "{msg}");
    }
}

#[test]
fn duplicate_names_and_trailing_text_are_refused() {
    let dup = r#"[{"name": "a", "unit": "u", "value": 1}, {"name": "a", "unit": "u", "value": 2}]"#;
    let msg = parse_figures(dup, "f.json").unwrap_err().to_string();
    assert!(
        msg.contains("entries 0 and 1 are both named \"a\""),
        "{msg}"
    );
    let trailing = r#"[{"name": "a", "unit": "u", "value": 1}] x"#;
    let msg = parse_figures(trailing, "f.json").unwrap_err().to_string();
    assert!(msg.starts_with("f.json: line 1"), "{msg}");
}

#[test]
fn quantiles_interpolate_between_order_statistics() {
    let xs = [4.0, 1.0, 3.0, 2.0];
    assert_eq!(quantile(&xs, 0.5), 2.5);
    assert_eq!(quantile(&xs, 0.0), 1.0);
    assert_eq!(quantile(&xs, 1.0), 4.0);
    assert_eq!(quantile(&xs, 0.25), 1.75);
    assert_eq!(quantile(&[7.0], 0.5), 7.0);
}
