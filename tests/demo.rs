//! `chatdesk demo` headless: simulated customers arrive on the demo backend and are offered to
//! the demo agent.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use chatdesk::protocol::QueueListing;
use reqwest::Method;

#[tokio::test]
async fn simulated_customers_arrive_and_are_offered() {
    let mut child = Command::new(common::BIN)
        .args(["demo", "--no-console", "--customers", "3", "--every", "0.2"])
        .env("CHATDESK_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("chatdesk demo starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let server = lines.next().unwrap().unwrap();
    let server = server
        .strip_prefix("chatdesk demo backend listening on ")
        .unwrap_or_else(|| panic!("unexpected {server:?}"))
        .to_string();
    let token = lines.next().unwrap().unwrap();
    let token = token
        .strip_prefix("demo agent token: ")
        .unwrap()
        .to_string();

    let agent = common::Client::new(&server, &token);
    let mut events = agent.agent_events().await;
    agent.go_available().await;
    let offer = events.offer().await;
    let script = chatdesk::sim::Script::builtin();
    assert!(
        script.lines.names.contains(&offer.customer.name),
        "{}",
        offer.customer.name
    );
    assert!(offer.customer.email.ends_with("@example.com"));

    // The simulated customer said why they came, from the script's opening lines.
    let chat = agent.accept(offer.id).await;
    let opening = chat
        .messages
        .first()
        .map(|m| m.body.clone())
        .unwrap_or_default();
    let known: Vec<&String> = script.openings.values().flatten().collect();
    assert!(known.contains(&&opening), "{opening:?}");
    // Everyone else waits in the queues (offered or not, they are still queued).
    let deadline = std::time::Instant::now() + common::PATIENCE;
    loop {
        let queues: Vec<QueueListing> = agent.ok(Method::GET, "/api/v1/queues", None::<&()>).await;
        if queues.iter().map(|q| q.depth).sum::<u32>() >= 2 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the other customers never arrived"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    drop(events);
    let status = common::stop_with_ctrl_c(&mut child, "the demo");
    assert!(
        status.success(),
        "the demo stops cleanly on Ctrl-C: {status}"
    );
}
