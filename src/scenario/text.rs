//! The `title` and `description` sections: texts in both report languages.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

/// A text in both report languages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

/// The catalogue rows of `title`, `description`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "title.en",
        unit: "text",
        range: Range::Text,
        limit: "",
        change: Change::Fixed,
        sweep: false,
        doc: "Short name of the scenario in English, shown in tables, legends and reports; not inherited through `extends`.",
        zh: "英文标题",
        reason: "Empty: each scenario file names itself (when empty, the file name is used).",
    },
    ParamDoc {
        path: "title.zh",
        unit: "text",
        range: Range::Text,
        limit: "",
        change: Change::Fixed,
        sweep: false,
        doc: "Short name of the scenario in Chinese; not inherited through `extends`.",
        zh: "中文标题",
        reason: "Empty: each scenario file names itself (when empty, the English title is used).",
    },
    ParamDoc {
        path: "description.en",
        unit: "text",
        range: Range::Text,
        limit: "",
        change: Change::Fixed,
        sweep: false,
        doc: "Two sentences describing the scenario in English, for the report.",
        zh: "英文说明",
        reason: "Empty: each scenario file describes itself; not inherited through `extends`.",
    },
    ParamDoc {
        path: "description.zh",
        unit: "text",
        range: Range::Text,
        limit: "",
        change: Change::Fixed,
        sweep: false,
        doc: "Two sentences describing the scenario in Chinese.",
        zh: "中文说明",
        reason: "Same as description.en.",
    },
];
