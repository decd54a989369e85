//! Writing scenarios as TOML: the commented default scenario (`cogov defaults`) and the
//! fully resolved scenario of a run.

use std::sync::OnceLock;

use super::Scenario;
use super::docs::{self, PARAMS, Range};

/// `Scenario::default()` as a TOML table (computed once).
pub(crate) fn default_table() -> &'static toml::Table {
    static TABLE: OnceLock<toml::Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::Table::try_from(Scenario::default()).expect("the default scenario serialises")
    })
}

/// The parameters of a distribution table as `name = value` strings, in their usual
/// order (mean before sd, low before high), then any others.
fn distribution_params(t: &toml::Table) -> (String, Vec<String>) {
    let kind = t.get("distribution").and_then(|v| v.as_str()).unwrap_or("");
    let order = docs::DISTRIBUTIONS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[][..], |(_, params)| *params);
    let mut parts: Vec<String> = order
        .iter()
        .filter_map(|name| t.get(*name).map(|v| format!("{name} = {v}")))
        .collect();
    for (k, v) in t {
        if k != "distribution" && !order.contains(&k.as_str()) {
            parts.push(format!("{k} = {v}"));
        }
    }
    (kind.to_string(), parts)
}

/// A distribution table as an inline table with `distribution` first.
fn inline_distribution(t: &toml::Table) -> String {
    let (kind, params) = distribution_params(t);
    let mut parts = vec![format!("distribution = \"{kind}\"")];
    parts.extend(params);
    format!("{{ {} }}", parts.join(", "))
}

/// A short human form of a default value, for the Markdown table.
pub(crate) fn short_value(v: &toml::Value) -> String {
    match v {
        toml::Value::Table(t) if t.contains_key("distribution") => {
            let (kind, params) = distribution_params(t);
            format!("{kind}({})", params.join(", "))
        }
        toml::Value::Array(a) if a.is_empty() => "none".into(),
        other => other.to_string(),
    }
}

/// The section a parameter is written in by [`defaults_toml`]: the top-level table, or
/// `issues.categories.NAME` for issue categories (which come last in `[issues]`).
fn section_of(path: &str) -> &str {
    let mut cut = path.match_indices('.').map(|(i, _)| i);
    let first = cut.next().unwrap_or(path.len());
    if path.starts_with("issues.categories.") {
        let _second = cut.next();
        cut.next().map_or(path, |third| &path[..third])
    } else {
        &path[..first]
    }
}

