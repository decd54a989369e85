//! The messages of the live stream: what a page may send over the WebSocket, how each is
//! checked before anything runs, and what the server sends back.
//!
//! Every message is one JSON object with a `type`. A message that is too long, is not JSON,
//! names an unknown type or field, or holds a value of the wrong kind or outside its range
//! is refused with a [`ProtocolError`] naming the field and what would be valid; the page
//! shows it as it is. The server never acts on a message it could not read whole.

use serde::{Deserialize, Serialize};

/// The longest message a page may send (bytes). Commands are short: the longest is a fork
/// with a few lever changes, well under 1 KiB; uploads go over HTTP, not here.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;
/// At most this many scenarios side by side (the issue's "up to six at once").
pub const MAX_SCENARIOS: usize = 6;
/// Replicates per scenario a page may ask for (the live library checks its own limits too).
pub const MAX_REPLICATES: u32 = 50;
/// The default number of replicates (the issue's default).
pub const DEFAULT_REPLICATES: u32 = 10;
/// Playing speed in weeks per second: slowest and fastest a page may ask for. The fastest
/// is a cap, not a promise: a session streams as fast as the machine steps it.
pub const MIN_SPEED: f64 = 0.25;
pub const MAX_SPEED: f64 = 200.0;
/// Lever changes in one fork (there are fewer levers than this).
pub const MAX_CHANGES: usize = 64;
/// The longest parameter key or scenario name a message may hold.
const MAX_NAME: usize = 200;

/// Which scenario to run: one from the built-in library by name, or a file uploaded before
/// (`POST /api/upload` answered with its id).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ScenarioChoice {
    Library(String),
    Upload(String),
}

/// One lever moved: a dotted parameter key and its new value (number, integer, true/false
/// or a word, as the catalogue says).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LeverChange {
    pub key: String,
    pub value: serde_json::Value,
}

/// A message from the page. On the wire its variant is the object's `type` field
/// (`{"type": "fork", "series": 0, ...}`); [`parse`] reads it so that a wrong field is named
/// by its path.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// Start a new session: these scenarios (the first is the baseline), replicates, seed.
    Start {
        scenarios: Vec<ScenarioChoice>,
        #[serde(default)]
        replicates: Option<u32>,
        #[serde(default)]
        seed: Option<u64>,
    },
    /// Take up a session started before (the page was reloaded): its id and token.
    Attach {
        session: String,
        token: String,
    },
    /// Run week after week at `speed` weeks per second (default: the last speed).
    Play {
        #[serde(default)]
        speed: Option<f64>,
    },
    Pause {},
    /// One week, then pause.
    Step {},
    /// Change the playing speed (weeks per second).
    Speed {
        speed: f64,
    },
    /// Back to week 0, forks removed.
    Reset {},
    /// "What if we reform now?": series `series` continues, and a new series starts from its
    /// state at this week with these changes.
    Fork {
        series: usize,
        changes: Vec<LeverChange>,
    },
    /// Before the start (week 0): change scenario `series` itself with these changes (part
    /// of the scenario from then on, in its exported file), not a fork.
    Set {
        series: usize,
        changes: Vec<LeverChange>,
    },
    /// Watch one community of one series (its residents and committee), sent each week;
    /// `series: null` stops watching.
    Community {
        series: Option<usize>,
        #[serde(default)]
        community: usize,
    },
}

/// Why a message was refused: the field (a dotted path into the message, when there is
/// one) and what is wrong, in words for the page.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", match .field { Some(f) => format!("{f}: {}", .message), None => .message.clone() })]
pub struct ProtocolError {
    pub field: Option<String>,
    pub message: String,
}

