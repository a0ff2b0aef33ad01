//! `chatdesk report` on a small day of work made through the real API, read from the running
//! backend's data directory. Times come from the clock, so the test checks counts, rates and
//! the shape; the exact seconds are the unit tests' business (`src/cli/report/tests.rs`).

mod common;

use std::process::{Command, Output};

use chatdesk::protocol::CheckChange;
use common::{BIN, Backend, Client};
use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

fn report(backend: &Backend, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("report")
        .args(args)
        .arg("--data-dir")
        .arg(backend.data_dir())
        .output()
        .expect("chatdesk report runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

/// Yesterday and tomorrow here, so a run just past midnight still covers today's chats.
fn around_today() -> (String, String) {
    let today = jiff::Zoned::now().date();
    (
        today.yesterday().unwrap().to_string(),
        today.tomorrow().unwrap().to_string(),
    )
}

async fn verify_everything(agent: &Client, chat: Uuid) {
    let path = format!("/api/v1/chats/{chat}/verification");
    for check in ["name", "email-or-client-id", "account-detail"] {
        let change = CheckChange {
            check: check.to_string(),
            done: true,
        };
        let _: Value = agent.ok(Method::PUT, &path, Some(&change)).await;
    }
}

/// Dana answers and verifies Ana; Eli answers Ben without verifying; Cara leaves unanswered.
async fn a_day_of_work(backend: &Backend) {
    let dana = backend.agent("dana", "billing");
    let eli = backend.agent("eli", "billing");
    let (ana, ana_client) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(ana.id).await;
    ana_client
        .send(ana.id, "My Acme Devices invoice is wrong.", "c-1")
        .await;
    dana.send(ana.id, "Hello Ana, let me look.", "a-1").await;
    verify_everything(&dana, ana.id).await;
    let _: Value = ana_client.end(ana.id).await;

    let (ben, ben_client) = backend.customer("Ben Ortiz", "billing").await;
    eli.pick_up(ben.id).await;
    ben_client.send(ben.id, "Is my order shipped?", "c-1").await;
    eli.send(ben.id, "Hello Ben, checking now.", "a-1").await;
    let _: Value = eli.end(ben.id).await;

    let (cara, cara_client) = backend.customer("Cara Diaz", "billing").await;
    let _: Value = cara_client.end(cara.id).await;
}

#[tokio::test]
async fn the_report_counts_each_agents_chats_while_the_backend_runs() {
    let backend = Backend::start(None);
    a_day_of_work(&backend).await;
    let (from, to) = around_today();

    let csv = stdout(&report(&backend, &["--from", &from, "--to", &to]));
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "agent,display_name,chats_handled,first_reply_median_secs,first_reply_p90_secs,\
         sla_breach_rate,verification_rate,review_score_avg"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    let dana: Vec<&str> = lines[1].split(',').collect();
    let eli: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(&dana[..3], ["dana", "dana", "1"]);
    assert_eq!(&eli[..3], ["eli", "eli", "1"]);
    assert!(dana[3].parse::<f64>().is_ok(), "{csv}");
    assert_eq!((dana[5], dana[6]), ("0", "1"), "{csv}");
    assert_eq!((eli[5], eli[6]), ("0", "0"), "{csv}");

    let json = stdout(&report(
        &backend,
        &[
            "--from", &from, "--to", &to, "--format", "json", "--agent", "eli",
        ],
    ));
    let rows: Vec<Value> = serde_json::from_str(&json).expect("a JSON array");
    assert_eq!(rows.len(), 1);
    let row = rows[0].as_object().unwrap();
    let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "agent",
            "chats_handled",
            "display_name",
            "first_reply_median_secs",
            "first_reply_p90_secs",
            "review_score_avg",
            "sla_breach_rate",
            "verification_rate",
        ]
    );
    assert_eq!(row["chats_handled"], 1);
    assert_eq!(row["verification_rate"], 0.0);
    assert!(row["first_reply_p90_secs"].is_number());

    // Another period has nothing: the header alone.
    let empty = stdout(&report(
        &backend,
        &["--from", "2001-01-01", "--to", "2001-01-31"],
    ));
    assert_eq!(empty.lines().count(), 1, "{empty}");
}

#[tokio::test]
async fn a_bad_date_or_an_unknown_agent_is_one_line_and_exit_code_2() {
    let backend = Backend::start(None);
    backend.agent("dana", "billing");
    let (from, to) = around_today();
    let cases: [(&[&str], &str); 4] = [
        (&["--from", "2026-02-30", "--to", &to], "--from"),
        (&["--from", &from, "--to", "next week"], "--to"),
        (&["--from", &to, "--to", &from], "after"),
        (&["--from", &from, "--to", &to, "--agent", "zed"], "zed"),
    ];
    for (args, named) in cases {
        let out = report(&backend, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(named), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}
