//! The customer contract against a real backend: idempotent sends, resumable event streams
//! and durability across a hard kill.

use crate::common;

use std::time::Duration;

use chatdesk::protocol::{CustomerChat, EventBody, Message, Presence, Snapshot};
use common::Backend;
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

#[tokio::test]
async fn the_same_client_msg_id_never_stores_a_message_twice() {
    let backend = Backend::start(None);
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    let (status, first) = customer
        .send(chat.id, "My invoice shows the wrong plan.", "c-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = customer
        .send(chat.id, "My invoice shows the wrong plan.", "c-1")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first, again);
    // Concurrent retries of one send still store it once.
    let retries = (0..8).map(|_| {
        let customer = customer.clone();
        tokio::spawn(async move { customer.send(chat.id, "Are you there?", "c-2").await })
    });
    let answers: Vec<_> = futures::future::join_all(retries)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count(),
        1
    );
    assert!(answers.iter().all(|(_, m)| m.id == answers[0].1.id));
    let transcript = customer.transcript(chat.id).await;
    let bodies: Vec<&str> = transcript.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["My invoice shows the wrong plan.", "Are you there?"]
    );
}

/// A retry is answered with the message it repeats even once that message could no longer
/// be sent: after the chat ended, or when with the message before it the retry would read as
/// a card number. A new message is still refused then.
#[tokio::test]
async fn a_retry_is_answered_with_its_message_after_the_chat_ended() {
    let backend = Backend::start(None);
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    let (status, first) = customer.send(chat.id, "4111 1111", "c-1").await;
    assert_eq!(status, StatusCode::CREATED);
    // The same digits again read as a card number with the message before: a new send is
    // refused, the retry is answered.
    assert_eq!(
        customer.send_refused(chat.id, "1111 1111").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, again) = customer.send(chat.id, "4111 1111", "c-1").await;
    assert_eq!((status, &again), (StatusCode::OK, &first));

    let _: CustomerChat = customer.end(chat.id).await;
    let (status, after_end) = customer.send(chat.id, "4111 1111", "c-1").await;
    assert_eq!((status, &after_end), (StatusCode::OK, &first));
    assert_eq!(
        customer.send_refused(chat.id, "Are you still there?").await,
        StatusCode::CONFLICT
    );
    let transcript = customer.transcript(chat.id).await;
    let from_customer = transcript.iter().filter(|m| m.client_msg_id.is_some());
    assert_eq!(from_customer.count(), 1, "{transcript:?}");
}

/// A client id is the client's own text, so it is masked like any text before it is kept; a
/// random UUID can read as a card number (`…-2715-7422-9331-9082…` passes the Luhn check). A
/// retry of such a send must still find the first one, and the message must say which send it
/// answers the same way in the reply and on the stream.
#[tokio::test]
async fn a_client_id_that_reads_as_a_card_number_still_stores_a_message_once() {
    let backend = Backend::start(None);
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    let card_like = "01a236ab-2715-7422-9331-9082ff6b68fb";
    let (status, first) = customer
        .send(chat.id, "Is my refund on its way?", card_like)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = customer
        .send(chat.id, "Is my refund on its way?", card_like)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the retry is known as the same send"
    );
    assert_eq!(first, again);
    let transcript = customer.transcript(chat.id).await;
    assert_eq!(transcript.len(), 1, "stored once: {transcript:?}");
    assert_eq!(transcript[0].client_msg_id, first.client_msg_id);
    assert!(
        !first
            .client_msg_id
            .as_deref()
            .unwrap_or("")
            .contains("7422-9331"),
        "the card-like digits are not kept: {:?}",
        first.client_msg_id
    );
}

