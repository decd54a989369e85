//! What the play tests share: the real `cogov serve` with its play lines read from
//! standard output, an async WebSocket client, and a small street to play.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

#[path = "../serve_common/mod.rs"]
mod serve_common;

/// A running `cogov serve --port 0`, with the join code and trainer token it printed.
pub struct PlayServer {
    pub addr: SocketAddr,
    pub code: String,
    pub trainer: String,
    pub child: Child,
}

impl PlayServer {
    pub fn start(port: u16, extra: &[&str]) -> PlayServer {
        let port = port.to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_cogov"))
            .args(["serve", "--port", &port])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start cogov serve");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut lines = Vec::new();
        for _ in 0..4 {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            lines.push(line.trim().to_string());
        }
        // Keep reading standard output so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = out.read_to_end(&mut sink);
        });
        let addr = lines[0]
            .strip_prefix("cogov serve: http://")
            .unwrap_or_else(|| panic!("first line is not the address: {lines:?}"))
            .trim_end_matches('/')
            .parse()
            .unwrap();
        assert!(lines[1].starts_with("students:  http://"), "{lines:?}");
        let code = lines[2]
            .strip_prefix("join code: ")
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_string();
        let trainer = lines[3].rsplit("#token=").next().unwrap().to_string();
        assert!(lines[1].ends_with(&format!("code={code}")), "{lines:?}");
        PlayServer {
            addr,
            code,
            trainer,
            child,
        }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM; the server must end with status 0.
    pub fn stop(mut self) {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let status = self.child.wait().unwrap();
        assert!(status.success(), "cogov serve ended with {status}");
    }
}

impl Drop for PlayServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request: (status, body) (`serve_common::http` without the head).
pub fn http(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let (status, _, body) = serve_common::http(addr, method, path, body);
    (status, body)
}

/// A small street (two communities of 200) uploaded to the server; gives its upload id.
pub fn upload_small_street(addr: SocketAddr) -> String {
    let toml = b"extends = \"baseline.toml\"\n[population]\ncommunities_per_street = 3\nresidents_per_community = 200\n";
    let (status, body) = http(addr, "POST", "/api/upload?name=small.toml", toml);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v: Value = serde_json::from_slice(&body).unwrap();
    v["upload"].as_str().unwrap().to_string()
}

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub async fn connect(addr: SocketAddr) -> Ws {
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/play/ws"))
        .await
        .expect("cannot open /play/ws");
    ws
}

pub async fn send(ws: &mut Ws, v: &Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

pub async fn send_text(ws: &mut Ws, t: &str) {
    ws.send(Message::Text(t.to_string().into())).await.unwrap();
}

/// The next JSON message (at most a minute).
pub async fn next(ws: &mut Ws) -> Value {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(60), ws.next())
            .await
            .expect("no message within a minute");
        match m {
            Some(Ok(Message::Text(t))) => return serde_json::from_str(t.as_str()).unwrap(),
            Some(Ok(_)) => continue,
            other => panic!("the socket closed: {other:?}"),
        }
    }
}

/// The next message of a type, skipping others; an error on the way fails.
pub async fn next_of(ws: &mut Ws, kind: &str) -> Value {
    loop {
        let m = next(ws).await;
        if m["type"] == kind {
            return m;
        }
        assert!(
            m["type"] != "error" || kind == "error",
            "expected {kind}, got {m}"
        );
    }
}

/// The trainer's connection, controlling a new session of the uploaded street.
pub async fn trainer_creates(
    addr: SocketAddr,
    token: &str,
    upload: &str,
    rounds: u32,
    weeks_per_round: u32,
) -> (Ws, String) {
    let mut t = connect(addr).await;
    send(&mut t, &json!({"type": "trainer", "token": token})).await;
    next_of(&mut t, "sessions").await;
    send(
        &mut t,
        &json!({"type": "create", "scenario": {"upload": upload}, "seed": 5,
                "rounds": rounds, "weeks_per_round": weeks_per_round, "timer_seconds": 0}),
    )
    .await;
    let created = next_of(&mut t, "created").await;
    (t, created["code"].as_str().unwrap().to_string())
}

/// A choice within the role, from what the agent knows (a number from the student's own
/// counter, so runs are reproducible).
pub fn choose(kind: &str, view: &Value, n: u64) -> Value {
    let pick = |k: u64| (n.wrapping_mul(6364136223846793005).wrapping_add(k) >> 33) % 1000;
    match kind {
        "resident" => {
            let mut d = json!({"take_part": pick(1) % 2 == 0});
            if view["new_issue"].is_string() {
                let report = ["offline", "keep"][(pick(2) % 2) as usize];
                d["report"] = json!(report);
            }
            d
        }
        "committee" => {
            let admin = pick(3) as f64 / 2000.0;
            json!({"admin_share": admin, "issues_share": 1.0 - admin, "outreach_share": pick(4) as f64 / 1000.0})
        }
        "office" => {
            let reaction = ["supervision", "resources"][(pick(6) % 2) as usize];
            json!({"access_list": pick(5) as f64 / 1000.0, "reaction": reaction})
        }
        _ => {
            let enter = pick(7) % 3 != 0;
            json!({"enter": enter, "bid": enter && pick(8) % 2 == 0})
        }
    }
}

pub fn download(addr: SocketAddr, code: &str, file: &str, token: &str) -> Vec<u8> {
    let (status, body) = http(
        addr,
        "GET",
        &format!("/api/play/{code}/{file}?token={token}"),
        b"",
    );
    assert_eq!(status, 200, "{file}: {}", String::from_utf8_lossy(&body));
    body
}

/// Replay a log with the library: its trajectories.csv.
pub fn replayed_trajectories(log: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(log).unwrap();
    let mut replayed = cogov::play::PlaySession::replay(text, 80).unwrap().session;
    replayed.trajectories_csv().unwrap()
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cogov-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn only_log(dir: &Path) -> std::path::PathBuf {
    let logs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    logs[0].clone()
}
