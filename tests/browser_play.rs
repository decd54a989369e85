//! The participatory mode's pages in real headless Chromium, driven through WebDriver
//! (chromedriver), as a class would use them: the trainer's page (with the token from the
//! terminal) opens a game, four students on phone-sized screens (separate browser
//! sessions, so separate localStorage) join by the join code from the projector, take
//! their roles and play three rounds (the trainer closes round 1 before the last has
//! decided); one drops in round 2 (navigates away: the model takes over their agent) and
//! rejoins with the same identity in round 3; a
//! refused action shows its message; the trainer's page survives a reload; the projector
//! page's charts advance one point per week; the trainer sets a timer and ends the game in
//! round 4; the debrief shows the class's and the model's trajectories. Screenshots go to target/screenshots/ (and to docs/screenshots/
//! with COGOV_SCREENSHOTS=1).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without them
//! the test fails saying what to install, unless COGOV_SKIP_BROWSER=1 is set.

mod browser_common;
mod serve_common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use browser_common::{Driver, click, find_program, js};
use fantoccini::{Client, ClientBuilder, Locator, key::Key};
use serde_json::{Value, json};
use serve_common::http;

/// The game's rounds: three played by the students, the fourth ended by the trainer.
const ROUNDS: u64 = 4;
const STUDENTS: usize = 4;

/// `cogov serve --port 0` with what its terminal says: the address and the trainer's URL.
struct PlayServer {
    addr: SocketAddr,
    trainer_url: String,
    child: Child,
}

impl PlayServer {
    fn start(play_dir: &Path) -> PlayServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cogov"))
            .args(["serve", "--port", "0", "--play-dir"])
            .arg(play_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start cogov serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = Vec::new();
        let (mut addr, mut trainer_url) = (None, None);
        while trainer_url.is_none() {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("cogov serve ended its output early: {seen:?}"))
                .unwrap();
            if let Some(url) = line.trim().strip_prefix("cogov serve: http://") {
                addr = Some(url.trim_end_matches('/').parse().unwrap());
            }
            if let Some(url) = line.trim().strip_prefix("trainer:") {
                trainer_url = Some(url.trim().to_string());
            }
            seen.push(line);
            assert!(seen.len() < 40, "no trainer line in {seen:?}");
        }
        // Keep reading the terminal so the server never writes into a closed pipe.
        std::thread::spawn(move || for _ in lines {});
        PlayServer {
            addr: addr.unwrap_or_else(|| panic!("no address line in {seen:?}")),
            trainer_url: trainer_url.unwrap(),
            child,
        }
    }
}

impl Drop for PlayServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser session with its own profile (its own localStorage), `width`×`height`; a
/// phone's screen is emulated (headless windows are never narrower than 500 px).
async fn browser(driver: &Driver, profile: &Path, width: u32, height: u32, phone: bool) -> Client {
    let chromium = find_program("chromium").unwrap_or_else(|| "/usr/bin/chromium".into());
    let mut caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ],
        }
    });
    if phone {
        caps["goog:chromeOptions"]["mobileEmulation"] = json!({
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": true},
        });
    }
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("cannot start Chromium through chromedriver")
}

