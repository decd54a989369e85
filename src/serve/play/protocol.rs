//! The play messages (docs/play-protocol.md): what a phone, the projector or the trainer
//! may send over `/play/ws`, and their checks. A message that is too long, not JSON, of an
//! unknown type or field, or with a value of the wrong kind or out of range is refused with
//! a [`ProtocolError`] naming the field; nothing acts on a message that was not read whole.

use serde::Deserialize;

use cogov::play::{Assignment, MAX_ROUNDS, MAX_WEEKS_PER_ROUND, Role};

use crate::serve::protocol::{ProtocolError, ScenarioChoice, read_tagged};

/// The longest message (bytes): an action is a few hundred bytes at most.
pub const MAX_MESSAGE_BYTES: usize = 4096;
/// The join code's alphabet: no 0/O, 1/I/L, so it reads aloud and off a board.
pub const ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LENGTH: usize = 6;
/// Seeds a page may send: integers a browser's numbers hold exactly.
pub const MAX_SEED: u64 = 1 << 53;
/// The round timer: none (0) or this many seconds.
pub const MIN_TIMER: u32 = 10;
pub const MAX_TIMER: u32 = 900;
pub const DEFAULT_TIMER: u32 = 120;
pub const DEFAULT_ROUNDS: u32 = 10;

/// A message to the play server. On the wire its variant is the object's `type`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PlayMessage {
    Join {
        code: String,
        pseudonym: String,
    },
    Rejoin {
        token: String,
    },
    Watch {
        code: String,
    },
    Trainer {
        token: String,
        #[serde(default)]
        code: Option<String>,
    },
    Create {
        scenario: ScenarioChoice,
        #[serde(default)]
        seed: Option<u64>,
        #[serde(default)]
        weeks_per_round: Option<u32>,
        #[serde(default)]
        rounds: Option<u32>,
        #[serde(default)]
        timer_seconds: Option<u32>,
        #[serde(default)]
        assignment: Option<Assignment>,
    },
    Control {
        code: String,
    },
    Assign {
        player: u32,
        role: Role,
    },
    /// The round timer from the next round on: 0 (none) or MIN_TIMER..=MAX_TIMER seconds.
    Timer {
        seconds: u32,
    },
    Start {},
    CloseRound {},
    End {},
    Act {
        round: u32,
        decision: serde_json::Value,
    },
}

const TYPES: &str =
    "join, rejoin, watch, trainer, create, control, assign, timer, start, close_round, end or act";

/// Read and check one message.
pub fn parse(text: &str) -> Result<PlayMessage, ProtocolError> {
    let message: PlayMessage = read_tagged(text, MAX_MESSAGE_BYTES, "", TYPES)?;
    check(&message)?;
    Ok(message)
}

fn refuse(field: &str, message: impl Into<String>) -> Result<(), ProtocolError> {
    Err(ProtocolError::new(Some(field), message))
}

/// Ranges and forms serde's types do not say.
fn check(message: &PlayMessage) -> Result<(), ProtocolError> {
    match message {
        PlayMessage::Join { code, pseudonym } => {
            check_code(code)?;
            if pseudonym.len() > 4 * cogov::play::MAX_PSEUDONYM {
                return refuse("pseudonym", "too long");
            }
            Ok(())
        }
        PlayMessage::Watch { code } | PlayMessage::Control { code } => check_code(code),
        PlayMessage::Rejoin { token } => check_token(token),
        PlayMessage::Trainer { token, code } => {
            check_token(token)?;
            code.as_deref().map_or(Ok(()), check_code)
        }
        PlayMessage::Create {
            seed,
            weeks_per_round,
            rounds,
            timer_seconds,
            ..
        } => check_create(*seed, *weeks_per_round, *rounds, *timer_seconds),
        PlayMessage::Timer { seconds } => check_create(None, None, None, Some(*seconds)),
        _ => Ok(()),
    }
}

fn check_create(
    seed: Option<u64>,
    weeks_per_round: Option<u32>,
    rounds: Option<u32>,
    timer: Option<u32>,
) -> Result<(), ProtocolError> {
    if seed.is_some_and(|s| s > MAX_SEED) {
        return refuse("seed", format!("0..={MAX_SEED}"));
    }
    if weeks_per_round.is_some_and(|w| !(1..=MAX_WEEKS_PER_ROUND).contains(&w)) {
        return refuse(
            "weeks_per_round",
            format!("1..={MAX_WEEKS_PER_ROUND} weeks"),
        );
    }
    if rounds.is_some_and(|r| !(1..=MAX_ROUNDS).contains(&r)) {
        return refuse("rounds", format!("1..={MAX_ROUNDS}"));
    }
    if timer.is_some_and(|t| t != 0 && !(MIN_TIMER..=MAX_TIMER).contains(&t)) {
        return refuse(
            "timer_seconds",
            format!("0 (no timer) or {MIN_TIMER}..={MAX_TIMER} seconds"),
        );
    }
    Ok(())
}

