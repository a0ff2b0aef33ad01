//! Signing in, and the typed calls with their refusals and outages.

use chatdesk::client::{self, ClientError, ConnectError};
use chatdesk::protocol::{Disposition, NewMessage, Presence, Transfer};
use uuid::Uuid;

use crate::common::Backend as Server;

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
