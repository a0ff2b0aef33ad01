//! The console's client against a real backend: signing in, typed calls, the event feed across
//! outages, and the outbox.

mod common;

use std::time::Duration;

use chatdesk::client::{
    self, ClientError, ConnectError, Delivery, Feed, FollowTiming, Outbox, Outgoing,
};
use chatdesk::protocol::{
    Disposition, Event, EventBody, Message, NewMessage, Party, Presence, Transfer,
};
use common::{Backend as Server, PATIENCE};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use uuid::Uuid;

const NO_BODY: Option<&()> = None;

/// The next item on a channel, or a panic naming what was awaited.
async fn next<T>(rx: &mut mpsc::Receiver<T>, what: &str) -> T {
    tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .unwrap_or_else(|_| panic!("no {what} in time"))
        .unwrap_or_else(|| panic!("the channel closed before {what}"))
}

async fn next_delivery(rx: &mut mpsc::UnboundedReceiver<Delivery>) -> Delivery {
    tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .expect("a delivery report in time")
        .expect("the sender is still running")
}

/// Feed items up to and including the first event `matches` accepts.
async fn feed_until(
    feed: &mut mpsc::Receiver<Feed>,
    what: &str,
    matches: impl Fn(&EventBody) -> bool,
) -> Vec<Feed> {
    let mut seen = Vec::new();
    loop {
        let item = next(feed, what).await;
        let done = matches!(&item, Feed::Event(e) if matches(&e.body));
        seen.push(item);
        if done {
            return seen;
        }
    }
}

fn message_with(body: &'static str) -> impl Fn(&EventBody) -> bool {
    move |b| matches!(b, EventBody::MessageCreated { message } if message.body == body)
}

fn events_of(items: &[Feed]) -> Vec<Event> {
    items
        .iter()
        .filter_map(|f| match f {
            Feed::Event(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
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
async fn connect_says_in_one_sentence_what_went_wrong() {
    let error = client::connect("http//x", "cda_x").await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"http//x\" is not a server address (expected e.g. http://127.0.0.1:7878)."
    );

    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = client::connect(&format!("http://127.0.0.1:{port}"), "cda_x")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot reach http://127.0.0.1:{port} (connection refused); is chatdesk serve running there?"
        )
    );

    let server = Server::start(None);
    let error = client::connect(&server.base, "cda_0000").await.unwrap_err();
    assert!(
        matches!(&error, ConnectError::TokenRefused { detail, .. } if detail.contains("unknown or was withdrawn")),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "the server at {} refused this token: This sign-in token is unknown or was withdrawn; ask your operator for a new one.",
            server.base
        )
    );
    let (_, customer) = server.customer("Ana Lima", "billing").await;
    let error = client::connect(&server.base, &customer.token)
        .await
        .unwrap_err();
    assert!(
        matches!(error, ConnectError::TokenRefused { .. }),
        "{error:?}"
    );

    let elsewhere = format!("{}/not-here/", server.base);
    let error = client::connect(&elsewhere, "cda_x").await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}/not-here does not answer like a chatdesk backend.",
            server.base
        )
    );

    let agent = server.agent("dana", "billing");
    let (_, me) = client::connect(&format!("{}/", server.base), &format!(" {} ", agent.token))
        .await
        .expect("signed in");
    assert_eq!(me.name, "dana");
}

