//! The play protocol with the real server: 60 simulated students over WebSocket on
//! loopback join by code and act at random within their roles for three rounds: every
//! round closes, no action is lost, and the replay of the decision log gives the server's
//! trajectories byte for byte. Then the same with malformed, oversized, replayed (old
//! round) and other parties' messages mixed in: each is refused and the session is
//! unharmed. Bounded: a small street, three one-week rounds.

mod play_common;

use std::net::SocketAddr;

use play_common::*;
use serde_json::{Value, json};

const STUDENTS: u64 = 60;
const ROUNDS: u64 = 3;

/// What one student saw.
struct Seen {
    player: u64,
    acted: Vec<u64>,
    errors: Vec<Value>,
    sent_wrong: usize,
}

/// The messages a mischievous student sends in a round, besides its action.
fn mischief(round: u64, kind: &str) -> Vec<String> {
    match round {
        1 => vec![
            "{\"type\": \"act\", \"round\": 1, \"decision\": ".into(), // malformed JSON
            format!(
                "{{\"type\":\"act\",\"round\":1,\"decision\":{{\"take_part\":true}},\"pad\":\"{}\"}}",
                "x".repeat(5000)
            ), // oversized
        ],
        2 => vec![
            json!({"type": "act", "round": 1, "decision": {}}).to_string(), // an old round
            json!({"type": "act", "round": 2, "decision": {"agent": 0, "take_part": true}})
                .to_string(), // another agent
        ],
        _ => vec![
            json!({"type": "close_round"}).to_string(), // the trainer's
            json!({"type": "act", "round": 3,
                   "decision": if kind == "office" { json!({"take_part": true}) } else { json!({"split": {}}) }})
            .to_string(), // another role's choice
        ],
    }
}

async fn student(addr: SocketAddr, code: String, i: u64, naughty: bool) -> Seen {
    let mut ws = connect(addr).await;
    send(
        &mut ws,
        &json!({"type": "join", "code": code.to_lowercase(), "pseudonym": format!("s{i}")}),
    )
    .await;
    let joined = next_of(&mut ws, "joined").await;
    let kind = joined["role"]["kind"].as_str().unwrap().to_string();
    let mut seen = Seen {
        player: joined["player"].as_u64().unwrap(),
        acted: Vec::new(),
        errors: Vec::new(),
        sent_wrong: 0,
    };
    loop {
        let m = next(&mut ws).await;
        match m["type"].as_str().unwrap() {
            "view" => {
                let round = m["round"].as_u64().unwrap();
                if naughty {
                    for text in mischief(round, &kind) {
                        send_text(&mut ws, &text).await;
                        seen.sent_wrong += 1;
                    }
                }
                let decision = choose(&kind, &m["view"], i * 100 + round);
                send(
                    &mut ws,
                    &json!({"type": "act", "round": round, "decision": decision}),
                )
                .await;
            }
            "acted" => {
                let round = m["round"].as_u64().unwrap();
                seen.acted.push(round);
                if naughty {
                    // The same action again: already acted (or the round has closed).
                    send(
                        &mut ws,
                        &json!({"type": "act", "round": round, "decision": {}}),
                    )
                    .await;
                    seen.sent_wrong += 1;
                }
            }
            "error" => {
                assert!(naughty, "student {i}: {m}");
                seen.errors.push(m);
            }
            "debrief" => break,
            _ => {}
        }
    }
    // Errors to the last messages may still be on their way.
    while seen.errors.len() < seen.sent_wrong {
        let m = next(&mut ws).await;
        if m["type"] == "error" {
            seen.errors.push(m);
        }
    }
    seen
}

