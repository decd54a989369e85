//! A coverage check of `cogov calibrate` (issue 13): calibrations to synthetic targets
//! that cogov made at known parameter values, repeated with different seeds. Reads the
//! table `scripts/calibration_coverage.sh` writes (`coverage.csv`: one row per repeat and
//! parameter), counts how often the true value lies inside the 90% credible interval, and
//! draws the intervals against the truth, one panel per parameter. No file I/O.

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Deserialize;

use crate::plot::{
    AXIS, CHART_SIZE, FULL, GRID, PlotError, TEXT, TICK_TEXT, draw_title, render_err, render_png,
    render_svg, series_colour, text_style,
};

/// One repeat's interval for one parameter.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Interval {
    pub repeat: u32,
    pub parameter: String,
    pub truth: f64,
    pub median: f64,
    pub ci90_low: f64,
    pub ci90_high: f64,
    /// The prior's support, for the panel's axis.
    pub prior_low: f64,
    pub prior_high: f64,
}

impl Interval {
    /// Whether the truth lies inside the 90% interval.
    pub fn covers(&self) -> bool {
        self.ci90_low <= self.truth && self.truth <= self.ci90_high
    }
}

/// Read `coverage.csv`.
pub fn read(bytes: &[u8]) -> Result<Vec<Interval>, csv::Error> {
    csv::Reader::from_reader(bytes).deserialize().collect()
}

/// Per parameter (in first-seen order): intervals covering the truth, repeats, and the
/// mean width of the interval as a share of the prior's support.
pub fn summary(rows: &[Interval]) -> Vec<(String, usize, usize, f64)> {
    let mut out: Vec<(String, usize, usize, f64)> = Vec::new();
    for r in rows {
        let i = match out.iter().position(|o| o.0 == r.parameter) {
            Some(i) => i,
            None => {
                out.push((r.parameter.clone(), 0, 0, 0.0));
                out.len() - 1
            }
        };
        let o = &mut out[i];
        o.1 += usize::from(r.covers());
        o.2 += 1;
        o.3 += (r.ci90_high - r.ci90_low) / (r.prior_high - r.prior_low);
    }
    for o in &mut out {
        o.3 /= o.2.max(1) as f64;
    }
    out
}

/// The coverage chart as SVG.
pub fn chart_svg(rows: &[Interval]) -> Result<String, PlotError> {
    render_svg(CHART_SIZE, |area| draw(area, rows))
}

/// The coverage chart as PNG.
pub fn chart_png(rows: &[Interval]) -> Result<Vec<u8>, PlotError> {
    render_png(CHART_SIZE, |area| draw(area, rows))
}

fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[Interval],
) -> Result<(), PlotError> {
    let stats = summary(rows);
    let (hit, all): (usize, usize) = stats.iter().fold((0, 0), |a, s| (a.0 + s.1, a.1 + s.2));
    let title = format!(
        "90% credible intervals against the truth: {hit} of {all} cover it (cogov calibrate)"
    );
    let rest = draw_title(area, &title, FULL.title * 0.8)?;
    let panels = rest.split_evenly((1, stats.len().max(1)));
    for (panel, (name, h, n, _)) in panels.iter().zip(&stats) {
        let mine: Vec<&Interval> = rows.iter().filter(|r| &r.parameter == name).collect();
        draw_panel(panel, &format!("{name}: {h} of {n}"), &mine)?;
    }
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    rows: &[&Interval],
) -> Result<(), PlotError> {
    let (lo, hi) = (rows[0].prior_low, rows[0].prior_high);
    let repeats = rows.iter().map(|r| r.repeat).max().unwrap_or(1);
    let mut ctx = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(56)
        .y_label_area_size(56)
        .caption(label, text_style(FULL.axis * 0.85, TEXT))
        .build_cartesian_2d(lo..hi, 0.5..f64::from(repeats) + 0.5)
        .map_err(render_err)?;
    ctx.configure_mesh()
        .x_labels(5)
        .y_labels(repeats.min(10) as usize)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_label_formatter(&|v| crate::format::fixed(*v, 2))
        .label_style(text_style(FULL.tick * 0.8, TICK_TEXT))
        .axis_desc_style(text_style(FULL.tick * 0.8, TEXT))
        .y_desc("repeat (seed)")
        .x_desc("90% interval, median (dot), truth (line)")
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(2))
        .draw()
        .map_err(render_err)?;
    let truth = rows[0].truth;
    ctx.draw_series(std::iter::once(PathElement::new(
        vec![(truth, 0.5), (truth, f64::from(repeats) + 0.5)],
        BLACK.stroke_width(2),
    )))
    .map_err(render_err)?;
    for r in rows {
        let colour = if r.covers() {
            series_colour(5)
        } else {
            series_colour(6)
        };
        let y = f64::from(r.repeat);
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(r.ci90_low, y), (r.ci90_high, y)],
            colour.stroke_width(4),
        )))
        .map_err(render_err)?;
        ctx.draw_series(std::iter::once(Circle::new(
            (r.median, y),
            6,
            colour.filled(),
        )))
        .map_err(render_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(repeat: u32, parameter: &str, low: f64, high: f64) -> Interval {
        Interval {
            repeat,
            parameter: parameter.into(),
            truth: 0.5,
            median: (low + high) / 2.0,
            ci90_low: low,
            ci90_high: high,
            prior_low: 0.0,
            prior_high: 1.0,
        }
    }

    #[test]
    fn counts_intervals_that_cover_the_truth_per_parameter() {
        let rows = vec![
            row(1, "a", 0.4, 0.6),
            row(2, "a", 0.55, 0.7),
            row(1, "b", 0.5, 0.9),
            row(2, "b", 0.1, 0.5),
        ];
        let s = summary(&rows);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].0.as_str(), s[0].1, s[0].2), ("a", 1, 2));
        assert_eq!((s[1].0.as_str(), s[1].1, s[1].2), ("b", 2, 2));
        assert!((s[0].3 - 0.175).abs() < 1e-12, "{}", s[0].3);
        let svg = chart_svg(&rows).unwrap();
        assert!(svg.contains("3 of 4 cover it"), "title");
        assert!(svg.contains("a: 1 of 2"), "panel caption");
    }

    #[test]
    fn reads_the_table_the_script_writes() {
        let csv = "repeat,parameter,truth,median,ci90_low,ci90_high,prior_low,prior_high\n\
                   1,participation.w_social,0.45,0.47,0.41,0.52,0.3,0.6\n";
        let rows = read(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].covers());
    }
}