#[tokio::test]
async fn typed_calls_round_trip() {
    let mut server = Server::start(None);
    let token = server.agent("dana", "billing,device").token;
    let (agent, _) = client::connect(&server.base, &token).await.unwrap();

    let me = agent.set_presence(Presence::Available).await.unwrap();
    assert_eq!(me.presence, Presence::Available);
    let (first, _first_customer) = server.customer("Ana Lima", "billing").await;
    let offer = agent.snapshot().await.unwrap().offers.remove(0);
    assert_eq!(offer.chat_id, first.id);
    let detail = agent.accept(offer.id).await.unwrap();
    assert_eq!(detail.chat.id, first.id);

    let hello = NewMessage {
        body: "Hello Ana, let me look at that invoice.".into(),
        client_msg_id: "a-1".into(),
    };
    let sent = agent.send(first.id, &hello).await.unwrap();
    assert_eq!(sent.body, hello.body);
    let again = agent.send(first.id, &hello).await.unwrap();
    assert_eq!(again.id, sent.id, "the same client_msg_id is stored once");
    assert_eq!(agent.messages(first.id).await.unwrap(), vec![sent]);

    // A second chat is offered; declined, it waits in its queue, where the agent picks it up.
    let (second, _second_customer) = server.customer("Ben Ode", "billing").await;
    let offer = agent.snapshot().await.unwrap().offers.remove(0);
    agent.decline(offer.id).await.unwrap();
    let listing = agent.queues().await.unwrap();
    let billing = listing.iter().find(|q| q.id == "billing").unwrap();
    assert_eq!(billing.chats[0].chat_id, second.id);
    agent.pick_up(second.id).await.unwrap();
    let transferred = agent
        .transfer(
            second.id,
            &Transfer {
                to_agent: None,
                to_queue: Some("device".into()),
                note: "Their router, not their bill.".into(),
                notice: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(transferred.queue, "device");

    let codes = agent.dispositions().await.unwrap();
    assert!(codes.iter().any(|d| d.code == "resolved"), "{codes:?}");
    let ended = agent.end(first.id).await.unwrap();
    assert!(ended.ended_at.is_some());
    let resolved = Disposition {
        code: "resolved".into(),
        notes: "Plan corrected.".into(),
        tags: Vec::new(),
    };
    let recorded = agent.set_disposition(first.id, &resolved).await.unwrap();
    assert_eq!(recorded.disposition, Some(resolved));
    assert_eq!(agent.me().await.unwrap().name, "dana");

    // Refusals carry the backend's sentence and are not worth repeating.
    let refused = agent.send(first.id, &hello_again()).await.unwrap_err();
    let ClientError::Refused(problem) = &refused else {
        panic!("{refused:?}")
    };
    assert_eq!(problem.status, 409);
    assert_eq!(refused.to_string(), problem.detail);
    assert!(!refused.is_retryable());
    let unknown = agent.accept(Uuid::now_v7()).await.unwrap_err();
    assert_eq!(unknown.problem().map(|p| p.status), Some(404));

    // An outage is worth retrying.
    server.kill_hard();
    let down = agent.me().await.unwrap_err();
    assert!(down.is_retryable(), "{down:?}");
    assert!(matches!(down, ClientError::Unreachable(_)));
    server.restart();
    assert_eq!(agent.me().await.unwrap().name, "dana");
}

fn hello_again() -> NewMessage {
    NewMessage {
        body: "Are you still there?".into(),
        client_msg_id: "a-2".into(),
    }
}

#[tokio::test]
async fn the_feed_resumes_across_a_restart_with_no_gap_and_no_duplicate() {
    let mut server = Server::start(None);
    let raw_agent = server.agent("dana", "billing");
    let (agent, _) = client::connect(&server.base, &raw_agent.token)
        .await
        .unwrap();
    let start = agent.snapshot().await.unwrap().last_event_id;
    // A long first retry makes it likely that the messages below are written while the feed
    // is away and so come from the backend's replay; the test holds either way.
    let timing = FollowTiming {
        first_retry: Duration::from_secs(2),
        ..FollowTiming::default()
    };
    let mut feed = client::follow_with(agent.clone(), Some(start), timing);
    assert_eq!(next(&mut feed, "connection").await, Feed::Connected);

    agent.set_presence(Presence::Available).await.unwrap();
    let (chat, customer) = server.customer("Ana Lima", "billing").await;
    let mut seen = feed_until(&mut feed, "an offer", |b| {
        matches!(b, EventBody::OfferCreated { .. })
    })
    .await;
    let Some(Feed::Event(Event {
        body: EventBody::OfferCreated { offer },
        ..
    })) = seen.last()
    else {
        unreachable!()
    };
    agent.accept(offer.id).await.unwrap();
    for (n, body) in ["one", "two", "three"].into_iter().enumerate() {
        customer.send(chat.id, body, &format!("c-{n}")).await;
    }
    seen.extend(feed_until(&mut feed, "message three", message_with("three")).await);

    server.kill_hard();
    let mut across = Vec::new();
    loop {
        let item = next(&mut feed, "a disconnection").await;
        let down = matches!(item, Feed::Disconnected { .. });
        across.push(item);
        if down {
            break;
        }
    }
    server.restart();
    for (n, body) in ["four", "five", "six"].into_iter().enumerate() {
        customer.send(chat.id, body, &format!("c-{}", n + 3)).await;
    }
    across.extend(feed_until(&mut feed, "message six", message_with("six")).await);
    let reconnected = across.iter().position(|f| *f == Feed::Connected);
    let first_event_after = across
        .iter()
        .position(|f| matches!(f, Feed::Event(e) if matches!(&e.body, EventBody::MessageCreated { message } if message.body == "four")));
    assert!(
        reconnected.is_some() && reconnected < first_event_after,
        "Disconnected, then Connected, then the events: {across:?}"
    );
    assert!(
        across.iter().all(|f| !matches!(f, Feed::SignedOut(_))),
        "{across:?}"
    );
    seen.extend(across);

    let delivered: Vec<i64> = events_of(&seen).iter().map(|e| e.id).collect();
    assert!(
        delivered.windows(2).all(|w| w[0] < w[1]),
        "in order, no duplicate: {delivered:?}"
    );
    // Everything the backend has for this agent since `start`, read in one go.
    let mut reference = raw_agent.events("/api/v1/me/events", Some(start)).await;
    let mut expected = Vec::new();
    while expected.last() != delivered.last() {
        let event = reference.next().await.expect("the reference stream");
        expected.push(event.id);
    }
    assert_eq!(delivered, expected, "no gap");
}

#[tokio::test]
async fn the_feed_stops_when_the_token_is_withdrawn() {
    let mut server = Server::start(None);
    let raw_agent = server.agent("dana", "billing");
    let agent = client::Backend::new(&server.base, &raw_agent.token).unwrap();
    let mut feed = client::follow(agent, None);
    assert_eq!(next(&mut feed, "connection").await, Feed::Connected);

    server.kill_hard();
    let out = std::process::Command::new(common::BIN)
        .args(["agents", "token", "dana", "--quiet", "--data-dir"])
        .arg(server.data_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    server.restart();
    loop {
        match next(&mut feed, "the sign-out").await {
            Feed::Disconnected { .. } => continue,
            Feed::SignedOut(detail) => {
                assert!(detail.contains("withdrawn"), "{detail}");
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    let after = tokio::time::timeout(PATIENCE, feed.recv()).await;
    assert_eq!(after, Ok(None), "the feed stops after signing out");
}

/// A server that answers the event stream, sends `events`, then goes silent; it reports the
/// `Last-Event-ID` of every request.
async fn silent_server(events: &'static str) -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tell, heard) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = vec![0u8; 4096];
            let n = socket.read(&mut request).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&request[..n]).to_lowercase();
            let last = request
                .lines()
                .find_map(|l| l.strip_prefix("last-event-id:"))
                .unwrap_or("")
                .trim()
                .to_string();
            let _ = tell.send(last);
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n";
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(events.as_bytes()).await;
            open.push(socket); // kept open, and quiet
        }
    });
    (base, heard)
}

#[tokio::test]
async fn a_silent_connection_is_dropped_and_resumed_after_the_last_event() {
    const EVENTS: &str = concat!(
        "id: 5\nevent: presence.changed\ndata: {\"id\":5,\"at\":\"2025-01-01T00:00:00Z\",",
        "\"chat_id\":null,\"type\":\"presence.changed\",\"presence\":\"away\",\"reason\":null}\n\n",
        ": keep-alive\n\n",
        "id: 6\nevent: presence.changed\ndata: {\"id\":6,\"at\":\"2025-01-01T00:00:01Z\",",
        "\"chat_id\":null,\"type\":\"presence.changed\",\"presence\":\"available\",\"reason\":null}\n\n",
    );
    let (base, mut heard) = silent_server(EVENTS).await;
    let backend = client::Backend::new(&base, "cda_test").unwrap();
    let timing = FollowTiming {
        first_retry: Duration::from_millis(50),
        silence: Duration::from_secs(1),
        ..FollowTiming::default()
    };
    let mut feed = client::follow_with(backend, Some(5), timing);
    assert_eq!(next(&mut feed, "connection").await, Feed::Connected);
    let Feed::Event(event) = next(&mut feed, "event 6").await else {
        panic!("event 5 was delivered before")
    };
    assert_eq!(event.id, 6);
    let Feed::Disconnected { reason, .. } = next(&mut feed, "the silence").await else {
        panic!("expected a disconnection")
    };
    assert!(reason.starts_with("nothing heard"), "{reason}");
    assert_eq!(next(&mut feed, "reconnection").await, Feed::Connected);
    // Events 5 and 6 come again from this server; neither is delivered twice.
    assert!(matches!(
        next(&mut feed, "silence").await,
        Feed::Disconnected { .. }
    ));
    let asked: Vec<String> = [heard.recv().await, heard.recv().await]
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(asked, ["5", "6"]);
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