/// One session with 60 students; gives the trainer's round messages and what each saw.
async fn play(
    server: &PlayServer,
    upload: &str,
    naughty: bool,
) -> (String, Vec<Value>, Vec<Seen>, Value) {
    let (mut trainer, code) =
        trainer_creates(server.addr, &server.trainer, upload, ROUNDS as u32, 1).await;
    let students: Vec<_> = (0..STUDENTS)
        .map(|i| tokio::spawn(student(server.addr, code.clone(), i, naughty)))
        .collect();
    // Wait until everyone has joined.
    loop {
        let state = next_of(&mut trainer, "state").await;
        if state["players"].as_array().unwrap().len() as u64 == STUDENTS {
            break;
        }
    }
    send(&mut trainer, &json!({"type": "start"})).await;
    let mut closed = Vec::new();
    let ended = loop {
        let m = next(&mut trainer).await;
        match m["type"].as_str().unwrap() {
            "round_closed" => closed.push(m),
            "debrief" => break m,
            "error" => panic!("trainer: {m}"),
            _ => {}
        }
    };
    let mut seen = Vec::new();
    for s in students {
        seen.push(s.await.unwrap());
    }
    (code, closed, seen, ended)
}

fn check_session(server: &PlayServer, code: &str, closed: &[Value], seen: &[Seen]) {
    assert_eq!(closed.len() as u64, ROUNDS, "every round closed");
    for (r, m) in closed.iter().enumerate() {
        assert_eq!(m["round"], r as u64 + 1);
        assert_eq!(m["acted"].as_array().unwrap().len() as u64, STUDENTS, "{m}");
        assert!(m["defaulted"].as_array().unwrap().is_empty());
        assert_eq!(m["weeks"].as_array().unwrap().len(), 1);
    }
    let mut players: Vec<u64> = seen.iter().map(|s| s.player).collect();
    players.sort();
    assert_eq!(players, (0..STUDENTS).collect::<Vec<_>>());
    for s in seen {
        assert_eq!(
            s.acted,
            (1..=ROUNDS).collect::<Vec<_>>(),
            "player {}",
            s.player
        );
    }
    let log = download(server.addr, code, "decisions.jsonl", &server.trainer);
    let text = String::from_utf8(log.clone()).unwrap();
    let rounds: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["kind"] == "round")
        .collect();
    assert_eq!(rounds.len() as u64, ROUNDS);
    for r in &rounds {
        assert_eq!(
            r["acted"].as_array().unwrap().len() as u64,
            STUDENTS,
            "nothing lost"
        );
    }
    let served = download(server.addr, code, "trajectories.csv", &server.trainer);
    assert_eq!(
        replayed_trajectories(&log),
        served,
        "the replay is byte-identical"
    );
    for kind in ["resident", "committee", "office", "ngo"] {
        let csv = download(server.addr, code, &format!("{kind}.csv"), &server.trainer);
        assert!(
            String::from_utf8(csv).unwrap().lines().count() > 1,
            "{kind}"
        );
    }
}

