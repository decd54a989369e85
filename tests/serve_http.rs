//! `cogov serve` over HTTP and WebSocket, with the real binary: the page's files, the
//! catalogue, uploads, downloads, the live stream, and every kind of bad input (unknown
//! scenario, out-of-range and non-numeric values, malformed JSON, huge upload, TOML with
//! errors, too many sessions). Each is a 4xx or an error message naming what is wrong, and
//! the server is still alive afterwards and stops cleanly on SIGTERM.

mod serve_common;

use serde_json::{Value, json};
use serve_common::{Server, Socket, http};

#[test]
fn page_files_and_catalogue_are_served() {
    let server = Server::start(&[]);
    let (status, head, body) = http(server.addr, "GET", "/", b"");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{head}"
    );
    assert!(String::from_utf8_lossy(&body).contains("app.js"));
    for path in [
        "/app.js",
        "/charts.js",
        "/style.css",
        "/vendor/uPlot.esm.js",
        "/vendor/uPlot.LICENSE",
    ] {
        let (status, _, body) = http(server.addr, "GET", path, b"");
        assert_eq!(status, 200, "{path}");
        assert!(!body.is_empty(), "{path}");
    }
    let (status, _, body) = http(server.addr, "GET", "/api/meta", b"");
    assert_eq!(status, 200);
    let meta: Value = serde_json::from_slice(&body).unwrap();
    let names: Vec<&str> = meta["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "baseline", "{names:?}");
    assert!(names.contains(&"devolution"), "{names:?}");
    assert!(!meta["levers"].as_array().unwrap().is_empty());
    assert!(
        meta["levers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.to_string().contains("office.access_list"))
    );
    assert_eq!(meta["strings"]["zh"]["web_fork"], "如果现在改革会怎样?");
    assert_eq!(meta["palette"][0], "#333333");
    server.stop();
}

#[test]
fn bad_http_requests_are_refused_with_their_field() {
    let server = Server::start(&[]);
    let (status, _, body) = http(server.addr, "GET", "/no/such/file.js", b"");
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("no such page or file"));

    let (status, _, body) = http(server.addr, "GET", "/api/meta?lang=fr", b"");
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["field"], "lang");
    assert!(answer["error"].as_str().unwrap().contains("en or zh"));

    let (status, _, body) = http(
        server.addr,
        "GET",
        "/api/session/nope/trajectories.csv?token=x",
        b"",
    );
    assert_eq!(status, 404);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["field"],
        "session"
    );
    assert!(server.alive());
    server.stop();
}

#[test]
fn uploads_are_checked_by_the_scenario_loader() {
    let server = Server::start(&[]);
    // A TOML with an unknown key: the loader's message, with the file, line and key.
    let bad = b"title.en = \"Mine\"\n[population]\nresidents = \"many\"\n";
    let (status, _, body) = http(server.addr, "POST", "/api/upload?name=mine.toml", bad);
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let message = answer["error"].as_str().unwrap();
    assert!(message.contains("mine.toml:3:1"), "{message}");
    assert!(message.contains("population.residents"), "{message}");
    assert_eq!(answer["field"], "file");

    // Not TOML at all.
    let (status, _, body) = http(server.addr, "POST", "/api/upload?name=x.toml", b"[[[");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("x.toml:1"));

    // Out of range: the loader names the key and the valid range.
    let (status, _, body) = http(
        server.addr,
        "POST",
        "/api/upload?name=r.toml",
        b"[population]\ncommitted_share = 7.5\n",
    );
    assert_eq!(status, 400);
    let message = serde_json::from_slice::<Value>(&body).unwrap()["error"].to_string();
    assert!(message.contains("committed_share"), "{message}");

    // Not UTF-8.
    let (status, _, body) = http(
        server.addr,
        "POST",
        "/api/upload?name=b.toml",
        b"a = \"\xff\"\n",
    );
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("UTF-8"));

    // A huge upload: refused before it is read, naming the limit.
    let huge = vec![b'#'; 300 * 1024];
    let (status, _, body) = http(server.addr, "POST", "/api/upload?name=huge.toml", &huge);
    assert_eq!(status, 413);
    assert!(
        String::from_utf8_lossy(&body).contains("256 KiB"),
        "{}",
        String::from_utf8_lossy(&body)
    );

    // A good file that extends a built-in scenario.
    let good = b"extends = \"devolution.toml\"\ntitle.en = \"Mine\"\n[office]\naccess_list = 0.5\n";
    let (status, _, body) = http(server.addr, "POST", "/api/upload?name=mine.toml", good);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert!(answer["upload"].as_str().unwrap().starts_with("u-"));
    assert_eq!(answer["title"]["en"], "Mine");
    assert!(server.alive());
    server.stop();
}

/// A start message for a small, quick session.
fn start(scenarios: &[&str]) -> Value {
    json!({
        "type": "start",
        "scenarios": scenarios.iter().map(|s| json!({"library": s})).collect::<Vec<_>>(),
        "replicates": 2,
        "seed": 5,
    })
}