/// A join code as typed: six characters of the alphabet (any case).
fn check_code(code: &str) -> Result<(), ProtocolError> {
    let ok = code.chars().count() == CODE_LENGTH
        && code
            .chars()
            .all(|c| ALPHABET.contains(c.to_ascii_uppercase()));
    if ok {
        Ok(())
    } else {
        refuse(
            "code",
            format!("the join code is {CODE_LENGTH} letters and digits from the projector"),
        )
    }
}

fn check_token(token: &str) -> Result<(), ProtocolError> {
    if token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        refuse("token", "a token is 32 hexadecimal digits")
    }
}

/// The code as the server keeps it (upper case).
pub fn normal_code(code: &str) -> String {
    code.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn field(text: &str) -> Option<String> {
        parse(text).unwrap_err().field
    }

    #[test]
    fn messages_are_read_and_refusals_name_the_field() {
        assert_eq!(
            parse(r#"{"type":"join","code":"k7m2qx","pseudonym":"Li"}"#).unwrap(),
            PlayMessage::Join {
                code: "k7m2qx".into(),
                pseudonym: "Li".into()
            }
        );
        assert!(matches!(
            parse(r#"{"type":"act","round":2,"decision":{"take_part":true}}"#).unwrap(),
            PlayMessage::Act { round: 2, .. }
        ));
        assert_eq!(
            field(r#"{"type":"join","code":"K7M2Q0","pseudonym":"x"}"#).as_deref(),
            Some("code")
        );
        assert_eq!(
            field(r#"{"type":"rejoin","token":"xyz"}"#).as_deref(),
            Some("token")
        );
        assert_eq!(
            field(r#"{"type":"act","round":-1,"decision":{}}"#).as_deref(),
            Some("round")
        );
        assert_eq!(field(r#"{"type":"act","round":1}"#), None);
        assert_eq!(field(r#"{"type":"fly"}"#).as_deref(), Some("type"));
        assert_eq!(
            field(r#"{"type":"timer","seconds":1000}"#).as_deref(),
            Some("timer_seconds")
        );
        assert!(parse(r#"{"type":"timer","seconds":0}"#).is_ok());
        assert_eq!(field(r#"{"type":"start","x":1}"#).as_deref(), Some("x"));
        assert_eq!(
            field(r#"{"type":"create","scenario":{"library":"baseline"},"weeks_per_round":14}"#)
                .as_deref(),
            Some("weeks_per_round")
        );
        assert_eq!(
            field(r#"{"type":"create","scenario":{"library":"baseline"},"timer_seconds":5}"#)
                .as_deref(),
            Some("timer_seconds")
        );
        assert_eq!(
            field(r#"{"type":"assign","player":1,"role":{"kind":"mayor","agent":0}}"#).as_deref(),
            Some("role.kind")
        );
        let long = format!(
            r#"{{"type":"join","code":"K7M2QX","pseudonym":"{}"}}"#,
            "a".repeat(5000)
        );
        assert!(parse(&long).unwrap_err().message.contains("too long"));
        assert!(parse("[1]").is_err());
        assert!(
            parse("{")
                .unwrap_err()
                .message
                .starts_with("not valid JSON")
        );
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(|f| serde_json::json!(f)),
            "[a-z_]{0,12}".prop_map(serde_json::Value::from),
            prop_oneof![
                Just("join"),
                Just("act"),
                Just("create"),
                Just("assign"),
                Just("trainer"),
                Just("rejoin"),
                Just("watch"),
                Just("start")
            ]
            .prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("type".to_string()),
                        Just("code".to_string()),
                        Just("round".to_string()),
                        Just("decision".to_string()),
                        Just("role".to_string()),
                        "[a-z_]{1,10}"
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// The parser never panics: any JSON value or any bytes give a message or a
        /// refusal.
        #[test]
        fn the_parser_never_panics(v in json_value(), bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse(&v.to_string());
            let _ = parse(&String::from_utf8_lossy(&bytes));
            if let serde_json::Value::Object(mut m) = v {
                m.insert("type".into(), "act".into());
                let _ = parse(&serde_json::Value::Object(m).to_string());
            }
        }
    }
}
