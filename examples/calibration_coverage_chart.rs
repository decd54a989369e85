//! The figure of `scripts/calibration_coverage.sh`: reads its `coverage.csv` and writes
//! the 90% credible intervals against the truth (SVG and PNG), and prints the coverage per
//! parameter.
//!   cargo run --release --example calibration_coverage_chart -- coverage.csv OUT_STEM

use anyhow::{Context, Result};
use cogov::calibrate::coverage;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [table, stem] = args.as_slice() else {
        anyhow::bail!("usage: calibration_coverage_chart COVERAGE.csv OUT_STEM");
    };
    let bytes = std::fs::read(table).with_context(|| format!("cannot read {table}"))?;
    let rows = coverage::read(&bytes).with_context(|| format!("{table}: not a coverage table"))?;
    anyhow::ensure!(!rows.is_empty(), "{table}: no rows");
    std::fs::write(format!("{stem}.svg"), coverage::chart_svg(&rows)?)?;
    std::fs::write(format!("{stem}.png"), coverage::chart_png(&rows)?)?;
    for (name, hit, n, width) in coverage::summary(&rows) {
        println!(
            "{name}: truth inside the 90% interval in {hit} of {n}; mean width {:.0}% of the prior",
            100.0 * width
        );
    }
    Ok(())
}