/// A projector (or the trainer's page) that connects after the game gets, after `state`,
/// the `history` (every closed week as the rounds' `round_closed` gave it) and the
/// `debrief` (as at the end).
async fn history_is_every_closed_week(
    server: &PlayServer,
    code: &str,
    closed: &[Value],
    ended: &Value,
) {
    let weeks: Vec<&Value> = closed
        .iter()
        .flat_map(|m| m["weeks"].as_array().unwrap())
        .collect();
    assert_eq!(weeks.len() as u64, ROUNDS);
    let mut projector = connect(server.addr).await;
    send(&mut projector, &json!({"type": "watch", "code": code})).await;
    assert_eq!(next(&mut projector).await["type"], "state");
    let history = next(&mut projector).await;
    assert_eq!(history["type"], "history", "{history}");
    let shown: Vec<&Value> = history["weeks"].as_array().unwrap().iter().collect();
    assert_eq!(shown, weeks, "the history is the closed weeks, in order");
    let numbers: Vec<u64> = shown.iter().map(|w| w["week"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=ROUNDS).collect::<Vec<_>>());
    assert_eq!(&next(&mut projector).await, ended, "the debrief again");
    let mut trainer = connect(server.addr).await;
    send(
        &mut trainer,
        &json!({"type": "trainer", "token": server.trainer, "code": code}),
    )
    .await;
    assert_eq!(next(&mut trainer).await["type"], "sessions");
    assert_eq!(next(&mut trainer).await["type"], "state");
    assert_eq!(
        next(&mut trainer).await,
        history,
        "the trainer's page gets the same"
    );
    assert_eq!(&next(&mut trainer).await, ended);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_students_play_three_rounds_and_bad_messages_change_nothing() {
    let dir = temp_dir("play-protocol");
    let server = PlayServer::start(
        0,
        &["--play-dir", dir.to_str().unwrap(), "--max-players", "60"],
    );
    let upload = upload_small_street(server.addr);

    let (code, closed, seen, ended) = play(&server, &upload, false).await;
    assert_eq!(code, server.code, "the first session has the printed code");
    check_session(&server, &code, &closed, &seen);
    history_is_every_closed_week(&server, &code, &closed, &ended).await;

    // A full session refuses the 61st student, naming the code.
    let mut late = connect(server.addr).await;
    send(
        &mut late,
        &json!({"type": "join", "code": code, "pseudonym": "late"}),
    )
    .await;
    let refused = next_of(&mut late, "error").await;
    assert_eq!(refused["field"], "code", "{refused}");

    let (code2, closed, seen, _) = play(&server, &upload, true).await;
    assert_ne!(code2, code);
    check_session(&server, &code2, &closed, &seen);
    for s in &seen {
        assert_eq!(
            s.errors.len(),
            s.sent_wrong,
            "player {}: {:?}",
            s.player,
            s.errors
        );
        let fields: Vec<&Value> = s.errors.iter().map(|e| &e["field"]).collect();
        assert!(fields.contains(&&json!("decision.agent")), "{fields:?}");
        assert!(fields.contains(&&json!("round")), "{fields:?}");
        assert!(fields.contains(&&json!("type")), "{fields:?}");
        assert!(
            s.errors
                .iter()
                .any(|e| e["message"].as_str().unwrap().contains("too long")),
            "{:?}",
            s.errors
        );
    }

    // A wrong trainer token and another host's page are refused.
    let mut bad = connect(server.addr).await;
    send(
        &mut bad,
        &json!({"type": "trainer", "token": "0".repeat(32)}),
    )
    .await;
    assert_eq!(next_of(&mut bad, "error").await["field"], "token");
    let (status, _) = origin_upgrade(server.addr, "http://evil.example");
    assert_eq!(status, 403);
    let (status, _) = http(
        server.addr,
        "GET",
        &format!("/api/play/{code}/decisions.jsonl?token=nope"),
        b"",
    );
    assert_eq!(status, 403);
    let (status, body) = http(server.addr, "GET", &format!("/api/play/{code}/qr.svg"), b"");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("<svg"));

    // Two sessions at most: ended ones make room, two in play refuse a third.
    let mut t = connect(server.addr).await;
    send(&mut t, &json!({"type": "trainer", "token": server.trainer})).await;
    next_of(&mut t, "sessions").await;
    let create = json!({"type": "create", "scenario": {"upload": upload}});
    for _ in 0..2 {
        send(&mut t, &create).await;
        next_of(&mut t, "created").await;
    }
    send(&mut t, &create).await;
    let full = next_of(&mut t, "error").await;
    assert!(
        full["message"].as_str().unwrap().contains("at most 2"),
        "{full}"
    );
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A WebSocket upgrade from a page of another host: (status, head).
fn origin_upgrade(addr: SocketAddr, origin: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let req = format!(
        "GET /play/ws HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = [0u8; 512];
    let n = s.read(&mut buf).unwrap();
    let head = String::from_utf8_lossy(&buf[..n]).to_string();
    (head.split(' ').nth(1).unwrap().parse().unwrap(), head)
}

/// `--lan` listens on the local network and prints the address phones use (or, on a
/// machine with no network, says so and exits).
#[test]
fn lan_prints_the_address_students_use() {
    let dir = temp_dir("play-lan");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(["serve", "--lan", "--port", "0", "--play-dir"])
        .arg(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    if first.is_empty() {
        let status = child.wait().unwrap();
        let mut err = String::new();
        use std::io::Read;
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(!status.success());
        assert!(err.contains("network"), "{err}");
        assert!(err.contains("--lan-address"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let addr: SocketAddr = first
        .trim()
        .strip_prefix("cogov serve: http://")
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap();
    assert!(!addr.ip().is_loopback(), "{addr}");
    let mut students = String::new();
    out.read_line(&mut students).unwrap();
    assert!(
        students.contains(&format!("http://{addr}/play/phone.html?code=")),
        "{students}"
    );
    let mut code = String::new();
    out.read_line(&mut code).unwrap();
    let mut trainer = String::new();
    out.read_line(&mut trainer).unwrap();
    assert!(
        trainer.contains(&format!(
            "http://127.0.0.1:{}/play/trainer.html#token=",
            addr.port()
        )),
        "{trainer}"
    );
    // Both the LAN address and this computer's loopback answer.
    let local: SocketAddr = format!("127.0.0.1:{}", addr.port()).parse().unwrap();
    for a in [addr, local] {
        let (status, _) = http(a, "GET", "/api/play/meta", b"");
        assert_eq!(status, 200);
    }
    // The classroom page's sessions stay this computer's: from the network (the LAN
    // address is not loopback) they are refused, from 127.0.0.1 they are reached.
    let (status, body) = http(addr, "GET", "/api/session/x/report.html", b"");
    assert_eq!(status, 403, "{body:?}");
    let (status, _) = http(local, "GET", "/api/session/x/report.html", b"");
    assert_ne!(status, 403);
    let (status, _) = http(addr, "POST", "/api/upload", b"x = 1");
    assert_eq!(status, 403);
    // Nothing else listens: not another loopback address (127.0.0.2 reaches this
    // computer too, and would answer a server bound to every address), not any other
    // address of this computer. A machine with one network address has only 127.0.0.2
    // and its IPv6 ones to try; link-local IPv6 needs an interface scope and is skipped.
    let others = not_served(addr.ip());
    assert!(others.contains(&"127.0.0.2".parse().unwrap()));
    for ip in others {
        let at = SocketAddr::new(ip, addr.port());
        let refused = std::net::TcpStream::connect_timeout(&at, std::time::Duration::from_secs(2));
        assert!(
            refused.is_err(),
            "{at} answers: only 127.0.0.1 and {addr} should"
        );
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The addresses a `--lan` server on `chosen` must not answer on: 127.0.0.2 and every
/// address of this computer but 127.0.0.1 and `chosen` (no link-local IPv6).
fn not_served(chosen: std::net::IpAddr) -> Vec<std::net::IpAddr> {
    let mut ips: Vec<std::net::IpAddr> = vec!["127.0.0.2".parse().unwrap()];
    for i in if_addrs::get_if_addrs().unwrap() {
        let ip = i.ip();
        let scoped = matches!(ip, std::net::IpAddr::V6(v6) if v6.is_unicast_link_local());
        if ip != chosen && ip.to_string() != "127.0.0.1" && !scoped && !ips.contains(&ip) {
            ips.push(ip);
        }
    }
    ips
}

/// This computer's addresses that phones could reach (what `--lan-address` accepts).
fn network_addresses() -> Vec<std::net::IpAddr> {
    if_addrs::get_if_addrs()
        .unwrap()
        .iter()
        .map(if_addrs::Interface::ip)
        .filter(|ip| match ip {
            std::net::IpAddr::V4(v4) => !v4.is_loopback() && !v4.is_link_local(),
            std::net::IpAddr::V6(v6) => !v6.is_loopback() && !v6.is_unicast_link_local(),
        })
        .collect()
}

/// `cogov serve` with these arguments, expected to refuse: (exit status, standard error).
fn serve_refuses(args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cogov"))
        .arg("serve")
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// `--lan-address` takes one of this computer's network addresses only; anything else is
/// refused before listening, naming the flag and listing the valid ones. A valid one is
/// where students go (and, with 127.0.0.1, the only address that answers).
#[test]
fn lan_address_must_be_one_of_this_computers() {
    let dir = temp_dir("play-lan-address");
    let valid = network_addresses();
    let play_dir = dir.to_str().unwrap();
    for wrong in ["203.0.113.9", "127.0.0.1", "0.0.0.0"] {
        let (status, err) = serve_refuses(&[
            "--lan-address",
            wrong,
            "--port",
            "0",
            "--play-dir",
            play_dir,
        ]);
        assert_eq!(status, Some(2), "{err}");
        assert!(err.contains(&format!("--lan-address {wrong}")), "{err}");
        for ip in &valid {
            assert!(err.contains(&ip.to_string()), "{ip} is not listed: {err}");
        }
        if valid.is_empty() {
            assert!(err.contains("connect this computer"), "{err}");
        }
    }
    let written = std::fs::read_dir(&dir).map_or(0, |d| d.count());
    assert_eq!(written, 0, "a refused start wrote into {}", dir.display());
    let Some(chosen) = valid.first() else {
        // No network on this machine: nothing valid to choose.
        let _ = std::fs::remove_dir_all(&dir);
        return;
    };
    let server = PlayServer::start(
        0,
        &["--lan-address", &chosen.to_string(), "--play-dir", play_dir],
    );
    assert_eq!(server.addr.ip(), *chosen);
    let (status, _) = http(server.addr, "GET", "/api/play/meta", b"");
    assert_eq!(status, 200);
    for ip in not_served(*chosen) {
        let at = SocketAddr::new(ip, server.addr.port());
        let refused = std::net::TcpStream::connect_timeout(&at, std::time::Duration::from_secs(2));
        assert!(
            refused.is_err(),
            "{at} answers: only 127.0.0.1 and {chosen} should"
        );
    }
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A student's connection and who the server said they are.
struct Seat {
    ws: play_common::Ws,
    token: String,
    player: u64,
    kind: String,
}

/// The student's `view` of `round` (earlier ones skipped).
async fn view_of(ws: &mut play_common::Ws, round: u64) -> Value {
    loop {
        let m = next_of(ws, "view").await;
        if m["round"] == round {
            return m;
        }
    }
}

async fn act_in(seat: &mut Seat, round: u64) {
    let view = view_of(&mut seat.ws, round).await;
    let decision = choose(&seat.kind, &view["view"], seat.player * 10 + round);
    send(
        &mut seat.ws,
        &json!({"type": "act", "round": round, "decision": decision}),
    )
    .await;
    assert_eq!(next_of(&mut seat.ws, "acted").await["round"], round);
}

/// The `history` a page gets on `watch` (after `state`).
async fn watched_history(addr: SocketAddr, code: &str) -> Value {
    let mut projector = connect(addr).await;
    send(&mut projector, &json!({"type": "watch", "code": code})).await;
    assert_eq!(next(&mut projector).await["type"], "state");
    let history = next(&mut projector).await;
    assert_eq!(history["type"], "history", "{history}");
    history
}

/// `history`'s `last_round` has the lists its `round_closed` sent.
fn is_the_round_closed(last: &Value, closed: &Value) {
    assert_eq!(last["round"], closed["round"], "{last}");
    for list in ["acted", "defaulted"] {
        assert_eq!(last[list], closed[list], "{list}: {last} vs {closed}");
    }
    let week = &closed["weeks"][0]["week"];
    assert_eq!(last["weeks"], json!([week, week]), "{last}");
}

/// A projector or trainer page that reconnects mid-game gets, in `history`, the last
/// closed round's lists (who acted, whom the model played) as its `round_closed` sent
/// them; a phone that comes back after the end gets the debrief the class saw.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnects_get_the_last_round_summary_and_after_the_end_the_debrief() {
    let dir = temp_dir("play-reconnect");
    let server = PlayServer::start(0, &["--play-dir", dir.to_str().unwrap()]);
    let upload = upload_small_street(server.addr);
    let (mut trainer, code) = trainer_creates(server.addr, &server.trainer, &upload, 3, 1).await;
    let mut seats = Vec::new();
    for i in 0..3 {
        let mut ws = connect(server.addr).await;
        send(
            &mut ws,
            &json!({"type": "join", "code": code, "pseudonym": format!("r{i}")}),
        )
        .await;
        let joined = next_of(&mut ws, "joined").await;
        seats.push(Seat {
            ws,
            token: joined["token"].as_str().unwrap().to_string(),
            player: joined["player"].as_u64().unwrap(),
            kind: joined["role"]["kind"].as_str().unwrap().to_string(),
        });
    }
    loop {
        let state = next_of(&mut trainer, "state").await;
        if state["players"].as_array().unwrap().len() == 3 {
            break;
        }
    }
    let none = watched_history(server.addr, &code).await;
    assert_eq!(none["last_round"], Value::Null, "no round closed yet");

    // Round 1: two act, the trainer closes it: the model plays the third.
    send(&mut trainer, &json!({"type": "start"})).await;
    for seat in &mut seats[..2] {
        act_in(seat, 1).await;
    }
    send(&mut trainer, &json!({"type": "close_round"})).await;
    let first = next_of(&mut trainer, "round_closed").await;
    assert_eq!(first["defaulted"], json!([seats[2].player]), "{first}");
    let history = watched_history(server.addr, &code).await;
    is_the_round_closed(&history["last_round"], &first);

    // Round 2: only the third acts.
    act_in(&mut seats[2], 2).await;
    send(&mut trainer, &json!({"type": "close_round"})).await;
    let second = next_of(&mut trainer, "round_closed").await;
    assert_eq!(second["acted"], json!([seats[2].player]), "{second}");
    assert_eq!(second["defaulted"].as_array().unwrap().len(), 2);
    let history = watched_history(server.addr, &code).await;
    is_the_round_closed(&history["last_round"], &second);
    assert_eq!(history["weeks"].as_array().unwrap().len(), 2);
    let mut again = connect(server.addr).await;
    send(
        &mut again,
        &json!({"type": "trainer", "token": server.trainer, "code": code}),
    )
    .await;
    assert_eq!(
        next_of(&mut again, "history").await,
        history,
        "the trainer's page gets the same"
    );

    // The trainer ends the game; a phone that reloads afterwards gets the debrief.
    send(&mut trainer, &json!({"type": "end"})).await;
    let ended = next_of(&mut trainer, "debrief").await;
    let mut seat = seats.remove(0);
    assert_eq!(
        next_of(&mut seat.ws, "debrief").await,
        ended,
        "live phones get it"
    );
    drop(seat.ws);
    let mut back = connect(server.addr).await;
    send(&mut back, &json!({"type": "rejoin", "token": seat.token})).await;
    let joined = next(&mut back).await;
    assert_eq!(joined["type"], "joined", "{joined}");
    assert_eq!(joined["player"], seat.player);
    let state = next(&mut back).await;
    assert_eq!(state["type"], "state");
    assert_eq!(state["phase"], "debrief");
    assert_eq!(
        next(&mut back).await,
        ended,
        "the returning phone gets the debrief"
    );
    // Nobody new joins an ended session, and the returning phone cannot act in it.
    send(
        &mut back,
        &json!({"type": "act", "round": 3, "decision": {}}),
    )
    .await;
    assert_eq!(next_of(&mut back, "error").await["field"], "round");
    let mut late = connect(server.addr).await;
    send(
        &mut late,
        &json!({"type": "join", "code": code, "pseudonym": "late"}),
    )
    .await;
    assert_eq!(next_of(&mut late, "error").await["field"], "code");
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
