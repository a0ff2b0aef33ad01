//! `chatdesk demo` headless: simulated customers arrive on the demo backend and are offered to
//! the demo agent.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use chatdesk::protocol::{EventBody, QueueListing};
use reqwest::Method;

/// The demo's process, killed if the test ends before stopping it (a failed assertion must not
/// leave it running).
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[tokio::test]
async fn simulated_customers_arrive_and_are_offered() {
    let mut demo = Demo(
        Command::new(common::BIN)
            .args(["demo", "--no-console", "--customers", "3", "--every", "0.2"])
            .env("CHATDESK_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("chatdesk demo starts"),
    );
    let child = &mut demo.0;
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
    // The offer can come before the opening line does: then it arrives on the stream.
    let chat = agent.accept(offer.id).await;
    let opening = match chat.messages.first() {
        Some(first) => first.body.clone(),
        None => {
            let said = events
                .until("the customer's opening line", |b| {
                    matches!(b, EventBody::MessageCreated { message } if message.chat_id == chat.chat.id)
                })
                .await;
            match said.body {
                EventBody::MessageCreated { message } => message.body,
                other => panic!("{other:?}"),
            }
        }
    };
    let known: Vec<&String> = script.openings.values().flatten().collect();
    assert!(known.contains(&&opening), "{opening:?}");
    // Everyone else arrives: waiting in a queue, or offered to this agent, who has room for one
    // more (an offered chat is not listed as waiting).
    let deadline = std::time::Instant::now() + common::PATIENCE;
    let mut others = std::collections::HashSet::new();
    loop {
        let queues: Vec<QueueListing> = agent.ok(Method::GET, "/api/v1/queues", None::<&()>).await;
        others.extend(
            queues
                .iter()
                .flat_map(|q| q.chats.iter().map(|c| c.chat_id)),
        );
        if others.iter().filter(|id| **id != chat.chat.id).count() >= 2 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the other customers never arrived: {others:?}"
        );
        if let Some(event) = events
            .next_within(std::time::Duration::from_millis(100))
            .await
            && let EventBody::OfferCreated { offer } = event.body
        {
            others.insert(offer.chat_id);
        }
    }
    drop(events);
    let status = common::stop_with_ctrl_c(&mut demo.0, "the demo");
    assert!(
        status.success(),
        "the demo stops cleanly on Ctrl-C: {status}"
    );
}
