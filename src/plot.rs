//! Comparison charts for projection in class: one metric across scenarios, drawn with
//! `plotters` and returned as bytes (SVG text or PNG). The module does no file I/O; the
//! caller decides where the bytes go.
//!
//! Every series is drawn as a thick mean line over a translucent 95% band in the colour
//! [`palette`]`(i)`, where `i` is the series' position in [`Chart::series`], so scenario `i`
//! has the same colour in every chart. Labels arrive already localised (Chinese or
//! English). PNG text is rasterised with an embedded CJK font (WenQuanYi Micro Hei,
//! `assets/fonts/`), so Chinese renders on a machine with no fonts installed; SVG text stays
//! text and names that font first in its `font-family`, then common CJK and sans-serif ones.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, ScaleFont, point};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{BoldPoints, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind};

/// One scenario's line in a chart: mean over replicates with a 95% band.
///
/// `ticks`, `mean`, `lower` and `upper` are parallel vectors of the same length. Points
/// with a non-finite mean are left out (the line breaks there); a non-finite bound
/// collapses the band to the mean at that point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub label: String,
    pub ticks: Vec<u32>,
    pub mean: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

/// One chart: a metric across scenarios.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    pub title: String,
    pub y_label: String,
    pub x_label: String,
    pub series: Vec<Series>,
    /// Fixed y range (e.g. `(0.0, 1.0)` for a rate); `None` fits the data with some padding.
    /// Values outside a fixed range are drawn clamped to its edge.
    pub y_range: Option<(f64, f64)>,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// A series' vectors do not have the same length.
    #[error(
        "chart {chart:?}, series {series:?}: ticks, mean, lower and upper must have the same length (got {ticks}, {mean}, {lower}, {upper})"
    )]
    LengthMismatch {
        chart: String,
        series: String,
        ticks: usize,
        mean: usize,
        lower: usize,
        upper: usize,
    },
    /// The embedded font could not be parsed (a broken build, not bad input).
    #[error("the embedded chart font could not be loaded")]
    Font,
    /// The drawing backend failed.
    #[error("drawing the chart failed: {0}")]
    Render(String),
    /// Encoding the rendered pixels as PNG failed.
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(String),
}

/// Size in pixels of [`chart_svg`] and [`chart_png`].
pub const CHART_SIZE: (u32, u32) = (1280, 720);
/// Width in pixels of [`overview_svg`] and [`overview_png`]; the height is 1080 for up to two
/// rows of charts and grows with more rows.
pub const OVERVIEW_WIDTH: u32 = 1920;

/// The font family every text is drawn with. It is the name the embedded font is registered
/// under for PNG output and, verbatim, the SVG `font-family`: the embedded font's own family
/// name first, then common CJK families on Linux, Windows and macOS, then `sans-serif`.
pub const FONT_FAMILY: &str = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, \
     Microsoft YaHei, PingFang SC, Hiragino Sans GB, SimHei, Arial Unicode MS, sans-serif";

/// WenQuanYi Micro Hei 0.2.0-beta (Debian fonts-wqy-microhei), Apache-2.0 or GPL-3+ with font
/// exception; see `assets/fonts/LICENSE-wqy-microhei.txt`. A TrueType collection: face 0 is
/// the proportional "WenQuanYi Micro Hei", which is what ab_glyph loads.
static FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/wqy-microhei.ttc");

/// Colour-blind-safe palette: Okabe-Ito (with a dark grey instead of black, and yellow moved
/// to the end, since it is faint on white) extended with Paul Tol's olive, wine and indigo.
const PALETTE: [(u8, u8, u8); 12] = [
    (51, 51, 51),    // dark grey: the baseline
    (230, 159, 0),   // orange
    (86, 180, 233),  // sky blue
    (0, 158, 115),   // bluish green
    (213, 94, 0),    // vermillion
    (0, 114, 178),   // blue
    (204, 121, 167), // reddish purple
    (153, 153, 51),  // olive
    (136, 34, 85),   // wine
    (51, 34, 136),   // indigo
    (240, 228, 66),  // yellow
    (150, 150, 150), // mid grey
];

/// Colour of series `i`, the same in every chart. Series 0 (the baseline) is dark grey;
/// the first 12 colours are distinct, after which they repeat.
pub fn palette(i: usize) -> (u8, u8, u8) {
    PALETTE[i % PALETTE.len()]
}

/// Renders one chart as an SVG document of [`CHART_SIZE`].
pub fn chart_svg(chart: &Chart) -> Result<String, PlotError> {
    validate(std::slice::from_ref(chart))?;
    render_svg(CHART_SIZE, |area| draw_chart(area, chart, &FULL, true))
}

/// Renders one chart as PNG bytes of [`CHART_SIZE`], laid out as [`chart_svg`].
pub fn chart_png(chart: &Chart) -> Result<Vec<u8>, PlotError> {
    validate(std::slice::from_ref(chart))?;
    render_png(CHART_SIZE, |area| draw_chart(area, chart, &FULL, true))
}

/// Renders small multiples (six charts make a 3x2 grid) under one title, with one legend
/// shared by all charts: entry `i` is series `i`, labelled as in the first chart that has it.
pub fn overview_svg(title: &str, charts: &[Chart]) -> Result<String, PlotError> {
    validate(charts)?;
    render_svg(overview_size(charts.len()), |area| {
        draw_overview(area, title, charts)
    })
}

/// PNG version of [`overview_svg`].
pub fn overview_png(title: &str, charts: &[Chart]) -> Result<Vec<u8>, PlotError> {
    validate(charts)?;
    render_png(overview_size(charts.len()), |area| {
        draw_overview(area, title, charts)
    })
}

// ---------------------------------------------------------------------------------------
// Backends

pub(crate) fn render_svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), PlotError>,
) -> Result<String, PlotError> {
    ensure_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).map_err(render_err)?;
        draw(&root)?;
        root.present().map_err(render_err)?;
    }
    Ok(out)
}

