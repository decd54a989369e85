//! The comparison report: one self-contained HTML file for a class to read.
//!
//! [`report_html`] turns what `cogov compare` computed (scenarios, their parameter changes,
//! final-week summaries against the baseline, and the charts as PNG bytes) into a single
//! HTML page in English or Chinese. The page has no external assets: the charts are
//! embedded as `data:image/png;base64` URIs and the style sheet is inline, so it opens
//! offline from a USB stick; only the "open the SVG" links point (relatively) at the SVG
//! files next to it. The layout lives in `templates/report.html` (minijinja, HTML
//! auto-escaping on, undefined values are errors); this module prepares every string,
//! numbers already formatted, in the report language. [`findings`] gives the plain-words
//! sentences of the "Key findings" section on their own. Nothing here does I/O.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::compare::{
    self, KEY_METRICS, ParameterChange, SummaryRow, Window, effect_class, higher_is_better,
};
use crate::i18n::{Lang, fill, metric_explanation, metric_label, metric_phrase, metric_unit, text};
use crate::metrics::catalogue;

const TEMPLATE_NAME: &str = "report.html";
const TEMPLATE: &str = include_str!("../templates/report.html");

/// One scenario of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportScenario {
    /// Name used in the summary rows (`SummaryRow::scenario`).
    pub name: String,
    /// Title and description, already in the report language.
    pub title: String,
    pub description: String,
    pub is_baseline: bool,
    /// Parameters that differ from the baseline (empty for the baseline).
    pub changes: Vec<ParameterChange>,
}

/// The chart of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportFigure {
    pub metric: String,
    /// The chart as PNG, embedded in the page (nothing is shown when empty).
    pub png: Vec<u8>,
    /// Relative path of the chart's SVG next to the report, e.g. `plots/backlog.svg`.
    pub svg_file: String,
}

/// Everything the report shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportInput {
    pub lang: Lang,
    /// Date (and time) of the run, as the caller wants it printed.
    pub generated: String,
    pub cogov_version: String,
    pub replicates: u32,
    pub master_seed: u64,
    /// Weeks simulated (the final week is week `ticks`).
    pub ticks: u32,
    /// The weeks the findings and the summary average over.
    pub window: Window,
    /// In order; the charts give scenario i the colour `plot::palette(i)`.
    pub scenarios: Vec<ReportScenario>,
    /// The small-multiples overview as PNG (left out when empty).
    pub overview_png: Vec<u8>,
    /// One chart per key metric, in the order to show them.
    pub figures: Vec<ReportFigure>,
    /// Final-week and window summaries of every scenario, the baseline included.
    pub summary: Vec<SummaryRow>,
}

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the report needs exactly one baseline scenario, got {0}")]
    Baseline(usize),
    #[error("report template: {0:#}")]
    Template(#[from] minijinja::Error),
}

/// The report as one self-contained HTML page.
pub fn report_html(input: &ReportInput) -> Result<String, ReportError> {
    let baselines = input.scenarios.iter().filter(|s| s.is_baseline).count();
    if baselines != 1 {
        return Err(ReportError::Baseline(baselines));
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_template(TEMPLATE_NAME, TEMPLATE)?;
    let html = env.get_template(TEMPLATE_NAME)?.render(context(input))?;
    Ok(html)
}

/// The key findings in plain words, scenario by scenario (the baseline excepted): one
/// sentence per key metric whose difference from the baseline is clear (its 95% interval
/// excludes 0) and more than negligible, or one sentence saying there is none.
pub fn findings(input: &ReportInput) -> Vec<String> {
    finding_groups(input)
        .into_iter()
        .flat_map(|g| g.items.into_iter().map(|f| f.text))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Judging a difference.

/// The effect class of a row's window difference (Cohen's d, shown beside the verdict,
/// never deciding it). d is 0 when neither scenario varies between replicates; a
/// non-zero difference is then certain, and shows as large.
fn effect_of(row: &SummaryRow) -> &'static str {
    if row.replicates >= 2 && row.window_effect_size == 0.0 && row.window_diff != 0.0 {
        "large"
    } else {
        effect_class(row.window_effect_size)
    }
}

/// How a difference from the baseline reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// The baseline itself.
    Base,
    Unclear,
    /// Its whole interval lies within the minimum meaningful difference.
    Negligible,
    Better,
    Worse,
    /// Meaningful, for a metric with no better direction.
    Changed,
}

impl Verdict {
    /// From the window verdict of `compare` (the MMD rule) and the metric's direction.
    fn of(row: &SummaryRow, is_baseline: bool) -> Verdict {
        if is_baseline {
            return Verdict::Base;
        }
        match row.verdict {
            compare::Verdict::Baseline => Verdict::Base,
            compare::Verdict::Unclear => Verdict::Unclear,
            compare::Verdict::Negligible => Verdict::Negligible,
            compare::Verdict::Meaningful => match higher_is_better(&row.metric) {
                Some(up) if up == (row.window_diff > 0.0) => Verdict::Better,
                Some(_) => Verdict::Worse,
                None => Verdict::Changed,
            },
        }
    }

    fn class(self) -> &'static str {
        match self {
            Verdict::Base => "base",
            Verdict::Unclear => "unclear",
            Verdict::Negligible => "negligible",
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Changed => "changed",
        }
    }
}

// ---------------------------------------------------------------------------------------
// Numbers.

/// Metrics that count things (integers per replicate), as the metric catalogue says.
fn is_count(metric: &str) -> bool {
    catalogue::find(metric).is_some_and(|m| m.is_count())
}

