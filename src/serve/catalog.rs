//! What the page offers to choose: the built-in scenario library, the metric catalogue and
//! the levers, with their words in both languages, as one JSON answer (`GET /api/meta`).
//! Everything here is read from the library's own tables (scenario files, the metric
//! catalogue, the parameter catalogue through `live::levers`, `i18n`'s interface rows), so
//! the page keeps no second table of its own.

use serde_json::{Value, json};

use cogov::i18n::{self, Lang};
use cogov::library;
use cogov::live::{self, LiveSession};
use cogov::metrics::catalogue;
use cogov::scenario::Scenario;
use cogov::scenario::docs::{self, Range};

use super::protocol;
use super::sessions::Limits;

/// The scenario `name` of the built-in library, or a message naming the valid names.
pub fn load(name: &str) -> Result<Scenario, String> {
    if library::file_of(name).is_none() {
        let names: Vec<&str> = library::order().into_iter().map(library::name_of).collect();
        return Err(format!(
            "unknown scenario \"{name}\": the library has {}",
            names.join(", ")
        ));
    }
    library::load(name).map_err(|e| e.to_string())
}

/// The library's scenarios in classroom order: name, title and description in both
/// languages (from the scenario files themselves).
fn scenarios() -> Vec<Value> {
    library::order()
        .into_iter()
        .filter_map(|file| {
            let name = library::name_of(file);
            let s = library::load(file).ok()?;
            Some(json!({
                "name": name,
                "title": {"en": s.title.en, "zh": s.title.zh},
                "description": {"en": s.description.en, "zh": s.description.zh},
                "weeks": s.run.ticks,
                "seed": s.run.seed,
            }))
        })
        .collect()
}

/// Every metric column the live session streams, in its order, with its words.
fn metrics() -> Vec<Value> {
    LiveSession::metrics()
        .iter()
        .map(|name| {
            let row = catalogue::find(name);
            json!({
                "name": name,
                "label": {"en": i18n::metric_label(name, Lang::En), "zh": i18n::metric_label(name, Lang::Zh)},
                "unit": {"en": i18n::metric_unit(name, Lang::En), "zh": i18n::metric_unit(name, Lang::Zh)},
                "explanation": {"en": i18n::metric_explanation(name, Lang::En), "zh": i18n::metric_explanation(name, Lang::Zh)},
                "key": row.and_then(|m| m.key),
                "share": row.is_some_and(|m| matches!(m.kind, catalogue::Kind::Share)),
                "count": row.is_some_and(|m| m.is_count()),
            })
        })
        .collect()
}

/// The page's interface words: every `i18n` row whose key starts with `web_`, and the
/// chart words it shares with the report.
fn strings() -> Value {
    let shared = ["week", "mean", "band", "baseline", "replicates"];
    let mut out = json!({"en": {}, "zh": {}});
    for key in i18n::text_keys().filter(|k| k.starts_with("web_") || shared.contains(k)) {
        out["en"][key] = json!(i18n::text(key, Lang::En));
        out["zh"][key] = json!(i18n::text(key, Lang::Zh));
    }
    out
}

/// Series colours: the charts' colour-blind-safe palette (`plot::palette`), as CSS.
fn palette() -> Vec<String> {
    (0..12)
        .map(|i| {
            let (r, g, b) = cogov::plot::palette(i);
            format!("#{r:02x}{g:02x}{b:02x}")
        })
        .collect()
}

/// The levers (`live::levers`), each with its valid range, its choices and the reason for
/// its default in the page's words of both languages (`range_words`, `choice_words`,
/// `reason_words`: `{en, zh}`), so no English "or" or "true" is left on the Chinese page.
fn levers() -> Vec<Value> {
    live::levers()
        .into_iter()
        .map(|lever| {
            let range = docs::param(&lever.key).map(|p| p.range);
            let words = |lang| range.map_or_else(|| lever.range.clone(), |r| range_words(&r, lang));
            let choices = |lang| -> Vec<String> {
                lever.choices.iter().map(|c| value_words(c, lang)).collect()
            };
            let mut out = json!(lever);
            out["range_words"] = json!({"en": words(Lang::En), "zh": words(Lang::Zh)});
            out["choice_words"] = json!({"en": choices(Lang::En), "zh": choices(Lang::Zh)});
            let reason = |lang| {
                i18n::parameter_reason(&lever.key, lang).unwrap_or_else(|| lever.reason.clone())
            };
            out["reason_words"] = json!({"en": reason(Lang::En), "zh": reason(Lang::Zh)});
            out
        })
        .collect()
}

/// A parameter's value in words (`value_*` rows, as in the report); a value without a row
/// is shown as itself.
fn value_words(value: &str, lang: Lang) -> String {
    let key = format!("value_{value}");
    let words = i18n::text(&key, lang);
    if words == key {
        value.to_string()
    } else {
        words
    }
}

