//! The HTTP side: the page's files, the catalogue, uploads, downloads and the WebSocket.
//!
//! Every refusal is a 4xx with a JSON body `{"error": "...", "field": "..."}` naming what is
//! wrong and what would be valid, which the page shows as it is.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path as UrlPath, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use cogov::i18n::Lang;

use super::AppState;
use super::catalog;
use super::protocol::MAX_MESSAGE_BYTES;
use super::sessions::RegistryError;
use super::stream::serve_socket;

/// The server's routes.
pub fn router(state: Arc<AppState>) -> Router {
    let upload_limit = state.registry.limits.upload_bytes;
    // The classroom page's sessions are the trainer's: with `--lan`, only this computer
    // may start, steer or download them; the network reaches the pages and play.
    let classroom = Router::new()
        .route(
            "/api/upload",
            post(upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/api/session/{id}/{file}", get(download))
        .route("/ws", get(socket))
        .route_layer(middleware::from_fn(this_computer_only));
    Router::new()
        .route("/", get(index))
        .route("/api/meta", get(meta))
        .merge(classroom)
        // The participatory mode (issue 12; docs/play-protocol.md).
        .route("/api/play/meta", get(super::play::http::meta))
        .route("/api/play/{code}/{file}", get(super::play::http::file))
        .route("/play/ws", get(super::play::http::socket))
        .route("/{*path}", get(asset))
        .with_state(state)
}

/// Refuse a request from another computer (403): with `--lan` the server listens on the
/// network, but the classroom page's sessions stay the trainer's.
async fn this_computer_only(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if peer.ip().is_loopback() {
        next.run(request).await
    } else {
        refuse(
            StatusCode::FORBIDDEN,
            None,
            "the classroom page's sessions are open only on the computer running cogov serve; students join a play session at /play/phone.html",
        )
    }
}

/// A refusal: status, message and the field it is about (the classroom's and play's
/// routes alike).
pub(in crate::serve) fn refuse(status: StatusCode, field: Option<&str>, message: &str) -> Response {
    (status, Json(json!({"error": message, "field": field}))).into_response()
}

/// A download: `bytes` of type `kind`, saved as `name`.
pub(in crate::serve) fn attachment(bytes: Vec<u8>, kind: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn index() -> Response {
    asset(UrlPath(String::new())).await
}

async fn asset(UrlPath(path): UrlPath<String>) -> Response {
    match super::assets::find(&path) {
        Some((kind, bytes)) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
        None => refuse(
            StatusCode::NOT_FOUND,
            Some("path"),
            &format!("no such page or file: /{path}"),
        ),
    }
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// `lang` from a query, or the server's default; an unknown language is refused (400,
/// field `lang`).
fn query_lang(lang: Option<&str>, default: Lang) -> Result<Lang, String> {
    match lang {
        None => Ok(default),
        Some(l) => Lang::parse(l).ok_or_else(|| format!("unknown language \"{l}\": use en or zh")),
    }
}

fn bad_lang(message: &str) -> Response {
    refuse(StatusCode::BAD_REQUEST, Some("lang"), message)
}

async fn meta(State(state): State<Arc<AppState>>, Query(q): Query<LangQuery>) -> Response {
    match query_lang(q.lang.as_deref(), state.lang) {
        Ok(lang) => Json(catalog::meta(lang, &state.registry.limits)).into_response(),
        Err(m) => bad_lang(&m),
    }
}

#[derive(Deserialize)]
struct UploadQuery {
    name: Option<String>,
}

/// A scenario file, checked with the scenario loader; answered with its id (to start a
/// session with) and its title, or with the loader's problems (file, line and key).
async fn upload(
    State(state): State<Arc<AppState>>,
    Query(q): Query<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let limit = state.registry.limits.upload_bytes;
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                Some("file"),
                &format!(
                    "the file is too large: a scenario file may have at most {} KiB",
                    limit / 1024
                ),
            );
        }
        Err(e) => return refuse(e.status(), Some("file"), &e.body_text()),
    };
    let name = upload_name(q.name.as_deref());
    let text = match std::str::from_utf8(&body) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                Some("file"),
                &format!(
                    "{name}: not UTF-8 text (invalid byte at offset {}): save the scenario as UTF-8",
                    e.valid_up_to()
                ),
            );
        }
    };
    let scenario = match cogov::library::load_upload(text, &name) {
        Ok(s) => s,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, Some("file"), &e.to_string()),
    };
    let title = json!({"en": scenario.title.en, "zh": scenario.title.zh});
    let id = state.registry.add_upload(name.clone(), scenario);
    Json(json!({"upload": id, "name": name, "title": title})).into_response()
}

