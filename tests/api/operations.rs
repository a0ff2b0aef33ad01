//! What an operator runs against a real `chatdesk serve`: the metrics page, read by the
//! Prometheus project's own OpenMetrics parser (the `prometheus-client` package from PyPI).

use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use common::{BIN, Backend, Client};
use reqwest::{Method, StatusCode};

/// The version of the parser this test was checked with.
const PARSER: &str = "prometheus-client==0.26.0";
const TOKEN: &str = "metrics-token-for-the-operator";
const NO_BODY: Option<&()> = None;

/// A Python with the parser, made once per run under the target directory.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prometheus");
        let python = venv.join("bin/python");
        let ready = Command::new(&python)
            .args(["-c", "import prometheus_client.openmetrics.parser"])
            .status()
            .is_ok_and(|s| s.success());
        if !ready {
            common::python_venv(&venv, PARSER);
        }
        python
    })
}

/// One sample: its name and labels (`name{a="1",b="2"}`, labels sorted).
type Samples = BTreeMap<String, f64>;

/// Parses a page strictly as OpenMetrics text; a page the parser refuses fails the test.
fn parse(page: &str) -> Samples {
    const SCRIPT: &str = r#"
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
        out[s.name + ("{" + labels + "}" if labels else "")] = s.value
print(json.dumps(out))
"#;
    let mut child = Command::new(python())
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the OpenMetrics parser refused the page: {}\n{page}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn scrape(base: &str, token: Option<&str>) -> (StatusCode, String, String) {
    let mut request = reqwest::Client::new().get(format!("{base}/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let media = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, media, response.text().await.unwrap())
}

async fn figures(backend: &Backend) -> Samples {
    let (status, media, page) = scrape(&backend.base, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(media.starts_with("application/openmetrics-text"), "{media}");
    parse(&page)
}

fn value(samples: &Samples, key: &str) -> f64 {
    *samples
        .get(key)
        .unwrap_or_else(|| panic!("no {key} among {:#?}", samples.keys()))
}

#[tokio::test]
async fn the_metrics_follow_what_happens_on_the_floor_and_need_the_operators_token() {
    // Breaches after one second, so the test can cause one of each.
    let backend = Backend::with_files(&[
        ("server.toml", &format!("[metrics]\ntoken = \"{TOKEN}\"\n")),
        (
            "policy.toml",
            "[sla]\nreply_warn_secs = 1\nreply_breach_secs = 1\nqueue_wait_flag_secs = 1\n",
        ),
    ]);
    let dana = backend.agent("dana", "billing");

    // Without the operator's token: refused, and nothing is shown.
    for token in [
        None,
        Some("not-the-token-at-all-000"),
        Some(dana.token.as_str()),
    ] {
        let (status, media, page) = scrape(&backend.base, token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(media, "application/problem+json");
        assert!(!page.contains("chatdesk_"), "{page}");
    }

    let before = figures(&backend).await;
    assert_eq!(
        value(&before, r#"chatdesk_queue_depth{queue="billing"}"#),
        0.0
    );
    assert_eq!(
        value(&before, r#"chatdesk_agents{presence="offline"}"#),
        1.0
    );
    let breaches = |s: &Samples, kind: &str| {
        value(
            s,
            &format!(r#"chatdesk_sla_breaches_total{{kind="{kind}"}}"#),
        )
    };
    assert_eq!(breaches(&before, "reply"), 0.0);

    // Two chats queued: the depth is 2, and the oldest has waited a while.
    let (ana, ana_client) = backend.customer("Ana Lima", "billing").await;
    let (_bo, _bo_client) = backend.customer("Bo Hansen", "billing").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let queued = figures(&backend).await;
    assert_eq!(
        value(&queued, r#"chatdesk_queue_depth{queue="billing"}"#),
        2.0
    );
    assert!(
        value(
            &queued,
            r#"chatdesk_queue_oldest_wait_seconds{queue="billing"}"#
        ) >= 1.0
    );
    assert_eq!(
        value(&queued, r#"chatdesk_queue_depth{queue="device"}"#),
        0.0
    );
    assert_eq!(
        value(
            &queued,
            r#"chatdesk_http_requests_total{method="POST",route="/api/v1/chats",status="201"}"#
        ),
        2.0
    );

    // Dana takes Ana after her second in line (a queue-wait breach), and answers her message
    // after more than the reply SLA (a reply breach).
    dana.pick_up(ana.id).await;
    ana_client.send(ana.id, "My invoice is wrong.", "a-1").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    dana.send(ana.id, "Sorry for the wait, Ana.", "d-1").await;
    let after = figures(&backend).await;
    assert_eq!(
        value(&after, r#"chatdesk_queue_depth{queue="billing"}"#),
        1.0
    );
    assert_eq!(value(&after, "chatdesk_active_chats"), 1.0);
    assert_eq!(breaches(&after, "reply"), 1.0);
    assert_eq!(breaches(&after, "queue_wait"), 1.0);
    let stored = |s: &Samples| value(s, "chatdesk_messages_stored_total");
    assert!(stored(&after) >= stored(&before) + 2.0);
    assert!(value(&after, "chatdesk_database_size_bytes") > 0.0);
    assert!(
        value(
            &after,
            r#"chatdesk_http_request_duration_seconds_count{route="/api/v1/chats/{id}/messages"}"#
        ) >= 2.0
    );

    // A customer's page open: one customer stream.
    let _events = ana_client
        .events(&format!("/api/v1/chats/{}/events", ana.id), None)
        .await;
    let streaming = figures(&backend).await;
    assert_eq!(
        value(
            &streaming,
            r#"chatdesk_event_streams_open{client="customer"}"#
        ),
        1.0
    );
}

#[tokio::test]
async fn an_address_of_its_own_serves_the_metrics_without_a_token_and_the_api_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "127.0.0.1:0",
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("CHATDESK_METRICS_TOKEN")
        .env("CHATDESK_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().unwrap().unwrap();
    let api = next()
        .strip_prefix("chatdesk backend listening on ")
        .unwrap()
        .to_string();
    let metrics_line = next();
    let metrics = metrics_line
        .strip_prefix("metrics on ")
        .and_then(|l| l.strip_suffix("/metrics"))
        .unwrap_or_else(|| panic!("{metrics_line}"))
        .to_string();

    let (status, _, page) = scrape(&metrics, None).await;
    assert_eq!(status, StatusCode::OK);
    let samples = parse(&page);
    assert_eq!(value(&samples, "chatdesk_active_chats"), 0.0);
    // The API's address has no token to check, so it does not serve the page at all.
    let anyone = Client::new(&api, "");
    let (status, problem) = anyone.problem(Method::GET, "/metrics", NO_BODY).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(problem.detail.contains("[metrics]"), "{}", problem.detail);
    // Only /metrics lives on the metrics address.
    let status = reqwest::get(format!("{metrics}/api/v1/reasons"))
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);
    common::stop_with_ctrl_c(&mut child, "chatdesk serve");
}