/// "a, b or c" in `lang`.
fn one_of(values: &[String], lang: Lang) -> String {
    match values {
        [] => String::new(),
        [only] => only.clone(),
        [first @ .., last] => i18n::fill(
            &i18n::text("web_range_or", lang),
            &[
                (
                    "first",
                    &first.join(&i18n::text("web_range_separator", lang)),
                ),
                ("last", last),
            ],
        ),
    }
}

/// A valid range as the page shows it, in `lang`: numbers and signs, the words of
/// `i18n`'s `web_range_*` rows, values through [`value_words`].
fn range_words(range: &Range, lang: Lang) -> String {
    match range {
        Range::Bool => one_of(
            &[value_words("true", lang), value_words("false", lang)],
            lang,
        ),
        Range::OneOf(names) => {
            let values: Vec<String> = names.iter().map(|n| value_words(n, lang)).collect();
            one_of(&values, lang)
        }
        Range::PositiveAtMost(high) => i18n::fill(
            &i18n::text("web_range_positive_at_most", lang),
            &[("high", &high.to_string())],
        ),
        Range::Text => i18n::text("web_range_text", lang),
        Range::Distribution => i18n::text("web_range_distribution", lang),
        Range::Interventions => i18n::text("web_range_interventions", lang),
        // [0, 1], >= 0, > 0, >= low, [low, high]: signs and numbers only.
        numeric => numeric.to_string(),
    }
}

/// The whole answer of `GET /api/meta`.
pub fn meta(lang: Lang, limits: &Limits) -> Value {
    json!({
        "lang": lang.code(),
        "version": env!("CARGO_PKG_VERSION"),
        "scenarios": scenarios(),
        "metrics": metrics(),
        "levers": levers(),
        "strings": strings(),
        "palette": palette(),
        "limits": {
            "scenarios": protocol::MAX_SCENARIOS,
            "replicates": protocol::MAX_REPLICATES,
            "default_replicates": protocol::DEFAULT_REPLICATES,
            "upload_bytes": limits.upload_bytes,
            "message_bytes": protocol::MAX_MESSAGE_BYTES,
            "min_speed": protocol::MIN_SPEED,
            "max_speed": protocol::MAX_SPEED,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_ascii_letter(s: &str) -> bool {
        s.chars().any(|c| c.is_ascii_alphabetic())
    }

    #[test]
    fn every_lever_range_and_choice_has_chinese_words() {
        let levers = levers();
        assert!(levers.iter().any(|l| l["kind"] == "choice"));
        assert!(levers.iter().any(|l| l["kind"] == "bool"));
        for l in &levers {
            let zh = l["range_words"]["zh"].as_str().unwrap();
            assert!(
                !has_ascii_letter(zh),
                "{}: range in Chinese is {zh:?}",
                l["key"]
            );
            let reason = l["reason_words"]["zh"].as_str().unwrap();
            let english_words = reason
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .count();
            assert!(
                english_words == 0
                    && reason
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: the reason in Chinese is {reason:?} (a row of i18n's PARAMETER_REASONS)",
                l["key"]
            );
            assert_eq!(l["reason_words"]["en"], l["reason"]);
            let choices = l["choice_words"]["zh"].as_array().unwrap();
            assert_eq!(choices.len(), l["choices"].as_array().unwrap().len());
            for c in choices {
                let c = c.as_str().unwrap();
                assert!(
                    !has_ascii_letter(c),
                    "{}: choice in Chinese is {c:?}",
                    l["key"]
                );
            }
        }
    }

    #[test]
    fn ranges_read_as_words_in_both_languages() {
        assert_eq!(range_words(&Range::Bool, Lang::En), "yes or no");
        assert_eq!(range_words(&Range::Bool, Lang::Zh), "是或否");
        let reactions = Range::OneOf(&["supervision", "resources"]);
        assert_eq!(
            range_words(&reactions, Lang::En),
            "supervision (stability maintenance) or resources (co-governance)"
        );
        assert_eq!(
            range_words(&reactions, Lang::Zh),
            "督查问责(维稳式)或资源支持(共治)"
        );
        let three = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(one_of(&three, Lang::En), "a, b or c");
        assert_eq!(one_of(&three, Lang::Zh), "a、b或c");
        assert_eq!(
            range_words(&Range::PositiveAtMost(2.0), Lang::En),
            "> 0 and <= 2"
        );
        assert_eq!(range_words(&Range::UnitInterval, Lang::Zh), "[0, 1]");
        // A value without a row is shown as itself.
        assert_eq!(value_words("small_world", Lang::Zh), "small_world");
    }

    #[test]
    fn every_catalogue_range_but_named_values_reads_in_chinese() {
        for p in docs::PARAMS.iter() {
            if matches!(p.range, Range::OneOf(_)) {
                continue; // values without a row keep their names (checked for levers)
            }
            let zh = range_words(&p.range, Lang::Zh);
            assert!(!has_ascii_letter(&zh), "{}: {zh:?}", p.path);
        }
    }
}
