//! The classroom page in a real headless Chromium, driven through WebDriver (chromedriver):
//! both languages, two scenarios, a slider moved with the keyboard, 20 weeks run, a fork at
//! week 10, the charts' points and the numbers shown checked against `cogov run` for the
//! same scenarios and seed, the fork's scenario file downloaded and run with the binary.
//! Screenshots go to target/screenshots/ for a person to look at.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without them
//! the test fails saying what to install, unless COGOV_SKIP_BROWSER=1 is set.

mod browser_common;
mod serve_common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use browser_common::{Driver, click, find_program, js, one_browser_at_a_time};
use fantoccini::{Client, ClientBuilder, Locator, key::Key};
use serde_json::{Value, json};
use serve_common::{Server, http};

const REPLICATES: u32 = 3;
const SEED: u64 = 11;

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn browser(driver: &Driver, profile: &Path, downloads: &Path) -> Client {
    let chromium = find_program("chromium").unwrap_or_else(|| "/usr/bin/chromium".into());
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1600,1300",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            },
        }
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    // chromedriver listens a little before it takes sessions: a refused or reset first
    // request is tried again, three times in all.
    let mut tries = 0;
    loop {
        tries += 1;
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await;
        match client {
            Ok(c) => return c,
            Err(e) if tries < 3 => {
                eprintln!("chromedriver did not take the session ({e}); trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => panic!("cannot start Chromium through chromedriver: {e}"),
        }
    }
}

/// Wait until `expr` is true in the page.
async fn wait_for(c: &Client, expr: &str) {
    let until = Instant::now() + Duration::from_secs(90);
    loop {
        if js(c, expr).await == Value::Bool(true) {
            return;
        }
        let problem = js(c, "document.getElementById('problem').hidden ? null : document.getElementById('problem-text').textContent").await;
        assert!(
            problem.is_null(),
            "the page shows a problem while waiting for {expr}: {problem}"
        );
        assert!(Instant::now() < until, "timed out waiting for {expr}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn screenshot(c: &Client, name: &str) {
    c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots().join(name), png).unwrap();
}

/// Step the session to week `week`, one click at a time.
async fn step_to(c: &Client, week: u32) {
    loop {
        let now = js(c, "window.cogovPage.session.week")
            .await
            .as_u64()
            .unwrap() as u32;
        if now >= week {
            assert_eq!(now, week);
            return;
        }
        click(c, "#step").await;
        wait_for(c, &format!("window.cogovPage.session.week === {}", now + 1)).await;
    }
}

/// Mean over replicates of `metric` at `tick` in a `trajectories.csv`, for one scenario.
fn csv_mean(csv: &Path, scenario: &str, tick: u32, metric: &str) -> f64 {
    let mut reader = csv::Reader::from_path(csv).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (s, t, m) = (col("scenario"), col("tick"), col(metric));
    let values: Vec<f64> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[s] == scenario && r[t].parse::<u32>().unwrap() == tick)
        .map(|r| r[m].parse().unwrap())
        .collect();
    assert_eq!(
        values.len(),
        REPLICATES as usize,
        "{scenario} tick {tick} in {}",
        csv.display()
    );
    values.iter().sum::<f64>() / values.len() as f64
}

/// `cogov run FILE -n REPLICATES -s SEED` into a fresh folder; its trajectories.csv.
fn cogov_run(file: &Path, out: &Path) -> PathBuf {
    let status = Command::new(env!("CARGO_BIN_EXE_cogov"))
        .arg("run")
        .arg(file)
        .args([
            "-n",
            &REPLICATES.to_string(),
            "-s",
            &SEED.to_string(),
            "-q",
            "-o",
        ])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success(), "cogov run {} failed", file.display());
    out.join("trajectories.csv")
}

/// The numbers the page shows for series `series` (its table row): metric -> value.
async fn shown_numbers(c: &Client, series: usize) -> Vec<(String, f64)> {
    let cells = js(
        c,
        &format!(
            "[...document.querySelectorAll('#numbers tr[data-series=\"{series}\"] td[data-value]')].map(td => [td.dataset.metric, Number(td.dataset.value), td.textContent])"
        ),
    )
    .await;
    let cells = cells.as_array().unwrap();
    assert!(!cells.is_empty(), "no numbers shown for series {series}");
    cells
        .iter()
        .map(|c| (c[0].as_str().unwrap().to_string(), c[1].as_f64().unwrap()))
        .collect()
}

fn assert_same(page: f64, run: f64, what: &str) {
    assert!(
        (page - run).abs() <= 1e-12 * run.abs().max(1.0),
        "{what}: the page shows {page}, cogov run gives {run}"
    );
}

