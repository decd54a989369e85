//! Charts of a sweep's analysis, drawn with `plotters` in the style of the comparison
//! charts ([`crate::plot`]: the same embedded CJK font, sizes, colours and title), returned
//! as SVG text or PNG bytes. No I/O.
//!
//! * [`SweepChart::Bars`]: one horizontal bar per parameter on [-1, 1] (a PRCC) with its
//!   95% interval as a whisker; a parameter whose value could not be computed gets a note
//!   instead of a bar.
//! * [`SweepChart::Heatmap`]: an outcome over a two-parameter grid, one cell per point
//!   with its value written in, and a colour key (viridis end points and middle).
//! * [`SweepChart::Line`]: an outcome against one parameter, the mean at each value with
//!   its 95% band.
//!
//! Every text arrives localised (see `sweep::report`), so the same code draws both
//! languages.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{BoldPoints, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plot::{
    AXIS, BAND_OPACITY, CHART_SIZE, FULL, GRID, PlotError, Sizes, TEXT, TICK_TEXT, decimals,
    draw_title, fit_text, pad_degenerate, render_err, render_png, render_svg, series_colour,
    text_style, text_width,
};

/// Palette index of bars with a positive value and of the line chart (blue).
const POSITIVE: usize = 5;
/// Palette index of bars with a negative value (vermillion).
const NEGATIVE: usize = 4;
/// Cells without a value.
const NO_VALUE: RGBColor = RGBColor(204, 204, 204);

/// One bar: a label, its value and its 95% interval (NaN: not computed).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// One labelled point of a scatter chart: x with its 95% interval, and y.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterPoint {
    pub label: String,
    pub x: f64,
    pub x_low: f64,
    pub x_high: f64,
    pub y: f64,
}

/// The words of a chart's key, localised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyWords {
    /// Bars: what a positive bar means. Line: the mean line.
    pub first: String,
    /// Bars: what a negative bar means. Line: the band.
    pub second: String,
    /// Bars: the whisker. Heatmap: a cell without a value.
    pub third: String,
    /// Bars: the note on a bar that could not be computed.
    pub missing: String,
}

/// One chart of a sweep. Texts are drawn as given.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepChart {
    /// Bars top to bottom in the order given, on [-1, 1].
    Bars {
        title: String,
        x_label: String,
        bars: Vec<Bar>,
        key: KeyWords,
    },
    /// `cells[i][j]` is the value at row `ys[i]` (first row at the bottom) and column
    /// `xs[j]`; NaN: no value, drawn grey.
    Heatmap {
        title: String,
        x_label: String,
        y_label: String,
        xs: Vec<String>,
        ys: Vec<String>,
        cells: Vec<Vec<f64>>,
        key: KeyWords,
    },
    /// Points `(x, mean, low, high)`; those with a non-finite mean or x are left out.
    Line {
        title: String,
        x_label: String,
        y_label: String,
        points: Vec<(f64, f64, f64, f64)>,
        key: KeyWords,
    },
    /// Labelled points with a horizontal whisker (Morris' μ*–σ plane); points with a
    /// non-finite x or y are left out. Key: `first` the points, `third` the whisker.
    Scatter {
        title: String,
        x_label: String,
        y_label: String,
        points: Vec<ScatterPoint>,
        key: KeyWords,
    },
    /// Two bars per row (Sobol' S1 and ST), top to bottom in the order given, each with
    /// its whisker, on [min(0, lowest), max(1, highest)]. Key: `first` and `second` the
    /// two bars, `third` the whisker, `missing` the note on a bar not computed.
    PairedBars {
        title: String,
        x_label: String,
        rows: Vec<(Bar, Bar)>,
        key: KeyWords,
    },
}

impl SweepChart {
    /// The chart as an SVG document of [`CHART_SIZE`].
    pub fn svg(&self) -> Result<String, PlotError> {
        render_svg(CHART_SIZE, |area| self.draw(area))
    }

