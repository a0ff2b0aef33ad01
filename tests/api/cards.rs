//! Card numbers never reach storage or the other side whole: a real backend masks what a
//! customer or an agent sends before it stores it or streams it (PCI DSS 3.4.1).

use crate::common;

use std::path::Path;

use chatdesk::policy::cards::has_masked_card;
use chatdesk::protocol::{EventBody, Message};
use common::{Backend, Events};
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

const CUSTOMER_CARD: &str = "4111 1111 1111 1111";
const AGENT_CARD: &str = "5555-5555-5555-4444";

/// Bodies of the messages on a stream, until every one of `wanted` has been seen.
async fn bodies_until(stream: &mut Events, wanted: &[&str]) -> Vec<String> {
    let mut seen = Vec::new();
    while !wanted.iter().all(|w| seen.iter().any(|s| s == w)) {
        let event = stream
            .until("a message", |b| {
                matches!(b, EventBody::MessageCreated { .. })
            })
            .await;
        if let EventBody::MessageCreated { message } = event.body {
            seen.push(message.body);
        }
    }
    seen
}

/// Every file under `dir`, read whole (the database and its write-ahead log included).
fn all_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(all_bytes(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn card_numbers_from_either_side_are_stored_and_streamed_masked() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    agent.pick_up(chat.id).await;
    let mut agent_stream = agent.agent_events().await;

    let (status, from_customer) = customer
        .send(
            chat.id,
            &format!("Here is my card so you can charge it: {CUSTOMER_CARD}, expiry 12/29"),
            "c-1",
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let customer_masked = "Here is my card so you can charge it: 4111 **** **** 1111, expiry 12/29";
    assert_eq!(from_customer.body, customer_masked);

    let (status, from_agent) = agent
        .send(
            chat.id,
            &format!("Ana, please never send a card such as {AGENT_CARD} in chat."),
            "a-1",
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let agent_masked = "Ana, please never send a card such as 5555-****-****-4444 in chat.";
    assert_eq!(from_agent.body, agent_masked);

    // Sending again with the same id gives back the stored, masked message.
    let (status, again) = customer
        .send(chat.id, &format!("card {CUSTOMER_CARD}"), "c-1")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, from_customer);

    // Both sides' streams carry the masked text.
    let wanted = [customer_masked, agent_masked];
    let path = format!("/api/v1/chats/{}/events", chat.id);
    let mut customer_stream = customer.events(&path, None).await;
    for stream in [&mut customer_stream, &mut agent_stream] {
        let bodies = bodies_until(stream, &wanted).await;
        assert!(bodies.iter().all(|b| !b.contains(CUSTOMER_CARD)));
        assert!(bodies.iter().all(|b| !b.contains(AGENT_CARD)));
    }

    // So do both sides' transcripts read back from the API.
    for reader in [&customer, &agent] {
        let transcript: Vec<Message> = reader
            .ok(
                Method::GET,
                &format!("/api/v1/chats/{}/messages", chat.id),
                NO_BODY,
            )
            .await;
        let bodies: Vec<&str> = transcript.iter().map(|m| m.body.as_str()).collect();
        assert!(bodies.contains(&customer_masked), "{bodies:?}");
        assert!(bodies.contains(&agent_masked), "{bodies:?}");
        assert!(bodies.iter().all(|b| !b.contains("1111 1111 1111")));
        let masked = transcript.iter().filter(|m| has_masked_card(&m.body));
        assert_eq!(masked.count(), 2);
    }

    // And nothing the backend wrote to disk holds either number.
    let files = all_bytes(backend.data_dir());
    assert!(!files.is_empty());
    for (name, bytes) in &files {
        for card in [
            CUSTOMER_CARD,
            AGENT_CARD,
            "4111111111111111",
            "5555555555554444",
        ] {
            assert!(!contains(bytes, card), "{name} holds {card}");
        }
    }
}

#[tokio::test]
async fn a_message_of_the_longest_length_with_a_card_is_still_accepted_and_masked() {
    let backend = Backend::start(None);
    let (chat, customer) = backend.customer("Bo Chen", "billing").await;
    let padding = "a".repeat(4000 - CUSTOMER_CARD.len() - 1);
    let body = format!("{CUSTOMER_CARD} {padding}");
    assert_eq!(body.chars().count(), 4000);
    let (status, stored) = customer.send(chat.id, &body, "c-long").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(stored.body, format!("4111 **** **** 1111 {padding}"));
    let too_long = format!("{body}a");
    assert_eq!(
        customer.send_refused(chat.id, &too_long).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}