pub(crate) fn render_png(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<PngBackend<'_>, Shift>) -> Result<(), PlotError>,
) -> Result<Vec<u8>, PlotError> {
    ensure_font()?;
    let (w, h) = size;
    let font = embedded_font()?;
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let inner = BitMapBackend::with_buffer(&mut pixels, size);
        let root = PngBackend { inner, font }.into_drawing_area();
        root.fill(&WHITE).map_err(render_err)?;
        draw(&root)?;
        root.present().map_err(render_err)?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let encode_err = |e: png::EncodingError| PlotError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(encode_err)?;
    writer.write_image_data(&pixels).map_err(encode_err)?;
    writer.finish().map_err(encode_err)?;
    Ok(out)
}

pub(crate) fn render_err(e: impl std::fmt::Display) -> PlotError {
    PlotError::Render(e.to_string())
}

/// Registers the embedded font with plotters once per process.
fn ensure_font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        // "sans-serif" too, as a safety net for any text plotters styles by default.
        [FONT_FAMILY, "sans-serif"]
            .iter()
            .all(|name| register_font(name, FontStyle::Normal, FONT_BYTES).is_ok())
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

/// The embedded font, parsed once per process, for [`PngBackend`].
fn embedded_font() -> Result<&'static FontRef<'static>, PlotError> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
        .ok_or(PlotError::Font)
}

/// The bitmap backend with text drawn here rather than by plotters: plotters' ab_glyph text
/// (0.3.7) drops each glyph's left side bearing, which spaces Latin letters unevenly, and sets
/// text a few pixels high. This draws the same font at the same size, with glyphs at their
/// proper positions and anchors matching the SVG output. Text width estimates are plotters'
/// own formula, so PNG and SVG lay out the same. Everything else is `BitMapBackend`'s.
pub(crate) struct PngBackend<'a> {
    inner: BitMapBackend<'a>,
    font: &'static FontRef<'static>,
}

type PngResult<T> =
    Result<T, DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>>;

impl PngBackend<'_> {
    /// Width in pixels of `text` at plotters size `size` (advances plus kerning).
    fn advance(&self, size: f64, text: &str) -> f32 {
        let font = self.font.as_scaled(size as f32);
        let mut width = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                width += font.kern(p, id);
            }
            width += font.h_advance(id);
            prev = Some(id);
        }
        width
    }
}

impl DrawingBackend for PngBackend<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> PngResult<()> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> PngResult<()> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> PngResult<()> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: plotters_backend::BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> PngResult<()> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: plotters_backend::BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> PngResult<()> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> PngResult<()> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> PngResult<(u32, u32)> {
        // The same numbers as plotters' ab_glyph layout, which the SVG backend uses.
        Ok((
            self.advance(style.size(), text) as u32,
            (style.size() / 1.24) as u32,
        ))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> PngResult<()> {
        let colour = style.color();
        if colour.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size() as f32;
        let font = self.font.as_scaled(size);
        let width = self.advance(style.size(), text);
        let anchor = style.anchor();
        let mut caret = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        // Baseline below the anchor: Top puts capitals and ideographs just under it, Center
        // centres them on it, Bottom keeps descenders above it.
        let baseline = match anchor.v_pos {
            VPos::Top => 0.68 * size,
            VPos::Center => 0.32 * size,
            VPos::Bottom => -0.22 * size,
        };
        let mut coverage = Vec::new();
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                caret += font.kern(p, id);
            }
            let glyph = id.with_scale_and_position(font.scale(), point(caret, baseline));
            caret += font.h_advance(id);
            prev = Some(id);
            if let Some(outline) = self.font.outline_glyph(glyph) {
                let min = outline.px_bounds().min;
                outline.draw(|x, y, c| {
                    if c > 0.0 {
                        coverage.push((min.x as i32 + x as i32, min.y as i32 + y as i32, c));
                    }
                });
            }
        }
        let transform = style.transform();
        for (x, y, c) in coverage {
            let (tx, ty) = transform.transform(x, y);
            let color = BackendColor {
                alpha: colour.alpha * f64::from(c.min(1.0)),
                rgb: colour.rgb,
            };
            self.inner.draw_pixel((pos.0 + tx, pos.1 + ty), color)?;
        }
        Ok(())
    }
}

