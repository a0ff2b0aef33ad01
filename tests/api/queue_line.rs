//! Places in line at bounded cost: a chat leaving a queue stores the same few events whatever
//! the queue's depth, while waiting customers still learn their new place live, and a stream
//! that reconnects gets its current place.

use crate::common;

use std::time::Duration;

use chatdesk::protocol::{ChatCreated, CustomerChat, EventBody};
use common::{Backend, Client};
use reqwest::Method;

/// No limit on new chats: the test queues hundreds from one address.
const OPEN: &str = "[limits]\nnew_chats_per_minute = 0\n";

fn stored_events(backend: &Backend) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(
        backend.data_dir().join("chatdesk.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap()
}

async fn queue(backend: &Backend, count: usize) -> Vec<(ChatCreated, Client)> {
    let mut waiting = Vec::new();
    for i in 0..count {
        waiting.push(backend.customer(&format!("Customer {i}"), "billing").await);
    }
    waiting
}

/// Events stored when the customer at the head of the line ends their chat.
async fn cost_of_leaving(backend: &Backend, head: &(ChatCreated, Client)) -> i64 {
    let before = stored_events(backend);
    let _: CustomerChat = head.1.end(head.0.id).await;
    stored_events(backend) - before
}

#[tokio::test]
async fn leaving_a_deep_queue_stores_as_few_events_as_leaving_a_short_one() {
    let short = Backend::with_files(&[("server.toml", OPEN)]);
    let line = queue(&short, 2).await;
    let short_cost = cost_of_leaving(&short, &line[0]).await;

    let deep = Backend::with_files(&[("server.toml", OPEN)]);
    let line = queue(&deep, 300).await;
    let deep_cost = cost_of_leaving(&deep, &line[0]).await;
    assert_eq!(
        deep_cost, short_cost,
        "leaving ahead of 299 customers stored {deep_cost} events, ahead of 1 stored {short_cost}"
    );
    assert!(deep_cost < 10, "{deep_cost} events for one chat leaving");
}

#[tokio::test]
async fn the_last_in_a_long_line_sees_their_place_move_and_gets_it_again_on_reconnecting() {
    let backend = Backend::with_files(&[("server.toml", OPEN)]);
    let line = queue(&backend, 50).await;
    let (last, last_client) = &line[49];
    assert_eq!(last.position, 50);
    let path = format!("/api/v1/chats/{}/events", last.id);
    let mut stream = last_client.events(&path, None).await;
    let queued = stream
        .until("the chat.queued event", |b| {
            matches!(b, EventBody::ChatQueued { .. })
        })
        .await;
    // Ten customers ahead give up at once.
    for (chat, client) in &line[..10] {
        let _: CustomerChat = client.end(chat.id).await;
    }
    stream
        .until("place 40", |b| {
            matches!(b, EventBody::QueuePosition { position: 40 })
        })
        .await;
    // Places are not stored: a reconnection replays from the last stored event and is then
    // told the current place, not an old one.
    for (chat, client) in &line[10..15] {
        let _: CustomerChat = client.end(chat.id).await;
    }
    let mut again = last_client.events(&path, Some(queued.id)).await;
    let first = again
        .next_within(common::PATIENCE)
        .await
        .expect("the current place");
    assert_eq!(first.body, EventBody::QueuePosition { position: 35 });
    let state: CustomerChat = last_client
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}", last.id),
            None::<&()>,
        )
        .await;
    assert_eq!(state.position, Some(35));
    // Whatever follows says the same place: nothing older was stored on the way.
    while let Some(event) = again.next_within(Duration::from_millis(1500)).await {
        assert_eq!(event.body, EventBody::QueuePosition { position: 35 });
    }
}

#[tokio::test]
async fn a_stop_in_the_middle_of_hundreds_of_pages_closing_is_prompt() {
    let mut backend = Backend::with_files(&[
        (
            "server.toml",
            "[limits]\nnew_chats_per_minute = 0\nstreams_per_address = 0\n",
        ),
        ("policy.toml", "[missed]\npage_gone_after_secs = 1\n"),
    ]);
    let line = queue(&backend, 400).await;
    let mut pages = Vec::new();
    for (chat, client) in &line {
        pages.push(
            client
                .events(&format!("/api/v1/chats/{}/events", chat.id), None)
                .await,
        );
    }
    // Every page closes at once; a second later 400 chats end as missed, and the stop comes
    // right in the middle of that.
    drop(pages);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, took) = backend.terminate();
    println!("stopped {took:?} after SIGTERM");
    assert!(status.success(), "{status}");
    // Whatever ended before the stop was recorded; the rest end after the next start.
    backend.restart();
    let anyone: Client = backend.anonymous();
    let (status, _): (_, serde_json::Value) =
        anyone.call(Method::GET, "/healthz", None::<&()>).await;
    assert!(status.is_success());
}