    /// The chart as PNG bytes of [`CHART_SIZE`], laid out as [`svg`](Self::svg).
    pub fn png(&self) -> Result<Vec<u8>, PlotError> {
        render_png(CHART_SIZE, |area| self.draw(area))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let (w, _) = area.dim_in_pixel();
        let pad = (w as f64 * 0.0125).round() as i32;
        let area = area.margin(pad, pad, pad, pad);
        let sz = &FULL;
        match self {
            SweepChart::Bars {
                title,
                x_label,
                bars,
                key,
            } => {
                let rest = draw_title(&area, title, sz.title)?;
                let marks = [
                    (Mark::Box(series_colour(POSITIVE)), key.first.as_str()),
                    (Mark::Box(series_colour(NEGATIVE)), key.second.as_str()),
                    (Mark::Whisker, key.third.as_str()),
                ];
                let rest = draw_key(&rest, &marks, sz)?;
                draw_bars(&rest, x_label, bars, &key.missing, sz)
            }
            SweepChart::Heatmap {
                title,
                x_label,
                y_label,
                xs,
                ys,
                cells,
                key,
            } => {
                let rest = draw_title(&area, title, sz.title)?;
                let grid = Grid { xs, ys, cells };
                draw_heatmap(&rest, (x_label, y_label), &grid, &key.third, sz)
            }
            SweepChart::Line {
                title,
                x_label,
                y_label,
                points,
                key,
            } => {
                let rest = draw_title(&area, title, sz.title)?;
                let colour = series_colour(POSITIVE);
                let marks = [
                    (Mark::Line(colour), key.first.as_str()),
                    (Mark::Band(colour), key.second.as_str()),
                ];
                let rest = draw_key(&rest, &marks, sz)?;
                draw_line(&rest, (x_label, y_label), points, sz)
            }
            SweepChart::Scatter {
                title,
                x_label,
                y_label,
                points,
                key,
            } => {
                let rest = draw_title(&area, title, sz.title)?;
                let marks = [
                    (Mark::Box(series_colour(POSITIVE)), key.first.as_str()),
                    (Mark::Whisker, key.third.as_str()),
                ];
                let rest = draw_key(&rest, &marks, sz)?;
                draw_scatter(&rest, (x_label, y_label), points, sz)
            }
            SweepChart::PairedBars {
                title,
                x_label,
                rows,
                key,
            } => {
                let rest = draw_title(&area, title, sz.title)?;
                let marks = [
                    (Mark::Box(series_colour(POSITIVE)), key.first.as_str()),
                    (Mark::Box(series_colour(NEGATIVE)), key.second.as_str()),
                    (Mark::Whisker, key.third.as_str()),
                ];
                let rest = draw_key(&rest, &marks, sz)?;
                draw_paired_bars(&rest, x_label, rows, &key.missing, sz)
            }
        }
    }
}

/// A swatch in a key.
enum Mark {
    Box(RGBColor),
    Whisker,
    Line(RGBColor),
    Band(RGBColor),
}

/// Draws a one-row key centred under the rest of `area` (entries with empty words are left
/// out) and returns the area above it.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    marks: &[(Mark, &str)],
    sz: &Sizes,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    let marks: Vec<&(Mark, &str)> = marks.iter().filter(|(_, t)| !t.is_empty()).collect();
    if marks.is_empty() {
        return Ok(area.clone());
    }
    let size = sz.legend;
    let style = text_style(size, TEXT).pos(Pos::new(HPos::Left, VPos::Center));
    let (aw, ah) = area.dim_in_pixel();
    let swatch = (size * 2.0).round() as i32;
    let gap = (size * 0.5).round() as i32;
    let row_h = (size * 2.0).round() as i32;
    let max_text = (aw as i32 / marks.len() as i32 - swatch - 4 * gap).max(0);
    let mut texts = Vec::new();
    let mut total = 0;
    for (_, t) in &marks {
        let t = fit_text(area, t, &style, max_text)?;
        total += swatch + gap + text_width(area, &t, &style)? + 3 * gap;
        texts.push(t);
    }
    let (plot, below) = area.split_vertically(ah as i32 - row_h);
    let mut x = ((aw as i32 - total + 3 * gap) / 2).max(0);
    let cy = row_h / 2;
    let half = (size * 0.45).round() as i32;
    for ((mark, _), t) in marks.iter().zip(&texts) {
        let r = |y0: i32, y1: i32, s: ShapeStyle| {
            Rectangle::new([(x, cy + y0), (x + swatch, cy + y1)], s)
        };
        let drawn = match mark {
            Mark::Box(c) => below.draw(&r(-half, half, c.mix(0.85).filled())),
            Mark::Band(c) => below.draw(&r(-half, half, c.mix(BAND_OPACITY).filled())),
            Mark::Line(c) => below.draw(&r(-2, 2, c.filled())),
            Mark::Whisker => below
                .draw(&PathElement::new(
                    vec![(x, cy), (x + swatch, cy)],
                    TEXT.stroke_width(2),
                ))
                .and_then(|_| {
                    below.draw(&PathElement::new(
                        vec![(x, cy - half), (x, cy + half)],
                        TEXT.stroke_width(2),
                    ))
                })
                .and_then(|_| {
                    below.draw(&PathElement::new(
                        vec![(x + swatch, cy - half), (x + swatch, cy + half)],
                        TEXT.stroke_width(2),
                    ))
                }),
        };
        drawn.map_err(render_err)?;
        below
            .draw_text(t, &style, (x + swatch + gap, cy))
            .map_err(render_err)?;
        x += swatch + gap + text_width(area, t, &style)? + 3 * gap;
    }
    Ok(plot)
}

/// Tick labels for categories at 0, 1, …, n - 1 of an axis spanning [-0.5, n - 0.5]: with
/// at most n labels the key points are exactly those whole numbers.
fn category(labels: &[String], v: f64) -> String {
    let i = v.round();
    if (v - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    labels.get(i as usize).cloned().unwrap_or_default()
}

/// The widest of `labels` in `style`, after shortening each to `max_w`.
fn fitted<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    style: &TextStyle,
    max_w: i32,
) -> Result<(Vec<String>, i32), PlotError> {
    let mut out = Vec::with_capacity(labels.len());
    let mut widest = 0;
    for l in labels {
        let l = fit_text(area, l, style, max_w)?;
        widest = widest.max(text_width(area, &l, style)?);
        out.push(l);
    }
    Ok((out, widest))
}

