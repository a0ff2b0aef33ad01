//! The corpora of `tests/cards/` through a real backend over HTTP, as a customer and as an
//! agent: no complete card number reaches the database files (the write-ahead log included),
//! digits alone or as typed; every near-miss is stored exactly as sent; a number split across
//! two messages is refused with a sentence saying why.

use crate::common;

use crate::card_corpus;
use crate::card_scan;

use card_scan::{all_files, assert_none_held, holds};
use common::{Backend, Client};
use reqwest::StatusCode;
use uuid::Uuid;

/// Sends `texts` packed into as few messages as fit, from `who`.
async fn send_packed(who: &Client, chat: Uuid, texts: &[String], tag: &str) -> usize {
    let messages = card_corpus::packed(texts, 3900);
    for (n, body) in messages.iter().enumerate() {
        let (status, stored) = who.send(chat, body, &format!("{tag}-{n}")).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert!(stored.body.contains('*'));
    }
    messages.len()
}

#[tokio::test]
async fn no_complete_card_number_reaches_the_database_and_near_misses_stay_whole() {
    // Thousands of messages from one customer and one agent: no rate limits for this one.
    let backend = Backend::with_files(&[(
        "server.toml",
        "[limits]\ncustomer_messages_per_minute = 0\nagent_requests_per_minute = 0\n",
    )]);
    let agent = backend.agent("dana", "billing");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    agent.pick_up(chat.id).await;

    let cards = card_corpus::cards();
    let written = card_corpus::all_written();
    let mut sent = 0;
    for (who, tag) in [(&customer, "c"), (&agent, "a")] {
        sent += send_packed(who, chat.id, &written, tag).await;
    }

    // Every near-miss is accepted and stored exactly as typed, by either side.
    let near = card_corpus::near_misses();
    for (who, tag) in [(&customer, "cn"), (&agent, "an")] {
        for (n, text) in near.iter().enumerate() {
            let (status, stored) = who.send(chat.id, text, &format!("{tag}-{n}")).await;
            assert_eq!(status, StatusCode::CREATED, "{text:?}");
            assert_eq!(&stored.body, text);
        }
    }

    // A number split across two messages: the second is refused, by either side.
    for (who, tag) in [(&customer, "cs"), (&agent, "as")] {
        let (status, _) = who
            .send(chat.id, "my card is 4111 1111", &format!("{tag}-1"))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, problem) = who
            .problem(
                reqwest::Method::POST,
                &format!("/api/v1/chats/{}/messages", chat.id),
                Some(&chatdesk::protocol::NewMessage {
                    body: "1111 1111".into(),
                    client_msg_id: format!("{tag}-2"),
                }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.detail.contains("card number"), "{}", problem.detail);
    }

    // Nothing on disk holds a complete number: as typed, or as its digits alone.
    let files = all_files(backend.data_dir());
    assert!(
        files
            .iter()
            .any(|(name, _)| name.ends_with("chatdesk.sqlite3-wal"))
    );
    // The scan sees what is stored: a near-miss (a Luhn failure, stored as typed) shows in it.
    assert!(
        holds(&files, "4111111111111112"),
        "the scan does not see stored messages"
    );
    let mut numbers = cards.clone();
    numbers.push(("split", "4111111111111111"));
    assert_none_held(&files, &numbers);
    println!(
        "{} written numbers in {sent} messages, {} near-misses, {} files scanned",
        written.len() * 2,
        near.len() * 2,
        files.len()
    );
}
