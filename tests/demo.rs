//! `chatdesk demo` headless: simulated customers arrive on the demo backend and are offered to
//! the demo agent.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use chatdesk::protocol::{EventBody, Floor, QueueListing, Snapshot};
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
    let (server, token) = sign_in_lines(&mut demo.0);

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
    // more (an offered chat is not listed as waiting; its offer may have gone by on the stream
    // while the test waited for the opening line, so the agent's snapshot is asked too).
    let deadline = std::time::Instant::now() + common::PATIENCE;
    let mut others = std::collections::HashSet::new();
    loop {
        let queues: Vec<QueueListing> = agent.ok(Method::GET, "/api/v1/queues", None::<&()>).await;
        others.extend(
            queues
                .iter()
                .flat_map(|q| q.chats.iter().map(|c| c.chat_id)),
        );
        let snapshot: Snapshot = agent
            .ok(Method::GET, "/api/v1/me/snapshot", None::<&()>)
            .await;
        others.extend(snapshot.offers.iter().map(|o| o.chat_id));
        others.extend(snapshot.chats.iter().map(|c| c.chat.id));
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

/// The backend's address and the token the demo prints at start.
fn sign_in_lines(child: &mut Child) -> (String, String) {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let server = lines.next().unwrap().unwrap();
    let server = server
        .strip_prefix("chatdesk demo backend listening on ")
        .unwrap_or_else(|| panic!("unexpected {server:?}"))
        .to_string();
    let token = lines.next().unwrap().unwrap();
    let token = token
        .split_once("token: ")
        .unwrap_or_else(|| panic!("unexpected {token:?}"))
        .1
        .to_string();
    (server, token)
}

#[tokio::test]
async fn the_lead_demos_customers_keep_arriving_for_as_long_as_it_runs() {
    // Arrivals every 0.05 s: a floor that stopped after a fixed number of customers (it was 60,
    // three minutes at the usual pace, then an empty floor) shows no more than that many.
    let mut demo = Demo(
        Command::new(common::BIN)
            .args(["demo", "--lead", "--no-console", "--every", "0.05"])
            .env("CHATDESK_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("chatdesk demo starts"),
    );
    let (server, token) = sign_in_lines(&mut demo.0);
    let lead = common::Client::new(&server, &token);
    let deadline = std::time::Instant::now() + common::PATIENCE;
    let mut seen = std::collections::HashSet::new();
    while seen.len() <= 100 {
        let floor: Floor = lead.ok(Method::GET, "/api/v1/floor", None::<&()>).await;
        seen.extend(floor.chats.iter().map(|c| c.chat.id));
        seen.extend(
            floor
                .queues
                .iter()
                .flat_map(|q| q.chats.iter().map(|c| c.chat_id)),
        );
        assert!(
            std::time::Instant::now() < deadline,
            "customers stopped arriving after {}",
            seen.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let status = common::stop_with_ctrl_c(&mut demo.0, "the demo");
    assert!(
        status.success(),
        "the demo stops cleanly on Ctrl-C: {status}"
    );
}