/// Wait until `expr` is true in the page; `what` names the page in a failure.
async fn wait_for(c: &Client, what: &str, expr: &str) {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        if js(c, expr).await == Value::Bool(true) {
            return;
        }
        if Instant::now() > until {
            let problem = js(c, "(document.getElementById('problem') || {}).hidden === false ? document.getElementById('problem-text').textContent : null").await;
            panic!("{what}: timed out waiting for {expr} (problem shown: {problem})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn screenshot(c: &Client, name: &str) {
    // The Chinese font (for the language button's 中文) is fetched only where a glyph
    // needs it; ask for it so the picture does not catch it on its way.
    c.execute(
        "return document.fonts.load('16px \"WenQuanYi Micro Hei\"', '中文').then(() => true);",
        vec![],
    )
    .await
    .unwrap();
    c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    let png = c.screenshot().await.unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join(name), &png).unwrap();
    if std::env::var("COGOV_SCREENSHOTS").is_ok_and(|v| v == "1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::write(docs.join(name), &png).unwrap();
    }
}

/// A student's phone: its browser, its pseudonym, and what the server gave it.
struct Phone {
    c: Client,
    name: String,
    player: u64,
    kind: String,
}

/// Open the join address (as from the QR code), check the code is prefilled, join.
async fn join(c: Client, join_url: &str, code: &str, name: &str) -> Phone {
    c.goto(join_url).await.unwrap();
    wait_for(&c, name, "document.body.dataset.ready === 'true'").await;
    assert_eq!(js(&c, "document.getElementById('code').value").await, code);
    let field = c.find(Locator::Id("pseudonym")).await.unwrap();
    field.send_keys(name).await.unwrap();
    click(&c, "#join-button").await;
    wait_for(
        &c,
        name,
        "window.cogovPlay.player !== null && window.cogovPlay.role !== null",
    )
    .await;
    let player = js(&c, "window.cogovPlay.player").await.as_u64().unwrap();
    let kind = js(&c, "window.cogovPlay.role.kind").await;
    assert_eq!(
        js(&c, "localStorage.getItem('cogov-play-token') === window.cogovPlay.token && /^[0-9a-f]{32}$/.test(window.cogovPlay.token)").await,
        true,
        "{name}: the token is kept in localStorage"
    );
    Phone {
        c,
        name: name.to_string(),
        player,
        kind: kind.as_str().unwrap().to_string(),
    }
}

/// The phone's layout on a 360 px screen: nothing wider than the screen, and every
/// control a student touches at least 44 × 44 px.
async fn check_touch_layout(p: &Phone) {
    let width = js(&p.c, "document.documentElement.scrollWidth").await;
    assert!(
        width.as_f64().unwrap() <= 360.0,
        "{}: the page is {width} px wide",
        p.name
    );
    let small = js(
        &p.c,
        "[...document.querySelectorAll('#player button, #player .choices label, #player .check label, #player summary, #player input[type=range]')].filter(e => e.offsetParent !== null).map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim() || e.tagName, r.width, r.height]; }).filter(([, w, h]) => w < 44 || h < 44)",
    )
    .await;
    assert_eq!(small, json!([]), "{}: touch targets under 44 px", p.name);
}

/// Decide this round through the page's controls (a click on a choice, a slider moved with
/// the keyboard) and press "done"; wait until the server confirms.
async fn decide(p: &Phone, round: u64) {
    wait_for(
        &p.c,
        &p.name,
        &format!("window.cogovPlay.view !== null && window.cogovPlay.view.round === {round} && !document.getElementById('decide').hidden"),
    )
    .await;
    let fields = js(
        &p.c,
        "[...document.querySelectorAll('#controls fieldset')].map(f => f.dataset.field)",
    )
    .await;
    let fields: Vec<String> = serde_json::from_value(fields).unwrap();
    assert!(!fields.is_empty(), "{}: no controls for {}", p.name, p.kind);
    match p.kind.as_str() {
        "resident" => {
            // Round 1 takes part, later rounds stay home: a decision the model may not take.
            let nth = if round == 1 { 1 } else { 2 };
            click(
                &p.c,
                &format!("fieldset[data-field='take_part'] label:nth-of-type({nth})"),
            )
            .await;
        }
        "committee" => {
            let slider =
                p.c.find(Locator::Css(
                    "fieldset[data-field='hours'] input[data-key='admin_share']",
                ))
                .await
                .unwrap();
            for _ in 0..10 {
                slider.send_keys(&Key::Left.to_string()).await.unwrap();
            }
        }
        "office" => {
            click(&p.c, "fieldset[data-field='reaction'] label:nth-of-type(2)").await;
        }
        _ => {}
    }
    if round == 1 {
        check_touch_layout(p).await;
    }
    click(&p.c, "#done").await;
    wait_for(
        &p.c,
        &p.name,
        // The last to decide may see the next round open at once.
        &format!("window.cogovPlay.acted === {round} && (window.cogovPlay.round !== {round} || !document.getElementById('sent').hidden)"),
    )
    .await;
}

/// The projector page's charts: one point per closed week, the same in every chart.
async fn chart_points(c: &Client) -> usize {
    let lengths = js(
        c,
        "Object.values(window.cogovProjector.charts).map(ch => ch.data()[1].filter(v => typeof v === 'number').length)",
    )
    .await;
    let lengths: Vec<usize> = serde_json::from_value(lengths).unwrap();
    assert!(
        lengths.len() >= 4,
        "{} charts on the projector",
        lengths.len()
    );
    assert!(lengths.windows(2).all(|w| w[0] == w[1]), "{lengths:?}");
    lengths[0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_plays_three_rounds_on_phones_and_sees_the_debrief() {
    let skip = std::env::var("COGOV_SKIP_BROWSER").is_ok_and(|v| v == "1");
    let driver_program = find_program("chromedriver");
    if driver_program.is_none() || find_program("chromium").is_none() {
        if skip {
            eprintln!("browser test SKIPPED on purpose (COGOV_SKIP_BROWSER=1)");
            return;
        }
        panic!(
            "the browser test needs Chromium and ChromeDriver: install them with `apt-get install -y chromium chromium-driver` (.ci/run does), or set COGOV_SKIP_BROWSER=1 to skip this test on purpose"
        );
    }
    let began = Instant::now();
    let scratch = tempfile::tempdir().unwrap();
    let server = PlayServer::start(&scratch.path().join("logs"));
    let driver = Driver::start(&driver_program.unwrap());
    let token = server
        .trainer_url
        .split_once("#token=")
        .map(|(_, t)| t.to_string())
        .expect("the trainer URL carries the token in its fragment");

    // The trainer's page, from the terminal's address: the token leaves the address bar
    // at once and is never shown.
    let trainer = browser(&driver, &scratch.path().join("trainer"), 1400, 1000, false).await;
    trainer.goto(&server.trainer_url).await.unwrap();
    wait_for(
        &trainer,
        "trainer",
        "document.body.dataset.ready === 'true'",
    )
    .await;
    let href = js(&trainer, "location.href").await;
    assert!(
        !href.as_str().unwrap().contains(&token),
        "the token is still in the address bar: {href}"
    );
    assert_eq!(
        js(
            &trainer,
            &format!("document.documentElement.outerHTML.includes('{token}')")
        )
        .await,
        false
    );
    trainer
        .find(Locator::Id("scenario"))
        .await
        .unwrap()
        .select_by_value("baseline")
        .await
        .unwrap();
    for (id, value) in [
        ("rounds", ROUNDS),
        ("timer-seconds", 0),
        ("weeks-per-round", 1),
    ] {
        let input = trainer.find(Locator::Id(id)).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(&value.to_string()).await.unwrap();
    }
    click(&trainer, "#create").await;
    wait_for(
        &trainer,
        "trainer",
        "window.cogovTrainer.state !== null && window.cogovTrainer.state.phase === 'lobby'",
    )
    .await;
    let state = js(&trainer, "window.cogovTrainer.state").await;
    let code = state["code"].as_str().unwrap().to_string();
    let join_url = url_on(server.addr, state["join_url"].as_str().unwrap());
    assert!(join_url.contains(&code), "{join_url}");
    // The QR code the projector shows is the server's SVG of the join address.
    let (status, head, body) = http(server.addr, "GET", &format!("/api/play/{code}/qr.svg"), b"");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase().contains("image/svg+xml"),
        "{head}"
    );
    assert!(String::from_utf8_lossy(&body).contains("<svg"));

    // The projector page, in a second window of the trainer's browser: only the join code.
    let trainer_window = trainer.window().await.unwrap();
    let projector_window = trainer.new_window(false).await.unwrap().handle;
    trainer
        .switch_to_window(projector_window.clone())
        .await
        .unwrap();
    trainer
        .goto(&format!(
            "http://{}/play/projector.html?code={code}",
            server.addr
        ))
        .await
        .unwrap();
    wait_for(
        &trainer,
        "projector",
        "window.cogovProjector && window.cogovProjector.state !== null",
    )
    .await;
    assert_eq!(
        js(&trainer, "document.getElementById('join-code').textContent").await,
        code.as_str()
    );
    assert_eq!(
        js(&trainer, &format!("document.documentElement.outerHTML.includes('{token}') || sessionStorage.length > 0")).await,
        false,
        "the projector page knows nothing of the trainer token"
    );

    // Four students, each in a browser of their own (their own localStorage).
    let names = ["Lotus", "Pine", "Bamboo", "Plum"];
    let mut phones = Vec::new();
    for (i, name) in names.iter().enumerate().take(STUDENTS) {
        let c = browser(
            &driver,
            &scratch.path().join(format!("phone-{i}")),
            360,
            640,
            true,
        )
        .await;
        phones.push(join(c, &join_url, &code, name).await);
    }
    let kinds: Vec<&str> = phones.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["resident", "committee", "resident", "office"],
        "roles in turn: resident, committee, resident, office, …"
    );
    wait_for(
        &trainer,
        "projector",
        &format!("window.cogovProjector.state.players.length === {STUDENTS} && document.querySelectorAll('#join-view li').length === {STUDENTS}"),
    )
    .await;
    screenshot(&trainer, "play-projector-join.png").await;

    // Round 1: three decide; the fourth, still here, has not when the trainer closes the
    // round now: the model's rule decides for them (the round summary says so).
    trainer
        .switch_to_window(trainer_window.clone())
        .await
        .unwrap();
    let link = js(&trainer, "document.getElementById('projector-link').href").await;
    let link = link.as_str().unwrap();
    assert!(link.contains(&code) && !link.contains(&token), "{link}");
    click(&trainer, "#start").await;
    for p in &phones[..STUDENTS - 1] {
        decide(p, 1).await;
    }
    let late = &phones[STUDENTS - 1];
    wait_for(
        &late.c,
        &late.name,
        "window.cogovPlay.view !== null && window.cogovPlay.view.round === 1",
    )
    .await;
    check_touch_layout(late).await;
    click(&trainer, "#close-round").await;
    trainer
        .switch_to_window(projector_window.clone())
        .await
        .unwrap();
    wait_for(
        &trainer,
        "projector",
        "window.cogovProjector.weeks.length === 1",
    )
    .await;
    assert_eq!(chart_points(&trainer).await, 1);
    let summary = js(&trainer, "document.getElementById('summary').textContent").await;
    assert!(
        summary
            .as_str()
            .unwrap()
            .contains(&format!("The model's rule for: {}.", late.name)),
        "the round summary names the player the model's rule decided for: {summary}"
    );

    // Round 2: a student asks to act in the closed round 1: refused, with the reason shown.
    let first = &phones[0];
    wait_for(&first.c, &first.name, "window.cogovPlay.round === 2").await;
    js(
        &first.c,
        "window.cogovPlaySocket.send({type: 'act', round: 1, decision: {}})",
    )
    .await;
    wait_for(
        &first.c,
        &first.name,
        "window.cogovPlay.refusals.length === 1 && !document.getElementById('problem').hidden",
    )
    .await;
    let refusal = js(&first.c, "window.cogovPlay.refusals[0]").await;
    assert_eq!(refusal["field"], "round", "{refusal}");
    let shown = js(
        &first.c,
        "document.getElementById('problem-text').textContent",
    )
    .await;
    assert!(shown.as_str().unwrap().contains("round"), "{shown}");
    // The last student drops (navigates away): the model takes over their agent and the
    // round closes when the others have decided.
    let away = &phones[STUDENTS - 1];
    away.c.goto("about:blank").await.unwrap();
    wait_for(
        &trainer,
        "projector",
        &format!(
            "window.cogovProjector.state.players.some(p => p.player === {} && !p.connected)",
            away.player
        ),
    )
    .await;
    assert_eq!(
        js(
            &trainer,
            "[...document.querySelectorAll('#join-view li.away')].map(li => li.textContent)"
        )
        .await,
        json!([away.name]),
        "the projector's list of players marks the one away"
    );
    for p in &phones[..STUDENTS - 1] {
        decide(p, 2).await;
    }
    wait_for(
        &trainer,
        "projector",
        "window.cogovProjector.weeks.length === 2",
    )
    .await;
    assert_eq!(chart_points(&trainer).await, 2);
    let summary = js(&trainer, "document.getElementById('summary').textContent").await;
    assert!(
        summary
            .as_str()
            .unwrap()
            .contains(&format!("The model's rule for: {}.", away.name)),
        "the model plays the agent of the player who left: {summary}"
    );
    screenshot(&trainer, "play-projector.png").await;

    // The projector reloads after round 2: the server's history puts weeks 1 and 2 back
    // on its charts, the same points as before the reload, and round 2's summary (the
    // same metrics, who acted and whom the model played) back in its panel.
    let charts = "Object.values(window.cogovProjector.charts).map(ch => ch.data())";
    let summary_text = "document.getElementById('summary').textContent";
    let before = js(&trainer, charts).await;
    let summary_before = js(&trainer, summary_text).await;
    trainer.refresh().await.unwrap();
    wait_for(
        &trainer,
        "projector",
        "document.body.dataset.ready === 'true' && window.cogovProjector.weeks.length === 2 && document.getElementById('summary').dataset.round === '2'",
    )
    .await;
    assert_eq!(chart_points(&trainer).await, 2);
    let after = js(&trainer, charts).await;
    for chart in after.as_array().unwrap() {
        assert_eq!(chart[0], json!([1, 2]), "weeks 1..2 on the chart: {chart}");
    }
    assert_eq!(after, before, "the reloaded projector draws what it drew");
    let summary_after = js(&trainer, summary_text).await;
    assert_eq!(
        summary_after, summary_before,
        "the reloaded projector's round summary is the one it showed"
    );
    assert!(
        summary_after
            .as_str()
            .unwrap()
            .contains(&format!("The model's rule for: {}.", away.name)),
        "{summary_after}"
    );

    // The trainer's page reloads (the token is no longer in the address: it is kept in
    // the tab's sessionStorage) and finds the game and its weeks again.
    trainer
        .switch_to_window(trainer_window.clone())
        .await
        .unwrap();
    trainer.refresh().await.unwrap();
    wait_for(
        &trainer,
        "trainer",
        "document.body.dataset.ready === 'true' && window.cogovTrainer.state !== null && window.cogovProjector.weeks.length === 2 && document.getElementById('summary').dataset.round === '2'",
    )
    .await;
    assert_eq!(chart_points(&trainer).await, 2);
    assert_eq!(
        js(&trainer, summary_text).await,
        summary_after,
        "the reloaded trainer's page shows the same round summary"
    );
    trainer
        .switch_to_window(projector_window.clone())
        .await
        .unwrap();

    // The student comes back: the phone's token rejoins as the same player and role.
    away.c
        .goto(&format!("http://{}/play/phone.html", server.addr))
        .await
        .unwrap();
    wait_for(
        &away.c,
        &away.name,
        "window.cogovPlay.player !== null && window.cogovPlay.role !== null",
    )
    .await;
    assert_eq!(js(&away.c, "window.cogovPlay.player").await, away.player);
    assert_eq!(
        js(&away.c, "window.cogovPlay.role.kind").await,
        away.kind.as_str()
    );
    assert_eq!(
        js(&away.c, "window.cogovPlay.pseudonym").await,
        away.name.as_str()
    );

    // The trainer gives the rounds from now on a timer of 90 s.
    trainer
        .switch_to_window(trainer_window.clone())
        .await
        .unwrap();
    let field = trainer.find(Locator::Id("timer-now")).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys("90").await.unwrap();
    click(&trainer, "#set-timer").await;
    wait_for(
        &trainer,
        "trainer",
        "window.cogovTrainer.state.timer_seconds === 90",
    )
    .await;
    trainer
        .switch_to_window(projector_window.clone())
        .await
        .unwrap();

    // Round 3: everyone, the returned student too; a phone screenshot mid-round.
    wait_for(
        &phones[0].c,
        "phone",
        "window.cogovPlay.view && window.cogovPlay.view.round === 3",
    )
    .await;
    // The phone's picture: the role, the round, and the choices (what the agent knows
    // folded away).
    let phone = &phones[0].c;
    phone
        .execute("document.getElementById('know').open = false;", vec![])
        .await
        .unwrap();
    screenshot(phone, "play-phone.png").await;
    phone
        .execute("document.getElementById('know').open = true;", vec![])
        .await
        .unwrap();
    // The committee member reads it in Chinese: every word comes from the server's rows.
    let zh = &phones[1].c;
    click(zh, "#lang-toggle").await;
    assert_eq!(js(zh, "document.documentElement.lang").await, "zh-CN");
    assert_eq!(
        js(zh, "document.getElementById('done').textContent").await,
        "完成:提交我的决定"
    );
    assert_eq!(
        js(
            zh,
            "document.querySelector(\"fieldset[data-field='hours'] legend\").textContent"
        )
        .await,
        "分配居委会的工作时间"
    );
    screenshot(zh, "play-phone-zh.png").await;
    click(zh, "#lang-toggle").await;
    assert_eq!(js(zh, "document.documentElement.lang").await, "en");
    for p in &phones {
        decide(p, 3).await;
    }
    // Round 4 opens with the timer the trainer set meanwhile; the trainer ends the game.
    trainer
        .switch_to_window(trainer_window.clone())
        .await
        .unwrap();
    wait_for(
        &trainer,
        "trainer",
        "window.cogovTrainer.state.round === 4 && !document.getElementById('end').disabled",
    )
    .await;
    let timer = js(&trainer, "document.getElementById('timer').textContent").await;
    let timer = timer.as_str().unwrap();
    assert!(
        timer.starts_with("1:") || timer.starts_with("0:"),
        "the round's timer: {timer}"
    );
    click(&trainer, "#end").await;
    trainer
        .switch_to_window(projector_window.clone())
        .await
        .unwrap();

    // The debrief: on the projector, two series per key metric (class and model), both
    // with a point every week, and what differed per role kind.
    wait_for(
        &trainer,
        "projector",
        "window.cogovProjector.debrief !== null && window.cogovProjector.debriefCharts.length > 0",
    )
    .await;
    assert_eq!(chart_points(&trainer).await, ROUNDS as usize);
    let debrief = js(
        &trainer,
        "window.cogovProjector.debriefCharts.map(ch => ({metric: ch.metric.name, data: ch.data()}))",
    )
    .await;
    for chart in debrief.as_array().unwrap() {
        let data = chart["data"].as_array().unwrap();
        assert_eq!(
            data.len(),
            1 + 2 * 3,
            "weeks + class and model × (mean, low, high)"
        );
        let weeks = data[0].as_array().unwrap().len();
        assert!(weeks as u64 >= ROUNDS, "{}: {weeks} weeks", chart["metric"]);
        for column in [&data[1], &data[4]] {
            let points = column
                .as_array()
                .unwrap()
                .iter()
                .filter(|v| v.is_number())
                .count();
            assert_eq!(
                points, weeks,
                "{}: both trajectories every week",
                chart["metric"]
            );
        }
    }
    let differed = js(
        &trainer,
        "[...document.querySelectorAll('#debrief-differed tr[data-kind]')].map(tr => tr.dataset.kind)",
    )
    .await;
    for kind in ["resident", "committee", "office"] {
        assert!(
            differed.as_array().unwrap().contains(&json!(kind)),
            "{differed}"
        );
    }
    screenshot(&trainer, "play-debrief.png").await;
    // A phone's end screen has the class's result; reloaded after the end, it shows the
    // same again (the server sends the returning phone the debrief).
    let ended = &phones[0];
    let end_screen = "!document.getElementById('ended').hidden && document.getElementById('player').hidden && document.getElementById('join').hidden && document.querySelectorAll('#ended-result #debrief-final tr[data-metric]').length > 0";
    let end_text = "document.getElementById('ended').textContent";
    wait_for(&ended.c, &ended.name, end_screen).await;
    let shown = js(&ended.c, end_text).await;
    ended.c.refresh().await.unwrap();
    wait_for(
        &ended.c,
        &ended.name,
        &format!("document.body.dataset.ready === 'true' && window.cogovPlay.debrief !== null && {end_screen}"),
    )
    .await;
    assert_eq!(
        js(&ended.c, end_text).await,
        shown,
        "the reloaded phone's end screen"
    );
    screenshot(&ended.c, "play-phone-ended.png").await;
    assert_eq!(js(&ended.c, "window.cogovPlay.player").await, ended.player);
    // Reloaded after the end, the projector gets the weeks and the debrief again.
    let series = "window.cogovProjector.debrief.series.length";
    let points = js(&trainer, series).await;
    trainer.refresh().await.unwrap();
    wait_for(
        &trainer,
        "projector",
        "document.body.dataset.ready === 'true' && window.cogovProjector.debrief !== null && window.cogovProjector.debriefCharts.length > 0",
    )
    .await;
    assert_eq!(chart_points(&trainer).await, ROUNDS as usize);
    assert_eq!(js(&trainer, series).await, points);

    // The trainer's page has the downloads; the log holds the three rounds.
    trainer.switch_to_window(trainer_window).await.unwrap();
    wait_for(
        &trainer,
        "trainer",
        "document.querySelectorAll('#debrief button[data-file]').length >= 5",
    )
    .await;
    let (status, _, body) = http(
        server.addr,
        "GET",
        &format!("/api/play/{code}/decisions.jsonl?token={token}"),
        b"",
    );
    assert_eq!(status, 200);
    let rounds = String::from_utf8_lossy(&body)
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).is_ok_and(|r| r["kind"] == "round"))
        .count();
    assert_eq!(rounds as u64, ROUNDS);
    let (status, _, _) = http(
        server.addr,
        "GET",
        &format!("/api/play/{code}/decisions.jsonl"),
        b"",
    );
    assert_eq!(status, 403, "downloads need the trainer token");

    for p in phones {
        p.c.close().await.unwrap();
    }
    trainer.close().await.unwrap();
    eprintln!(
        "the play browser test took {:.1} s",
        began.elapsed().as_secs_f64()
    );
}

/// The join address as the server gives it (absolute, or a path on the server).
fn url_on(addr: SocketAddr, url: &str) -> String {
    if url.starts_with("http") {
        url.to_string()
    } else {
        format!("http://{addr}{url}")
    }
}