/// The name an upload is known by in messages: its file name, without folders.
fn upload_name(name: Option<&str>) -> String {
    let base = name
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .filter(|n| !n.is_empty() && n.len() <= 100 && !n.chars().any(char::is_control))
        .unwrap_or("uploaded.toml");
    base.to_string()
}

#[derive(Deserialize)]
struct DownloadQuery {
    token: Option<String>,
    series: Option<usize>,
    lang: Option<String>,
}

/// `scenario.toml` (of one series), `trajectories.csv` or `report.html` of a session.
async fn download(
    State(state): State<Arc<AppState>>,
    UrlPath((id, file)): UrlPath<(String, String)>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let live = match state.registry.open(&id, q.token.as_deref().unwrap_or("")) {
        Ok(s) => s,
        Err(e @ RegistryError::Token) => {
            return refuse(StatusCode::FORBIDDEN, Some("token"), &e.to_string());
        }
        Err(e) => return refuse(StatusCode::NOT_FOUND, Some("session"), &e.to_string()),
    };
    let lang = match query_lang(q.lang.as_deref(), state.lang) {
        Ok(l) => l,
        Err(m) => return bad_lang(&m),
    };
    let series = q.series.unwrap_or(0);
    let made = tokio::task::spawn_blocking(move || {
        let s = live.lock().unwrap_or_else(|p| p.into_inner());
        match file.as_str() {
            "scenario.toml" => s
                .scenario_toml(series)
                .map(|t| {
                    (
                        t.into_bytes(),
                        "application/toml; charset=utf-8",
                        file_name(&s, series),
                    )
                })
                .map_err(|e| {
                    (
                        StatusCode::BAD_REQUEST,
                        Some("series".to_string()),
                        e.to_string(),
                    )
                }),
            "trajectories.csv" => Ok((
                s.trajectories_csv(),
                "text/csv; charset=utf-8",
                "trajectories.csv".to_string(),
            )),
            "report.html" => s
                .report_html(lang)
                .map(|t| {
                    (
                        t.into_bytes(),
                        "text/html; charset=utf-8",
                        "report.html".to_string(),
                    )
                })
                .map_err(|e| (StatusCode::BAD_REQUEST, Some(e.field()), e.to_string())),
            other => Err((
                StatusCode::NOT_FOUND,
                Some("file".to_string()),
                format!(
                    "no such download \"{other}\": scenario.toml, trajectories.csv or report.html"
                ),
            )),
        }
    })
    .await;
    match made {
        Ok(Ok((bytes, kind, name))) => attachment(bytes, kind, &name),
        Ok(Err((status, field, message))) => refuse(status, field.as_deref(), &message),
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            "internal error while preparing the download (please report it)",
        ),
    }
}

/// `NAME.toml` for series `series`: its name, with anything unusual in a file name dropped.
fn file_name(s: &cogov::live::LiveSession, series: usize) -> String {
    let name = s
        .series()
        .into_iter()
        .find(|i| i.index == series)
        .map(|i| i.name)
        .unwrap_or_else(|| "scenario".into());
    let clean: String = name
        .trim_end_matches(".toml")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{clean}.toml")
}

/// The live stream. Messages up to four times the command limit are read and refused with
/// a message (`protocol::parse`); longer ones end the connection (the server does not
/// buffer them).
async fn socket(State(state): State<Arc<AppState>>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(4 * MAX_MESSAGE_BYTES)
        .max_frame_size(4 * MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| serve_socket(socket, state))
}
