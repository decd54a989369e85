//! The products of a comparison as bytes: the summary against the baseline, one chart per
//! key metric, the overview figure and the HTML report. `cogov compare` writes them to its
//! folder and a live session (`live`) hands out its report from the same function, so the
//! two reports are made the same way. No I/O here.

use crate::compare::{self, KEY_METRICS, OVERVIEW_METRICS, SummaryRow, Trajectories, Window};
use crate::i18n::{self, Lang};
use crate::plot::{self, Chart, PlotError, Series};
use crate::report::{self, ReportError, ReportFigure, ReportInput, ReportScenario};
use crate::scenario::Scenario;

/// One scenario (or series) of a comparison; the first is the baseline.
pub struct Compared<'a> {
    /// The `scenario` column's name.
    pub name: String,
    /// Title and description in the report's language.
    pub title: String,
    pub description: String,
    pub scenario: &'a Scenario,
    pub trajectories: Trajectories,
}

/// What the report states about the run.
pub struct RunFacts {
    pub lang: Lang,
    /// When it ran, as it should be printed.
    pub generated: String,
    pub replicates: u32,
    pub master_seed: u64,
    /// The last week of the trajectories.
    pub ticks: u32,
    pub window: Window,
}

/// One key metric's chart.
pub struct ChartFiles {
    pub metric: &'static str,
    pub svg: String,
    pub png: Vec<u8>,
}

/// Everything a comparison shows.
pub struct Products {
    pub summary: Vec<SummaryRow>,
    pub charts: Vec<ChartFiles>,
    pub overview_png: Vec<u8>,
    pub overview_svg: String,
    pub report_html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProductError {
    #[error("chart: {0}")]
    Plot(#[from] PlotError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// `chart_file(metric, ext)`: the path the report links a chart's SVG under.
pub fn chart_file(metric: &str, ext: &str) -> String {
    format!("plots/{metric}.{ext}")
}

/// The summary, charts, overview and report of `compared` (baseline first). Returns None
/// if `cancelled()` becomes true while the charts are drawn (checked before each).
pub fn products(
    compared: &[Compared],
    facts: &RunFacts,
    cancelled: &dyn Fn() -> bool,
) -> Result<Option<Products>, ProductError> {
    let lang = facts.lang;
    let named: Vec<(String, Trajectories)> = compared
        .iter()
        .map(|c| (c.name.clone(), c.trajectories.clone()))
        .collect();
    let summary = compare::summarise(&named, 0, &KEY_METRICS, facts.window);
    let labels: Vec<String> = compared.iter().map(|c| c.title.clone()).collect();
    let chart = |metric: &str| chart_of(metric, &named, &labels, lang);
    let mut charts = Vec::new();
    let mut figures = Vec::new();
    for metric in KEY_METRICS {
        if cancelled() {
            return Ok(None);
        }
        let c = chart(metric);
        let png = plot::chart_png(&c)?;
        figures.push(ReportFigure {
            metric: metric.to_string(),
            png: png.clone(),
            svg_file: chart_file(metric, "svg"),
        });
        charts.push(ChartFiles {
            metric,
            svg: plot::chart_svg(&c)?,
            png,
        });
    }
    let overview: Vec<Chart> = OVERVIEW_METRICS.iter().map(|m| chart(m)).collect();
    let overview_title = i18n::text("overview_title", lang);
    let overview_png = plot::overview_png(&overview_title, &overview)?;
    let overview_svg = plot::overview_svg(&overview_title, &overview)?;
    let input = ReportInput {
        lang,
        generated: facts.generated.clone(),
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        replicates: facts.replicates,
        master_seed: facts.master_seed,
        ticks: facts.ticks,
        window: facts.window,
        scenarios: compared
            .iter()
            .enumerate()
            .map(|(i, c)| ReportScenario {
                name: c.name.clone(),
                title: c.title.clone(),
                description: c.description.clone(),
                is_baseline: i == 0,
                changes: compare::parameter_changes(compared[0].scenario, c.scenario),
            })
            .collect(),
        overview_png: overview_png.clone(),
        figures,
        summary: summary.clone(),
    };
    let report_html = report::report_html(&input)?;
    Ok(Some(Products {
        summary,
        charts,
        overview_png,
        overview_svg,
        report_html,
    }))
}

/// One metric's chart: mean line and 95% band per scenario.
fn chart_of(
    metric: &str,
    trajectories: &[(String, Trajectories)],
    labels: &[String],
    lang: Lang,
) -> Chart {
    let series = trajectories
        .iter()
        .zip(labels)
        .map(|((_, t), label)| {
            let b = compare::band(&t.series(metric).unwrap_or_default());
            Series {
                label: label.clone(),
                ticks: (0..b.mean.len() as u32).collect(),
                mean: b.mean,
                lower: b.low,
                upper: b.high,
            }
        })
        .collect();
    Chart {
        title: i18n::metric_label(metric, lang),
        y_label: i18n::metric_unit(metric, lang),
        x_label: i18n::text("week", lang),
        series,
        y_range: None,
    }
}

/// The scenario's title in `lang` (else English, else `name`).
pub fn title(s: &Scenario, name: &str, lang: Lang) -> String {
    let t = match lang {
        Lang::Zh if !s.title.zh.is_empty() => &s.title.zh,
        _ => &s.title.en,
    };
    if t.is_empty() {
        name.to_string()
    } else {
        t.clone()
    }
}

/// The scenario's description in `lang` (else English).
pub fn description(s: &Scenario, lang: Lang) -> String {
    match lang {
        Lang::Zh if !s.description.zh.is_empty() => s.description.zh.clone(),
        _ => s.description.en.clone(),
    }
}