/// Height of the x label area: tick labels, their distance and the axis description.
fn x_area(sz: &Sizes) -> i32 {
    (sz.tick * 1.1).round() as i32 + 12 + (sz.axis * 1.3).round() as i32 + 4
}

/// The frame of a horizontal bar chart: one row per label (top to bottom), the x axis over
/// `x` with its description, the grid, and the zero line.
fn bar_frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    labels: &[String],
    widest: i32,
    x_desc: &str,
    x: std::ops::Range<f64>,
    sz: &Sizes,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, PlotError> {
    let n = labels.len().max(1);
    let tick_style = text_style(sz.tick, TICK_TEXT);
    let axis_style = text_style(sz.axis, TEXT);
    let mut ctx = ChartBuilder::on(area)
        .margin_top((sz.tick * 0.6).round() as i32)
        .margin_right(24)
        .x_label_area_size(x_area(sz))
        .y_label_area_size(widest + 12 + 6)
        .build_cartesian_2d(x, -0.5..n as f64 - 0.5)
        .map_err(render_err)?;
    let x_fmt = |v: &f64| crate::format::fixed(*v, 1);
    let y_fmt = |v: &f64| category(labels, *v);
    ctx.configure_mesh()
        .x_labels(9)
        .y_labels(n)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(tick_style.clone())
        .axis_desc_style(axis_style)
        .set_all_tick_mark_size(6)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .disable_y_mesh()
        .axis_style(AXIS.stroke_width(2))
        .x_desc(x_desc)
        .draw()
        .map_err(render_err)?;
    let zero = PathElement::new(
        vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
        AXIS.stroke_width(2),
    );
    ctx.draw_series(std::iter::once(zero)).map_err(render_err)?;
    Ok(ctx)
}

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x_label: &str,
    bars: &[Bar],
    missing: &str,
    sz: &Sizes,
) -> Result<(), PlotError> {
    let n = bars.len().max(1);
    let (aw, _) = area.dim_in_pixel();
    let tick_style = text_style(sz.tick, TICK_TEXT);
    let axis_style = text_style(sz.axis, TEXT);
    // Top to bottom in the order given: bar i at y = n - 1 - i.
    let labels: Vec<String> = bars.iter().rev().map(|b| b.label.clone()).collect();
    let (labels, widest) = fitted(area, &labels, &tick_style, (aw as f64 * 0.4) as i32)?;
    let x_desc = fit_text(area, x_label, &axis_style, aw as i32 - widest)?;
    let mut ctx = bar_frame(area, &labels, widest, &x_desc, -1.0..1.0, sz)?;
    let note = text_style(sz.tick, TICK_TEXT).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, b) in bars.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        if !b.value.is_finite() {
            let t =
                EmptyElement::at((0.0, y)) + Text::new(missing.to_string(), (8, 0), note.clone());
            ctx.draw_series(std::iter::once(t)).map_err(render_err)?;
            continue;
        }
        let v = b.value.clamp(-1.0, 1.0);
        let colour = series_colour(if v >= 0.0 { POSITIVE } else { NEGATIVE });
        let bar = Rectangle::new([(0.0, y - 0.3), (v, y + 0.3)], colour.mix(0.85).filled());
        ctx.draw_series(std::iter::once(bar)).map_err(render_err)?;
        if b.low.is_finite() && b.high.is_finite() {
            let (lo, hi) = (b.low.clamp(-1.0, 1.0), b.high.clamp(-1.0, 1.0));
            let style = TEXT.stroke_width(2);
            let whisker = [
                vec![(lo, y), (hi, y)],
                vec![(lo, y - 0.12), (lo, y + 0.12)],
                vec![(hi, y - 0.12), (hi, y + 0.12)],
            ];
            ctx.draw_series(whisker.into_iter().map(|p| PathElement::new(p, style)))
                .map_err(render_err)?;
        }
    }
    Ok(())
}