fn validate(charts: &[Chart]) -> Result<(), PlotError> {
    for chart in charts {
        for s in &chart.series {
            let n = s.ticks.len();
            if s.mean.len() != n || s.lower.len() != n || s.upper.len() != n {
                return Err(PlotError::LengthMismatch {
                    chart: chart.title.clone(),
                    series: s.label.clone(),
                    ticks: n,
                    mean: s.mean.len(),
                    lower: s.lower.len(),
                    upper: s.upper.len(),
                });
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Layout

/// Font sizes (plotters sizes, in pixels) and stroke widths of one chart.
pub(crate) struct Sizes {
    pub(crate) title: f64,
    pub(crate) axis: f64,
    pub(crate) tick: f64,
    pub(crate) legend: f64,
    pub(crate) line: u32,
    pub(crate) x_labels: usize,
    pub(crate) y_labels: usize,
}

/// A full-size chart (1280x720).
pub(crate) const FULL: Sizes = Sizes {
    title: 36.0,
    axis: 26.0,
    tick: 22.0,
    legend: 22.0,
    line: 4,
    x_labels: 10,
    y_labels: 8,
};

/// One panel of the overview.
const PANEL: Sizes = Sizes {
    title: 28.0,
    axis: 22.0,
    tick: 20.0,
    legend: 24.0,
    line: 3,
    x_labels: 6,
    y_labels: 6,
};

const OVERVIEW_TITLE: f64 = 40.0;
const OVERVIEW_LEGEND: f64 = 24.0;

pub(crate) const TEXT: RGBColor = RGBColor(30, 30, 30);
pub(crate) const TICK_TEXT: RGBColor = RGBColor(60, 60, 60);
pub(crate) const AXIS: RGBColor = RGBColor(110, 110, 110);
pub(crate) const GRID: RGBColor = RGBColor(222, 222, 222);
const LEGEND_BORDER: RGBColor = RGBColor(190, 190, 190);
pub(crate) const BAND_OPACITY: f64 = 0.2;

pub(crate) fn series_colour(i: usize) -> RGBColor {
    let (r, g, b) = palette(i);
    RGBColor(r, g, b)
}

pub(crate) fn text_style(size: f64, colour: RGBColor) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().color(&colour)
}

pub(crate) fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> Result<i32, PlotError> {
    if text.is_empty() {
        return Ok(0);
    }
    let (w, _) = area.estimate_text_size(text, style).map_err(render_err)?;
    Ok(w as i32)
}

/// `text`, shortened with an ellipsis if it is wider than `max_w` pixels.
pub(crate) fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: i32,
) -> Result<String, PlotError> {
    if text_width(area, text, style)? <= max_w {
        return Ok(text.to_string());
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if text_width(area, &candidate, style)? <= max_w {
            return Ok(candidate);
        }
    }
    Ok(String::new())
}

fn overview_grid(n: usize) -> (usize, usize) {
    match n {
        0 => (0, 0),
        1..=3 => (1, n),
        4 => (2, 2),
        5 | 6 => (2, 3),
        7..=9 => (3, 3),
        _ => (n.div_ceil(4), 4),
    }
}

fn overview_size(n: usize) -> (u32, u32) {
    let (rows, _) = overview_grid(n);
    let h = if rows <= 2 {
        1080
    } else {
        200 + 440 * rows as u32
    };
    (OVERVIEW_WIDTH, h)
}

// ---------------------------------------------------------------------------------------
// Legend

enum Placement {
    Right,
    Bottom,
}

struct Legend {
    entries: Vec<(usize, String)>,
    size: f64,
    cols: usize,
    rows: usize,
    col_w: i32,
    row_h: i32,
    swatch_w: i32,
    gap: i32,
    pad: i32,
    line: u32,
}

impl Legend {
    /// Lays out `entries` (series index, label) beside or below the rest of `area`: a column
    /// at the right if `allow_right` and it takes at most 30% of the width, else a grid below
    /// taking at most about a quarter of the height.
    fn layout<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        entries: &[(usize, &str)],
        size: f64,
        line: u32,
        allow_right: bool,
    ) -> Result<(Legend, Placement), PlotError> {
        let (avail_w, avail_h) = area.dim_in_pixel();
        let (avail_w, avail_h) = (avail_w as i32, avail_h as i32);
        let style = text_style(size, TEXT);
        let swatch_w = (size * 2.0).round() as i32;
        let gap = (size * 0.5).round() as i32;
        let pad = (size * 0.6).round() as i32;
        let row_h = (size * 1.55).round() as i32;
        let mut widths = Vec::with_capacity(entries.len());
        for (_, label) in entries {
            widths.push(text_width(area, label, &style)?);
        }
        let max_text = widths.iter().copied().max().unwrap_or(0);
        // Column width: swatch, gap, text, and spacing to the next column.
        let col_w = |text_w: i32| swatch_w + gap + text_w + 2 * gap;
        let n = entries.len().max(1);

        let owned = |max_w: i32| -> Result<Vec<(usize, String)>, PlotError> {
            entries
                .iter()
                .map(|&(i, label)| Ok((i, fit_text(area, label, &style, max_w)?)))
                .collect()
        };

        let right = |text_w: i32| -> Result<(Legend, Placement), PlotError> {
            let legend = Legend {
                entries: owned(text_w)?,
                size,
                cols: 1,
                rows: n,
                col_w: col_w(text_w),
                row_h,
                swatch_w,
                gap,
                pad,
                line,
            };
            Ok((legend, Placement::Right))
        };
        let right_max = (avail_w as f64 * 0.3) as i32 - 2 * pad;
        if allow_right && col_w(max_text) <= right_max {
            return right(max_text);
        }

        // Below the plot: as many columns as fit, but at most about a quarter of the height,
        // shortening labels to their column if need be.
        let inner = avail_w - 2 * pad;
        let max_rows = (((avail_h as f64 * 0.25) as i32 - 2 * pad) / row_h).max(1) as usize;
        let fit_cols = ((inner / col_w(max_text).max(1)) as usize).clamp(1, n);
        let cols = fit_cols.max(n.div_ceil(max_rows)).min(n);
        let rows = n.div_ceil(cols);
        let cols = n.div_ceil(rows);
        let text_w = max_text.min((inner + 2 * gap) / cols as i32 - col_w(0));
        if allow_right && text_w < (size * 8.0) as i32 {
            // Columns too narrow to read: a side column with shortened labels instead.
            return right(max_text.min(right_max - col_w(0)).max(0));
        }
        let text_w = text_w.max(0);
        let legend = Legend {
            entries: owned(text_w)?,
            size,
            cols,
            rows,
            col_w: col_w(text_w),
            row_h,
            swatch_w,
            gap,
            pad,
            line,
        };
        Ok((legend, Placement::Bottom))
    }

    fn width(&self) -> i32 {
        // The last column needs no spacing after it.
        self.cols as i32 * self.col_w - 2 * self.gap + 2 * self.pad
    }

    fn height(&self) -> i32 {
        self.rows as i32 * self.row_h + 2 * self.pad - (self.row_h - (self.size * 1.1) as i32)
    }

    /// Draws the legend box with its top-left corner at `(x, y)` of `area`.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        (x, y): (i32, i32),
    ) -> Result<(), PlotError> {
        let (w, h) = (self.width(), self.height());
        area.draw(&Rectangle::new(
            [(x, y), (x + w, y + h)],
            WHITE.mix(0.85).filled(),
        ))
        .map_err(render_err)?;
        area.draw(&Rectangle::new(
            [(x, y), (x + w, y + h)],
            LEGEND_BORDER.stroke_width(1),
        ))
        .map_err(render_err)?;
        let style = text_style(self.size, TEXT).pos(Pos::new(HPos::Left, VPos::Center));
        let first_row_centre = y + self.pad + (self.size * 0.55) as i32;
        for (k, (i, label)) in self.entries.iter().enumerate() {
            let (row, col) = (k / self.cols, k % self.cols);
            let ex = x + self.pad + col as i32 * self.col_w;
            let cy = first_row_centre + row as i32 * self.row_h;
            let colour = series_colour(*i);
            let band_half = (self.size * 0.45).round() as i32;
            area.draw(&Rectangle::new(
                [(ex, cy - band_half), (ex + self.swatch_w, cy + band_half)],
                colour.mix(BAND_OPACITY).filled(),
            ))
            .map_err(render_err)?;
            let half = (self.line as i32).max(2) / 2;
            area.draw(&Rectangle::new(
                [
                    (ex, cy - half),
                    (ex + self.swatch_w, cy - half + self.line as i32),
                ],
                colour.filled(),
            ))
            .map_err(render_err)?;
            area.draw_text(label, &style, (ex + self.swatch_w + self.gap, cy))
                .map_err(render_err)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Drawing

pub(crate) fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    size: f64,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    if title.trim().is_empty() {
        return Ok(area.clone());
    }
    let w = area.dim_in_pixel().0 as i32;
    let style = text_style(size, TEXT).pos(Pos::new(HPos::Center, VPos::Top));
    let text = fit_text(area, title, &style, w)?;
    let (top, rest) = area.split_vertically((size * 1.45).round() as i32);
    top.draw_text(&text, &style, (w / 2, (size * 0.2).round() as i32))
        .map_err(render_err)?;
    Ok(rest)
}

fn draw_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    sz: &Sizes,
    with_legend: bool,
) -> Result<(), PlotError> {
    let (w, _) = area.dim_in_pixel();
    let pad = (w as f64 * 0.0125).round() as i32;
    let area = area.margin(pad, pad, pad, pad);
    let mut rest = draw_title(&area, &chart.title, sz.title)?;

    if with_legend && !chart.series.is_empty() {
        let entries: Vec<(usize, &str)> = chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (i, s.label.as_str()))
            .collect();
        let (legend, placement) = Legend::layout(&rest, &entries, sz.legend, sz.line, true)?;
        let (rw, rh) = rest.dim_in_pixel();
        match placement {
            Placement::Right => {
                let lw = legend.width();
                let (plot, side) = rest.split_horizontally(rw as i32 - lw - pad);
                legend.draw(&side, (pad, (sz.tick * 0.6) as i32))?;
                rest = plot;
            }
            Placement::Bottom => {
                let lh = legend.height();
                let (plot, below) = rest.split_vertically(rh as i32 - lh - pad / 2);
                legend.draw(&below, ((rw as i32 - legend.width()) / 2, pad / 2))?;
                rest = plot;
            }
        }
    }
    draw_plot(&rest, chart, sz)
}