/// Decimals that show `x` with two significant digits (none for 0).
fn sig_decimals(x: f64) -> usize {
    if x == 0.0 || !x.is_finite() {
        return 0;
    }
    (1 - x.abs().log10().floor() as i64).clamp(0, 6) as usize
}

/// Decimals for the numbers of one metric: enough for two significant digits of every
/// value and difference in `two`, and one of every number in `one` (the interval bound of
/// a clear difference nearest 0, which must not print as 0); at most 3, and at most 1 for
/// counts (integers once the differences reach 10).
fn decimals(metric: &str, two: &[f64], one: &[f64]) -> usize {
    let d = two
        .iter()
        .map(|&x| sig_decimals(x))
        .chain(one.iter().map(|&x| sig_decimals(x).saturating_sub(1)))
        .max()
        .unwrap_or(0);
    if is_count(metric) { d.min(1) } else { d.min(3) }
}

/// Whether a window difference is worth reporting: meaningful by the MMD rule.
fn noteworthy(r: &SummaryRow) -> bool {
    r.verdict == compare::Verdict::Meaningful
}

/// The bound of a noteworthy difference's interval nearest 0 (none for other rows).
fn inner_bound(r: &SummaryRow) -> Option<f64> {
    noteworthy(r).then(|| r.window_diff_ci_low.abs().min(r.window_diff_ci_high.abs()))
}

/// `x` with `decimals` decimals, a true minus sign, thousands separators in English, and a
/// plus sign for positive values when `signed`.
fn format_number(x: f64, decimals: usize, lang: Lang, signed: bool) -> String {
    crate::format::number(x, decimals, lang == Lang::En, signed)
}

// ---------------------------------------------------------------------------------------
// Findings.

struct FindingGroup {
    title: String,
    color: String,
    items: Vec<Finding>,
}

#[derive(Serialize)]
struct Finding {
    text: String,
    class: &'static str,
}

fn baseline(input: &ReportInput) -> Option<&ReportScenario> {
    input.scenarios.iter().find(|s| s.is_baseline)
}

fn row<'a>(input: &'a ReportInput, scenario: &str, metric: &str) -> Option<&'a SummaryRow> {
    input
        .summary
        .iter()
        .find(|r| r.scenario == scenario && r.metric == metric)
}

/// The metrics of the summary: the key metrics in their order, then any others in the
/// order they appear.
fn metrics_of(summary: &[SummaryRow]) -> Vec<String> {
    let mut out: Vec<String> = KEY_METRICS
        .iter()
        .filter(|m| summary.iter().any(|r| r.metric == **m))
        .map(|m| m.to_string())
        .collect();
    for r in summary {
        if !out.contains(&r.metric) {
            out.push(r.metric.clone());
        }
    }
    out
}

fn finding_groups(input: &ReportInput) -> Vec<FindingGroup> {
    let lang = input.lang;
    let Some(base) = baseline(input) else {
        return Vec::new();
    };
    let metrics = metrics_of(&input.summary);
    let mut groups = Vec::new();
    for (i, s) in input.scenarios.iter().enumerate() {
        if s.is_baseline {
            continue;
        }
        let mut items = Vec::new();
        for metric in &metrics {
            let (Some(r), Some(b)) = (row(input, &s.name, metric), row(input, &base.name, metric))
            else {
                continue;
            };
            let verdict = Verdict::of(r, false);
            if matches!(verdict, Verdict::Unclear | Verdict::Negligible) {
                continue;
            }
            items.push(Finding {
                text: finding_sentence(&s.title, r, b.window_mean, verdict, lang),
                class: verdict.class(),
            });
        }
        if items.is_empty() {
            items.push(Finding {
                text: fill(&text("finding_none", lang), &[("scenario", &s.title)]),
                class: "unclear",
            });
        }
        groups.push(FindingGroup {
            title: s.title.clone(),
            color: color(i),
            items,
        });
    }
    groups
}

fn finding_sentence(
    title: &str,
    r: &SummaryRow,
    from: f64,
    verdict: Verdict,
    lang: Lang,
) -> String {
    let mut inner: Vec<f64> = inner_bound(r).into_iter().collect();
    inner.extend(r.mmd);
    let d = decimals(&r.metric, &[from, r.window_mean, r.window_diff], &inner);
    let num = |x: f64| format_number(x, d, lang, false);
    let verb = match (r.window_diff > 0.0, is_count(&r.metric)) {
        (true, false) => text("verb_raised", lang),
        (false, false) => text("verb_lowered", lang),
        (true, true) => text("verb_increased", lang),
        (false, true) => text("verb_decreased", lang),
    };
    let (template, judgement) = match verdict {
        Verdict::Better => (
            text("finding_sentence", lang),
            text("judgement_improvement", lang),
        ),
        Verdict::Worse => (
            text("finding_sentence", lang),
            text("judgement_deterioration", lang),
        ),
        _ => (text("finding_sentence_neutral", lang), String::new()),
    };
    let (first, last) = (r.window_first.to_string(), r.window_last.to_string());
    fill(
        &template,
        &[
            ("scenario", title),
            ("verb", &verb),
            ("metric", &metric_phrase(&r.metric, lang)),
            ("first", &first),
            ("last", &last),
            ("from", &num(from)),
            ("to", &num(r.window_mean)),
            ("diff", &format_number(r.window_diff, d, lang, true)),
            ("low", &num(r.window_diff_ci_low)),
            ("high", &num(r.window_diff_ci_high)),
            ("mmd", &num(r.mmd.unwrap_or(0.0))),
            ("judgement", &judgement),
        ],
    )
}