/// The μ*–σ plane: each point labelled, with μ*'s interval as a horizontal whisker.
fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x_label, y_label): (&str, &str),
    points: &[ScatterPoint],
    sz: &Sizes,
) -> Result<(), PlotError> {
    let pts: Vec<&ScatterPoint> = points
        .iter()
        .filter(|p| p.x.is_finite() && p.y.is_finite())
        .collect();
    let hi = |f: &dyn Fn(&ScatterPoint) -> f64| {
        pts.iter()
            .map(|p| f(p))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    };
    let lo = |f: &dyn Fn(&ScatterPoint) -> f64| {
        pts.iter()
            .map(|p| f(p))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min)
    };
    let x1 = hi(&|p| p.x_high.max(p.x)).max(1e-12) * 1.1;
    let y1 = hi(&|p| p.y).max(1e-12) * 1.1;
    // From 0, or below it for negative values (a posterior over a signed parameter).
    let x0 = lo(&|p| p.x_low.min(p.x)) * 1.1;
    let y0 = lo(&|p| p.y) * 1.1;
    let mut ctx = numeric_frame(area, (x_label, y_label), (x0, x1), (y0, y1), &[y1], sz)?;
    // σ = μ*: above it, effects that vary strongly (interactions or non-linearity).
    if key_diagonal(points) {
        let diagonal = PathElement::new(
            vec![(0.0, 0.0), (x1.min(y1), x1.min(y1))],
            GRID.stroke_width(2),
        );
        ctx.draw_series(std::iter::once(diagonal))
            .map_err(render_err)?;
    }
    let colour = series_colour(POSITIVE);
    let note = text_style(sz.tick, TICK_TEXT).pos(Pos::new(HPos::Left, VPos::Bottom));
    for p in pts {
        if p.x_low.is_finite() && p.x_high.is_finite() {
            let w = PathElement::new(vec![(p.x_low, p.y), (p.x_high, p.y)], TEXT.stroke_width(2));
            ctx.draw_series(std::iter::once(w)).map_err(render_err)?;
        }
        let dot = Circle::new((p.x, p.y), sz.line * 2, colour.filled());
        ctx.draw_series(std::iter::once(dot)).map_err(render_err)?;
        let t = EmptyElement::at((p.x, p.y)) + Text::new(p.label.clone(), (6, -4), note.clone());
        ctx.draw_series(std::iter::once(t)).map_err(render_err)?;
    }
    Ok(())
}

/// Whether the plane is Morris' (labelled points with intervals), where σ = μ* is drawn.
fn key_diagonal(points: &[ScatterPoint]) -> bool {
    points.iter().any(|p| !p.label.is_empty())
}

/// Two bars per row with whiskers, on [min(0, lowest), max(1, highest)].
fn draw_paired_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x_label: &str,
    rows: &[(Bar, Bar)],
    missing: &str,
    sz: &Sizes,
) -> Result<(), PlotError> {
    let n = rows.len().max(1);
    let (aw, _) = area.dim_in_pixel();
    let tick_style = text_style(sz.tick, TICK_TEXT);
    let axis_style = text_style(sz.axis, TEXT);
    let labels: Vec<String> = rows.iter().rev().map(|b| b.0.label.clone()).collect();
    let (labels, widest) = fitted(area, &labels, &tick_style, (aw as f64 * 0.4) as i32)?;
    let x_desc = fit_text(area, x_label, &axis_style, aw as i32 - widest)?;
    let all = || rows.iter().flat_map(|(a, b)| [a, b]);
    let lo = all()
        .flat_map(|b| [b.value, b.low])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::min)
        .max(-1.0);
    let hi = all()
        .flat_map(|b| [b.value, b.high])
        .filter(|v| v.is_finite())
        .fold(1.0, f64::max)
        .min(2.0);
    let mut ctx = bar_frame(area, &labels, widest, &x_desc, lo..hi, sz)?;
    let note = text_style(sz.tick, TICK_TEXT).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, pair) in rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        for (b, (off, colour)) in [pair.0.clone(), pair.1.clone()]
            .iter()
            .zip([(0.18, POSITIVE), (-0.18, NEGATIVE)])
        {
            let yc = y + off;
            if !b.value.is_finite() {
                let t = EmptyElement::at((0.0, yc))
                    + Text::new(missing.to_string(), (8, 0), note.clone());
                ctx.draw_series(std::iter::once(t)).map_err(render_err)?;
                continue;
            }
            let v = b.value.clamp(lo, hi);
            let c = series_colour(colour).mix(0.85).filled();
            let bar = Rectangle::new([(0.0, yc - 0.15), (v, yc + 0.15)], c);
            ctx.draw_series(std::iter::once(bar)).map_err(render_err)?;
            if b.low.is_finite() && b.high.is_finite() {
                let (l, h) = (b.low.clamp(lo, hi), b.high.clamp(lo, hi));
                let whisker = [
                    vec![(l, yc), (h, yc)],
                    vec![(l, yc - 0.08), (l, yc + 0.08)],
                    vec![(h, yc - 0.08), (h, yc + 0.08)],
                ];
                let style = TEXT.stroke_width(2);
                ctx.draw_series(whisker.into_iter().map(|p| PathElement::new(p, style)))
                    .map_err(render_err)?;
            }
        }
    }
    Ok(())
}