/// A run of consecutive drawable points: (x, mean, lower, upper).
type Run = Vec<(f64, f64, f64, f64)>;

/// Splits a series into runs of points with a finite mean, sorted by tick.
fn runs(s: &Series) -> Vec<Run> {
    let mut idx: Vec<usize> = (0..s.ticks.len()).collect();
    idx.sort_by_key(|&k| s.ticks[k]);
    let mut out: Vec<Run> = Vec::new();
    let mut cur: Run = Vec::new();
    for k in idx {
        let m = s.mean[k];
        if !m.is_finite() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let lo = if s.lower[k].is_finite() {
            s.lower[k]
        } else {
            m
        };
        let hi = if s.upper[k].is_finite() {
            s.upper[k]
        } else {
            m
        };
        cur.push((f64::from(s.ticks[k]), m, lo.min(hi), lo.max(hi)));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Widens a degenerate range so that it has a visible extent.
pub(crate) fn pad_degenerate(lo: f64, hi: f64) -> (f64, f64) {
    let scale = lo.abs().max(hi.abs()).max(1.0);
    if hi - lo > 1e-9 * scale {
        return (lo, hi);
    }
    let c = (lo + hi) / 2.0;
    let d = if c.abs() > 1e-12 { c.abs() * 0.1 } else { 1.0 };
    (c - d, c + d)
}

fn x_range(runs: &[Vec<Run>]) -> (f64, f64) {
    let xs = runs.iter().flatten().flatten().map(|p| p.0);
    let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 0.5 {
        return (lo - 1.0, hi + 1.0);
    }
    (lo, hi)
}

fn y_range(chart: &Chart, runs: &[Vec<Run>]) -> (f64, f64) {
    if let Some((a, b)) = chart.y_range
        && a.is_finite()
        && b.is_finite()
    {
        return pad_degenerate(a.min(b), a.max(b));
    }
    let (lo, hi) = runs.iter().flatten().flatten().fold(
        (f64::INFINITY, f64::NEG_INFINITY),
        |(lo, hi), &(_, m, l, u)| (lo.min(m).min(l), hi.max(m).max(u)),
    );
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let (plo, phi) = pad_degenerate(lo, hi);
    if (plo, phi) != (lo, hi) {
        return (plo, phi);
    }
    let margin = (hi - lo) * 0.05;
    let mut plo = lo - margin;
    let mut phi = hi + margin;
    // Do not pad non-negative data below zero, or non-positive data above it.
    if lo >= 0.0 && plo < 0.0 {
        plo = 0.0;
    }
    if hi <= 0.0 && phi > 0.0 {
        phi = 0.0;
    }
    (plo, phi)
}

/// Number of decimals that tells the key points `keys` apart.
pub(crate) fn decimals(keys: &[f64]) -> usize {
    let step = keys
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    if !step.is_finite() {
        let v = keys.first().copied().unwrap_or(0.0).abs();
        return if v == 0.0 || v >= 10.0 { 0 } else { 2 };
    }
    let d = -(step.log10().floor());
    // Steps like 0.25 need one more digit than their order of magnitude.
    let d = if ((step * 10f64.powf(d)).round() - step * 10f64.powf(d)).abs() > 1e-6 {
        d + 1.0
    } else {
        d
    };
    d.clamp(0.0, 8.0) as usize
}

fn format_number(v: f64, decimals: usize) -> String {
    crate::format::fixed(v, decimals)
}

fn format_tick(v: f64) -> String {
    if v >= -0.01 && (v - v.round()).abs() < 1e-6 {
        format!("{}", v.round() as i64)
    } else {
        String::new()
    }
}

fn draw_plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    sz: &Sizes,
) -> Result<(), PlotError> {
    let all_runs: Vec<Vec<Run>> = chart.series.iter().map(runs).collect();
    let (x0, x1) = x_range(&all_runs);
    let (y0, y1) = y_range(chart, &all_runs);

    let y_coord: RangedCoordf64 = (y0..y1).into();
    let y_keys = y_coord.key_points(BoldPoints(sz.y_labels));
    let y_dec = decimals(&y_keys);
    let y_fmt = move |v: &f64| format_number(*v, y_dec);
    let x_fmt = |v: &f64| format_tick(*v);
    // Ticks are whole numbers: never ask for more labels than whole numbers in range.
    let x_labels = sz.x_labels.min((x1 - x0).floor() as usize + 1);
    let x_coord: RangedCoordf64 = (x0..x1).into();
    let x_keys = x_coord.key_points(BoldPoints(x_labels));

    let tick_style = text_style(sz.tick, TICK_TEXT);
    let axis_style = text_style(sz.axis, TEXT);
    let mut max_y_tick = 0;
    for v in &y_keys {
        max_y_tick = max_y_tick.max(text_width(area, &y_fmt(v), &tick_style)?);
    }
    let last_x_tick = match x_keys.last() {
        Some(v) => text_width(area, &x_fmt(v), &tick_style)?,
        None => 0,
    };

    let tick_mark = 6;
    let label_dist = 2 * tick_mark;
    let has_y_desc = !chart.y_label.trim().is_empty();
    let has_x_desc = !chart.x_label.trim().is_empty();
    let y_desc_w = if has_y_desc {
        (sz.axis * 1.3).round() as i32
    } else {
        0
    };
    let x_desc_h = if has_x_desc {
        (sz.axis * 1.3).round() as i32
    } else {
        0
    };
    let y_area = max_y_tick + label_dist + y_desc_w + 6;
    let x_area = (sz.tick * 1.1).round() as i32 + label_dist + x_desc_h + 4;
    let (aw, ah) = area.dim_in_pixel();
    let y_desc = if has_y_desc {
        fit_text(area, &chart.y_label, &axis_style, ah as i32 - x_area)?
    } else {
        String::new()
    };
    let x_desc = if has_x_desc {
        fit_text(area, &chart.x_label, &axis_style, aw as i32 - y_area)?
    } else {
        String::new()
    };

    let mut ctx = ChartBuilder::on(area)
        .margin_top((sz.tick * 0.6).round() as i32)
        .margin_right(last_x_tick / 2 + 8)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(render_err)?;

    let mut mesh = ctx.configure_mesh();
    mesh.x_labels(x_labels)
        .y_labels(sz.y_labels)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(tick_style.clone())
        .axis_desc_style(axis_style.clone())
        .set_all_tick_mark_size(tick_mark)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(2));
    if has_x_desc {
        mesh.x_desc(x_desc);
    }
    if has_y_desc {
        mesh.y_desc(y_desc);
    }
    mesh.draw().map_err(render_err)?;

    draw_runs(&mut ctx, &all_runs, (y0, y1), sz)
}