// ---------------------------------------------------------------------------------------
// The template's context.

#[derive(Serialize)]
struct Context {
    lang: &'static str,
    /// Every interface string, placeholders of the report as a whole filled in.
    t: BTreeMap<&'static str, String>,
    scenarios: Vec<ScenarioCtx>,
    changes: Vec<ChangesCtx>,
    findings: Vec<FindingGroupCtx>,
    overview: Option<String>,
    figures: Vec<FigureCtx>,
    summary: Vec<MetricTableCtx>,
}

#[derive(Serialize)]
struct ScenarioCtx {
    title: String,
    description: String,
    is_baseline: bool,
    color: String,
}

#[derive(Serialize)]
struct ChangesCtx {
    title: String,
    color: String,
    rows: Vec<ChangeCtx>,
}

#[derive(Serialize)]
struct ChangeCtx {
    label: String,
    path: String,
    baseline: String,
    scenario: String,
    /// For an intervention: "From week 53:" and what it sets, one item per parameter.
    scenario_heading: String,
    scenario_items: Vec<ChangeItemCtx>,
}

#[derive(Serialize)]
struct ChangeItemCtx {
    label: String,
    path: String,
    value: String,
}

#[derive(Serialize)]
struct FindingGroupCtx {
    title: String,
    color: String,
    items: Vec<Finding>,
}

#[derive(Serialize)]
struct FigureCtx {
    label: String,
    explanation: String,
    unit: String,
    alt: String,
    /// A `data:image/png;base64,...` URI (base64 characters only, so safe unescaped).
    src: Option<String>,
    svg_file: String,
}

#[derive(Serialize)]
struct MetricTableCtx {
    label: String,
    explanation: String,
    direction: String,
    rows: Vec<SummaryCellCtx>,
}

#[derive(Serialize)]
struct SummaryCellCtx {
    title: String,
    color: String,
    is_baseline: bool,
    window_text: String,
    final_text: String,
    diff_text: String,
    effect_text: String,
    class: &'static str,
}

/// The chart colour of scenario `i`, as CSS.
fn color(i: usize) -> String {
    let (r, g, b) = crate::plot::palette(i);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// ` (s)` in English, `(s)` (full width, no space) in Chinese; empty for an empty `s`.
fn parenthesised(s: &str, lang: Lang) -> String {
    match (s.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(" ({s})"),
        (false, Lang::Zh) => format!("({s})"),
    }
}

fn data_uri(png: &[u8]) -> Option<String> {
    (!png.is_empty()).then(|| format!("data:image/png;base64,{}", BASE64.encode(png)))
}

/// One row of a change table.
fn change(c: &ParameterChange, lang: Lang) -> ChangeCtx {
    let (scenario_heading, scenario_items) = match intervention(&c.path, c.scenario.as_ref()) {
        Some((week, set)) => (
            fill(&text("intervention_from_week", lang), &[("week", &week)]),
            set.into_iter()
                .map(|(path, value)| ChangeItemCtx {
                    label: crate::i18n::parameter_label(&path, lang),
                    value: value_text(Some(&value), lang),
                    path,
                })
                .collect(),
        ),
        None => (String::new(), Vec::new()),
    };
    ChangeCtx {
        label: crate::i18n::parameter_label(&c.path, lang),
        path: c.path.clone(),
        baseline: value_text(c.baseline.as_ref(), lang),
        scenario: value_text(c.scenario.as_ref(), lang),
        scenario_heading,
        scenario_items,
    }
}

/// An intervention (`{ set = { office = { access_list = 0.4 } }, tick = 53 }`): its tick
/// and the dotted paths it sets with their values; `None` if `path` is not an intervention
/// or the value is not a table of `set` and `tick`.
fn intervention(
    path: &str,
    value: Option<&toml::Value>,
) -> Option<(String, Vec<(String, toml::Value)>)> {
    if !path.starts_with("interventions[") {
        return None;
    }
    let mut tick = None;
    let mut set = Vec::new();
    for (key, v) in value?.as_table()? {
        match (key.as_str(), v) {
            ("tick", v) if !v.is_table() => tick = Some(inline(v)),
            ("set", toml::Value::Table(t)) => leaves(t, "", &mut set),
            _ => return None,
        }
    }
    Some((tick?, set))
}

/// The leaves of a table with their dotted paths, in table order.
fn leaves(table: &toml::Table, prefix: &str, out: &mut Vec<(String, toml::Value)>) {
    for (key, v) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match v {
            toml::Value::Table(t) => leaves(t, &path, out),
            leaf => out.push((path, leaf.clone())),
        }
    }
}

