//! The outbox: messages typed during an outage, left by a crashed sender, or refused.

use chatdesk::client::{self, Delivery, Outbox, Outgoing};
use chatdesk::protocol::{Message, Party};
use reqwest::Method;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::common::{self, Backend as Server, PATIENCE};

const NO_BODY: Option<&()> = None;

async fn next_delivery(rx: &mut mpsc::UnboundedReceiver<Delivery>) -> Delivery {
    tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .expect("a delivery report in time")
        .expect("the sender is still running")
}

/// A chat from a new customer, picked up by the agent; returns the chat id and the customer.
async fn chat_with(server: &Server, agent: &client::Backend, name: &str) -> (Uuid, common::Client) {
    let (created, customer) = server.customer(name, "billing").await;
    agent.pick_up(created.id).await.expect("pick-up");
    (created.id, customer)
}

/// The agent's messages in the transcript, as the customer reads it.
async fn agent_bodies(customer: &common::Client, chat: Uuid) -> Vec<String> {
    let path = format!("/api/v1/chats/{chat}/messages");
    let transcript: Vec<Message> = customer.ok(Method::GET, &path, NO_BODY).await;
    transcript
        .into_iter()
        .filter(|m| m.author == Party::Agent)
        .map(|m| m.body)
        .collect()
}

#[tokio::test]
async fn messages_typed_during_an_outage_arrive_in_order_exactly_once() {
    let mut server = Server::start(None);
    let token = server.agent("dana", "billing").token;
    let (agent, _) = client::connect(&server.base, &token).await.unwrap();
    let (chat, customer) = chat_with(&server, &agent, "Ana Lima").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.jsonl");
    let (push, mut reports) = client::deliver(agent.clone(), Outbox::open(&path).unwrap());

    server.kill_hard();
    let bodies = ["one", "two", "three", "four", "five"];
    for body in bodies {
        push.send(Outgoing::new(chat, body)).unwrap();
    }
    let Delivery::Retrying {
        outgoing, error, ..
    } = next_delivery(&mut reports).await
    else {
        panic!("the first attempt fails while the backend is down")
    };
    assert_eq!(outgoing.body, "one");
    assert!(error.is_retryable());
    assert_eq!(Outbox::open(&path).unwrap().len(), 5, "all kept on disk");

    server.restart();
    let mut sent = Vec::new();
    while sent.len() < bodies.len() {
        match next_delivery(&mut reports).await {
            Delivery::Sent { outgoing, message } => {
                assert_eq!(outgoing.body, message.body);
                sent.push(outgoing.body);
            }
            Delivery::Retrying { .. } => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(sent, bodies);
    assert_eq!(agent_bodies(&customer, chat).await, bodies);
    assert!(Outbox::open(&path).unwrap().is_empty());
}

#[tokio::test]
async fn a_fresh_sender_delivers_what_a_crashed_one_left_in_the_file() {
    let server = Server::start(None);
    let token = server.agent("dana", "billing").token;
    let (agent, _) = client::connect(&server.base, &token).await.unwrap();
    let (chat, customer) = chat_with(&server, &agent, "Ana Lima").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.jsonl");

    // The crashed console had sent "zero" but not yet taken it out of the file.
    let zero = Outgoing::new(chat, "zero");
    agent.send(chat, &zero.to_message()).await.unwrap();
    let mut left = Outbox::open(&path).unwrap();
    for item in [zero, Outgoing::new(chat, "one"), Outgoing::new(chat, "two")] {
        left.push(item).unwrap();
    }
    drop(left);

    let outbox = Outbox::open(&path).unwrap();
    assert_eq!(outbox.len(), 3);
    let (push, mut reports) = client::deliver(agent, outbox);
    push.send(Outgoing::new(chat, "three")).unwrap();
    let mut sent = Vec::new();
    while sent.len() < 4 {
        match next_delivery(&mut reports).await {
            Delivery::Sent { outgoing, .. } => sent.push(outgoing.body),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(sent, ["zero", "one", "two", "three"]);
    assert_eq!(
        agent_bodies(&customer, chat).await,
        ["zero", "one", "two", "three"]
    );
    assert!(Outbox::open(&path).unwrap().is_empty());
    drop(push);
    let after = tokio::time::timeout(PATIENCE, reports.recv()).await;
    assert_eq!(after, Ok(None), "the sender ends when done");
}

#[tokio::test]
async fn a_refused_message_is_reported_and_dropped_without_holding_up_the_rest() {
    let server = Server::start(None);
    let token = server.agent("dana", "billing").token;
    let (agent, _) = client::connect(&server.base, &token).await.unwrap();
    let (ended, ended_customer) = chat_with(&server, &agent, "Ana Lima").await;
    let (live, live_customer) = chat_with(&server, &agent, "Ben Ode").await;
    let _: serde_json::Value = ended_customer
        .ok(Method::POST, &format!("/api/v1/chats/{ended}/end"), NO_BODY)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.jsonl");
    let (push, mut reports) = client::deliver(agent, Outbox::open(&path).unwrap());

    push.send(Outgoing::new(ended, "too late")).unwrap();
    push.send(Outgoing::new(live, "still here")).unwrap();
    let Delivery::Refused { outgoing, problem } = next_delivery(&mut reports).await else {
        panic!("the ended chat refuses")
    };
    assert_eq!(outgoing.body, "too late");
    assert_eq!(problem.status, 409);
    assert!(problem.detail.ends_with('.'), "{}", problem.detail);
    let Delivery::Sent { outgoing, .. } = next_delivery(&mut reports).await else {
        panic!("the next message goes through")
    };
    assert_eq!(outgoing.body, "still here");
    assert!(agent_bodies(&ended_customer, ended).await.is_empty());
    assert_eq!(agent_bodies(&live_customer, live).await, ["still here"]);
    assert!(Outbox::open(&path).unwrap().is_empty());
}