#[tokio::test]
async fn a_reconnecting_stream_gets_exactly_the_events_it_missed() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Bo Chen", "billing").await;
    let path = format!("/api/v1/chats/{}/events", chat.id);
    agent.pick_up(chat.id).await;

    let mut stream = customer.events(&path, None).await;
    let first = stream.next().await.unwrap();
    assert!(
        matches!(first.body, EventBody::ChatQueued { .. }),
        "starts at the chat's first event"
    );
    let joined = stream
        .until("the agent", |b| matches!(b, EventBody::AgentJoined { .. }))
        .await;
    let (_, m1) = customer.send(chat.id, "one", "c-1").await;
    let seen = stream
        .until("message one", |b| {
            matches!(b, EventBody::MessageCreated { .. })
        })
        .await;
    assert_eq!(seen.id, m1.seq);
    drop(stream); // the connection drops

    let mut sent = Vec::new();
    for i in 0..5 {
        let (status, m) = customer
            .send(chat.id, &format!("while away {i}"), &format!("c-away-{i}"))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        sent.push(m.seq);
        let (status, m) = agent
            .send(chat.id, &format!("reply {i}"), &format!("a-away-{i}"))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        sent.push(m.seq);
    }

    let mut resumed = customer.events(&path, Some(seen.id)).await;
    let mut got = Vec::new();
    while got.len() < sent.len() {
        let event = resumed.next().await.expect("a missed event");
        assert!(event.id > seen.id, "nothing at or before Last-Event-ID");
        got.push(event.id);
    }
    assert_eq!(got, sent, "every missed message, in order, once");
    // And what happens next arrives live on the resumed stream.
    let (_, live) = agent.send(chat.id, "live again", "a-live").await;
    let next = resumed.next().await.unwrap();
    assert_eq!(next.id, live.seq);
    assert!(
        resumed
            .next_within(Duration::from_millis(300))
            .await
            .is_none(),
        "no duplicate"
    );

    // A fresh connection (a reloaded page) rebuilds the whole conversation.
    let mut reloaded = customer.events(&path, None).await;
    let mut ids = Vec::new();
    while let Some(event) = reloaded.next_within(Duration::from_millis(500)).await {
        ids.push(event.id);
    }
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "increasing ids: {ids:?}"
    );
    assert_eq!(ids.first(), Some(&first.id));
    assert!(ids.contains(&joined.id) && ids.contains(&live.seq));
}

#[tokio::test]
async fn the_agent_stream_resumes_from_the_snapshot_without_gap() {
    let backend = Backend::start(None);
    let agent = backend.agent("erin", "device");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Cleo Park", "device").await;
    let snapshot: Snapshot = agent.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    assert_eq!(snapshot.offers.len(), 1);
    assert_eq!(snapshot.offers[0].chat_id, chat.id);
    // Things happen between the snapshot and the connection…
    agent.accept(snapshot.offers[0].id).await;
    let (_, message) = customer.send(chat.id, "Hello?", "c-1").await;
    // …and the stream opened at the snapshot's id still delivers them, in order.
    let mut stream = agent
        .events("/api/v1/me/events", Some(snapshot.last_event_id))
        .await;
    let kinds: Vec<&str> = {
        let mut kinds = Vec::new();
        loop {
            let event = stream.next().await.unwrap();
            kinds.push(event.body.kind());
            if let EventBody::MessageCreated { message: m } = &event.body {
                assert_eq!(m, &message);
                break;
            }
        }
        kinds
    };
    assert!(kinds.contains(&"offer.ended"), "{kinds:?}");
    assert!(kinds.contains(&"chat.assigned"), "{kinds:?}");
}

#[tokio::test]
async fn everything_acknowledged_survives_a_hard_kill() {
    let mut backend = Backend::start(None);
    let agent = backend.agent("fran", "orders");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Dev Patel", "orders").await;
    agent.pick_up(chat.id).await;
    let mut acknowledged = Vec::new();
    for i in 0..20 {
        let (_, m) = customer
            .send(chat.id, &format!("line {i}"), &format!("c-{i}"))
            .await;
        acknowledged.push(m);
        let (_, m) = agent
            .send(chat.id, &format!("answer {i}"), &format!("a-{i}"))
            .await;
        acknowledged.push(m);
    }
    let (waiting, waiting_client) = backend.customer("Eve Santos", "billing").await;
    let before: Vec<Message> = customer
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", chat.id),
            NO_BODY,
        )
        .await;

    backend.restart(); // SIGKILL, then start again on the same data

    let customer = common::Client::new(&backend.base, &customer.token);
    let agent = common::Client::new(&backend.base, &agent.token);
    let after: Vec<Message> = customer
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", chat.id),
            NO_BODY,
        )
        .await;
    assert_eq!(after, before);
    assert_eq!(after, acknowledged);
    let snapshot: Snapshot = agent.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    assert_eq!(snapshot.me.presence, Presence::Available);
    assert_eq!(snapshot.chats.len(), 1);
    assert_eq!(snapshot.chats[0].messages, acknowledged);
    let waiting_client = common::Client::new(&backend.base, &waiting_client.token);
    let state: CustomerChat = waiting_client
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}", waiting.id),
            NO_BODY,
        )
        .await;
    assert_eq!(state.position, Some(1));
    // New events continue the same sequence.
    let (_, next) = customer.send(chat.id, "after the restart", "c-after").await;
    assert!(next.seq > acknowledged.last().unwrap().seq);
}