/// A colour on a blue–yellow scale (viridis end points and middle), t in [0, 1].
fn viridis(t: f64) -> RGBColor {
    let stops = [
        (68.0, 1.0, 84.0),
        (33.0, 145.0, 140.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (a, b, u) = if t < 0.5 {
        (stops[0], stops[1], t * 2.0)
    } else {
        (stops[1], stops[2], (t - 0.5) * 2.0)
    };
    let m = |p: f64, q: f64| (p + (q - p) * u).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The cells of a heatmap and their row and column labels.
struct Grid<'a> {
    xs: &'a [String],
    ys: &'a [String],
    cells: &'a [Vec<f64>],
}

impl Grid<'_> {
    /// Lowest and highest finite value (None if there is none) and whether a cell has none.
    fn span(&self) -> (Option<(f64, f64)>, bool) {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        let mut gap = self.cells.len() < self.ys.len();
        for row in self.cells {
            gap |= row.len() < self.xs.len();
            for &v in row {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                } else {
                    gap = true;
                }
            }
        }
        (lo.is_finite().then_some((lo, hi)), gap)
    }
}

/// Decimals that show values spread over `span` to about a tenth of it.
fn value_decimals(span: f64) -> usize {
    decimals(&[0.0, span.abs().max(1e-9) / 10.0]).min(6)
}

fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x_label, y_label): (&str, &str),
    grid: &Grid,
    no_value: &str,
    sz: &Sizes,
) -> Result<(), PlotError> {
    let (aw, ah) = area.dim_in_pixel();
    let (span, gap) = grid.span();
    let key_w = (sz.tick * 7.0).round() as i32;
    let (plot, key) = area.split_horizontally(aw as i32 - key_w);
    let tick_style = text_style(sz.tick, TICK_TEXT);
    let axis_style = text_style(sz.axis, TEXT);
    let (nx, ny) = (grid.xs.len().max(1), grid.ys.len().max(1));
    let (ys, widest) = fitted(&plot, grid.ys, &tick_style, (aw as f64 * 0.25) as i32)?;
    let xs: Vec<String> = grid.xs.to_vec();
    let y_area = widest + 12 + (sz.axis * 1.3).round() as i32 + 6;
    let x_desc = fit_text(&plot, x_label, &axis_style, aw as i32 - key_w - y_area)?;
    let y_desc = fit_text(&plot, y_label, &axis_style, ah as i32 - x_area(sz))?;
    let mut ctx = ChartBuilder::on(&plot)
        .margin_top((sz.tick * 0.6).round() as i32)
        .margin_right(8)
        .x_label_area_size(x_area(sz))
        .y_label_area_size(y_area)
        .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)
        .map_err(render_err)?;
    let x_fmt = |v: &f64| category(&xs, *v);
    let y_fmt = |v: &f64| category(&ys, *v);
    ctx.configure_mesh()
        .x_labels(nx)
        .y_labels(ny)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(tick_style)
        .axis_desc_style(axis_style)
        .set_all_tick_mark_size(6)
        .disable_mesh()
        .axis_style(AXIS.stroke_width(2))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()
        .map_err(render_err)?;
    let (lo, hi) = span.unwrap_or((0.0, 1.0));
    let scale = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    let dec = value_decimals(hi - lo);
    let cell_px = (
        (aw as i32 - key_w - y_area) / nx as i32,
        (ah as i32 - x_area(sz)) / ny as i32,
    );
    let value_size = sz.tick * 0.8;
    for i in 0..ny {
        for j in 0..nx {
            let v = grid
                .cells
                .get(i)
                .and_then(|r| r.get(j))
                .copied()
                .unwrap_or(f64::NAN);
            let (x, y) = (j as f64, i as f64);
            let fill = if v.is_finite() {
                viridis(scale(v))
            } else {
                NO_VALUE
            };
            let cell = Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], fill.filled());
            let edge = Rectangle::new(
                [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                WHITE.stroke_width(2),
            );
            ctx.draw_series([cell, edge]).map_err(render_err)?;
            let text = crate::format::fixed(v, dec);
            let fits = cell_px.1 as f64 > value_size * 1.4
                && text_width(&plot, &text, &text_style(value_size, TEXT))? < cell_px.0 - 6;
            if v.is_finite() && fits {
                let ink = if scale(v) > 0.6 { TEXT } else { WHITE };
                let style = text_style(value_size, ink).pos(Pos::new(HPos::Center, VPos::Center));
                let t = EmptyElement::at((x, y)) + Text::new(text, (0, 0), style);
                ctx.draw_series(std::iter::once(t)).map_err(render_err)?;
            }
        }
    }
    draw_colour_key(&key, span, gap.then_some(no_value), sz)
}

