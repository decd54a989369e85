//! Charts of a sweep's analysis as plain SVG text: a bar chart of sensitivities with
//! intervals, a heatmap of an outcome over a two-parameter grid, and an outcome against
//! one parameter with a 95% band. Written by hand (rects, lines, text) so they need no
//! font at drawing time; viewers render the text with [`plot::FONT_FAMILY`]. No I/O.
//!
//! [`plot::FONT_FAMILY`]: crate::plot::FONT_FAMILY

use std::fmt::Write;

use crate::plot::FONT_FAMILY;

const W: f64 = 960.0;
const H: f64 = 600.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn num(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x.abs() >= 1000.0 || x.abs() < 0.01 {
        format!("{x:.3e}")
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn open(title: &str, w: f64, h: f64) -> String {
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        esc(FONT_FAMILY)
    );
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"30\" font-size=\"20\" text-anchor=\"middle\">{}</text>",
        w / 2.0,
        esc(title)
    );
    s
}

fn text(s: &mut String, x: f64, y: f64, size: f64, anchor: &str, t: &str) {
    let _ = writeln!(
        s,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\">{}</text>",
        esc(t)
    );
}

fn line(s: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
    let _ = writeln!(
        s,
        "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>"
    );
}

/// Horizontal bars (one per label) on [-1, 1] with interval whiskers; NaN bars are left
/// out. For PRCC: `values` the coefficients, `low`/`high` their 95% interval.
pub fn bar_chart_svg(title: &str, x_label: &str, bars: &[(String, f64, f64, f64)]) -> String {
    let left = 260.0;
    let right = W - 40.0;
    let top = 60.0;
    let row = 36.0;
    let h = (top + row * bars.len() as f64 + 70.0).max(200.0);
    let bottom = h - 60.0;
    let x = |v: f64| left + (v.clamp(-1.0, 1.0) + 1.0) / 2.0 * (right - left);
    let mut s = open(title, W, h);
    for t in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        line(
            &mut s,
            x(t),
            top,
            x(t),
            bottom,
            if t == 0.0 { "#333" } else { "#ddd" },
            1.0,
        );
        text(&mut s, x(t), bottom + 20.0, 13.0, "middle", &num(t));
    }
    text(
        &mut s,
        (left + right) / 2.0,
        bottom + 45.0,
        15.0,
        "middle",
        x_label,
    );
    for (i, (label, v, lo, hi)) in bars.iter().enumerate() {
        let y = top + row * i as f64 + row / 2.0;
        text(&mut s, left - 10.0, y + 5.0, 14.0, "end", label);
        if !v.is_finite() {
            text(&mut s, x(0.0) + 6.0, y + 5.0, 12.0, "start", "n/a");
            continue;
        }
        let (a, b) = (x(0.0).min(x(*v)), x(0.0).max(x(*v)));
        let colour = if *v >= 0.0 { "#0072b2" } else { "#d55e00" };
        let _ = writeln!(
            s,
            "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\" opacity=\"0.8\"/>",
            y - row * 0.3,
            (b - a).max(0.5),
            row * 0.6
        );
        if lo.is_finite() && hi.is_finite() {
            line(&mut s, x(*lo), y, x(*hi), y, "#111", 1.5);
            line(&mut s, x(*lo), y - 6.0, x(*lo), y + 6.0, "#111", 1.5);
            line(&mut s, x(*hi), y - 6.0, x(*hi), y + 6.0, "#111", 1.5);
        }
    }
    s.push_str("</svg>\n");
    s
}

/// A colour on a blue–yellow scale (viridis end points and middle), t in [0, 1].
fn colour(t: f64) -> String {
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
    format!("#{:02x}{:02x}{:02x}", m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A heatmap: `cells[i][j]` is the value at row value `ys[i]` and column value `xs[j]`
/// (NaN: no value, drawn grey). Each cell shows its value.
pub fn heatmap_svg(
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[String],
    ys: &[String],
    cells: &[Vec<f64>],
) -> String {
    let (left, right, top, bottom) = (170.0, W - 130.0, 60.0, H - 80.0);
    let cw = (right - left) / xs.len().max(1) as f64;
    let ch = (bottom - top) / ys.len().max(1) as f64;
    let finite: Vec<f64> = cells
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let scale = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    let mut s = open(title, W, H);
    for (i, row) in cells.iter().enumerate() {
        // First row value at the bottom.
        let y = bottom - ch * (i + 1) as f64;
        for (j, &v) in row.iter().enumerate() {
            let x = left + cw * j as f64;
            let fill = if v.is_finite() {
                colour(scale(v))
            } else {
                "#cccccc".into()
            };
            let _ = writeln!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cw:.1}\" height=\"{ch:.1}\" fill=\"{fill}\" stroke=\"white\"/>"
            );
            if v.is_finite() && cw > 40.0 && ch > 16.0 {
                let ink = if scale(v) > 0.6 { "#111" } else { "#fff" };
                let _ = writeln!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{ink}\">{}</text>",
                    x + cw / 2.0,
                    y + ch / 2.0 + 4.0,
                    num(v)
                );
            }
        }
    }
    for (j, label) in xs.iter().enumerate() {
        text(
            &mut s,
            left + cw * (j as f64 + 0.5),
            bottom + 18.0,
            12.0,
            "middle",
            label,
        );
    }
    for (i, label) in ys.iter().enumerate() {
        text(
            &mut s,
            left - 8.0,
            bottom - ch * (i as f64 + 0.5) + 4.0,
            12.0,
            "end",
            label,
        );
    }
    axis_labels(&mut s, (left, right, top, bottom), x_label, y_label);
    // Colour key.
    if lo.is_finite() {
        for k in 0..50 {
            let t = k as f64 / 49.0;
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"20\" height=\"{:.2}\" fill=\"{}\"/>",
                right + 30.0,
                bottom - (bottom - top) * (k + 1) as f64 / 50.0,
                (bottom - top) / 50.0 + 0.5,
                colour(t)
            );
        }
        text(&mut s, right + 55.0, top + 10.0, 12.0, "start", &num(hi));
        text(&mut s, right + 55.0, bottom, 12.0, "start", &num(lo));
    }
    s.push_str("</svg>\n");
    s
}

