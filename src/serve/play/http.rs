//! The play server's HTTP routes: its limits (`/api/play/meta`), the QR code of a
//! session's join address, the downloads (trainer's token), and the WebSocket upgrade
//! with its Origin check.

use std::sync::Arc;

use axum::Json;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use cogov::i18n::Lang;
use cogov::play::{RoleKind, same_secret};

use super::protocol::{self, MAX_MESSAGE_BYTES};
use super::socket::serve_play_socket;
use crate::serve::AppState;
use crate::serve::routes::{attachment, refuse};

/// What the pages need to know of the play server.
pub async fn meta(State(state): State<Arc<AppState>>) -> Response {
    let l = &state.plays.limits;
    Json(json!({
        "roles": RoleKind::ALL.map(RoleKind::name),
        "fields": RoleKind::ALL.map(|k| json!({"kind": k.name(), "fields": cogov::play::log::fields(k)})),
        "assignment": ["in_turn", "trainer"],
        "alphabet": protocol::ALPHABET,
        "limits": {
            "message_bytes": MAX_MESSAGE_BYTES,
            "messages_per_second": l.messages_per_second,
            "message_burst": l.message_burst,
            "players": l.players,
            "sessions": l.sessions,
            "pseudonym": cogov::play::MAX_PSEUDONYM,
            "weeks_per_round": [1, cogov::play::MAX_WEEKS_PER_ROUND],
            "rounds": [1, cogov::play::MAX_ROUNDS],
            "timer_seconds": [protocol::MIN_TIMER, protocol::MAX_TIMER],
        },
        "defaults": {
            "seed": 1, "weeks_per_round": 1, "rounds": protocol::DEFAULT_ROUNDS,
            "timer_seconds": protocol::DEFAULT_TIMER, "assignment": "in_turn",
        },
    }))
    .into_response()
}

#[derive(Deserialize)]
pub struct FileQuery {
    token: Option<String>,
    lang: Option<String>,
}

/// `qr.svg` (anyone with the code) or a download (the trainer's token).
pub async fn file(
    State(state): State<Arc<AppState>>,
    UrlPath((code, file)): UrlPath<(String, String)>,
    Query(q): Query<FileQuery>,
) -> Response {
    let Some(table) = state.plays.table(&code) else {
        return refuse(
            StatusCode::NOT_FOUND,
            Some("code"),
            "no session has this join code",
        );
    };
    if file == "qr.svg" {
        return qr(&super::join_url(state.plays.base(), &table.code));
    }
    if !q
        .token
        .as_deref()
        .is_some_and(|t| same_secret(t, &state.plays.trainer_token))
    {
        return refuse(
            StatusCode::FORBIDDEN,
            Some("token"),
            "downloads need the trainer's token",
        );
    }
    let lang = match q.lang.as_deref() {
        None => state.lang,
        Some(l) => match Lang::parse(l) {
            Some(l) => l,
            None => return refuse(StatusCode::BAD_REQUEST, Some("lang"), "use en or zh"),
        },
    };
    let made = tokio::task::spawn_blocking(move || {
        let mut live = table.live.lock().unwrap_or_else(|p| p.into_inner());
        download(&mut live, &file, lang)
    })
    .await;
    match made {
        Ok(Ok((bytes, kind, name))) => attachment(bytes, kind, &name),
        Ok(Err((status, message))) => refuse(status, Some("file"), &message),
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            "internal error while preparing the download (please report it)",
        ),
    }
}

type Made = Result<(Vec<u8>, &'static str, String), (StatusCode, String)>;

fn download(live: &mut super::Live, file: &str, lang: Lang) -> Made {
    let csv = "text/csv; charset=utf-8";
    let bad = |e: cogov::play::Refusal| (StatusCode::BAD_REQUEST, e.to_string());
    let bytes = match file {
        "decisions.jsonl" => {
            return Ok((
                live.log_text.clone().into_bytes(),
                "application/jsonl; charset=utf-8",
                file.into(),
            ));
        }
        "trajectories.csv" => live.session.trajectories_csv().map_err(bad)?,
        "report.html" => {
            let html = live.session.report_html(lang).map_err(bad)?;
            return Ok((html.into_bytes(), "text/html; charset=utf-8", file.into()));
        }
        other => {
            let kind = RoleKind::ALL
                .into_iter()
                .find(|k| format!("{}.csv", k.name()) == other);
            match kind {
                Some(k) => live.session.role_csv(k),
                None => {
                    return Err((
                        StatusCode::NOT_FOUND,
                        format!(
                            "no such download \"{}\": {} or qr.svg",
                            other.chars().take(60).collect::<String>(),
                            cogov::play::debrief::DOWNLOADS.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    Ok((bytes, csv, file.into()))
}

/// The QR code of an address, as SVG.
fn qr(url: &str) -> Response {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(320, 320)
                .build();
            ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
        }
        Err(e) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            &format!("cannot draw the QR code: {e}"),
        ),
    }
}

/// Whether a browser's `Origin` is this server (same host and port); a client that sends
/// none (not a browser page) is let in: the join code and tokens still gate it.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = origin.to_str().ok();
    match (origin, host) {
        (Some(o), Some(h)) => {
            let rest = o
                .strip_prefix("http://")
                .or_else(|| o.strip_prefix("https://"));
            rest.is_some_and(|r| r.eq_ignore_ascii_case(h))
        }
        _ => false,
    }
}

pub async fn socket(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            Some("origin"),
            "the play socket accepts pages of this server only",
        );
    }
    ws.max_message_size(4 * MAX_MESSAGE_BYTES)
        .max_frame_size(4 * MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| serve_play_socket(socket, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_of_other_hosts_are_refused() {
        let mut h = HeaderMap::new();
        assert!(same_origin(&h), "no Origin: not a browser page");
        h.insert(header::HOST, "192.168.1.20:8080".parse().unwrap());
        h.insert(header::ORIGIN, "http://192.168.1.20:8080".parse().unwrap());
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(!same_origin(&h));
        h.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(!same_origin(&h));
    }
}
