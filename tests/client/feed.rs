//! The event feed: resuming across a restart, stopping on a withdrawn token, and dropping a
//! silent connection.

use std::time::Duration;

use chatdesk::client::{self, Feed, FollowTiming};
use chatdesk::protocol::{Event, EventBody, Presence};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::common::{self, Backend as Server, PATIENCE};

/// The next item on a channel, or a panic naming what was awaited.
async fn next<T>(rx: &mut mpsc::Receiver<T>, what: &str) -> T {
    tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .unwrap_or_else(|_| panic!("no {what} in time"))
        .unwrap_or_else(|| panic!("the channel closed before {what}"))
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
