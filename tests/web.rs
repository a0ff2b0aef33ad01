//! The customer page in real headless Chromium (Debian's `chromium`, driven by playwright-core
//! from npm; `.ci/run` installs both): form, live messages, an agent's reply, ending the chat;
//! a reload and a closed page; the queue's time limit; card numbers masked in the browser
//! exactly as the server masks them. In every state the scripts visit, axe-core (npm) finds no
//! accessibility violation. It also takes the screenshot in `docs/customer-page.png`.

mod common;

#[path = "common/card_corpus.rs"]
mod card_corpus;

use std::path::Path;
use std::process::Command;

/// Installs what the page test needs when it is missing, so `cargo test` works on a fresh
/// machine: playwright-core and axe-core from npm, and Debian's Chromium.
fn ensure_browser(here: &Path) {
    let installed = |package: &str| here.join("node_modules").join(package).exists();
    if !installed("playwright-core") || !installed("axe-core") {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(here)
            .status()
            .expect("npm is installed");
        assert!(status.success(), "npm ci --prefix tests/web failed");
    }
    if !Path::new("/usr/bin/chromium").exists() {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n");
        let prefix: &[&str] = if root.unwrap_or(false) {
            &[]
        } else {
            &["sudo"]
        };
        for args in [
            &["apt-get", "update", "-q"][..],
            &["apt-get", "install", "-y", "-q", "chromium"][..],
        ] {
            let mut command: Vec<&str> = prefix.to_vec();
            command.extend_from_slice(args);
            let status = Command::new(command[0])
                .args(&command[1..])
                .env("DEBIAN_FRONTEND", "noninteractive")
                .status()
                .expect("apt-get runs");
            assert!(
                status.success(),
                "could not install Chromium: {command:?} failed"
            );
        }
    }
}

/// Runs `script` from tests/web in Chromium against `backend`, signed in as `agent` for the
/// agent's side, with `env` added; passes when it succeeds and prints `ok_line`.
fn run_page_script(
    script: &str,
    backend: &common::Backend,
    agent: &common::Client,
    env: &[(&str, &str)],
    ok_line: &str,
) {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web");
    ensure_browser(&here);
    let out = Command::new("node")
        .arg(here.join(script))
        .env("CHATDESK_BASE", &backend.base)
        .env("CHATDESK_AGENT_TOKEN", &agent.token)
        .envs(env.iter().copied())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(ok_line), "{stdout}\n{stderr}");
}

#[test]
fn a_customer_chats_from_the_page_in_chromium() {
    // A nudge soon after the agent's answer: a message from the team, not from a person.
    let backend = common::Backend::start(Some(
        "[inactivity]\nnudge_after_secs = 2\nend_after_secs = 600\n",
    ));
    let agent = backend.agent("dana", "billing");
    let screenshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/customer-page.png");
    let shot = screenshot.to_str().expect("a UTF-8 path");
    run_page_script(
        "customer_page.mjs",
        &backend,
        &agent,
        &[("CHATDESK_SCREENSHOT", shot)],
        "customer page: ok",
    );
    assert!(screenshot.exists());
}

#[test]
fn a_reload_keeps_the_chat_and_a_closed_page_becomes_a_missed_chat() {
    let grace = "3";
    let backend =
        common::Backend::start(Some(&format!("[missed]\npage_gone_after_secs = {grace}\n")));
    let agent = backend.agent("dana", "billing");
    run_page_script(
        "page_closed.mjs",
        &backend,
        &agent,
        &[("CHATDESK_GRACE_SECS", grace)],
        "page closed: ok",
    );
}

#[test]
fn a_customer_nobody_answers_in_time_is_told_and_missed() {
    let backend = common::Backend::start(Some("[missed]\nqueue_timeout_secs = 3\n"));
    let agent = backend.agent("dana", "billing");
    run_page_script(
        "queue_timeout.mjs",
        &backend,
        &agent,
        &[],
        "queue timeout: ok",
    );
}

