//! `chatdesk report` on a small day of work made through the real API, read from the running
//! backend's data directory. Times come from the clock, so the test checks counts, rates and
//! the shape; the exact seconds are the unit tests' business (`src/cli/report/tests.rs`).

use crate::common;

use std::process::{Command, Output};

use chatdesk::protocol::{CheckChange, FieldValue, NewEscalation};
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

/// Dana speaks of the account before verifying, escalates and leaves Ana waiting past the
/// SLA; Lee takes the chat over, answers at once, leaves her waiting past the SLA himself and
/// verifies her.
async fn a_taken_over_chat(backend: &Backend) -> (Uuid, Client, Client) {
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "international");
    let (ana, ana_client) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(ana.id).await;
    ana_client
        .send(ana.id, "My Acme Devices invoice is wrong.", "c-1")
        .await;
    dana.send(ana.id, "Your balance is $120.50.", "a-1").await;
    let question = NewEscalation {
        template: "general-question".to_string(),
        fields: ["cid", "question", "resources_checked"]
            .into_iter()
            .zip([
                "C-1001",
                "The customer says the invoice shows the wrong plan. Which plan is right?",
                "The SOP and the account notes.",
            ])
            .map(|(id, value)| FieldValue {
                id: id.to_string(),
                value: value.to_string(),
            })
            .collect(),
    };
    let _: Value = dana
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/escalations", ana.id),
            Some(&question),
        )
        .await;
    ana_client.send(ana.id, "Why is it that much?", "c-2").await;
    tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
    let _: Value = lee
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/takeover", ana.id),
            None::<&()>,
        )
        .await;
    lee.send(ana.id, "Could you tell me which invoice you mean?", "l-1")
        .await;
    ana_client.send(ana.id, "The March one.", "c-3").await;
    tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
    lee.send(ana.id, "Is it the one sent on the first?", "l-2")
        .await;
    verify_everything(&lee, ana.id).await;
    let _: Value = lee.end(ana.id).await;
    (ana.id, dana, lee)
}

#[tokio::test]
async fn after_a_take_over_each_person_answers_for_their_own_part_in_reviews_and_report() {
    let backend = Backend::start(Some("[sla]\nreply_warn_secs = 1\nreply_breach_secs = 2\n"));
    let (chat, dana, lee) = a_taken_over_chat(&backend).await;

    // The review: the whole chat, and each person's part.
    let review: Value = lee
        .ok(Method::GET, &format!("/api/v1/reviews/{chat}"), None::<&()>)
        .await;
    let review = &review["review"];
    let parts = review["parts"].as_array().expect("parts");
    let who: Vec<&str> = parts
        .iter()
        .map(|p| p["agent_name"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["dana", "lee"], "{review}");
    let (d, l) = (&parts[0]["flags"], &parts[1]["flags"]);
    assert_eq!(d["verified_before_first_reply"], false, "{review}");
    assert_eq!(d["sla_breaches"], 1, "{review}");
    assert_eq!(
        l["verified_before_first_reply"], true,
        "Dana's words are not Lee's: {review}"
    );
    assert_eq!(l["sla_breaches"], 1, "{review}");
    assert_eq!(
        review["flags"]["sla_breaches"], 2,
        "the whole chat: {review}"
    );
    // Dana escalated before Lee took over: it is in her part and the whole chat's, not his.
    assert_eq!(d["escalations"], serde_json::json!(["open"]), "{review}");
    assert_eq!(l["escalations"], serde_json::json!([]), "{review}");
    assert_eq!(
        review["flags"]["escalations"],
        serde_json::json!(["open"]),
        "{review}"
    );
    // The wrap-up is the last holder's to record: none was, which is Lee's part, not Dana's.
    assert_eq!(review["flags"]["disposition_recorded"], false, "{review}");
    assert_eq!(l["disposition_recorded"], false, "{review}");
    assert_eq!(d["disposition_recorded"], true, "handed on: {review}");
    for (name, flagged) in [("dana", 0), ("lee", 1)] {
        let list: Vec<Value> = lee
            .ok(
                Method::GET,
                &format!("/api/v1/reviews?agent={name}&flag=no_disposition"),
                None::<&()>,
            )
            .await;
        assert_eq!(list.len(), flagged, "{name} without disposition: {list:?}");
    }
    for (name, escalated) in [("dana", 1), ("lee", 0)] {
        let list: Vec<Value> = lee
            .ok(
                Method::GET,
                &format!("/api/v1/reviews?agent={name}&flag=escalated"),
                None::<&()>,
            )
            .await;
        assert_eq!(list.len(), escalated, "{name} escalated: {list:?}");
    }

    // Listing one person's reviews shows their part under their name.
    for (name, verified) in [("dana", false), ("lee", true)] {
        let list: Vec<Value> = lee
            .ok(
                Method::GET,
                &format!("/api/v1/reviews?agent={name}"),
                None::<&()>,
            )
            .await;
        assert_eq!(list.len(), 1, "{name}: {list:?}");
        assert_eq!(list[0]["agent_name"], name);
        assert_eq!(list[0]["flags"]["verified_before_first_reply"], verified);
        assert_eq!(list[0]["flags"]["sla_breaches"], 1);
    }
    // Dana sees the review of the chat she had a part of, and the marks say whose is whose.
    let mine: Vec<Value> = dana.ok(Method::GET, "/api/v1/reviews", None::<&()>).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    let detail: Value = dana
        .ok(Method::GET, &format!("/api/v1/reviews/{chat}"), None::<&()>)
        .await;
    let notes: Vec<&str> = detail["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["note"].as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("dana: Spoke of the account")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with("lee: Answered after")),
        "{notes:?}"
    );

    // The report counts the same: the chat for each, one breach in two waits for each.
    let (from, to) = around_today();
    let json = stdout(&report(
        &backend,
        &["--from", &from, "--to", &to, "--format", "json"],
    ));
    let rows: Vec<Value> = serde_json::from_str(&json).expect("a JSON array");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["agent"] == name)
            .unwrap_or_else(|| panic!("{name} in {json}"))
            .clone()
    };
    let (d, l) = (row("dana"), row("lee"));
    assert_eq!(d["chats_handled"], 1, "{json}");
    assert_eq!(l["chats_handled"], 1, "{json}");
    assert_eq!(d["sla_breach_rate"], 0.5, "{json}");
    assert_eq!(l["sla_breach_rate"], 0.5, "{json}");
    // Lee verified Ana after he took her over: his chat was verified, Dana's part was not.
    assert_eq!(d["verification_rate"], 0.0, "{json}");
    assert_eq!(l["verification_rate"], 1.0, "{json}");
}
