//! Numbers as text: the one formatter behind the report, the charts, the final-tick table
//! and validation messages.
//!
//! * [`number`]: fixed decimals for reading (the report): a typographic minus `−`, an
//!   optional `+`, no sign on a value that shows as zero, thousands grouped with commas
//!   when asked (English; Chinese text writes digits ungrouped), `—` for a value that is
//!   not finite.
//! * [`fixed`]: fixed decimals for chart labels: ASCII `-`, never `-0.0`.
//! * [`magnitude`]: the final-tick table: whole numbers from 100 up, else 3 decimals.
//! * [`count`], [`group_thousands`]: whole numbers grouped in threes with commas.

/// `x` with `decimals` decimals, for reading: see the module docs.
pub fn number(x: f64, decimals: usize, grouped: bool, signed: bool) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let digits = format!("{:.*}", decimals, x.abs());
    let is_zero = digits.chars().all(|c| c == '0' || c == '.');
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits.as_str(), None),
    };
    let int = if grouped {
        group_thousands(int)
    } else {
        int.to_string()
    };
    let sign = if is_zero {
        ""
    } else if x < 0.0 {
        "−"
    } else if signed {
        "+"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    }
}

/// `v` with `decimals` decimals and an ASCII minus, without the minus of a value that
/// shows as zero.
pub fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let unsigned = s.trim_start_matches('-');
    if unsigned.chars().all(|c| c == '0' || c == '.') {
        unsigned.to_string()
    } else {
        s
    }
}

/// Whole numbers from 100 up (in magnitude), else 3 decimals.
pub fn magnitude(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

/// A count with its thousands grouped: `1,234,567`.
pub fn count(n: u128) -> String {
    group_thousands(&n.to_string())
}

/// A string of digits grouped in threes from the right with commas.
pub fn group_thousands(int: &str) -> String {
    let n = int.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_reading() {
        assert_eq!(number(-0.66, 2, true, true), "−0.66");
        assert_eq!(number(0.66, 2, true, true), "+0.66");
        assert_eq!(number(0.001, 2, true, true), "0.00");
        assert_eq!(number(-0.0001, 2, true, false), "0.00");
        assert_eq!(number(1234567.4, 0, true, false), "1,234,567");
        assert_eq!(number(1234567.4, 0, false, false), "1234567");
        assert_eq!(number(-1234.56, 1, true, false), "−1,234.6");
        assert_eq!(number(f64::NAN, 1, true, false), "—");
        assert_eq!(number(f64::INFINITY, 1, false, true), "—");
    }

    #[test]
    fn fixed_never_shows_minus_zero() {
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-0.0, 0), "0");
        assert_eq!(fixed(-1.25, 1), "-1.2");
        assert_eq!(fixed(3.0, 0), "3");
    }

    #[test]
    fn magnitude_and_counts() {
        assert_eq!(magnitude(99.9996), "100.000");
        assert_eq!(magnitude(100.4), "100");
        assert_eq!(magnitude(-250.6), "-251");
        assert_eq!(magnitude(0.25), "0.250");
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(12_345_678_901), "12,345,678,901");
        assert_eq!(group_thousands("123456"), "123,456");
    }
}