/// Each series' bands, then its lines (a lone point as a dot with its band as a bar),
/// clamped to the y range.
fn draw_runs<DB: DrawingBackend>(
    ctx: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    all_runs: &[Vec<Run>],
    (y0, y1): (f64, f64),
    sz: &Sizes,
) -> Result<(), PlotError> {
    let clamp = |y: f64| y.clamp(y0, y1);

    // Bands first, so that no band covers a line.
    for (i, series_runs) in all_runs.iter().enumerate() {
        let colour = series_colour(i);
        for run in series_runs.iter().filter(|r| r.len() >= 2) {
            let mut pts: Vec<(f64, f64)> = run.iter().map(|p| (p.0, clamp(p.3))).collect();
            pts.extend(run.iter().rev().map(|p| (p.0, clamp(p.2))));
            ctx.draw_series(std::iter::once(Polygon::new(
                pts,
                colour.mix(BAND_OPACITY).filled(),
            )))
            .map_err(render_err)?;
        }
    }
    // Lines last to first, so that the baseline (series 0) is on top.
    for (i, series_runs) in all_runs.iter().enumerate().rev() {
        let colour = series_colour(i);
        for run in series_runs {
            if let [(x, m, lo, hi)] = run.as_slice() {
                // A lone point: a dot with its band as a vertical bar.
                ctx.draw_series(std::iter::once(PathElement::new(
                    vec![(*x, clamp(*lo)), (*x, clamp(*hi))],
                    colour.mix(0.5).stroke_width(sz.line),
                )))
                .map_err(render_err)?;
                ctx.draw_series(std::iter::once(Circle::new(
                    (*x, clamp(*m)),
                    sz.line * 2,
                    colour.filled(),
                )))
                .map_err(render_err)?;
            } else {
                let pts: Vec<(f64, f64)> = run.iter().map(|p| (p.0, clamp(p.1))).collect();
                ctx.draw_series(std::iter::once(PathElement::new(
                    pts,
                    colour.stroke_width(sz.line),
                )))
                .map_err(render_err)?;
            }
        }
    }
    Ok(())
}