/// An outcome against one parameter: the mean at each value with its 95% band.
pub fn line_band_svg(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64, f64, f64)],
) -> String {
    let (left, right, top, bottom) = (100.0, W - 40.0, 60.0, H - 80.0);
    let pts: Vec<&(f64, f64, f64, f64)> = points.iter().filter(|p| p.1.is_finite()).collect();
    let mut s = open(title, W, H);
    if pts.is_empty() {
        s.push_str("</svg>\n");
        return s;
    }
    let (x0, x1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (mut y0, mut y1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.2.min(p.1)), b.max(p.3.max(p.1)))
        });
    if y1 <= y0 {
        y0 -= 0.5;
        y1 += 0.5;
    }
    let pad = (y1 - y0) * 0.05;
    let (y0, y1) = (y0 - pad, y1 + pad);
    let x = |v: f64| {
        if x1 > x0 {
            left + (v - x0) / (x1 - x0) * (right - left)
        } else {
            (left + right) / 2.0
        }
    };
    let y = |v: f64| bottom - (v - y0) / (y1 - y0) * (bottom - top);
    for k in 0..=4 {
        let v = y0 + (y1 - y0) * k as f64 / 4.0;
        line(&mut s, left, y(v), right, y(v), "#e5e5e5", 1.0);
        text(&mut s, left - 8.0, y(v) + 4.0, 12.0, "end", &num(v));
        let u = x0 + (x1 - x0) * k as f64 / 4.0;
        text(&mut s, x(u), bottom + 18.0, 12.0, "middle", &num(u));
    }
    line(&mut s, left, bottom, right, bottom, "#333", 1.0);
    line(&mut s, left, top, left, bottom, "#333", 1.0);
    let band: Vec<String> = pts
        .iter()
        .map(|p| {
            format!(
                "{:.1},{:.1}",
                x(p.0),
                y(if p.3.is_finite() { p.3 } else { p.1 })
            )
        })
        .chain(pts.iter().rev().map(|p| {
            format!(
                "{:.1},{:.1}",
                x(p.0),
                y(if p.2.is_finite() { p.2 } else { p.1 })
            )
        }))
        .collect();
    let _ = writeln!(
        s,
        "<polygon points=\"{}\" fill=\"#0072b2\" opacity=\"0.2\"/>",
        band.join(" ")
    );
    let mean: Vec<String> = pts
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1)))
        .collect();
    let _ = writeln!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2.5\"/>",
        mean.join(" ")
    );
    for p in &pts {
        let _ = writeln!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#0072b2\"/>",
            x(p.0),
            y(p.1)
        );
    }
    axis_labels(&mut s, (left, right, top, bottom), x_label, y_label);
    s.push_str("</svg>\n");
    s
}

/// The x label under the plot area and the y label turned along its left side.
fn axis_labels(
    s: &mut String,
    (left, right, top, bottom): (f64, f64, f64, f64),
    x_label: &str,
    y_label: &str,
) {
    text(
        s,
        (left + right) / 2.0,
        bottom + 45.0,
        15.0,
        "middle",
        x_label,
    );
    let middle = (top + bottom) / 2.0;
    let _ = writeln!(
        s,
        "<text x=\"30\" y=\"{middle:.1}\" font-size=\"15\" text-anchor=\"middle\" transform=\"rotate(-90 30 {middle:.1})\">{}</text>",
        esc(y_label)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_documents() {
        let b = bar_chart_svg(
            "PRCC of <p>",
            "PRCC",
            &[
                ("a".into(), 0.8, 0.7, 0.9),
                ("b".into(), f64::NAN, f64::NAN, f64::NAN),
            ],
        );
        assert!(b.starts_with("<svg") && b.ends_with("</svg>\n"));
        assert!(b.contains("PRCC of &lt;p&gt;"));
        assert!(b.contains("n/a"));
        let h = heatmap_svg(
            "h",
            "x",
            "y",
            &["0".into(), "1".into()],
            &["a".into()],
            &[vec![0.1, f64::NAN]],
        );
        assert_eq!(h.matches("<rect").count(), 1 + 2 + 50);
        let l = line_band_svg("l", "x", "y", &[(0.0, 1.0, 0.5, 1.5), (1.0, 2.0, 1.5, 2.5)]);
        assert!(l.contains("<polyline"));
        assert_eq!(colour(0.0), "#440154");
        assert_eq!(colour(1.0), "#fde725");
    }
}