/// One message back every 15 s after a burst of two: the third of three typed at any speed a
/// loaded machine allows (Chromium can take seconds per message there) is over the limit.
#[test]
fn a_customer_sending_too_fast_waits_and_loses_nothing() {
    let backend = common::Backend::with_files(&[(
        "server.toml",
        "[limits]\ncustomer_messages_per_minute = 4\ncustomer_messages_burst = 2\n",
    )]);
    let agent = backend.agent("dana", "billing");
    run_page_script("too_fast.mjs", &backend, &agent, &[], "too fast: ok");
}

/// Answers to sends that arrive after the messages' own events must not make the page drop the
/// next message in line.
#[test]
fn answers_that_arrive_late_lose_no_message() {
    let backend = common::Backend::start(None);
    let agent = backend.agent("dana", "billing");
    run_page_script(
        "late_answers.mjs",
        &backend,
        &agent,
        &[],
        "late answers: ok",
    );
}

#[test]
fn a_waiting_customer_sees_their_place_move_and_keeps_it_on_reload() {
    let backend = common::Backend::start(None);
    let agent = backend.agent("dana", "billing");
    run_page_script(
        "place_in_line.mjs",
        &backend,
        &agent,
        &[],
        "place in line: ok",
    );
}

#[test]
fn out_of_reach_the_page_says_so_by_the_composer_and_ends_the_chat_once_back() {
    let backend = common::Backend::start(None);
    let agent = backend.agent("dana", "billing");
    run_page_script(
        "page_offline.mjs",
        &backend,
        &agent,
        &[],
        "page offline: ok",
    );
}

/// A stream answered with an error page (a proxy's 502) is one the browser never retries; the page
/// follows the chat again once the stream is served.
#[test]
fn a_stream_refused_by_a_proxy_is_followed_again_once_served() {
    let backend = common::Backend::start(None);
    let agent = backend.agent("dana", "billing");
    run_page_script(
        "stream_refused.mjs",
        &backend,
        &agent,
        &[],
        "stream refused: ok",
    );
}

/// The JSON array assigned to `const NAME = ` in `script`.
fn script_table(script: &str, name: &str) -> serde_json::Value {
    let start = script
        .find(&format!("const {name} = "))
        .unwrap_or_else(|| panic!("{name} in cards.js"))
        + name.len()
        + 9;
    let end = start + script[start..].find("];").expect("the table's end") + 1;
    let text = script[start..end].replace(",\n]", "\n]");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_pages_card_tables_are_the_servers() {
    use chatdesk::policy::cards::brands::ISSUER_RANGES;
    use chatdesk::policy::cards::characters::DIGIT_ZEROS;

    let script = include_str!("../assets/web/cards.js");
    let ranges: Vec<serde_json::Value> = ISSUER_RANGES
        .iter()
        .map(|r| serde_json::json!([r.brand, r.from, r.to, r.lengths]))
        .collect();
    assert_eq!(
        script_table(script, "CARD_RANGES"),
        serde_json::json!(ranges)
    );
    assert_eq!(
        script_table(script, "DIGIT_ZEROS"),
        serde_json::json!(DIGIT_ZEROS.as_slice())
    );
}

#[test]
fn the_page_masks_card_numbers_before_they_leave_the_browser() {
    use chatdesk::policy::cards::mask;

    let backend = common::Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let mut inputs: Vec<String> = card_corpus::cards()
        .iter()
        .flat_map(|(_, digits)| card_corpus::formats(digits))
        .collect();
    inputs.extend(card_corpus::near_misses());
    inputs.extend(
        [
            "4111 1111 1111 1111 5555 5555 5555 4444",
            "+62 8123 4567 8901",
            "4111 **** **** 1111",
            "**4111111111111111**",
            "ref 12 4111 1111 1111 1111 12/29 123",
        ]
        .map(String::from),
    );
    let cases: Vec<serde_json::Value> = inputs
        .iter()
        .map(|input| serde_json::json!({"input": input, "expected": mask(input).as_str()}))
        .collect();
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), serde_json::to_string(&cases).expect("JSON")).expect("cases");
    let path = file.path().to_str().expect("a UTF-8 path");
    run_page_script(
        "cards.mjs",
        &backend,
        &agent,
        &[("CHATDESK_CARD_CASES", path)],
        "card page: ok",
    );
}