/// A value as plain text: strings without quotes, tables as `{ k = v, ... }`, anything
/// else as TOML writes it.
fn inline(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Table(t) => {
            let parts: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{k} = {}", inline(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// A parameter value as shown in the change table (a missing one as a dash).
fn value_text(value: Option<&toml::Value>, lang: Lang) -> String {
    match value {
        None => text("value_none", lang),
        Some(toml::Value::Boolean(true)) => text("value_true", lang),
        Some(toml::Value::Boolean(false)) => text("value_false", lang),
        Some(toml::Value::String(s)) => match s.as_str() {
            "supervision" => text("value_supervision", lang),
            "resources" => text("value_resources", lang),
            "" => text("value_none", lang),
            other => other.to_string(),
        },
        Some(other) => inline(other),
    }
}

fn context(input: &ReportInput) -> Context {
    let lang = input.lang;
    let first = input.master_seed;
    let last = first.saturating_add(u64::from(input.replicates.max(1) - 1));
    let (replicates, seed, weeks) = (
        input.replicates.to_string(),
        input.master_seed.to_string(),
        input.ticks.to_string(),
    );
    let (first, last) = (first.to_string(), last.to_string());
    let (from, to) = (
        input.window.first.to_string(),
        input.window.last.to_string(),
    );
    let holes = [
        ("window_first", from.as_str()),
        ("window_last", to.as_str()),
        ("date", input.generated.as_str()),
        ("version", input.cogov_version.as_str()),
        ("replicates", replicates.as_str()),
        ("seed", seed.as_str()),
        ("weeks", weeks.as_str()),
        ("first", first.as_str()),
        ("last", last.as_str()),
    ];
    let t = crate::i18n::text_keys()
        .map(|k| (k, fill(&text(k, lang), &holes)))
        .collect();

    let scenarios = input
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| ScenarioCtx {
            title: s.title.clone(),
            description: s.description.clone(),
            is_baseline: s.is_baseline,
            color: color(i),
        })
        .collect();

    let changes = input
        .scenarios
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_baseline)
        .map(|(i, s)| ChangesCtx {
            title: s.title.clone(),
            color: color(i),
            rows: s.changes.iter().map(|c| change(c, lang)).collect(),
        })
        .collect();

    let findings = finding_groups(input)
        .into_iter()
        .map(|g| FindingGroupCtx {
            title: g.title,
            color: g.color,
            items: g.items,
        })
        .collect();

    let figures = input
        .figures
        .iter()
        .map(|f| {
            let label = metric_label(&f.metric, lang);
            FigureCtx {
                alt: fill(&text("figure_image_alt", lang), &[("metric", &label)]),
                label,
                explanation: metric_explanation(&f.metric, lang),
                unit: parenthesised(&metric_unit(&f.metric, lang), lang),
                src: data_uri(&f.png),
                svg_file: f.svg_file.clone(),
            }
        })
        .collect();

    Context {
        lang: lang.html_code(),
        t,
        scenarios,
        changes,
        findings,
        overview: data_uri(&input.overview_png),
        figures,
        summary: summary_tables(input),
    }
}

/// One table per metric: scenarios down; window value, difference, verdict and final
/// value across.
fn summary_tables(input: &ReportInput) -> Vec<MetricTableCtx> {
    let lang = input.lang;
    let title_of = |name: &str| -> (String, String, bool) {
        match input.scenarios.iter().position(|s| s.name == name) {
            Some(i) => (
                input.scenarios[i].title.clone(),
                color(i),
                input.scenarios[i].is_baseline,
            ),
            None => (name.to_string(), "transparent".into(), false),
        }
    };
    metrics_of(&input.summary)
        .into_iter()
        .map(|metric| {
            // Scenarios in report order, then any the report does not list.
            let mut rows: Vec<&SummaryRow> = input
                .scenarios
                .iter()
                .filter_map(|s| row(input, &s.name, &metric))
                .collect();
            for r in input.summary.iter().filter(|r| r.metric == metric) {
                if !rows.iter().any(|x| x.scenario == r.scenario) {
                    rows.push(r);
                }
            }
            // Precision from the values and the noteworthy differences (an unclear or
            // negligible difference near 0 would otherwise ask for needless decimals).
            let mut xs: Vec<f64> = rows.iter().map(|r| r.window_mean).collect();
            xs.extend(rows.iter().map(|r| r.final_mean));
            xs.extend(rows.iter().filter(|r| noteworthy(r)).map(|r| r.window_diff));
            let inner: Vec<f64> = rows.iter().filter_map(|r| inner_bound(r)).collect();
            let d = decimals(&metric, &xs, &inner);
            let cells = rows
                .into_iter()
                .map(|r| summary_cell(r, title_of(&r.scenario), d, lang))
                .collect();
            let direction = match higher_is_better(&metric) {
                Some(true) => parenthesised(&text("higher_better", lang), lang),
                Some(false) => parenthesised(&text("lower_better", lang), lang),
                None => String::new(),
            };
            MetricTableCtx {
                label: metric_label(&metric, lang),
                explanation: metric_explanation(&metric, lang),
                direction,
                rows: cells,
            }
        })
        .collect()
}

