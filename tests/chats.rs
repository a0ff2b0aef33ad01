//! The customer contract against a real backend: idempotent sends, resumable event streams,
//! durability across a hard kill, token scoping and every error status.

mod common;

use std::time::Duration;

use chatdesk::protocol::{ChatDetail, CustomerChat, EventBody, Message, Party, Presence, Snapshot};
use common::Backend;
use reqwest::{Method, StatusCode};
use serde_json::json;

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
    let transcript: Vec<Message> = customer
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", chat.id),
            NO_BODY,
        )
        .await;
    let bodies: Vec<&str> = transcript.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["My invoice shows the wrong plan.", "Are you there?"]
    );
}

#[tokio::test]
async fn a_reconnecting_stream_gets_exactly_the_events_it_missed() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    let (chat, customer) = backend.customer("Bo Chen", "billing").await;
    let path = format!("/api/v1/chats/{}/events", chat.id);
    let _: ChatDetail = agent
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/pickup", chat.id),
            NO_BODY,
        )
        .await;

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
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    let (chat, customer) = backend.customer("Cleo Park", "device").await;
    let snapshot: Snapshot = agent.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    assert_eq!(snapshot.offers.len(), 1);
    assert_eq!(snapshot.offers[0].chat_id, chat.id);
    // Things happen between the snapshot and the connection…
    let _: ChatDetail = agent
        .ok(
            Method::POST,
            &format!("/api/v1/offers/{}/accept", snapshot.offers[0].id),
            NO_BODY,
        )
        .await;
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
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    let (chat, customer) = backend.customer("Dev Patel", "orders").await;
    let _: ChatDetail = agent
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/pickup", chat.id),
            NO_BODY,
        )
        .await;
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

#[tokio::test]
async fn a_customer_token_opens_only_its_own_chat() {
    let backend = Backend::start(None);
    let (mine, me) = backend.customer("Gus Moreno", "billing").await;
    let (theirs, _) = backend.customer("Hal Jones", "billing").await;
    for (method, path) in [
        (Method::GET, format!("/api/v1/chats/{}", theirs.id)),
        (Method::GET, format!("/api/v1/chats/{}/messages", theirs.id)),
        (Method::GET, format!("/api/v1/chats/{}/events", theirs.id)),
        (Method::POST, format!("/api/v1/chats/{}/end", theirs.id)),
    ] {
        let (status, _) = me.problem(method.clone(), &path, NO_BODY).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    assert_eq!(
        me.send_refused(theirs.id, "hello").await,
        StatusCode::NOT_FOUND
    );
    let (status, _) = me
        .problem(Method::POST, "/api/v1/chats/not-a-chat/end", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let state: CustomerChat = me
        .ok(Method::GET, &format!("/api/v1/chats/{}", mine.id), NO_BODY)
        .await;
    assert_eq!(state.id, mine.id);

    // The browser's way in: the HttpOnly cookie from the creation answer.
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/chats", backend.base))
        .json(&json!({"name": "Ida Berg", "email": "ida@example.com", "reason": "device"}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let created: chatdesk::protocol::ChatCreated = response.json().await.unwrap();
    assert!(
        cookie.contains(&format!("Path=/api/v1/chats/{}", created.id)),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    let stream = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/chats/{}/events",
            backend.base, created.id
        ))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let other = reqwest::Client::new()
        .get(format!("{}/api/v1/chats/{}/events", backend.base, mine.id))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_error_is_a_problem_with_the_right_status() {
    let backend = Backend::start(None);
    let agent = backend.agent("gil", "billing");
    let (chat, customer) = backend.customer("Jon Kim", "billing").await;
    let anonymous = backend.anonymous();
    let messages = format!("/api/v1/chats/{}/messages", chat.id);

    // 400: malformed JSON.
    let response = customer
        .request(Method::POST, &messages)
        .header("content-type", "application/json")
        .body("{\"body\": \"unterminated")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );

    // 401: no token, an unknown token, a withdrawn token.
    let (status, _) = anonymous.problem(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let forged = common::Client::new(&backend.base, "cda_0000");
    let (status, _) = forged.problem(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let out = std::process::Command::new(common::BIN)
        .args(["agents", "token", "gil", "--quiet", "--data-dir"])
        .arg(backend.data_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let (status, _) = agent.problem(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old token stops working"
    );
    let agent = common::Client::new(&backend.base, String::from_utf8(out.stdout).unwrap().trim());
    let _: chatdesk::protocol::Me = agent.ok(Method::GET, "/api/v1/me", NO_BODY).await;

    // 403: a chat token on an agent route.
    let (status, _) = customer
        .problem(Method::GET, "/api/v1/queues", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // 404: an unknown chat and an unknown route.
    let (status, _) = agent
        .problem(
            Method::GET,
            &format!("/api/v1/chats/{}", uuid::Uuid::now_v7()),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = agent.problem(Method::GET, "/api/v1/nowhere", NO_BODY).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // 413: a body over 64 KiB.
    let huge = json!({"body": "x".repeat(70 * 1024), "client_msg_id": "huge"});
    let (status, _) = customer.problem(Method::POST, &messages, Some(&huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // 422: a message over 4,000 characters (counted as characters, not bytes), an empty one,
    // a missing field, an unknown reason.
    let long = json!({"body": "é".repeat(4001), "client_msg_id": "long"});
    let (status, problem) = customer.problem(Method::POST, &messages, Some(&long)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.detail.contains("4000") || problem.detail.contains("4,000"));
    let (status, _) = customer
        .send(chat.id, &"é".repeat(4000), "exactly-4000")
        .await;
    assert_eq!(status, StatusCode::CREATED, "4,000 characters fit");
    let (status, _) = customer
        .problem(
            Method::POST,
            &messages,
            Some(&json!({"body": " ", "client_msg_id": "e"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = customer
        .problem(Method::POST, &messages, Some(&json!({"body": "no id"})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, problem) = anonymous
        .problem(
            Method::POST,
            "/api/v1/chats",
            Some(&json!({"name": "Kim", "email": "kim@example.com", "reason": "refunds"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem.detail.contains("billing"),
        "names the choices: {}",
        problem.detail
    );

    // 409: writing in an ended chat; nothing is stored.
    let _: CustomerChat = customer
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/end", chat.id),
            NO_BODY,
        )
        .await;
    let (status, _) = customer
        .problem(
            Method::POST,
            &messages,
            Some(&json!({"body": "hi", "client_msg_id": "late"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let transcript: Vec<Message> = customer.ok(Method::GET, &messages, NO_BODY).await;
    assert_eq!(transcript.len(), 1);
    assert_eq!(transcript[0].author, Party::Customer);
}

#[tokio::test]
async fn the_api_is_described_and_healthy() {
    let backend = Backend::start(None);
    let health: serde_json::Value = backend
        .anonymous()
        .ok(Method::GET, "/healthz", NO_BODY)
        .await;
    assert_eq!(health["status"], "ok");
    let doc: serde_json::Value = backend
        .anonymous()
        .ok(Method::GET, "/api/v1/openapi.json", NO_BODY)
        .await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/chats",
        "/api/v1/chats/{id}/messages",
        "/api/v1/chats/{id}/events",
        "/api/v1/me/snapshot",
        "/api/v1/me/events",
        "/api/v1/offers/{id}/accept",
        "/api/v1/chats/{id}/transfer",
        "/api/v1/chats/{id}/disposition",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
    assert!(doc["components"]["securitySchemes"].get("bearer").is_some());
}