/// Choose the series the levers show and change.
async fn select_series(c: &Client, value: &str) {
    c.find(Locator::Id("fork-series"))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// The access-list slider's value now.
async fn access_list_shown(c: &Client) -> f64 {
    let slider = c
        .find(Locator::Css(".lever[data-key='office.access_list'] input"))
        .await
        .expect("no access-list lever on the page");
    slider
        .prop("value")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap()
}

/// Move the access-list slider five steps with the keyboard (a trainer without a mouse
/// can too): its value before and after, checked to be what the page will send.
async fn move_access_list(c: &Client) -> (f64, f64) {
    let before = access_list_shown(c).await;
    let slider = c
        .find(Locator::Css(".lever[data-key='office.access_list'] input"))
        .await
        .unwrap();
    for _ in 0..5 {
        slider.send_keys(&Key::Right.to_string()).await.unwrap();
    }
    let after = access_list_shown(c).await;
    let moved = js(c, "window.cogovPage.moved['office.access_list']").await;
    assert_eq!(moved.as_f64(), Some(after));
    (before, after)
}

/// Download series `series`' scenario file through the page; its path.
async fn download(c: &Client, series: &str, downloads: &Path, name: &str) -> PathBuf {
    c.find(Locator::Id("download-series"))
        .await
        .unwrap()
        .select_by_value(series)
        .await
        .unwrap();
    click(c, "#download-toml").await;
    let until = Instant::now() + Duration::from_secs(30);
    let path = downloads.join(name);
    while !path.exists() {
        assert!(
            Instant::now() < until,
            "the scenario file {name} was not downloaded: {:?}",
            std::fs::read_dir(downloads).unwrap().collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Chromium writes a .crdownload first and renames it when complete.
    tokio::time::sleep(Duration::from_millis(200)).await;
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_classroom_page_runs_forks_and_reproduces() {
    let skip = std::env::var("COGOV_SKIP_BROWSER").is_ok_and(|v| v == "1");
    let driver_program = find_program("chromedriver");
    let chromium = find_program("chromium");
    if driver_program.is_none() || chromium.is_none() {
        if skip {
            eprintln!("browser test SKIPPED on purpose (COGOV_SKIP_BROWSER=1)");
            return;
        }
        panic!(
            "the browser test needs Chromium and ChromeDriver: install them with `apt-get install -y chromium chromium-driver` (.ci/run does), or set COGOV_SKIP_BROWSER=1 to skip this test on purpose"
        );
    }
    let _one = one_browser_at_a_time().await;
    let scratch = tempfile::tempdir().unwrap();
    let downloads = scratch.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let server = Server::start(&[]);
    let driver = Driver::start(&driver_program.unwrap());
    let c = browser(&driver, &scratch.path().join("profile"), &downloads).await;
    let base = format!("http://{}/", server.addr);

    // Chinese first, then English: the words come from the server's i18n rows.
    c.goto(&format!("{base}?lang=zh")).await.unwrap();
    wait_for(&c, "document.body.dataset.ready === 'true'").await;
    // For the report, not a test of speed: when the page first painted on loopback.
    let paint = js(
        &c,
        "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime",
    )
    .await;
    eprintln!("first contentful paint: {paint} ms");
    assert_eq!(
        js(&c, "document.querySelector('h1').textContent").await,
        "cogov 社区共治课堂"
    );
    // The embedded CJK font arrives (the page asks for it as soon as Chinese is shown).
    wait_for(
        &c,
        "document.fonts.check('20px \"WenQuanYi Micro Hei\"', '社区')",
    )
    .await;
    assert_eq!(js(&c, "document.documentElement.lang").await, "zh-CN");
    assert_eq!(
        js(&c, "document.getElementById('fork').textContent").await,
        "如果现在改革会怎样?"
    );
    screenshot(&c, "classroom-zh-start.png").await;
    click(&c, "#lang-toggle").await;
    assert_eq!(
        js(&c, "document.querySelector('h1').textContent").await,
        "cogov classroom"
    );
    assert_eq!(js(&c, "document.documentElement.lang").await, "en");

    // Two scenarios, three replicates, a fixed seed.
    click(&c, "input[data-scenario='baseline']").await;
    click(&c, "input[data-scenario='devolution']").await;
    let replicates = c.find(Locator::Id("replicates")).await.unwrap();
    replicates.clear().await.unwrap();
    replicates.send_keys(&REPLICATES.to_string()).await.unwrap();
    let seed = c.find(Locator::Id("seed")).await.unwrap();
    seed.send_keys(&SEED.to_string()).await.unwrap();
    click(&c, "#start").await;
    wait_for(
        &c,
        "window.cogovPage.session !== null && window.cogovPage.session.series.length === 2",
    )
    .await;

    // Before the start the levers change the chosen scenario itself, and the page says so.
    assert_eq!(
        js(&c, "document.getElementById('fork').textContent").await,
        "Set for this scenario (before the start)"
    );
    select_series(&c, "1").await;
    let (before, set) = move_access_list(&c).await;
    assert!(set > before, "the slider did not move: {before} -> {set}");
    click(&c, "#fork").await;
    wait_for(
        &c,
        &format!("window.cogovPage.inForce[1] && window.cogovPage.inForce[1]['office.access_list'] === {set} && Object.keys(window.cogovPage.moved).length === 0"),
    )
    .await;
    assert_eq!(
        js(&c, "window.cogovPage.session.series.length").await,
        2,
        "a lever set before the start is no fork"
    );
    assert_eq!(
        access_list_shown(&c).await,
        set,
        "the slider shows the value set"
    );
    // The levers panel before the start, for a person to look at.
    let panel = c.find(Locator::Id("levers-panel")).await.unwrap();
    let png = panel.screenshot().await.unwrap();
    std::fs::write(
        screenshots().join("classroom-en-levers-before-start.png"),
        png,
    )
    .unwrap();

    step_to(&c, 10).await;
    assert_eq!(
        js(&c, "document.getElementById('fork').textContent").await,
        "What if we reform now?"
    );
    select_series(&c, "0").await;
    let (_, reform) = move_access_list(&c).await;
    click(&c, "#fork").await;
    wait_for(&c, "window.cogovPage.session.series.length === 3").await;
    let fork = js(&c, "window.cogovPage.session.series[2]").await;
    assert_eq!(fork["forked_from"], 0, "{fork}");
    assert_eq!(fork["fork_week"], 10, "{fork}");
    // The slider shows the values in force in the series chosen: the fork's reform.
    select_series(&c, "2").await;
    assert_eq!(access_list_shown(&c).await, reform, "the fork's value");
    select_series(&c, "1").await;
    assert_eq!(
        access_list_shown(&c).await,
        set,
        "the value set before the start"
    );
    step_to(&c, 20).await;
    screenshot(&c, "classroom-en-week20-fork.png").await;

    // The charts hold one point per week for the two scenarios, and for the fork only
    // from its week on.
    let charts = js(
        &c,
        "Object.values(window.cogovPage.charts).map(ch => ({metric: ch.metric.name, data: ch.data()}))",
    )
    .await;
    let charts = charts.as_array().unwrap();
    assert!(charts.len() >= 4, "{} charts", charts.len());
    let history_weeks = js(&c, "window.cogovPage.history.map(f => f.week)").await;
    let weeks: Vec<u64> = history_weeks
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_u64().unwrap())
        .collect();
    assert_eq!(*weeks.last().unwrap(), 20);
    assert!(weeks.windows(2).all(|w| w[1] == w[0] + 1), "{weeks:?}");
    for chart in charts {
        let data = chart["data"].as_array().unwrap();
        assert_eq!(data.len(), 1 + 3 * 3, "x + 3 series × (mean, low, high)");
        assert_eq!(data[0].as_array().unwrap().len(), weeks.len());
        for (s, column) in data.iter().skip(1).step_by(3).enumerate() {
            for (w, value) in weeks.iter().zip(column.as_array().unwrap()) {
                let expect_point = s < 2 || *w >= 10;
                assert_eq!(
                    value.is_number(),
                    expect_point,
                    "{} series {s} week {w}: {value}",
                    chart["metric"]
                );
            }
        }
    }

    // The numbers shown equal `cogov run`'s for the same scenarios and seed.
    // Devolution's lever was set before the start: its downloaded file holds it.
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let devolution = download(&c, "1", &downloads, "devolution.toml").await;
    let text = std::fs::read_to_string(&devolution).unwrap();
    assert!(!text.contains("[[interventions]]"), "{text}");
    let line = format!("access_list = {set}");
    assert!(text.lines().any(|l| l.trim() == line), "{text}");
    assert!(text.contains("# Levers set before the start"), "{text}");
    for (series, name) in [(0, "baseline"), (1, "devolution")] {
        let file = match series {
            0 => source.join(format!("{name}.toml")),
            _ => devolution.clone(),
        };
        let csv = cogov_run(&file, &scratch.path().join(format!("run-{name}")));
        for (metric, value) in shown_numbers(&c, series).await {
            assert_same(
                value,
                csv_mean(&csv, name, 20, &metric),
                &format!("{name} {metric} week 20"),
            );
        }
    }

    // Download the fork's scenario file through the page, run it: the same numbers.
    let file = download(&c, "2", &downloads, "baseline_w10.toml").await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("interventions"), "{text}");
    assert!(text.contains("access_list"), "{text}");
    let csv = cogov_run(&file, &scratch.path().join("run-fork"));
    let scenario_in_csv = {
        let mut r = csv::Reader::from_path(&csv).unwrap();
        r.records().next().unwrap().unwrap()[0].to_string()
    };
    for (metric, value) in shown_numbers(&c, 2).await {
        assert_same(
            value,
            csv_mean(&csv, &scenario_in_csv, 20, &metric),
            &format!("fork {metric} week 20"),
        );
    }

    // The community view draws one community's residents and the committee's hours.
    wait_for(&c, "Number(document.getElementById('community').dataset.residents) > 0 && document.getElementById('community').dataset.week === '20'").await;
    assert!(
        js(
            &c,
            "document.querySelectorAll('#community .bar div').length"
        )
        .await
            == 6,
        "the hours bar has administration, issues, micro-projects, outreach, idle and other"
    );

    // Back in Chinese, a screenshot of the forked session.
    click(&c, "#lang-toggle").await;
    assert_eq!(
        js(&c, "document.getElementById('numbers-title').textContent").await,
        "本周数值(各次重复运行的均值)"
    );
    screenshot(&c, "classroom-zh-week20-fork.png").await;
    c.execute(
        "document.getElementById('levers-panel').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots().join("classroom-zh-levers-community.png"), png).unwrap();

    // Downloads of the whole session answer too.
    let session = js(&c, "window.cogovPage.session").await;
    let (id, token) = (
        session["session"].as_str().unwrap(),
        session["token"].as_str().unwrap(),
    );
    let (status, _, body) = http(
        server.addr,
        "GET",
        &format!("/api/session/{id}/report.html?token={token}&lang=zh"),
        b"",
    );
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("<html"));
    c.close().await.unwrap();
    server.stop();
}

/// Every lever's label, unit, hints (the reason for its default, as the label's and the
/// control's tooltip), valid range and choices as the page shows them: one string per
/// lever.
async fn lever_words(c: &Client) -> Vec<String> {
    let words = js(
        c,
        "[...document.querySelectorAll('#levers .lever')].map(box => [\
            box.querySelector('label').textContent,\
            box.querySelector('label').title,\
            box.querySelector('[data-key]:not(.lever)').title,\
            box.querySelector('.range').textContent,\
            ...[...box.querySelectorAll('option')].map(o => o.textContent),\
         ].join(' | '))",
    )
    .await;
    serde_json::from_value(words).unwrap()
}

/// The ASCII words (two letters or more) in `s`.
fn ascii_words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .collect()
}

/// On the Chinese page no English word is left in the levers: not in a valid range ("or",
/// "valid"), not in a choice's names, not in a hint; switched to English, the same controls read in
/// English; switched back, in Chinese again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chinese_page_shows_lever_ranges_and_choices_in_chinese() {
    let skip = std::env::var("COGOV_SKIP_BROWSER").is_ok_and(|v| v == "1");
    let (Some(driver_program), Some(_)) = (find_program("chromedriver"), find_program("chromium"))
    else {
        assert!(
            skip,
            "the browser test needs Chromium and ChromeDriver: install them with `apt-get install -y chromium chromium-driver` (.ci/run does), or set COGOV_SKIP_BROWSER=1 to skip this test on purpose"
        );
        eprintln!("browser test SKIPPED on purpose (COGOV_SKIP_BROWSER=1)");
        return;
    };
    let _one = one_browser_at_a_time().await;
    let scratch = tempfile::tempdir().unwrap();
    let server = Server::start(&[]);
    let driver = Driver::start(&driver_program);
    let c = browser(&driver, &scratch.path().join("profile"), scratch.path()).await;
    c.goto(&format!("http://{}/?lang=zh", server.addr))
        .await
        .unwrap();
    wait_for(&c, "document.body.dataset.ready === 'true'").await;
    wait_for(
        &c,
        "document.querySelectorAll('#levers .lever').length > 10",
    )
    .await;
    let chinese = |words: &[String]| {
        for w in words {
            assert!(
                ascii_words(w).is_empty(),
                "English words on the Chinese page: {w}"
            );
        }
    };
    let zh = lever_words(&c).await;
    chinese(&zh);
    let reaction = zh
        .iter()
        .find(|w| w.starts_with("街道办应对方式"))
        .expect("the office's reaction is a lever");
    assert!(
        reaction.contains("有效范围:督查问责(维稳式)或资源支持(共治)"),
        "{reaction}"
    );
    assert!(zh.iter().any(|w| w.contains("有效范围:是或否")), "{zh:?}");

    click(&c, "#lang-toggle").await;
    let en = lever_words(&c).await;
    assert_eq!(en.len(), zh.len());
    assert!(
        en.iter().any(|w| w
            .contains("valid: supervision (stability maintenance) or resources (co-governance)")),
        "{en:?}"
    );
    assert!(en.iter().any(|w| w.contains("valid: yes or no")), "{en:?}");

    click(&c, "#lang-toggle").await;
    assert_eq!(lever_words(&c).await, zh);
    c.close().await.unwrap();
    server.stop();
}