#[test]
fn bad_messages_get_errors_naming_the_field() {
    let server = Server::start(&[]);
    let mut ws = Socket::connect(server.addr);
    let cases: Vec<(String, Option<&str>, &str)> = vec![
        ("{not json".into(), None, "not valid JSON"),
        (
            r#"{"type":"launch"}"#.into(),
            Some("type"),
            "unknown variant",
        ),
        (
            r#"{"type":"play","speed":"fast"}"#.into(),
            Some("speed"),
            "invalid type",
        ),
        (
            r#"{"type":"speed","speed":100000}"#.into(),
            Some("speed"),
            "valid range",
        ),
        (
            json!({"type":"start","scenarios":[{"library":"no_such_scenario"}]}).to_string(),
            Some("scenarios[0]"),
            "the library has baseline",
        ),
        (
            json!({"type":"start","scenarios":[{"library":"baseline"}],"replicates":"ten"})
                .to_string(),
            Some("replicates"),
            "invalid type",
        ),
        (
            json!({"type":"start","scenarios":[{"library":"baseline"}],"replicates":0}).to_string(),
            Some("replicates"),
            "valid range 1 to 50",
        ),
        (
            json!({"type":"start","scenarios":[{"upload":"u-gone"}]}).to_string(),
            Some("scenarios[0]"),
            "upload it again",
        ),
        (r#"{"type":"step"}"#.into(), None, "no session yet"),
        (
            format!(r#"{{"type":"pause","pad":"{}"}}"#, "x".repeat(20_000)),
            None,
            "message too long",
        ),
    ];
    for (message, field, words) in cases {
        ws.send(&message);
        let answer = ws.next_of("error");
        assert_eq!(answer["field"].as_str(), field, "{message:.80}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(words),
            "{message:.80}: {answer}"
        );
    }
    ws.send_binary(b"\x00\x01");
    assert!(
        ws.next_of("error")["message"]
            .as_str()
            .unwrap()
            .contains("JSON text")
    );
    assert!(server.alive());
    server.stop();
}

#[test]
fn a_session_streams_forks_and_downloads() {
    let server = Server::start(&[]);
    let mut ws = Socket::connect(server.addr);
    ws.send(&start(&["baseline", "devolution"]).to_string());
    let state = ws.next_of("state");
    assert_eq!(state["week"], 0);
    assert_eq!(state["series"].as_array().unwrap().len(), 2);
    let metrics = state["metrics"].as_array().unwrap().len();
    let (id, token) = (
        state["session"].as_str().unwrap(),
        state["token"].as_str().unwrap(),
    );
    for week in 1..=3 {
        ws.send(r#"{"type":"step"}"#);
        let frame = ws.next_of("frame");
        assert_eq!(frame["week"], week);
        let series = frame["series"].as_array().unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].as_array().unwrap().len(), metrics);
    }

    // Out-of-range and non-numeric lever values are refused by the live session, naming
    // the key; nothing is forked.
    ws.send(
        &json!({"type":"fork","series":0,"changes":[{"key":"office.access_list","value":-0.5}]})
            .to_string(),
    );
    let e = ws.next_of("error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("office.access_list"),
        "{e}"
    );
    ws.send(
        &json!({"type":"fork","series":0,"changes":[{"key":"office.access_list","value":"lots"}]})
            .to_string(),
    );
    let e = ws.next_of("error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("office.access_list"),
        "{e}"
    );
    ws.send(
        &json!({"type":"fork","series":9,"changes":[{"key":"office.access_list","value":0.5}]})
            .to_string(),
    );
    assert!(ws.next_of("error")["message"].as_str().is_some());

    ws.send(
        &json!({"type":"fork","series":0,"changes":[{"key":"office.access_list","value":0.5}]})
            .to_string(),
    );
    let forked = ws.next_of("forked");
    assert_eq!(forked["series"].as_array().unwrap().len(), 3);
    assert_eq!(forked["series"][2]["forked_from"], 0);
    ws.send(r#"{"type":"step"}"#);
    let frame = ws.next_of("frame");
    assert_eq!(frame["week"], 4);
    assert_eq!(frame["series"].as_array().unwrap().len(), 3);

    ws.send(r#"{"type":"community","series":0,"community":0}"#);
    let view = ws.next_of("community");
    assert_eq!(view["dots"].as_str().unwrap().len(), 3000, "{view:.200}");
    assert!(view["hours"]["admin"].as_f64().unwrap() >= 0.0);
    ws.send(r#"{"type":"community","series":0,"community":100000}"#);
    assert_eq!(ws.next_of("error")["field"], "community");
    // The bad community was not watched: the next week comes with community 0's view.
    ws.send(r#"{"type":"step"}"#);
    assert_eq!(ws.next_of("frame")["week"], 5);
    assert_eq!(ws.next_of("community")["week"], 5);

    // Downloads need the token; the scenario file of the fork carries its intervention.
    let path = format!("/api/session/{id}/scenario.toml?token={token}&series=2");
    let (status, head, body) = http(server.addr, "GET", &path, b"");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert!(head.to_ascii_lowercase().contains("attachment"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("interventions"));
    let (status, _, body) = http(
        server.addr,
        "GET",
        &format!("/api/session/{id}/trajectories.csv?token={token}"),
        b"",
    );
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).starts_with("scenario"));
    let (status, _, body) = http(
        server.addr,
        "GET",
        &format!("/api/session/{id}/trajectories.csv?token=wrong"),
        b"",
    );
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) = http(
        server.addr,
        "GET",
        &format!("/api/session/{id}/secrets.txt?token={token}"),
        b"",
    );
    assert_eq!(status, 404);

    // Another page cannot take the session without its token.
    let mut other = Socket::connect(server.addr);
    other.send(&json!({"type":"attach","session":id,"token":"0".repeat(32)}).to_string());
    assert!(
        other.next_of("error")["message"]
            .as_str()
            .unwrap()
            .contains("token")
    );

    ws.send(r#"{"type":"reset"}"#);
    let state = ws.next_of("state");
    assert_eq!(state["week"], 0);
    assert_eq!(state["series"].as_array().unwrap().len(), 2);
    server.stop();
}

#[test]
fn too_many_sessions_is_a_clear_message() {
    let server = Server::start(&["--max-sessions", "1"]);
    let mut first = Socket::connect(server.addr);
    first.send(&start(&["baseline"]).to_string());
    first.next_of("state");
    let mut second = Socket::connect(server.addr);
    second.send(&start(&["baseline"]).to_string());
    let e = second.next_of("error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("too many live sessions"),
        "{e}"
    );
    // The first page starting again replaces its own session: still room for it.
    first.send(&start(&["devolution"]).to_string());
    let state = first.next_of("state");
    // When the first page goes, its session is kept for it to come back (a reload)...
    drop(first);
    let mut again = Socket::connect(server.addr);
    again.send(
        &json!({"type": "attach", "session": state["session"], "token": state["token"]})
            .to_string(),
    );
    assert_eq!(again.next_of("state")["session"], state["session"]);
    // ...but a page that left makes room for a new one when the server is full.
    drop(again);
    std::thread::sleep(std::time::Duration::from_millis(300));
    second.send(&start(&["baseline"]).to_string());
    second.next_of("state");
    assert!(server.alive());
    server.stop();
}

#[test]
fn commands_beyond_the_rate_are_refused() {
    let server = Server::start(&[]);
    let mut ws = Socket::connect(server.addr);
    for _ in 0..100 {
        ws.send(r#"{"type":"pause"}"#);
    }
    let mut refused = 0;
    for _ in 0..100 {
        let m = ws.next();
        if m["type"] == "error" {
            assert!(
                m["message"].as_str().unwrap().contains("too many commands"),
                "{m}"
            );
            refused += 1;
        }
    }
    assert!(
        refused >= 40,
        "only {refused} of 100 quick commands refused"
    );
    assert!(server.alive());
    server.stop();
}

#[test]
fn levers_set_before_the_start_change_the_scenario_or_are_refused_by_field() {
    let server = Server::start(&[]);
    let mut ws = Socket::connect(server.addr);
    ws.send(&start(&["baseline", "devolution"]).to_string());
    let state = ws.next_of("state");
    assert_eq!(state["in_force"].as_array().unwrap().len(), 2);
    let set = |key: &str, value: Value| {
        json!({"type":"set","series":1,"changes":[{"key":key,"value":value}]}).to_string()
    };
    // Out of range, a misspelt key, a wrong type: each refused naming the field.
    for (message, field, words) in [
        (
            set("office.access_list", json!(1.5)),
            "changes.office.access_list",
            "[0, 1]",
        ),
        (
            set("office.acess_list", json!(0.5)),
            "changes.office.acess_list",
            "access_list",
        ),
        (
            set("committee.authority", json!("high")),
            "changes.committee.authority",
            "number",
        ),
    ] {
        ws.send(&message);
        let e = ws.next_of("error");
        assert_eq!(e["field"].as_str(), Some(field), "{message}: {e}");
        assert!(
            e["message"].as_str().unwrap().contains(words),
            "{message}: {e}"
        );
    }
    // A valid one: the scenario changes (no fork), and the series shows it in force.
    ws.send(&set("office.access_list", json!(0.85)));
    let state = ws.next_of("state");
    assert_eq!(state["series"].as_array().unwrap().len(), 2, "{state}");
    assert_eq!(state["in_force"][1]["office.access_list"], 0.85, "{state}");
    let (id, token) = (
        state["session"].as_str().unwrap(),
        state["token"].as_str().unwrap(),
    );
    let (status, _, body) = http(
        server.addr,
        "GET",
        &format!("/api/session/{id}/scenario.toml?token={token}&series=1"),
        b"",
    );
    assert_eq!(status, 200);
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.lines().any(|l| l.trim() == "access_list = 0.85"),
        "{text}"
    );
    // After the first week, only a fork changes a run.
    ws.send(r#"{"type":"step"}"#);
    ws.next_of("frame");
    ws.send(&set("office.access_list", json!(0.5)));
    let e = ws.next_of("error");
    assert_eq!(e["field"].as_str(), Some("week"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("fork"), "{e}");
    assert!(server.alive());
    server.stop();
}
