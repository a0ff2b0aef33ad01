//! The API description against the real backend: Schemathesis (from PyPI, in a virtual
//! environment under `target/` that this test creates when it is missing; `.ci/run` creates it
//! too) reads `/api/v1/openapi.json`, generates requests for every operation, valid ones and
//! invalid ones, and checks each answer: never a 5xx, a status the description lists for the
//! operation, the media type, the headers and the body schema it gives for that status. It
//! runs three times: with a customer's, an agent's and a lead's token, against a backend with a
//! chat, an escalation, a missed chat and a reviewed chat to find by their real ids.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use chatdesk::protocol::MissedChat;
use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// The Schemathesis this suite was checked with; `.ci/run` installs the same.
const SCHEMATHESIS: &str = "4.32.5";

/// Requests generated per operation and phase; small, so three runs stay within the suite's
/// budget on two cores.
const MAX_EXAMPLES: &str = "12";

const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
    response_headers_conformance,response_schema_conformance";

const NO_BODY: Option<&()> = None;

/// `schemathesis` from a virtual environment under `target/tmp`, created and filled from PyPI
/// the first time.
fn schemathesis() -> &'static Path {
    static PROGRAM: OnceLock<PathBuf> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schemathesis");
        let program = venv.join("bin/schemathesis");
        let installed = Command::new(&program)
            .arg("--version")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(SCHEMATHESIS));
        if !installed {
            common::python_venv(&venv, &format!("schemathesis=={SCHEMATHESIS}"));
        }
        program
    })
}

/// The ids Schemathesis is given for path parameters, so that requests reach real objects.
struct Ids {
    /// Ana's chat: active, Dana's.
    chat: Uuid,
    /// Cy's chat: ended and wrapped up, so it has a review.
    reviewed: Uuid,
    escalation: Uuid,
    missed: Uuid,
    /// Di's chat offered to Dana, still pending.
    offer: Uuid,
    /// What Dana promised Cy at wrap-up.
    commitment: Uuid,
}

/// Offers stay open through the three runs, so `offers/{id}` reaches a pending offer.
const POLICY: &str = "[routing]\noffer_timeout_secs = 3600\n";

/// A backend with Dana (agent), Lee (lead) and four customers; returns the clients of Ana (a
/// customer), Dana and Lee, and the ids to test with.
async fn floor(backend: &Backend) -> (Client, Client, Client, Ids) {
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "billing,device,orders,international");
    let (ana, ana_client) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(ana.id).await;
    let (status, _) = ana_client
        .send(ana.id, "My invoice shows the wrong plan.", "c-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let escalation: Value = dana
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/escalations", ana.id),
            Some(&json!({"template": "poc-code", "fields": [
                {"id": "cid", "value": "C-1001"},
                {"id": "utr", "value": "UTR-2231"},
                {"id": "appointment_time", "value": "2:30 pm Central"},
                {"id": "drive_time", "value": "45 minutes"},
                {"id": "reason", "value": "The technician cannot reach the service line. Can someone give an override code today?"},
            ]})),
        )
        .await;

    let (cy, _) = backend.customer("Cy Moss", "billing").await;
    dana.pick_up(cy.id).await;
    dana.send(cy.id, "Hello Cy, the refund is on its way.", "a-1")
        .await;
    let _: Value = dana.end(cy.id).await;
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    let wrap_up = json!({"code": "resolved", "notes": "Refund confirmed.", "commitment": {
        "due_at": due.to_string(), "channel": "email", "note": "Confirm the refund arrived."
    }});
    let _: Value = dana
        .ok(
            Method::PUT,
            &format!("/api/v1/chats/{}/disposition", cy.id),
            Some(&wrap_up),
        )
        .await;
    let follow_ups: Value = dana.ok(Method::GET, "/api/v1/follow-ups", NO_BODY).await;
    let commitment = follow_ups["commitments"][0]["id"]
        .as_str()
        .expect("Cy's commitment");

    dana.go_available().await;
    let (di, _) = backend.customer("Di Park", "billing").await;
    let snapshot: Value = dana.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    let offer = snapshot["offers"]
        .as_array()
        .and_then(|offers| offers.iter().find(|o| o["chat_id"] == di.id.to_string()))
        .expect("Di's chat is offered to Dana");

    let (bo, bo_client) = backend.customer("Bo Lind", "device").await;
    let _: Value = bo_client.end(bo.id).await;
    let missed: Vec<MissedChat> = dana.ok(Method::GET, "/api/v1/missed", NO_BODY).await;
    let missed = missed
        .iter()
        .find(|m| m.chat_id == bo.id)
        .expect("Bo's chat is missed");

    let ids = Ids {
        chat: ana.id,
        reviewed: cy.id,
        escalation: escalation["id"].as_str().unwrap().parse().unwrap(),
        missed: missed.id,
        offer: offer["id"].as_str().unwrap().parse().unwrap(),
        commitment: commitment.parse().unwrap(),
    };
    (ana_client, dana, lee, ids)
}

/// `schemathesis.toml`: the real ids, and event streams read for at most a second.
fn config(ids: &Ids) -> String {
    format!(
        r#"
[parameters]
"path.id" = "{chat}"
"path.chat_id" = "{reviewed}"

[[operations]]
include-path-regex = "^/api/v1/escalations/"
parameters = {{ "path.id" = "{escalation}" }}

[[operations]]
include-path-regex = "^/api/v1/missed/"
parameters = {{ "path.id" = "{missed}" }}

[[operations]]
include-path-regex = "^/api/v1/offers/"
parameters = {{ "path.id" = "{offer}" }}

[[operations]]
include-path-regex = "^/api/v1/commitments/"
parameters = {{ "path.id" = "{commitment}" }}

[[operations]]
include-operation-id = ["chatEvents", "agentEvents"]
request-timeout = 1.0
max-stream-events = 1
"#,
        chat = ids.chat,
        reviewed = ids.reviewed,
        escalation = ids.escalation,
        missed = ids.missed,
        offer = ids.offer,
        commitment = ids.commitment,
    )
}

/// Runs Schemathesis as `who`; returns whether it passed, and its report.
fn run(backend: &Backend, config: &Path, who: &str, token: &str) -> (bool, String) {
    let started = Instant::now();
    let out = Command::new(schemathesis())
        .arg("--config-file")
        .arg(config)
        .arg("--no-color")
        .args(["run", &format!("{}/api/v1/openapi.json", backend.base)])
        .args(["--checks", CHECKS])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--workers", "1", "--request-timeout", "5"])
        .args(["--suppress-health-check", "all"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .current_dir(backend.data_dir())
        .output()
        .expect("schemathesis runs");
    let report = format!(
        "── Schemathesis as {who} ({:.0?}) ──\n{}{}",
        started.elapsed(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), report)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_answers_as_its_description_says_for_every_role() {
    let backend = Backend::start(Some(POLICY));
    let (customer, agent, lead, ids) = floor(&backend).await;
    let config = backend.data_dir().join("schemathesis.toml");
    std::fs::write(&config, self::config(&ids)).unwrap();

    let mut failed = Vec::new();
    for (who, client) in [("customer", &customer), ("agent", &agent), ("lead", &lead)] {
        let (passed, report) = run(&backend, &config, who, &client.token);
        println!("{report}");
        if !passed {
            failed.push(who);
        }
    }
    assert!(
        failed.is_empty(),
        "Schemathesis found failures as {failed:?}; the reports are above"
    );
}
