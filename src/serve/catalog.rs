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

/// The whole answer of `GET /api/meta`.
pub fn meta(lang: Lang, limits: &Limits) -> Value {
    json!({
        "lang": lang.code(),
        "version": env!("CARGO_PKG_VERSION"),
        "scenarios": scenarios(),
        "metrics": metrics(),
        "levers": live::levers(),
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