/// The colour key right of a heatmap: a vertical gradient from the lowest value (bottom) to
/// the highest (top), and a grey swatch for cells without a value.
fn draw_colour_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    span: Option<(f64, f64)>,
    no_value: Option<&str>,
    sz: &Sizes,
) -> Result<(), PlotError> {
    let (_, ah) = area.dim_in_pixel();
    let top = (sz.tick * 0.6).round() as i32;
    let bottom = ah as i32 - x_area(sz);
    let (x0, x1) = (12, 12 + (sz.tick * 1.2).round() as i32);
    let style = text_style(sz.tick * 0.9, TICK_TEXT).pos(Pos::new(HPos::Left, VPos::Center));
    if let Some((lo, hi)) = span {
        let steps = 64;
        let h = f64::from(bottom - top);
        for k in 0..steps {
            let y1 = bottom - (h * k as f64 / steps as f64) as i32;
            let y0 = bottom - (h * (k + 1) as f64 / steps as f64) as i32;
            let c = viridis((k as f64 + 0.5) / steps as f64);
            area.draw(&Rectangle::new([(x0, y0), (x1, y1 + 1)], c.filled()))
                .map_err(render_err)?;
        }
        let dec = value_decimals(hi - lo);
        for (v, y) in [(hi, top), (lo, bottom)] {
            area.draw_text(&crate::format::fixed(v, dec), &style, (x1 + 8, y))
                .map_err(render_err)?;
        }
    }
    if let Some(words) = no_value {
        let y = bottom + (sz.tick * 1.5).round() as i32;
        let half = (sz.tick * 0.5).round() as i32;
        area.draw(&Rectangle::new(
            [(x0, y - half), (x1, y + half)],
            NO_VALUE.filled(),
        ))
        .map_err(render_err)?;
        let (aw, _) = area.dim_in_pixel();
        let words = fit_text(area, words, &style, aw as i32 - x1 - 8)?;
        area.draw_text(&words, &style, (x1 + 8, y))
            .map_err(render_err)?;
    }
    Ok(())
}

/// A point of a line chart: (x, mean, low, high).
type Point = (f64, f64, f64, f64);

/// The range of the x values, and of the means and bounds padded by 5%.
fn line_ranges(pts: &[Point]) -> ((f64, f64), (f64, f64)) {
    let fold = |f: &dyn Fn(&Point) -> (f64, f64)| {
        pts.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                let (lo, hi) = f(p);
                (a.min(lo), b.max(hi))
            })
    };
    let (x0, x1) = fold(&|p| (p.0, p.0));
    let (y0, y1) = fold(&|p| (p.1.min(p.2), p.1.max(p.3)));
    let (x0, x1) = if x0.is_finite() {
        pad_degenerate(x0, x1)
    } else {
        (0.0, 1.0)
    };
    let (y0, y1) = if y0.is_finite() {
        pad_degenerate(y0, y1)
    } else {
        (0.0, 1.0)
    };
    let m = (y1 - y0) * 0.05;
    ((x0, x1), (y0 - m, y1 + m))
}

/// The frame of a chart with two numeric axes (the scatter and the line chart): labels
/// with the decimals their ticks need, the value axis as wide as the widest label among
/// `widest_of`, axis descriptions fitted to the space, grid and axes drawn.
fn numeric_frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    (x_label, y_label): (&str, &str),
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    widest_of: &[f64],
    sz: &Sizes,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, PlotError> {
    let keys = |lo: f64, hi: f64, n: usize| {
        let c: RangedCoordf64 = (lo..hi).into();
        decimals(&c.key_points(BoldPoints(n)))
    };
    let (x_dec, y_dec) = (keys(x0, x1, sz.x_labels), keys(y0, y1, sz.y_labels));
    let x_fmt = move |v: &f64| crate::format::fixed(*v, x_dec);
    let y_fmt = move |v: &f64| crate::format::fixed(*v, y_dec);
    let tick_style = text_style(sz.tick, TICK_TEXT);
    let axis_style = text_style(sz.axis, TEXT);
    let widest = widest_of
        .iter()
        .map(|v| text_width(area, &y_fmt(v), &tick_style))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .max()
        .unwrap_or(0)
        + (sz.tick * 0.6) as i32;
    let (aw, ah) = area.dim_in_pixel();
    let y_area = widest + 12 + (sz.axis * 1.3).round() as i32 + 6;
    let x_desc = fit_text(area, x_label, &axis_style, aw as i32 - y_area)?;
    let y_desc = fit_text(area, y_label, &axis_style, ah as i32 - x_area(sz))?;
    let mut ctx = ChartBuilder::on(area)
        .margin_top((sz.tick * 0.6).round() as i32)
        .margin_right(24)
        .x_label_area_size(x_area(sz))
        .y_label_area_size(y_area)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(render_err)?;
    ctx.configure_mesh()
        .x_labels(sz.x_labels)
        .y_labels(sz.y_labels)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(tick_style)
        .axis_desc_style(axis_style)
        .set_all_tick_mark_size(6)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(2))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()
        .map_err(render_err)?;
    Ok(ctx)
}