fn draw_overview<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    charts: &[Chart],
) -> Result<(), PlotError> {
    let (w, _) = area.dim_in_pixel();
    let pad = (w as f64 * 0.01).round() as i32;
    let area = area.margin(pad, pad, pad, pad);
    let mut rest = draw_title(&area, title, OVERVIEW_TITLE)?;

    // One legend for all charts: series i is labelled as in the first chart that has it.
    let n_series = charts.iter().map(|c| c.series.len()).max().unwrap_or(0);
    let entries: Vec<(usize, &str)> = (0..n_series)
        .filter_map(|i| {
            charts
                .iter()
                .find_map(|c| c.series.get(i))
                .map(|s| (i, s.label.as_str()))
        })
        .collect();
    if !entries.is_empty() {
        let (legend, _) = Legend::layout(&rest, &entries, OVERVIEW_LEGEND, PANEL.line, false)?;
        let (rw, rh) = rest.dim_in_pixel();
        let (grid, below) = rest.split_vertically(rh as i32 - legend.height() - pad);
        legend.draw(&below, ((rw as i32 - legend.width()) / 2, pad))?;
        rest = grid;
    }

    let (rows, cols) = overview_grid(charts.len());
    if rows == 0 {
        return Ok(());
    }
    for (cell, chart) in rest.split_evenly((rows, cols)).iter().zip(charts) {
        draw_chart(cell, chart, &PANEL, false)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chart with `n` series on `ticks` weeks, all different, with bands.
    fn sample_chart(n: usize, ticks: u32, title: &str, labels: &[String]) -> Chart {
        let series = (0..n)
            .map(|i| {
                let t: Vec<u32> = (0..ticks).collect();
                let mean: Vec<f64> = t
                    .iter()
                    .map(|&k| {
                        let x = f64::from(k) / f64::from(ticks.max(1));
                        0.2 + 0.06 * i as f64 * x + 0.05 * (x * 6.0 + i as f64).sin()
                    })
                    .collect();
                let half: Vec<f64> = t
                    .iter()
                    .map(|&k| 0.02 + 0.02 * f64::from(k) / f64::from(ticks.max(1)))
                    .collect();
                Series {
                    label: labels
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("Scenario {i}")),
                    lower: mean.iter().zip(&half).map(|(m, h)| m - h).collect(),
                    upper: mean.iter().zip(&half).map(|(m, h)| m + h).collect(),
                    mean,
                    ticks: t,
                }
            })
            .collect();
        Chart {
            title: title.to_string(),
            y_label: "Participation rate".to_string(),
            x_label: "Week".to_string(),
            series,
            y_range: None,
        }
    }

    fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().expect("valid PNG header");
        let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
        let info = reader.next_frame(&mut buf).expect("valid PNG data");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    /// Pixels that differ between two same-sized RGB images within rows `y0..y1`.
    fn diff_rows(a: &[u8], b: &[u8], width: u32, rows: std::ops::Range<u32>) -> usize {
        let stride = width as usize * 3;
        rows.map(|y| {
            let r = y as usize * stride..(y as usize + 1) * stride;
            a[r.clone()]
                .chunks(3)
                .zip(b[r].chunks(3))
                .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 40))
                .count()
        })
        .sum()
    }

    /// Dark pixels within rows `y0..y1`.
    fn ink_rows(a: &[u8], width: u32, rows: std::ops::Range<u32>) -> usize {
        let stride = width as usize * 3;
        rows.map(|y| {
            a[y as usize * stride..(y as usize + 1) * stride]
                .chunks(3)
                .filter(|p| p.iter().all(|&c| c < 128))
                .count()
        })
        .sum()
    }

    #[test]
    fn png_has_expected_size() {
        let chart = sample_chart(3, 20, "Participation", &[]);
        let bytes = chart_png(&chart).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 1280);
        assert_eq!(u32::from_be_bytes(bytes[20..24].try_into().unwrap()), 720);
        let (w, h, pixels) = decode(&bytes);
        assert_eq!((w, h), CHART_SIZE);
        // Something was drawn in every series colour.
        for i in 0..3 {
            let (r, g, b) = palette(i);
            assert!(
                pixels.chunks(3).any(|p| p == [r, g, b]),
                "no pixel in the colour of series {i}"
            );
        }

        let overview = overview_png("Overview", &vec![chart; 6]).unwrap();
        let (w, h, _) = decode(&overview);
        assert_eq!((w, h), (OVERVIEW_WIDTH, 1080));
    }

    #[test]
    fn svg_has_title_legend_and_one_path_per_series() {
        let labels: Vec<String> = ["Baseline", "Co-governance", "Grid & patrol"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let chart = sample_chart(3, 30, "Participation rate", &labels);
        let svg = chart_svg(&chart).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("width=\"1280\" height=\"720\""));
        assert!(svg.contains(">\nParticipation rate\n</text>"));
        assert!(svg.contains("Baseline"));
        assert!(svg.contains("Co-governance"));
        assert!(svg.contains("Grid &amp; patrol"));
        assert!(svg.contains(">\nWeek\n</text>"));
        assert!(svg.contains("font-family=\"WenQuanYi Micro Hei, "));
        for i in 0..3 {
            let (r, g, b) = palette(i);
            let stroke = format!("stroke=\"#{r:02X}{g:02X}{b:02X}\"");
            let lines = svg
                .lines()
                .filter(|l| l.starts_with("<polyline") && l.contains(&stroke))
                .count();
            assert_eq!(lines, 1, "series {i} should be one path");
            let fill = format!("fill=\"#{r:02X}{g:02X}{b:02X}\"");
            let bands = svg
                .lines()
                .filter(|l| l.starts_with("<polygon") && l.contains(&fill))
                .count();
            assert_eq!(bands, 1, "series {i} should have one band");
        }
    }

    #[test]
    fn overview_has_one_shared_legend() {
        let labels: Vec<String> = (0..9).map(|i| format!("Scenario-{i}")).collect();
        let charts: Vec<Chart> = (0..6)
            .map(|k| sample_chart(9, 40, &format!("Metric {k}"), &labels))
            .collect();
        let svg = overview_svg("All metrics", &charts).unwrap();
        assert!(svg.contains(">\nAll metrics\n</text>"));
        for label in &labels {
            assert_eq!(svg.matches(label.as_str()).count(), 1, "{label}");
        }
        for k in 0..6 {
            assert!(svg.contains(&format!(">\nMetric {k}\n</text>")));
        }
        let (r, g, b) = palette(4);
        let stroke = format!("stroke=\"#{r:02X}{g:02X}{b:02X}\"");
        assert_eq!(svg.matches(&stroke).count(), 6);
    }

    #[test]
    fn chinese_renders_as_glyphs_not_boxes() {
        // The title band of a full chart: the top 70 pixel rows (the legend starts below).
        let title_rows = 0..70;
        let rest_rows = 70..CHART_SIZE.1;
        let w = CHART_SIZE.0;
        let render = |title: &str, labels: &[&str]| {
            let labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
            let mut chart = sample_chart(2, 20, title, &labels);
            chart.x_label = "周".to_string();
            let (_, _, px) = decode(&chart_png(&chart).unwrap());
            px
        };
        let labels = ["基线:维稳式治理", "协同共治"];
        // Same lengths throughout, so that boxes would line up exactly.
        let a = render("参与率与信任度", &labels);
        let b = render("居民满意程度高", &labels);
        let tofu = render(&"\u{E000}".repeat(7), &labels);
        let other_tofu = render(&"\u{E001}".repeat(7), &labels);
        let empty = render("", &labels);

        // Control: characters the font lacks are all drawn as the same box, so two different
        // strings of them look identical. That is what the checks below rule out for Chinese.
        assert!(ink_rows(&tofu, w, title_rows.clone()) > 100);
        assert_eq!(diff_rows(&tofu, &other_tofu, w, title_rows.clone()), 0);

        // The Chinese title leaves real ink ...
        let ink = ink_rows(&a, w, title_rows.clone());
        assert!(ink > 400, "only {ink} dark pixels in the title");
        let vs_empty = diff_rows(&a, &empty, w, title_rows.clone());
        assert!(
            vs_empty > 400,
            "title differs from no title in {vs_empty} px"
        );
        // ... that is not boxes ...
        for (name, px) in [("a", &a), ("b", &b)] {
            let vs_tofu = diff_rows(px, &tofu, w, title_rows.clone());
            assert!(
                vs_tofu > 400,
                "title {name} looks like boxes ({vs_tofu} px differ)"
            );
        }
        // ... and two different strings of the same length look different.
        let ab = diff_rows(&a, &b, w, title_rows.clone());
        assert!(ab > 400, "two Chinese titles differ in only {ab} px");
        // Nothing outside the title band depends on the title.
        assert_eq!(diff_rows(&a, &b, w, rest_rows.clone()), 0);

        // The same for the legend: same-length labels, different characters.
        let c = render("参与率与信任度", &["基线:网格化管理", "居民自治"]);
        let legend_diff = diff_rows(&a, &c, w, rest_rows.clone());
        assert!(
            legend_diff > 300,
            "legend labels differ in only {legend_diff} px"
        );
        // Boxes in place of the Chinese characters (the colon kept): the same layout.
        let boxes = |c: char| [format!("{c}{c}:{c}{c}{c}{c}{c}"), c.to_string().repeat(4)];
        let [x, y] = boxes('\u{E000}');
        let tofu_legend = render("参与率与信任度", &[x.as_str(), y.as_str()]);
        let [x, y] = boxes('\u{E001}');
        let other_tofu_legend = render("参与率与信任度", &[x.as_str(), y.as_str()]);
        assert_eq!(
            diff_rows(&tofu_legend, &other_tofu_legend, w, rest_rows.clone()),
            0
        );
        // Only the legend differs from the Chinese one, in the legend's width at most.
        assert_eq!(diff_rows(&a, &tofu_legend, w, title_rows.clone()), 0);
        let vs_tofu = diff_rows(&a, &tofu_legend, w, rest_rows);
        assert!(
            vs_tofu > 300,
            "legend looks like boxes ({vs_tofu} px differ)"
        );
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let empty = Chart {
            title: "Empty".into(),
            ..Chart::default()
        };
        let single = Chart {
            title: "One tick".into(),
            series: vec![Series {
                label: "only".into(),
                ticks: vec![7],
                mean: vec![0.5],
                lower: vec![0.4],
                upper: vec![0.6],
            }],
            ..Chart::default()
        };
        let flat = Chart {
            title: "Constant".into(),
            series: (0..3)
                .map(|i| Series {
                    label: format!("flat {i}"),
                    ticks: (0..10).collect(),
                    mean: vec![0.0; 10],
                    lower: vec![0.0; 10],
                    upper: vec![0.0; 10],
                })
                .collect(),
            ..Chart::default()
        };
        let fixed_flat = Chart {
            y_range: Some((3.0, 3.0)),
            ..flat.clone()
        };
        let zero_ticks = Chart {
            series: vec![Series {
                label: "nothing".into(),
                ..Series::default()
            }],
            ..Chart::default()
        };
        let with_nan = Chart {
            series: vec![Series {
                label: "gappy".into(),
                ticks: vec![0, 1, 2, 3],
                mean: vec![1.0, f64::NAN, 2.0, 3.0],
                lower: vec![0.5, 0.5, f64::INFINITY, 2.5],
                upper: vec![1.5, 1.5, 2.5, 3.5],
            }],
            y_range: Some((0.0, 2.0)),
            ..Chart::default()
        };
        let charts = [empty, single, flat, fixed_flat, zero_ticks, with_nan];
        for chart in &charts {
            chart_svg(chart).unwrap();
            let (w, h, _) = decode(&chart_png(chart).unwrap());
            assert_eq!((w, h), CHART_SIZE);
        }
        overview_svg("", &charts).unwrap();
        overview_png("", &[]).unwrap();
        overview_png("nothing", &[Chart::default()]).unwrap();
        overview_png("all", &charts).unwrap();
    }

    #[test]
    fn long_labels_are_shortened() {
        let labels = vec!["x".repeat(400), "y".repeat(20)];
        let chart = sample_chart(2, 10, &"T".repeat(300), &labels);
        let svg = chart_svg(&chart).unwrap();
        assert!(!svg.contains(&"x".repeat(400)));
        assert!(svg.contains('…'));
        chart_png(&chart).unwrap();
    }

    #[test]
    fn mismatched_lengths_are_an_error() {
        let mut chart = sample_chart(2, 10, "t", &[]);
        chart.series[1].upper.pop();
        assert!(matches!(
            chart_png(&chart),
            Err(PlotError::LengthMismatch { upper: 9, .. })
        ));
        assert!(overview_svg("t", &[chart]).is_err());
    }

    #[test]
    fn palette_is_distinct_and_starts_dark() {
        let colours: std::collections::HashSet<_> = (0..10).map(palette).collect();
        assert_eq!(colours.len(), 10);
        let (r, g, b) = palette(0);
        assert!(r.max(g).max(b) < 90 && r.max(g).max(b) - r.min(g).min(b) < 10);
        assert_eq!(palette(3), palette(3 + PALETTE.len()));
    }

    #[test]
    fn tick_labels_are_tidy() {
        assert_eq!(format_number(-0.0001, 2), "0.00");
        assert_eq!(format_number(0.25, 2), "0.25");
        assert_eq!(decimals(&[0.0, 0.25, 0.5]), 2);
        assert_eq!(decimals(&[0.0, 0.1, 0.2]), 1);
        assert_eq!(decimals(&[0.0, 5.0, 10.0]), 0);
        assert_eq!(decimals(&[0.0, 200.0, 400.0]), 0);
        assert_eq!(format_tick(12.0), "12");
        assert_eq!(format_tick(12.5), "");
        assert_eq!(format_tick(-1.0), "");
    }

    /// Renders example charts to `<temp dir>/plot-examples/` for a person to look at:
    /// `cargo test --lib plot::tests::write_examples -- --ignored`.
    #[test]
    #[ignore]
    fn write_examples() {
        let dir = std::env::temp_dir().join("plot-examples");
        std::fs::create_dir_all(&dir).unwrap();
        let en: Vec<String> = [
            "Baseline: stability maintenance",
            "Co-governance council",
            "Resident self-organisation",
            "Grid management",
            "Social workers",
            "Digital platform",
            "Property owners' committee",
            "Volunteer network",
            "Party-building led",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let zh: Vec<String> = [
            "基线:维稳式治理",
            "协商共治议事会",
            "居民自组织",
            "网格化管理",
            "社工介入",
            "数字平台",
            "业主委员会",
            "志愿者网络",
            "党建引领",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let metrics_en = [
            "Participation rate",
            "Trust in committee",
            "Conflict incidence",
            "Satisfaction",
            "Collective action",
            "Inequality (Gini)",
        ];
        let metrics_zh = [
            "参与率",
            "对居委会的信任",
            "冲突发生率",
            "满意度",
            "集体行动",
            "不平等(基尼系数)",
        ];
        // Edge cases: one tick, constant data, no series, labels too long for a side legend.
        let mut single = sample_chart(3, 1, "单一时刻 One tick", &zh);
        single.x_label = "周".to_string();
        let mut flat = sample_chart(3, 20, "Constant", &en);
        for s in &mut flat.series {
            s.mean.fill(0.0);
            s.lower.fill(0.0);
            s.upper.fill(0.0);
        }
        let empty = Chart {
            title: "没有数据 No series".to_string(),
            y_label: "参与率".to_string(),
            x_label: "周".to_string(),
            ..Chart::default()
        };
        let long_labels: Vec<String> = en
            .iter()
            .map(|l| format!("{l} with a much longer scenario description"))
            .collect();
        let long = sample_chart(9, 52, "Long legend labels", &long_labels);
        for (name, chart) in [
            ("edge-single", &single),
            ("edge-flat", &flat),
            ("edge-empty", &empty),
            ("edge-long", &long),
        ] {
            std::fs::write(dir.join(format!("{name}.png")), chart_png(chart).unwrap()).unwrap();
        }

        for (lang, labels, metrics, x) in [
            ("en", &en, &metrics_en, "Week"),
            ("zh", &zh, &metrics_zh, "周"),
        ] {
            let charts: Vec<Chart> = metrics
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    let mut c = sample_chart(9, 52, m, labels);
                    c.y_label = m.to_string();
                    c.x_label = x.to_string();
                    if k == 0 {
                        c.y_range = Some((0.0, 1.0));
                    }
                    for s in &mut c.series {
                        for v in s.mean.iter_mut().chain(&mut s.lower).chain(&mut s.upper) {
                            *v = *v * (1.0 + k as f64) * if k == 2 { 100.0 } else { 1.0 };
                        }
                    }
                    c
                })
                .collect();
            std::fs::write(
                dir.join(format!("chart-{lang}.png")),
                chart_png(&charts[0]).unwrap(),
            )
            .unwrap();
            std::fs::write(
                dir.join(format!("chart-{lang}.svg")),
                chart_svg(&charts[0]).unwrap(),
            )
            .unwrap();
            std::fs::write(
                dir.join(format!("chart2-{lang}.png")),
                chart_png(&charts[2]).unwrap(),
            )
            .unwrap();
            let title = if lang == "zh" {
                "各情景对比(均值与95%区间)"
            } else {
                "Scenario comparison (mean and 95% band)"
            };
            std::fs::write(
                dir.join(format!("overview-{lang}.png")),
                overview_png(title, &charts).unwrap(),
            )
            .unwrap();
            std::fs::write(
                dir.join(format!("overview-{lang}.svg")),
                overview_svg(title, &charts).unwrap(),
            )
            .unwrap();
        }
    }
}