impl ProtocolError {
    pub fn new(field: Option<&str>, message: impl Into<String>) -> ProtocolError {
        ProtocolError {
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

/// The message types, for "what would be valid".
const TYPES: &str = "start, attach, play, pause, step, speed, reset, fork or community";

/// Read and check one message from the page.
pub fn parse(text: &str) -> Result<ClientMessage, ProtocolError> {
    let message: ClientMessage = read_tagged(
        text,
        MAX_MESSAGE_BYTES,
        " (upload scenario files with the upload button)",
        TYPES,
    )?;
    check(&message)?;
    Ok(message)
}

/// Read one `{"type": ..., fields}` message of at most `max_bytes` into `T` (an enum whose
/// variants are the types, listed in `types` for "what would be valid"): a problem names
/// its field by path (`changes[0].value`). Both WebSocket protocols read through it.
pub(crate) fn read_tagged<T: serde::de::DeserializeOwned>(
    text: &str,
    max_bytes: usize,
    too_long_hint: &str,
    types: &str,
) -> Result<T, ProtocolError> {
    if text.len() > max_bytes {
        return Err(ProtocolError::new(
            None,
            format!(
                "message too long: {} bytes, at most {max_bytes}{too_long_hint}",
                text.len()
            ),
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        ProtocolError::new(None, format!("not valid JSON: {}", plain_json_error(&e)))
    })?;
    let serde_json::Value::Object(mut fields) = value else {
        return Err(ProtocolError::new(
            None,
            "a message is a JSON object with a \"type\"",
        ));
    };
    let kind = match fields.remove("type") {
        Some(serde_json::Value::String(kind)) => kind,
        Some(other) => {
            return Err(ProtocolError::new(
                Some("type"),
                format!("{other} is not a message type: {types}"),
            ));
        }
        None => {
            return Err(ProtocolError::new(
                Some("type"),
                format!("missing: {types}"),
            ));
        }
    };
    // The type becomes serde's variant tag, so a problem inside is reported with its path.
    let tagged = serde_json::Value::Object(
        [(kind, serde_json::Value::Object(fields))]
            .into_iter()
            .collect(),
    );
    serde_path_to_error::deserialize(tagged).map_err(|e| {
        let field = field_of(e.path());
        let message = plain_json_error(e.inner());
        let field = field.or_else(|| {
            message
                .starts_with("unknown variant")
                .then(|| "type".to_string())
        });
        ProtocolError { field, message }
    })
}

/// The message as the page sends it (`{"type": ..., fields}`); the tests read it back.
#[cfg(test)]
pub fn to_wire(message: &ClientMessage) -> String {
    let tagged = serde_json::to_value(message).unwrap_or_default();
    let mut out = serde_json::Map::new();
    if let serde_json::Value::Object(m) = tagged
        && let Some((kind, serde_json::Value::Object(fields))) = m.into_iter().next()
    {
        out.insert("type".into(), kind.into());
        out.extend(fields);
    }
    serde_json::Value::Object(out).to_string()
}

/// A path into the message without its first segment (the variant): `changes[0].value`.
fn field_of(path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter().skip(1) {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// serde_json's message without its "at line 1 column 17" (a page's message is one line).
fn plain_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Ranges and sizes that serde's types do not say.
fn check(message: &ClientMessage) -> Result<(), ProtocolError> {
    match message {
        ClientMessage::Start {
            scenarios,
            replicates,
            ..
        } => check_start(scenarios, *replicates),
        ClientMessage::Attach { session, token } => {
            check_name("session", session)?;
            check_name("token", token)
        }
        ClientMessage::Play { speed: Some(speed) } | ClientMessage::Speed { speed } => {
            check_speed(*speed)
        }
        ClientMessage::Fork { changes, .. } | ClientMessage::Set { changes, .. } => {
            check_changes(changes)
        }
        _ => Ok(()),
    }
}

fn check_start(scenarios: &[ScenarioChoice], replicates: Option<u32>) -> Result<(), ProtocolError> {
    if scenarios.is_empty() || scenarios.len() > MAX_SCENARIOS {
        return Err(ProtocolError::new(
            Some("scenarios"),
            format!(
                "choose between 1 and {MAX_SCENARIOS} scenarios (got {})",
                scenarios.len()
            ),
        ));
    }
    for (i, choice) in scenarios.iter().enumerate() {
        let (ScenarioChoice::Library(name) | ScenarioChoice::Upload(name)) = choice;
        check_name(&format!("scenarios[{i}]"), name)?;
    }
    if let Some(n) = replicates
        && !(1..=MAX_REPLICATES).contains(&n)
    {
        return Err(ProtocolError::new(
            Some("replicates"),
            format!("{n} is outside the valid range 1 to {MAX_REPLICATES}"),
        ));
    }
    Ok(())
}

fn check_name(field: &str, name: &str) -> Result<(), ProtocolError> {
    if name.is_empty() || name.len() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(ProtocolError::new(
            Some(field),
            format!("must be 1 to {MAX_NAME} characters with no control characters"),
        ));
    }
    Ok(())
}

fn check_speed(speed: f64) -> Result<(), ProtocolError> {
    if !(MIN_SPEED..=MAX_SPEED).contains(&speed) {
        return Err(ProtocolError::new(
            Some("speed"),
            format!(
                "{speed} weeks per second is outside the valid range {MIN_SPEED} to {MAX_SPEED}"
            ),
        ));
    }
    Ok(())
}

fn check_changes(changes: &[LeverChange]) -> Result<(), ProtocolError> {
    if changes.is_empty() || changes.len() > MAX_CHANGES {
        return Err(ProtocolError::new(
            Some("changes"),
            format!(
                "a reform changes between 1 and {MAX_CHANGES} levers (got {}): move a lever first",
                changes.len()
            ),
        ));
    }
    for (i, change) in changes.iter().enumerate() {
        check_name(&format!("changes[{i}].key"), &change.key)?;
        toml_value(&change.value).map_err(|message| {
            ProtocolError::new(
                Some(&format!("changes[{i}].value ({})", change.key)),
                message,
            )
        })?;
    }
    Ok(())
}

/// A lever's value as TOML: a number, true/false or a word. Lists and tables are not
/// levers; the live session checks the value against the parameter catalogue.
pub fn toml_value(value: &serde_json::Value) -> Result<toml::Value, String> {
    use serde_json::Value as J;
    match value {
        J::Bool(b) => Ok(toml::Value::Boolean(*b)),
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(toml::Value::Integer(i))
            } else {
                match n.as_f64() {
                    Some(x) if x.is_finite() => Ok(toml::Value::Float(x)),
                    _ => Err(format!("{n} is not a number cogov can use")),
                }
            }
        }
        J::String(s) if s.len() <= MAX_NAME && !s.chars().any(char::is_control) => {
            Ok(toml::Value::String(s.clone()))
        }
        J::String(_) => Err(format!(
            "a word of at most {MAX_NAME} characters, with no control characters"
        )),
        J::Null => Err("a value is required (a number, true/false or a word), not null".into()),
        J::Array(_) | J::Object(_) => {
            Err("must be a number, true/false or a word, not a list or table".into())
        }
    }
}

/// The changes of a fork as the live session takes them.
pub fn toml_changes(changes: &[LeverChange]) -> Vec<(String, toml::Value)> {
    changes
        .iter()
        .filter_map(|c| Some((c.key.clone(), toml_value(&c.value).ok()?)))
        .collect()
}

/// A message to the page about something refused or gone wrong.
#[derive(Debug, Serialize)]
pub struct ErrorMessage<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub field: Option<&'a str>,
    pub message: &'a str,
}

impl<'a> ErrorMessage<'a> {
    pub fn new(field: Option<&'a str>, message: &'a str) -> ErrorMessage<'a> {
        ErrorMessage {
            kind: "error",
            field,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> ProtocolError {
        parse(text).expect_err(text)
    }

    #[test]
    fn reads_every_command() {
        assert_eq!(
            parse(
                r#"{"type":"start","scenarios":[{"library":"baseline"},{"upload":"u1"}],"replicates":10,"seed":7}"#
            ),
            Ok(ClientMessage::Start {
                scenarios: vec![
                    ScenarioChoice::Library("baseline".into()),
                    ScenarioChoice::Upload("u1".into())
                ],
                replicates: Some(10),
                seed: Some(7)
            })
        );
        assert_eq!(parse(r#"{"type":"pause"}"#), Ok(ClientMessage::Pause {}));
        assert_eq!(
            parse(r#"{"type":"play"}"#),
            Ok(ClientMessage::Play { speed: None })
        );
        assert_eq!(
            parse(
                r#"{"type":"fork","series":0,"changes":[{"key":"office.access_list","value":12}]}"#
            ),
            Ok(ClientMessage::Fork {
                series: 0,
                changes: vec![LeverChange {
                    key: "office.access_list".into(),
                    value: serde_json::json!(12)
                }]
            })
        );
        assert_eq!(
            parse(r#"{"type":"set","series":1,"changes":[{"key":"online.start_tick","value":4}]}"#),
            Ok(ClientMessage::Set {
                series: 1,
                changes: vec![LeverChange {
                    key: "online.start_tick".into(),
                    value: serde_json::json!(4)
                }]
            })
        );
    }

    #[test]
    fn refusals_name_the_field() {
        let e =
            refused(r#"{"type":"start","scenarios":[{"library":"baseline"}],"replicates":"ten"}"#);
        assert_eq!(e.field.as_deref(), Some("replicates"), "{e}");
        let e =
            refused(r#"{"type":"start","scenarios":[{"library":"baseline"}],"replicates":500}"#);
        assert_eq!(e.field.as_deref(), Some("replicates"));
        assert!(e.message.contains("1 to 50"), "{e}");
        let e = refused(r#"{"type":"speed","speed":1e9}"#);
        assert_eq!(e.field.as_deref(), Some("speed"));
        let e = refused(r#"{"type":"fork","series":0,"changes":[{"key":"a.b","value":[1]}]}"#);
        assert_eq!(e.field.as_deref(), Some("changes[0].value (a.b)"));
        let e = refused(r#"{"type":"fork","series":-1,"changes":[]}"#);
        assert_eq!(e.field.as_deref(), Some("series"), "{e}");
        let e = refused(r#"{"type":"launch"}"#);
        assert!(e.message.contains("unknown variant"), "{e}");
        assert_eq!(e.field.as_deref(), Some("type"));
        let e = refused(r#"{"type":"play","speed":"fast"}"#);
        assert_eq!(e.field.as_deref(), Some("speed"), "{e}");
        let e = refused(r#"{"type":"fork","series":0,"changes":[{"key":"a","valu":1}]}"#);
        assert_eq!(e.field.as_deref(), Some("changes[0].valu"), "{e}");
        let e = refused(r#"[1, 2]"#);
        assert!(e.message.contains("JSON object"), "{e}");
        let e = refused(r#"{"series":1}"#);
        assert_eq!(e.field.as_deref(), Some("type"));
        let e = refused(r#"{"type":"pause","extra":1}"#);
        assert!(e.message.contains("extra"), "{e}");
        let e = refused("{not json");
        assert!(e.message.starts_with("not valid JSON"), "{e}");
        let e = refused(&format!(
            r#"{{"type":"pause","x":"{}"}}"#,
            "a".repeat(MAX_MESSAGE_BYTES)
        ));
        assert!(e.message.contains("too long"), "{e}");
    }

    #[test]
    fn scenario_counts_are_bounded() {
        let seven = [r#"{"library":"baseline"}"#; 7].join(",");
        let e = refused(&format!(r#"{{"type":"start","scenarios":[{seven}]}}"#));
        assert_eq!(e.field.as_deref(), Some("scenarios"));
        let e = refused(r#"{"type":"start","scenarios":[]}"#);
        assert_eq!(e.field.as_deref(), Some("scenarios"));
    }

    #[test]
    fn lever_values_become_toml() {
        assert_eq!(
            toml_value(&serde_json::json!(3)),
            Ok(toml::Value::Integer(3))
        );
        assert_eq!(
            toml_value(&serde_json::json!(0.5)),
            Ok(toml::Value::Float(0.5))
        );
        assert_eq!(
            toml_value(&serde_json::json!(true)),
            Ok(toml::Value::Boolean(true))
        );
        assert!(toml_value(&serde_json::Value::Null).is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// JSON values shaped like messages: known and unknown types and fields, values of
        /// every kind, nested a little.
        fn message_like() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                Just(serde_json::Value::Null),
                any::<bool>().prop_map(serde_json::Value::from),
                any::<i64>().prop_map(serde_json::Value::from),
                any::<f64>().prop_map(|x| serde_json::Number::from_f64(x)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)),
                "[a-z_.]{0,12}".prop_map(serde_json::Value::from),
            ];
            let value = leaf.prop_recursive(3, 16, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                    prop::collection::btree_map(
                        prop_oneof![
                            Just("library".to_string()),
                            Just("key".to_string()),
                            Just("value".to_string()),
                            "[a-z]{1,6}"
                        ],
                        inner,
                        0..3
                    )
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
                ]
            });
            let kinds = prop_oneof![
                Just("start"),
                Just("attach"),
                Just("play"),
                Just("pause"),
                Just("step"),
                Just("speed"),
                Just("reset"),
                Just("fork"),
                Just("set"),
                Just("community"),
                Just("other"),
            ];
            let fields = prop::collection::btree_map(
                prop_oneof![
                    Just("scenarios".to_string()),
                    Just("replicates".to_string()),
                    Just("seed".to_string()),
                    Just("speed".to_string()),
                    Just("series".to_string()),
                    Just("changes".to_string()),
                    Just("community".to_string()),
                    Just("session".to_string()),
                    Just("token".to_string()),
                    "[a-z]{1,5}",
                ],
                value,
                0..4,
            );
            (kinds, fields).prop_map(|(kind, fields)| {
                let mut m: serde_json::Map<String, serde_json::Value> =
                    fields.into_iter().collect();
                m.insert("type".into(), kind.into());
                serde_json::Value::Object(m).to_string()
            })
        }

        proptest! {
            #[test]
            fn any_text_is_read_or_refused_never_a_panic(text in any::<String>()) {
                let _ = parse(&text);
            }

            #[test]
            fn a_message_read_is_in_range_and_reads_back_the_same(text in message_like()) {
                match parse(&text) {
                    Ok(message) => {
                        let again = to_wire(&message);
                        prop_assert_eq!(parse(&again), Ok(message.clone()));
                        match message {
                            ClientMessage::Start { scenarios, replicates, .. } => {
                                prop_assert!((1..=MAX_SCENARIOS).contains(&scenarios.len()));
                                prop_assert!(replicates.is_none_or(|n| (1..=MAX_REPLICATES).contains(&n)));
                            }
                            ClientMessage::Speed { speed } | ClientMessage::Play { speed: Some(speed) } => {
                                prop_assert!((MIN_SPEED..=MAX_SPEED).contains(&speed));
                            }
                            ClientMessage::Fork { changes, .. } => {
                                prop_assert!(!changes.is_empty());
                                prop_assert_eq!(toml_changes(&changes).len(), changes.len());
                            }
                            _ => {}
                        }
                    }
                    Err(e) => prop_assert!(!e.message.is_empty()),
                }
            }
        }
    }
}