/// One scenario's row of a metric's table, numbers with `d` decimals.
fn summary_cell(
    r: &SummaryRow,
    (title, color, is_baseline): (String, String, bool),
    d: usize,
    lang: Lang,
) -> SummaryCellCtx {
    let num = |x: f64, signed: bool| format_number(x, d, lang, signed);
    let interval = |m: f64, l: f64, h: f64| {
        format!("{} [{}, {}]", num(m, false), num(l, false), num(h, false))
    };
    let verdict = Verdict::of(r, is_baseline);
    let (diff_text, effect_text) = if is_baseline {
        (text("value_none", lang), text("baseline", lang))
    } else {
        let diff = format!(
            "{} [{}, {}]",
            num(r.window_diff, true),
            num(r.window_diff_ci_low, false),
            num(r.window_diff_ci_high, false)
        );
        let word = match verdict {
            Verdict::Unclear => text("unclear", lang),
            Verdict::Negligible => text("negligible", lang),
            Verdict::Better => format!(
                "{} · {}",
                text("meaningful", lang),
                text("improvement", lang)
            ),
            Verdict::Worse => {
                format!(
                    "{} · {}",
                    text("meaningful", lang),
                    text("deterioration", lang)
                )
            }
            _ => text("meaningful", lang),
        };
        let mmd = r.mmd.map_or(String::new(), |m| {
            fill(&text("mmd_note", lang), &[("mmd", &num(m, false))])
        });
        let d = format_number(r.window_effect_size, 1, lang, false);
        let effect = fill(
            &text("effect_note", lang),
            &[("d", &d), ("class", &text(effect_of(r), lang))],
        );
        (diff, format!("{word} ({mmd}{effect})"))
    };
    SummaryCellCtx {
        title,
        color,
        is_baseline,
        window_text: interval(r.window_mean, r.window_ci_low, r.window_ci_high),
        final_text: interval(r.final_mean, r.final_ci_low, r.final_ci_high),
        diff_text,
        effect_text,
        class: verdict.class(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text_keys;

    fn summary_row(
        scenario: &str,
        metric: &str,
        mean: f64,
        diff: f64,
        half: f64,
        d: f64,
    ) -> SummaryRow {
        // The MMD as `compare::summarise` takes it: of the baseline's window mean.
        let mmd = catalogue::find(metric).and_then(|m| m.mmd.threshold(mean - diff));
        SummaryRow {
            scenario: scenario.into(),
            metric: metric.into(),
            replicates: 10,
            final_mean: mean,
            final_ci_low: mean - 0.01,
            final_ci_high: mean + 0.01,
            diff,
            diff_ci_low: diff - half,
            diff_ci_high: diff + half,
            effect_size: d,
            window_first: 53,
            window_last: 104,
            window_mean: mean,
            window_ci_low: mean - 0.01,
            window_ci_high: mean + 0.01,
            window_diff: diff,
            window_diff_ci_low: diff - half,
            window_diff_ci_high: diff + half,
            window_effect_size: d,
            mmd,
            verdict: if diff == 0.0 && half == 0.0 {
                compare::Verdict::Baseline
            } else {
                compare::verdict(diff - half, diff + half, mmd, 10)
            },
        }
    }

    /// A 1×1 PNG.
    fn tiny_png() -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, 1, 1);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[200, 220, 240]).unwrap();
        }
        out
    }

    fn scenario(name: &str, title: &str, is_baseline: bool) -> ReportScenario {
        ReportScenario {
            name: name.into(),
            title: title.into(),
            description: format!("What {title} does."),
            is_baseline,
            changes: Vec::new(),
        }
    }

    fn input(lang: Lang) -> ReportInput {
        let mut devolution = scenario("devolution", "Devolution and an access list", false);
        devolution.changes = vec![
            ParameterChange {
                path: "office.access_list".into(),
                baseline: Some(toml::Value::Float(0.0)),
                scenario: Some(toml::Value::Float(0.4)),
            },
            ParameterChange {
                path: "office.reaction".into(),
                baseline: Some(toml::Value::String("supervision".into())),
                scenario: Some(toml::Value::String("resources".into())),
            },
        ];
        let summary = vec![
            // admin_share: devolution meaningfully lower (better); online unclear.
            summary_row("baseline", "admin_share", 1.0, 0.0, 0.0, 0.0),
            summary_row("devolution", "admin_share", 0.34, -0.66, 0.02, -9.0),
            summary_row("online", "admin_share", 0.99, -0.01, 0.02, -0.3),
            // participation: devolution clearly higher but negligible; online meaningfully higher.
            summary_row("baseline", "participation_rate", 0.08, 0.0, 0.0, 0.0),
            summary_row(
                "devolution",
                "participation_rate",
                0.081,
                0.001,
                0.0005,
                0.1,
            ),
            summary_row("online", "participation_rate", 0.12, 0.04, 0.005, 0.6),
            // backlog (MMD 5% of 12,345 = 617): devolution meaningfully lower though d is
            // negligible; online meaningfully higher (worse).
            summary_row("baseline", "backlog", 12345.0, 0.0, 0.0, 0.0),
            summary_row("devolution", "backlog", 9000.0, -3345.0, 500.0, -0.1),
            summary_row("online", "backlog", 14000.4, 1655.4, 100.0, 0.3),
        ];
        ReportInput {
            lang,
            generated: "2025-01-02".into(),
            cogov_version: "0.1.0".into(),
            replicates: 10,
            master_seed: 42,
            ticks: 104,
            window: Window {
                first: 53,
                last: 104,
            },
            scenarios: vec![
                scenario("baseline", "Baseline: stability maintenance", true),
                devolution,
                scenario("online", "Online <channels> & more", false),
            ],
            overview_png: tiny_png(),
            figures: ["admin_share", "participation_rate", "backlog"]
                .iter()
                .map(|m| ReportFigure {
                    metric: m.to_string(),
                    png: tiny_png(),
                    svg_file: format!("plots/{m}.svg"),
                })
                .collect(),
            summary,
        }
    }

    fn zh_input() -> ReportInput {
        let mut i = input(Lang::Zh);
        i.scenarios[0].title = "基线:维稳式治理".into();
        i.scenarios[1].title = "权力下放与社区减负".into();
        i.scenarios[2].title = "互联网+ <线上> & 更多".into();
        for s in &mut i.scenarios {
            s.description = format!("{}的说明。", s.title);
        }
        i
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_number(-0.66, 2, Lang::En, true), "−0.66");
        assert_eq!(format_number(0.66, 2, Lang::En, true), "+0.66");
        assert_eq!(format_number(0.001, 2, Lang::En, true), "0.00");
        assert_eq!(format_number(-0.0001, 2, Lang::En, false), "0.00");
        assert_eq!(format_number(1234567.4, 0, Lang::En, false), "1,234,567");
        assert_eq!(format_number(-1234.56, 1, Lang::En, false), "−1,234.6");
        assert_eq!(format_number(1234567.4, 0, Lang::Zh, false), "1234567");
        assert_eq!(format_number(999.0, 0, Lang::En, false), "999");
        assert_eq!(format_number(f64::NAN, 2, Lang::En, false), "—");
        assert_eq!(decimals("admin_share", &[1.0, 0.34, -0.66], &[0.64]), 2);
        assert_eq!(decimals("mean_trust", &[0.45, 0.47, 0.021], &[]), 3);
        assert_eq!(decimals("mean_trust", &[0.45, 0.45, 0.00001], &[]), 3);
        assert_eq!(decimals("backlog", &[12345.0, 9000.0, -3345.0], &[]), 0);
        assert_eq!(decimals("backlog", &[12.0, 9.0, -3.2], &[]), 1);
        assert_eq!(decimals("backlog", &[12.0, 9.0, -3.2], &[0.02]), 1);
        assert_eq!(decimals("ngo_hours_used", &[1234.5, 1291.0, 56.7], &[]), 0);
        // A clear interval 0.03 to 13.3 must not print as "0.0 to 13.3".
        assert_eq!(
            decimals("volunteer_hours_used", &[6.5, 13.2, 6.6], &[0.03]),
            2
        );
    }

    #[test]
    fn findings_say_raised_and_lowered_and_skip_the_rest() {
        let f = findings(&input(Lang::En));
        assert_eq!(
            f[0],
            "Devolution and an access list lowered the administrative share of committee hours \
             from 1.00 to 0.34 on average over weeks 53–104 (−0.66; 95% CI −0.68 to −0.64; the \
             smallest change that matters is 0.02) — an improvement."
        );
        // Devolution's participation is certain but negligible (+0.001, MMD 0.02); its
        // backlog is meaningful (−3,345 beyond 5% of 12,345) although Cohen's d is −0.1.
        let devolution: Vec<&String> = f.iter().filter(|s| s.starts_with("Devolution")).collect();
        assert_eq!(devolution.len(), 2, "{devolution:?}");
        assert!(
            devolution[1].contains("lowered the backlog of waiting issues from 12,345 to 9,000")
        );
        assert!(
            devolution[1].contains("the smallest change that matters is 617"),
            "{}",
            devolution[1]
        );
        // Online: admin share unclear (skipped); participation raised, better; backlog
        // raised, worse.
        let online: Vec<&String> = f.iter().filter(|s| s.starts_with("Online")).collect();
        assert_eq!(online.len(), 2, "{online:?}");
        assert!(
            online[0].contains("raised the participation rate from 0.080 to 0.120"),
            "{}",
            online[0]
        );
        assert!(
            online[0].ends_with("(+0.040; 95% CI 0.035 to 0.045; the smallest change that matters is 0.020) — an improvement."),
            "{}",
            online[0]
        );
        assert!(online[1].contains("raised the backlog of waiting issues from 12,345 to 14,000"));
        assert!(online[1].ends_with("— a deterioration."), "{}", online[1]);
        assert!(
            !f.iter()
                .any(|s| s.contains("Baseline") || s.contains("effect"))
        );

        let zh = findings(&zh_input());
        assert_eq!(
            zh[0],
            "与基线相比,“权力下放与社区减负”使第53–104周平均行政事务占比从1.00降低至0.34(−0.66;95%置信区间 −0.68 至 −0.64;最小有意义差异 0.02),改善。"
        );
        assert!(zh[2].contains("参与率从0.080提高至0.120"), "{}", zh[2]);
        assert!(zh[3].contains("积压诉求从12345增加至14000"), "{}", zh[3]);
        assert!(zh[3].ends_with("恶化。"), "{}", zh[3]);
    }

    #[test]
    fn a_scenario_with_nothing_clear_says_so() {
        let mut i = input(Lang::En);
        i.summary
            .retain(|r| r.scenario != "online" || r.metric == "admin_share");
        let f = findings(&i);
        assert_eq!(
            f.last().unwrap(),
            "Online <channels> & more changed none of the key outcomes meaningfully: every difference is negligible or unclear."
        );
        let mut z = zh_input();
        z.summary
            .retain(|r| r.scenario != "online" || r.metric == "admin_share");
        assert!(
            findings(&z)
                .last()
                .unwrap()
                .contains("均没有有实际意义的影响")
        );
    }

    #[test]
    fn certain_differences_show_as_large_but_the_verdict_decides() {
        let r = summary_row("x", "mean_trust", 0.5, 0.1, 0.0, 0.0);
        assert_eq!(effect_of(&r), "large");
        assert_eq!(Verdict::of(&r, false), Verdict::Better);
        let same = summary_row("x", "mean_trust", 0.5, 0.0, 0.0, 0.0);
        assert_eq!(effect_of(&same), "negligible");
    }

    #[test]
    fn a_tiny_certain_trust_change_is_never_a_large_effect() {
        // Devolution's trust in issue 10: 0.466 to 0.472 (+0.006; 95% CI 0.005 to 0.006),
        // Cohen's d 3.18. Under the MMD rule it is negligible, in both languages.
        for lang in [Lang::En, Lang::Zh] {
            let mut i = input(lang);
            i.summary = vec![
                summary_row("baseline", "mean_trust", 0.466, 0.0, 0.0, 0.0),
                summary_row("devolution", "mean_trust", 0.472, 0.0055, 0.0005, 3.18),
            ];
            assert_eq!(i.summary[1].verdict, compare::Verdict::Negligible);
            let f = findings(&i);
            assert_eq!(f.len(), 2, "{f:?}");
            assert!(f.iter().all(|s| !s.contains("0.472")), "{f:?}");
            let html = report_html(&i).unwrap();
            let words = visible_text(&html);
            assert!(
                !words.contains("large effect") && !words.contains("效应大"),
                "{words}"
            );
            let negligible = text("negligible", lang);
            assert!(words.contains(&format!("{negligible} (")), "{words}");
        }
    }

    #[test]
    fn the_report_is_self_contained() {
        for i in [input(Lang::En), zh_input()] {
            let html = report_html(&i).unwrap();
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(!html.contains("http://") && !html.contains("https://"));
            assert!(!html.contains("<link"), "no external style sheets");
            assert!(!html.contains("<script"), "no scripts");
            assert!(!html.contains("url("), "no CSS resources");
            assert!(!html.contains("@import"));
            let srcs: Vec<&str> = html.split("src=\"").skip(1).collect();
            assert_eq!(srcs.len(), 1 + i.figures.len(), "overview and every figure");
            for s in srcs {
                assert!(s.starts_with("data:image/png;base64,iVBOR"), "{}", &s[..40]);
            }
            assert!(html.contains("<meta charset=\"utf-8\">"));
            for f in &i.figures {
                assert!(html.contains(&format!("href=\"plots&#x2f;{}.svg\"", f.metric)));
            }
        }
    }

    /// The text a reader sees: no style sheet, no tags (attribute values and class names
    /// are not text).
    fn visible_text(html: &str) -> String {
        let (head, rest) = html.split_once("<style>").unwrap();
        let body = rest.split_once("</style>").unwrap().1;
        let mut out = String::new();
        let mut in_tag = false;
        for c in head.chars().chain(body.chars()) {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn the_language_is_declared_and_used() {
        let en = report_html(&input(Lang::En)).unwrap();
        assert!(en.contains("<html lang=\"en\">"));
        assert!(en.contains("Comparing community governance policies"));
        let zh = report_html(&zh_input()).unwrap();
        assert!(zh.contains("<html lang=\"zh-CN\">"));
        for heading in [
            "社区治理政策比较",
            "如何阅读本报告",
            "各情景调整了什么",
            "关键发现",
            "汇总表",
            "复现结果",
        ] {
            assert!(zh.contains(heading), "{heading}");
        }
        // No English table heading or heading in the Chinese report.
        let visible = visible_text(&zh);
        for english in [
            "Scenario",
            "Parameter",
            "Baseline",
            "This scenario",
            "Difference",
            "Effect",
            "Week",
            "CI",
            "Key findings",
            "Summary",
            "improvement",
            "deterioration",
            "unclear",
            "higher is better",
            "lower is better",
            "Open the SVG",
        ] {
            assert!(!visible.contains(english), "{english}");
        }
        let th: Vec<&str> = zh
            .split("<th>")
            .skip(1)
            .map(|s| s.split("</th>").next().unwrap())
            .collect();
        assert!(!th.is_empty());
        for h in th {
            assert!(
                h.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{h}"
            );
        }
        // The parameter table uses Chinese names and values.
        assert!(zh.contains("准入清单减负比例"));
        assert!(zh.contains("资源支持(共治)"));
    }

    #[test]
    fn every_scenario_appears_and_titles_are_escaped() {
        let i = input(Lang::En);
        let html = report_html(&i).unwrap();
        assert!(html.contains("Baseline: stability maintenance"));
        assert!(html.contains("Devolution and an access list"));
        assert!(html.contains("Online &lt;channels&gt; &amp; more"));
        assert!(!html.contains("<channels>"));
        let zh = report_html(&zh_input()).unwrap();
        for s in &zh_input().scenarios {
            let escaped = s
                .title
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            assert!(zh.contains(&escaped), "{}", s.title);
        }
        assert!(!zh.contains("<线上>"));
    }

    #[test]
    fn the_summary_highlights_clear_differences() {
        let html = report_html(&input(Lang::En)).unwrap();
        assert!(html.contains("class=\"num better\""));
        assert!(html.contains("class=\"num worse\""));
        assert!(html.contains("class=\"num unclear\""));
        assert!(html.contains("<li class=\"better\">"));
        assert!(html.contains("class=\"num negligible\""));
        assert!(html.contains("meaningful · improvement (smallest change that matters: 0.02; Cohen&#x27;s d −9.0, large)"), "{html}");
        assert!(html.contains("Weeks 53–104: mean [95% CI]"));
        assert!(html.contains("−0.66 [−0.68, −0.64]"));
        assert!(html.contains("12,345 [12,345, 12,345]"));
    }

    #[test]
    fn interventions_read_as_lists() {
        let table: toml::Table = toml::from_str(
            "set = { committee = { authority = 0.6 }, office = { reaction = \"resources\", \
             split = { devolved = 0.3, training = 0.1 } } }\ntick = 53",
        )
        .unwrap();
        let v = toml::Value::Table(table);
        let (week, set) = intervention("interventions[0]", Some(&v)).unwrap();
        assert_eq!(week, "53");
        let paths: Vec<(&str, String)> = set.iter().map(|(p, v)| (p.as_str(), inline(v))).collect();
        assert_eq!(
            paths,
            vec![
                ("committee.authority", "0.6".to_string()),
                ("office.reaction", "resources".to_string()),
                ("office.split.devolved", "0.3".to_string()),
                ("office.split.training", "0.1".to_string()),
            ]
        );
        assert!(intervention("office.access_list", Some(&toml::Value::Float(0.4))).is_none());
        assert!(intervention("interventions[0]", None).is_none());
        let odd = toml::Value::String("{ odd".into());
        assert!(intervention("interventions[0]", Some(&odd)).is_none());
        let mut broken = toml::Table::new();
        broken.insert("set".into(), toml::Value::Integer(1));
        let broken = toml::Value::Table(broken);
        assert!(intervention("interventions[0]", Some(&broken)).is_none());
        let c = change(
            &ParameterChange {
                path: "interventions[0]".into(),
                baseline: None,
                scenario: Some(v.clone()),
            },
            Lang::Zh,
        );
        assert_eq!(c.baseline, text("value_none", Lang::Zh));
        assert_eq!(c.scenario_heading, "自第53周起:");
        assert_eq!(c.scenario_items[0].label, "居委会自主权");
        assert_eq!(c.scenario_items[1].value, "资源支持(共治)");
        assert_eq!(
            c.scenario,
            "{ set = { committee = { authority = 0.6 }, office = { reaction = resources, \
             split = { devolved = 0.3, training = 0.1 } } }, tick = 53 }"
        );
        // A value that is not an intervention's table stays as it is.
        let raw = change(
            &ParameterChange {
                path: "interventions[1]".into(),
                baseline: None,
                scenario: Some(odd),
            },
            Lang::En,
        );
        assert!(raw.scenario_items.is_empty());
        assert_eq!(raw.scenario, "{ odd");
    }

    #[test]
    fn a_report_needs_one_baseline() {
        let mut i = input(Lang::En);
        i.scenarios[0].is_baseline = false;
        assert!(matches!(report_html(&i), Err(ReportError::Baseline(0))));
        assert!(findings(&i).is_empty());
        i.scenarios[0].is_baseline = true;
        i.scenarios[1].is_baseline = true;
        assert!(matches!(report_html(&i), Err(ReportError::Baseline(2))));
    }

    #[test]
    fn empty_images_are_left_out() {
        let mut i = input(Lang::En);
        i.overview_png.clear();
        i.figures[0].png.clear();
        let html = report_html(&i).unwrap();
        assert_eq!(html.matches("src=\"").count(), i.figures.len() - 1);
    }

    /// Every `t.key` the template prints and every `text("key", ..)` this module calls
    /// exists in both languages.
    #[test]
    fn every_ui_key_the_report_uses_exists_in_both_languages() {
        let known: Vec<&str> = text_keys().collect();
        let mut used = Vec::new();
        let bytes = TEMPLATE.as_bytes();
        for (at, _) in TEMPLATE.match_indices("t.") {
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let key: String = TEMPLATE[at + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            used.push(key);
        }
        let code = include_str!("report.rs");
        let code = code.split("#[cfg(test)]").next().unwrap();
        for piece in code.split("text(\"").skip(1) {
            used.push(piece.split('"').next().unwrap().to_string());
        }
        assert!(used.len() > 20, "{used:?}");
        for key in &used {
            assert!(known.contains(&key.as_str()), "unknown key {key}");
            let (en, zh) = (text(key, Lang::En), text(key, Lang::Zh));
            // Words differ between the languages; symbols ("—") may not.
            if en.chars().any(|c| c.is_ascii_alphabetic()) {
                assert_ne!(en, zh, "{key}");
            }
        }
        // Effect classes come from compare::effect_class.
        for class in ["negligible", "small", "medium", "large"] {
            assert!(known.contains(&class));
        }
    }

    /// Writes example reports to /tmp for a look in a browser.
    #[test]
    #[ignore]
    fn write_examples() {
        let mut en = input(Lang::En);
        let mut zh = zh_input();
        for i in [&mut en, &mut zh] {
            let mut png = vec![];
            {
                let (w, h) = (1200u32, 520u32);
                let mut enc = png::Encoder::new(&mut png, w, h);
                enc.set_color(png::ColorType::Rgb);
                enc.set_depth(png::BitDepth::Eight);
                let mut wr = enc.write_header().unwrap();
                let mut data = Vec::with_capacity((w * h * 3) as usize);
                for y in 0..h {
                    for x in 0..w {
                        let on = (y as f64 - 260.0 - 200.0 * (x as f64 / 200.0).sin()).abs() < 3.0;
                        data.extend_from_slice(if on {
                            &[31, 119, 180]
                        } else {
                            &[250, 250, 250]
                        });
                    }
                }
                wr.write_image_data(&data).unwrap();
            }
            i.overview_png = png.clone();
            for f in &mut i.figures {
                f.png = png.clone();
            }
        }
        std::fs::write("/tmp/report-example-en.html", report_html(&en).unwrap()).unwrap();
        std::fs::write("/tmp/report-example-zh.html", report_html(&zh).unwrap()).unwrap();
    }
}
