#!/usr/bin/env python3
"""The README's table of the classroom results, from a comparison's summary.csv.

    cargo run --release -- compare --out results/classroom
    python3 scripts/classroom-table.py results/classroom/summary.csv

Prints, per scenario, the second-year (window) mean of the key outcomes: the baseline's
level, then each scenario's paired difference from it, marked ** when the comparison's
verdict is "meaningful" (the whole 95% interval beyond the metric's minimum meaningful
difference), plain when "negligible", and ? when "unclear".
"""
import csv
import sys

COLUMNS = [
    ("participation_rate", "taking part", 3),
    ("participated_52w", "took part in 52 weeks", 3),
    ("mean_trust", "trust", 3),
    ("admin_share", "admin share", 3),
    ("backlog", "backlog", 0),
    ("resolved_within_patience_share", "resolved within patience", 3),
    ("resolved_gap_age", "resolution gap young−elderly", 3),
]
MARK = {"meaningful": "**", "negligible": "", "unclear": "?"}


def main(path):
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    by = {(r["scenario"], r["metric"]): r for r in rows}
    scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
    first, last = rows[0]["window_first"], rows[0]["window_last"]
    print(f"| scenario (weeks {first}–{last}) | " + " | ".join(c[1] for c in COLUMNS) + " |")
    print("| --- |" + " ---: |" * len(COLUMNS))
    for s in scenarios:
        cells = []
        for metric, _, digits in COLUMNS:
            r = by.get((s, metric))
            if r is None:
                cells.append("")
            elif r["verdict"] == "baseline":
                cells.append(f"{float(r['window_mean']):.{digits}f}")
            else:
                m = MARK.get(r["verdict"], "?")
                d = float(r["window_diff"])
                text = f"{d:+.{digits}f}"
                cells.append(f"{m}{text}{m}" if m != "?" else f"{text}?")
        print(f"| `{s}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "summary.csv")