fn draw_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x_label, y_label): (&str, &str),
    points: &[(f64, f64, f64, f64)],
    sz: &Sizes,
) -> Result<(), PlotError> {
    let mut pts: Vec<(f64, f64, f64, f64)> = points
        .iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .map(|&(x, m, lo, hi)| {
            let lo = if lo.is_finite() { lo } else { m };
            let hi = if hi.is_finite() { hi } else { m };
            (x, m, lo.min(hi), lo.max(hi))
        })
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ((x0, x1), (y0, y1)) = line_ranges(&pts);
    let mut ctx = numeric_frame(area, (x_label, y_label), (x0, x1), (y0, y1), &[y0, y1], sz)?;
    let colour = series_colour(POSITIVE);
    if pts.len() >= 2 {
        let mut band: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.3)).collect();
        band.extend(pts.iter().rev().map(|p| (p.0, p.2)));
        let band = Polygon::new(band, colour.mix(BAND_OPACITY).filled());
        ctx.draw_series(std::iter::once(band)).map_err(render_err)?;
        let mean = PathElement::new(
            pts.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
            colour.stroke_width(sz.line),
        );
        ctx.draw_series(std::iter::once(mean)).map_err(render_err)?;
    }
    for &(x, m, lo, hi) in &pts {
        let bar = PathElement::new(
            vec![(x, lo), (x, hi)],
            colour.mix(0.5).stroke_width(sz.line),
        );
        let dot = Circle::new((x, m), sz.line * 2, colour.filled());
        ctx.draw_series(std::iter::once(bar)).map_err(render_err)?;
        ctx.draw_series(std::iter::once(dot)).map_err(render_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> KeyWords {
        KeyWords {
            first: "raises".into(),
            second: "lowers".into(),
            third: "95% CI".into(),
            missing: "n/a".into(),
        }
    }

    fn bars(labels: &[&str]) -> SweepChart {
        SweepChart::Bars {
            title: "PRCC of <p> & q".into(),
            x_label: "PRCC".into(),
            bars: labels
                .iter()
                .enumerate()
                .map(|(i, l)| Bar {
                    label: l.to_string(),
                    value: if i == 1 {
                        f64::NAN
                    } else {
                        0.8 - 0.5 * i as f64
                    },
                    low: 0.6 - 0.5 * i as f64,
                    high: 0.9 - 0.5 * i as f64,
                })
                .collect(),
            key: words(),
        }
    }

    /// `<text>` elements whose content is exactly `s` (plotters writes it on a line of
    /// its own).
    pub(crate) fn texts(svg: &str, s: &str) -> usize {
        svg.match_indices(&format!(">\n{s}\n</text>")).count()
    }

    #[test]
    fn bar_chart_has_title_axes_key_and_one_bar_per_parameter() {
        let svg = bars(&["alpha", "beta", "gamma", "delta"]).svg().unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("PRCC of &lt;p&gt; &amp; q"), "title escaped");
        assert_eq!(texts(&svg, "PRCC"), 1, "x axis description");
        for l in ["alpha", "beta", "gamma", "delta"] {
            assert_eq!(texts(&svg, l), 1, "one tick label for {l}");
        }
        for t in ["-1.0", "-0.5", "0.0", "0.5", "1.0"] {
            assert_eq!(texts(&svg, t), 1, "x tick {t}");
        }
        for k in ["raises", "lowers", "95% CI", "n/a"] {
            assert_eq!(texts(&svg, k), 1, "{k}");
        }
        // Bars in the two colours (alpha positive, gamma and delta negative, beta none),
        // and one key swatch of each colour.
        let (r, g, b) = crate::plot::palette(POSITIVE);
        let pos = format!("fill=\"#{r:02X}{g:02X}{b:02X}\"");
        let (r, g, b) = crate::plot::palette(NEGATIVE);
        let neg = format!("fill=\"#{r:02X}{g:02X}{b:02X}\"");
        assert_eq!(svg.matches(&pos).count(), 1 + 1, "{svg}");
        assert_eq!(svg.matches(&neg).count(), 2 + 1, "{svg}");
    }

    #[test]
    fn heatmap_has_a_cell_per_point_and_a_key() {
        let chart = SweepChart::Heatmap {
            title: "h".into(),
            x_label: "columns".into(),
            y_label: "rows".into(),
            xs: vec!["0.1".into(), "0.2".into(), "0.3".into()],
            ys: vec!["a".into(), "b".into()],
            cells: vec![vec![0.5, 1.25, 2.0], vec![f64::NAN, 1.0, 0.75]],
            key: KeyWords {
                third: "no value".into(),
                ..KeyWords::default()
            },
        };
        let svg = chart.svg().unwrap();
        for l in ["0.1", "0.2", "0.3", "a", "b", "columns", "rows", "no value"] {
            assert_eq!(texts(&svg, l), 1, "{l}");
        }
        // Values in the cells, the extremes again on the key.
        for v in ["1.25", "1.00", "0.75"] {
            assert_eq!(texts(&svg, v), 1, "{v}");
        }
        assert_eq!(texts(&svg, "0.50"), 2);
        assert_eq!(texts(&svg, "2.00"), 2);
        // Lowest value the dark end of the scale, highest the yellow end.
        assert!(svg.contains("fill=\"#440154\"") && svg.contains("fill=\"#FDE725\""));
        assert!(svg.contains("fill=\"#CCCCCC\""), "the cell with no value");
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
    }

    #[test]
    fn line_chart_has_band_and_line() {
        let chart = SweepChart::Line {
            title: "l".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            points: vec![
                (0.2, 1.0, 0.5, 1.5),
                (0.4, 2.0, 1.5, 2.5),
                (0.6, f64::NAN, 0.0, 0.0),
            ],
            key: KeyWords {
                first: "mean".into(),
                second: "95% interval".into(),
                ..KeyWords::default()
            },
        };
        let svg = chart.svg().unwrap();
        assert!(
            svg.contains("<polygon") && svg.contains("<polyline"),
            "{svg}"
        );
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "the NaN point is left out"
        );
        for l in ["l", "x", "y", "mean", "95% interval"] {
            assert_eq!(texts(&svg, l), 1, "{l}");
        }
    }

    /// Writes example charts to $COGOV_EXAMPLES (if set), to look at.
    #[test]
    fn write_examples() {
        let Some(dir) = std::env::var_os("COGOV_EXAMPLES") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        std::fs::write(
            dir.join("bars.png"),
            bars(&["准入清单减负比例", "b", "居委会能力", "d"])
                .png()
                .unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn morris_plane_and_paired_bars_draw_every_parameter() {
        let point = |label: &str, x: f64, y: f64| ScatterPoint {
            label: label.into(),
            x,
            x_low: x * 0.8,
            x_high: x * 1.2,
            y,
        };
        let chart = SweepChart::Scatter {
            title: "morris".into(),
            x_label: "mu*".into(),
            y_label: "sigma".into(),
            points: vec![
                point("a.b", 0.4, 0.1),
                point("c.d", 0.1, 0.3),
                point("nan", f64::NAN, 1.0),
            ],
            key: words(),
        };
        let svg = chart.svg().unwrap();
        for t in ["a.b", "c.d", "mu*", "sigma"] {
            assert_eq!(texts(&svg, t), 1, "{t}: {svg}");
        }
        assert_eq!(texts(&svg, "nan"), 0, "a point without a value is left out");
        let bar = |v: f64| Bar {
            label: "p".into(),
            value: v,
            low: v - 0.1,
            high: v + 0.1,
        };
        let chart = SweepChart::PairedBars {
            title: "sobol".into(),
            x_label: "share".into(),
            rows: vec![(bar(0.3), bar(0.5)), (bar(-0.05), bar(f64::NAN))],
            key: words(),
        };
        let svg = chart.svg().unwrap();
        assert_eq!(texts(&svg, "n/a"), 1, "{svg}");
        assert!(chart.png().unwrap().starts_with(b"\x89PNG"));
    }

    #[test]
    fn degenerate_charts_do_not_panic() {
        let empty = [
            bars(&[]),
            SweepChart::Heatmap {
                title: String::new(),
                x_label: String::new(),
                y_label: String::new(),
                xs: vec![],
                ys: vec![],
                cells: vec![],
                key: KeyWords::default(),
            },
            SweepChart::Line {
                title: String::new(),
                x_label: String::new(),
                y_label: String::new(),
                points: vec![(1.0, 3.0, f64::NAN, f64::NAN)],
                key: KeyWords::default(),
            },
            SweepChart::Scatter {
                title: String::new(),
                x_label: String::new(),
                y_label: String::new(),
                points: vec![],
                key: KeyWords::default(),
            },
            SweepChart::PairedBars {
                title: String::new(),
                x_label: String::new(),
                rows: vec![],
                key: KeyWords::default(),
            },
        ];
        for c in &empty {
            assert!(c.svg().unwrap().starts_with("<svg"));
        }
    }

    fn pixels(png_bytes: &[u8]) -> Vec<u8> {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), CHART_SIZE);
        buf
    }

    /// Pixels that differ between two renders of the same size.
    fn diff(a: &[u8], b: &[u8]) -> usize {
        a.chunks(3).zip(b.chunks(3)).filter(|(p, q)| p != q).count()
    }

    #[test]
    fn chinese_labels_render_as_glyphs_in_png() {
        let zh = bars(&["准入清单减负比例", "居委会能力"]);
        assert_eq!(texts(&zh.svg().unwrap(), "准入清单减负比例"), 1);
        // Control: characters the font lacks are all drawn as the same box, so two
        // different strings of them give the same pixels.
        let tofu = pixels(
            &bars(&[&"\u{E000}".repeat(8), &"\u{E000}".repeat(5)])
                .png()
                .unwrap(),
        );
        let other = pixels(
            &bars(&[&"\u{E001}".repeat(8), &"\u{E001}".repeat(5)])
                .png()
                .unwrap(),
        );
        assert_eq!(diff(&tofu, &other), 0);
        // Two Chinese labellings of the same lengths (ideographs share one advance, so the
        // layout is the same) differ in many pixels: their glyphs are drawn.
        let a = pixels(&zh.png().unwrap());
        let b = pixels(&bars(&["社会组织参与议事", "居民满意度"]).png().unwrap());
        let d = diff(&a, &b);
        assert!(d > 500, "two Chinese labellings differ in only {d} px");
        let d = diff(&a, &tofu);
        assert!(d > 500, "Chinese labels look like boxes ({d} px differ)");
    }
}