/// Append `text` as `# ` comment lines wrapped at `width` characters.
fn comment(out: &mut String, text: &str, width: usize) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.chars().count() + 1 + word.chars().count() > width && line != "#" {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

const WIDTH: usize = 90;

const HEADER: &str = "\
# cogov scenario: every parameter with its default value.
#
# This is the baseline \"stability-maintenance\" street of docs/ODD.md. A scenario file
# states only what it changes: any key left out keeps the value shown here. To build on
# another scenario file, put a line like
#     extends = \"baseline.toml\"
# at the very top (before any [section]); the path is relative to the extending file.
# That file is loaded first and this one is merged over it: tables merge key by key,
# single values and arrays (including [[interventions]]) replace.
#
# Each key is preceded by what it is, its unit, its valid values and why the default is
# what it is. One tick is one week; money is in yuan.
";

const INTERVENTION_EXAMPLE: &str = "\
# Example: at tick 52 (after one year) the office devolves money and brings in an access
# list. Remove the leading \"# \" of the next lines to use it; add one [[interventions]]
# block per change.
#
# [[interventions]]
# tick = 52
# set.office.split = { own_programs = 0.4, devolved = 0.4, ngo_procurement = 0.1, training = 0.1 }
# set.office.access_list = 0.3
";

/// The complete default scenario as commented TOML: sections in struct order, each key
/// preceded by its meaning, unit, valid values and the reason for its default. It parses
/// back to exactly `Scenario::default()`.
pub fn defaults_toml() -> String {
    let defaults = default_table();
    let mut out = String::from(HEADER);
    let mut section = "";
    for p in PARAMS {
        if p.range == Range::Interventions {
            out.push_str("\n# ---- interventions\n#\n");
            comment(&mut out, p.doc, WIDTH);
            comment(
                &mut out,
                &format!("Unit: {}. Valid: {}.", p.unit, valid(p)),
                WIDTH,
            );
            comment(&mut out, &format!("Default: {}", p.reason), WIDTH);
            out.push_str("#\n");
            out.push_str(INTERVENTION_EXAMPLE);
            continue;
        }
        let Some(value) = crate::dotted::get(defaults, p.path) else {
            continue;
        };
        let sec = section_of(p.path);
        if sec != section {
            section = sec;
            out.push_str(&format!("\n[{sec}]\n"));
        }
        out.push('\n');
        comment(&mut out, p.doc, WIDTH);
        comment(
            &mut out,
            &format!("Unit: {}. Valid: {}.", p.unit, valid(p)),
            WIDTH,
        );
        comment(&mut out, &format!("Default: {}", p.reason), WIDTH);
        let key = &p.path[sec.len() + 1..];
        let text = match value {
            toml::Value::Table(t) if p.range == Range::Distribution => inline_distribution(t),
            v => v.to_string(),
        };
        out.push_str(&format!("{key} = {text}\n"));
    }
    out
}

/// The valid values of a parameter, with the reason for its limit if it has one.
fn valid(p: &docs::ParamDoc) -> String {
    if p.limit.is_empty() {
        p.range.to_string()
    } else {
        format!("{} ({})", p.range, p.limit)
    }
}

/// A Markdown table of every parameter: path | default | unit | valid | meaning | reason
/// (the parameter table of `docs/ODD.md`, printed by `cogov defaults --markdown`).
pub fn markdown_table() -> String {
    let defaults = default_table();
    let mut out = String::from(
        "| path | default | unit | valid | meaning | reason |\n|---|---|---|---|---|---|\n",
    );
    for p in PARAMS {
        let default = crate::dotted::get(defaults, p.path)
            .map(short_value)
            .unwrap_or_else(|| "none".into());
        let cells = [
            format!("`{}`", p.path),
            default,
            p.unit.to_string(),
            valid(p),
            p.doc.to_string(),
            p.reason.to_string(),
        ];
        out.push('|');
        for cell in cells {
            out.push(' ');
            out.push_str(&cell.replace('|', "\\|").replace('\n', " "));
            out.push_str(" |");
        }
        out.push('\n');
    }
    out
}

/// The fully resolved scenario as TOML (no comments), in struct order. It parses back to
/// the same scenario. A scenario that cannot be written as TOML (only a seed above
/// 2^63 - 1, which validation rejects) is written as a comment followed by its JSON form,
/// so that this never fails.
pub fn resolved_toml(s: &Scenario) -> String {
    match toml::to_string(s) {
        Ok(text) => text,
        Err(e) => format!(
            "# cannot write this scenario as TOML: {e}\n# {}\n",
            serde_json::to_string(s).unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Distribution, Intervention, load_str};
    use std::path::Path;

    #[test]
    fn defaults_parse_back_to_default() {
        let text = defaults_toml();
        let s = load_str(&text, Path::new("defaults.toml")).unwrap();
        assert_eq!(s, Scenario::default());
        // Every parameter appears with a comment above it.
        for p in PARAMS {
            if p.range == Range::Interventions {
                continue;
            }
            let key = &p.path[section_of(p.path).len() + 1..];
            let pos = text
                .lines()
                .position(|l| l.starts_with(&format!("{key} = ")))
                .unwrap_or_else(|| panic!("{} missing", p.path));
            let above = text.lines().nth(pos - 1).unwrap();
            assert!(
                above.starts_with("# Default: ") || above.starts_with("#   "),
                "{above}"
            );
        }
        for line in text.lines() {
            assert!(
                line.chars().count() <= WIDTH
                    || !line.starts_with('#')
                    || line.starts_with("# set."),
                "long comment line: {line}"
            );
        }
    }

    #[test]
    fn defaults_sections_in_struct_order() {
        let text = defaults_toml();
        let sections: Vec<&str> = text.lines().filter(|l| l.starts_with('[')).collect();
        assert_eq!(
            sections,
            [
                "[title]",
                "[description]",
                "[run]",
                "[population]",
                "[network]",
                "[participation]",
                "[online]",
                "[issues]",
                "[issues.categories.environment]",
                "[issues.categories.parking]",
                "[issues.categories.renovation]",
                "[issues.categories.services]",
                "[issues.categories.disputes]",
                "[issues.categories.paperwork]",
                "[committee]",
                "[office]",
                "[ngo]",
                "[council]",
                "[training]",
                "[coordination]",
                "[trust]",
                "[satisfaction]",
                "[outreach]",
                "[projects]",
            ]
        );
        assert!(text.contains("threshold = { distribution = \"normal\", mean = 0.41, sd = 0.15 }"));
        assert!(text.contains("\nsplit.devolved = 0.1\n"));
        assert!(
            text.contains("\nelderly = 0.432\n") || text.contains("\naccess.elderly = 0.432\n")
        );
    }

    #[test]
    fn defaults_example_intervention_works_when_uncommented() {
        let text = defaults_toml();
        let uncommented: String = text
            .lines()
            .map(|l| {
                if l == "# [[interventions]]"
                    || l.starts_with("# tick = ")
                    || l.starts_with("# set.")
                {
                    &l[2..]
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let s = load_str(&uncommented, Path::new("d.toml")).unwrap();
        assert_eq!(s.interventions.len(), 1);
        assert_eq!(s.interventions[0].tick, 52);
        let after = s.with_overlay(&s.interventions[0].set).unwrap();
        assert_eq!(after.office.split.devolved, 0.4);
        assert_eq!(after.office.access_list, 0.3);
    }

    #[test]
    fn resolved_parses_back() {
        let d = Scenario::default();
        let text = resolved_toml(&d);
        assert_eq!(load_str(&text, Path::new("r.toml")).unwrap(), d);

        let mut s = Scenario::default();
        s.title.en = "Reform \"quoted\" 'both'".into();
        s.population.threshold = Distribution::Uniform {
            low: 0.1,
            high: 0.7,
        };
        s.population.initial_efficacy = Distribution::Beta {
            alpha: 2.0,
            beta: 3.5,
        };
        s.population.initial_trust = Distribution::Constant { value: 0.3 };
        s.committee.skill = 0.1 + 0.2; // not exactly representable in short decimal
        s.office.budget_per_community = 1e-7;
        s.run.seed = i64::MAX as u64;
        s.interventions = vec![
            Intervention {
                tick: 52,
                set: toml::from_str(
                    "[office.split]\nown_programs = 0.4\ndevolved = 0.4\nngo_procurement = 0.1\ntraining = 0.1\n[online]\nenabled = true\n",
                )
                .unwrap(),
            },
            Intervention {
                tick: 80,
                set: toml::from_str("council.interval = 4\n").unwrap(),
            },
        ];
        let text = resolved_toml(&s);
        let back = load_str(&text, Path::new("r.toml")).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.hash_hex(), s.hash_hex());
    }

    #[test]
    fn resolved_never_fails() {
        // A seed above 2^63 - 1 is not a TOML integer; validation rejects it, and writing
        // or hashing such a scenario must still not panic.
        let mut s = Scenario::default();
        s.run.seed = u64::MAX;
        let text = resolved_toml(&s);
        assert!(load_str(&text, Path::new("r.toml")).is_err());
        assert_eq!(s.hash_hex().len(), 16);
    }

    #[test]
    fn comments_wrap() {
        let mut out = String::new();
        comment(&mut out, &"word ".repeat(40), 30);
        for line in out.lines() {
            assert!(line.starts_with('#'));
            assert!(line.chars().count() <= 30, "{line}");
        }
    }

    #[test]
    fn section_names() {
        assert_eq!(section_of("office.split.devolved"), "office");
        assert_eq!(section_of("run.ticks"), "run");
        assert_eq!(
            section_of("issues.categories.parking.share"),
            "issues.categories.parking"
        );
        assert_eq!(section_of("issues.rate"), "issues");
    }

    #[test]
    fn markdown_table_has_a_row_per_param() {
        let md = markdown_table();
        assert_eq!(md.lines().count(), PARAMS.len() + 2);
        assert!(md.contains("| `office.split.devolved` | 0.1 | share | [0, 1] |"));
        assert!(md.contains("| `population.threshold` | normal(mean = 0.41, sd = 0.15) |"));
        assert!(md.contains("| `interventions` | none |"));
    }

    /// `docs/ODD.md` carries the generated parameter table between two marker lines; it
    /// must be exactly the current `markdown_table()`.
    #[test]
    fn odd_md_has_the_current_parameter_table() {
        const ODD: &str = include_str!("../../docs/ODD.md");
        const BEGIN: &str =
            "<!-- BEGIN PARAMETER TABLE (generated by cogov defaults --markdown) -->";
        const END: &str = "<!-- END PARAMETER TABLE -->";
        const HOW: &str = "regenerate it with `cogov defaults --markdown` and paste the output \
                           between the marker lines of docs/ODD.md";
        let odd = ODD.replace("\r\n", "\n");
        let start = odd
            .find(BEGIN)
            .unwrap_or_else(|| panic!("docs/ODD.md has no line `{BEGIN}`; {HOW}"))
            + BEGIN.len();
        let len = odd[start..]
            .find(END)
            .unwrap_or_else(|| panic!("docs/ODD.md has no line `{END}` after `{BEGIN}`; {HOW}"));
        let in_odd = odd[start..start + len].trim();
        let current = markdown_table();
        let current = current.trim();
        if in_odd != current {
            let (line, (was, now)) = in_odd
                .lines()
                .chain(std::iter::repeat(""))
                .zip(current.lines().chain(std::iter::repeat("")))
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .expect("the tables differ, so some line differs");
            panic!(
                "the parameter table in docs/ODD.md is out of date: {HOW}.\n\
                 First difference, at line {} of the table:\n  docs/ODD.md: {was}\n  current:     {now}",
                line + 1
            );
        }
    }
}
