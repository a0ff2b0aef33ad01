//! Card numbers through every field the API takes, as customer, agent and lead, against a real
//! backend: the public form (name, e-mail, client id), messages and whispers, transfer note
//! and notice, the wrap-up (notes, tags, commitment, ticket), escalation fields and replies,
//! missed-chat follow-ups and review comments. Each request is accepted; afterwards neither
//! the database nor its write-ahead log holds a complete card number, and what the API and the
//! streams answer shows none either.

use crate::common;

use crate::card_corpus;
use crate::card_scan;

use card_scan::{all_files, assert_none_held, holds};
use chatdesk::protocol::{ChatCreated, Escalation, MissedChat};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// The valid numbers, each written one of the ways customers write them, in turn.
struct Written {
    numbers: Vec<(&'static str, &'static str)>,
    next: usize,
}

impl Written {
    fn new() -> Written {
        Written {
            numbers: card_corpus::cards(),
            next: 0,
        }
    }

    /// The next number in the next format, short enough for `max` characters.
    fn card(&mut self, max: usize) -> String {
        loop {
            let (_, digits) = self.numbers[self.next % self.numbers.len()];
            let formats = card_corpus::formats(digits);
            let written = formats[self.next % formats.len()].clone();
            self.next += 1;
            if written.chars().count() <= max {
                return written;
            }
        }
    }

    /// A sentence with a card number in it.
    fn sentence(&mut self) -> String {
        format!("Please note my card {} for this.", self.card(80))
    }
}

async fn ok(who: &Client, method: Method, path: &str, body: &Value) -> Value {
    let (status, answer): (_, Value) = who.call(method.clone(), path, Some(body)).await;
    assert!(status.is_success(), "{method} {path} → {status}: {answer}");
    answer
}

/// Asks for a chat from the public form with a card number in every text field; returns the
/// client ID as typed too (an escalation about the chat names it).
async fn customer_with_cards(
    backend: &Backend,
    cards: &mut Written,
) -> (ChatCreated, Client, String) {
    let client_id = cards.card(60);
    let new = json!({
        "name": format!("Ana {}", cards.card(80)),
        "email": "ana.lima@example.com",
        "reason": "billing",
        "client_id": client_id,
    });
    let (status, created): (_, ChatCreated) = backend
        .anonymous()
        .call(Method::POST, "/api/v1/chats", Some(&new))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let client = Client::new(&backend.base, &created.token);
    (created, client, client_id)
}

async fn say(who: &Client, chat: Uuid, body: &str, id: &str) {
    let (status, _) = who.send(chat, body, id).await;
    assert_eq!(status, StatusCode::CREATED, "{body:?}");
}

#[tokio::test]
async fn no_field_of_the_api_stores_or_shows_a_complete_card_number() {
    let backend = Backend::with_files(&[(
        "server.toml",
        "[limits]\ncustomer_messages_per_minute = 0\nagent_requests_per_minute = 0\n",
    )]);
    let dana = backend.agent("dana", "billing");
    let eli = backend.agent("eli", "billing");
    let lee = backend.person("lee", "lead", "billing");
    let mut cards = Written::new();
    let mut events = dana.agent_events().await;
    let mut lead_events = lee.agent_events().await;

    // The public form and the conversation.
    let (chat, ana, client_id) = customer_with_cards(&backend, &mut cards).await;
    let mut customer_events = ana
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    dana.pick_up(chat.id).await;
    for n in 0..6 {
        say(&ana, chat.id, &cards.sentence(), &format!("c-{n}")).await;
        say(&dana, chat.id, &cards.sentence(), &format!("a-{n}")).await;
    }
    // A number that is no card (it fails the Luhn check): stored as typed, so the scan below
    // can show that it sees what is stored.
    say(&ana, chat.id, "My order is 4111 1111 1111 1112.", "c-near").await;
    let whisper = json!({ "body": cards.sentence() });
    ok(
        &lee,
        Method::POST,
        &format!("/api/v1/chats/{}/whispers", chat.id),
        &whisper,
    )
    .await;

    // An escalation with a number in each field, and replies both ways.
    let me: Value = eli.ok(Method::GET, "/api/v1/me", None::<&()>).await;
    let escalation = json!({
        "template": "poc-code",
        "fields": [
            { "id": "cid", "value": client_id },
            { "id": "utr", "value": format!("UTR {}", cards.card(40)) },
            { "id": "appointment_time", "value": "2:30 pm Central" },
            { "id": "drive_time", "value": format!("45 minutes, card {}", cards.card(40)) },
            { "id": "reason", "value": format!(
                "The customer is at the shop and read out the card {} to the technician. \
                 Can someone give an override code today?", cards.card(40)) },
        ],
    });
    let sent: Escalation = serde_json::from_value(
        ok(
            &dana,
            Method::POST,
            &format!("/api/v1/chats/{}/escalations", chat.id),
            &escalation,
        )
        .await,
    )
    .expect("an escalation");
    let replies = format!("/api/v1/escalations/{}/replies", sent.id);
    ok(
        &lee,
        Method::POST,
        &format!("/api/v1/escalations/{}/claim", sent.id),
        &json!({}),
    )
    .await;
    ok(
        &lee,
        Method::POST,
        &replies,
        &json!({ "body": cards.sentence() }),
    )
    .await;
    ok(
        &dana,
        Method::POST,
        &replies,
        &json!({ "body": cards.sentence() }),
    )
    .await;

    // A transfer with its note and notice, then the wrap-up with every text of it.
    let transfer = json!({
        "to_agent": me["id"],
        "note": cards.sentence(),
        "notice": cards.sentence(),
    });
    eli.go_available().await;
    ok(
        &dana,
        Method::POST,
        &format!("/api/v1/chats/{}/transfer", chat.id),
        &transfer,
    )
    .await;
    // The transfer waits for the receiver to accept it: their offer carries the note.
    let snapshot: Value = eli
        .ok(Method::GET, "/api/v1/me/snapshot", None::<&()>)
        .await;
    let offer = snapshot["offers"]
        .as_array()
        .and_then(|offers| {
            offers
                .iter()
                .find(|o| o["chat_id"] == json!(chat.id))
                .and_then(|o| o["id"].as_str())
        })
        .expect("the transfer is offered to the receiver")
        .to_string();
    eli.accept(offer.parse().expect("an offer id")).await;
    let _: Value = eli.end(chat.id).await;
    let wrap_up = json!({
        "code": "resolved",
        "notes": cards.sentence(),
        "tags": [cards.card(30)],
        "commitment": {
            "due_at": jiff::Timestamp::now().checked_add(jiff::SignedDuration::from_hours(24))
                .expect("a time").to_string(),
            "channel": "email",
            "note": cards.sentence(),
        },
        "ticket": { "subject": cards.sentence(), "contact": "email", "note": cards.sentence() },
    });
    ok(
        &eli,
        Method::PUT,
        &format!("/api/v1/chats/{}/disposition", chat.id),
        &wrap_up,
    )
    .await;
    let score = json!({ "score": 4, "comment": cards.sentence() });
    ok(
        &lee,
        Method::PUT,
        &format!("/api/v1/reviews/{}/score", chat.id),
        &score,
    )
    .await;

    // A customer who leaves the queue: the missed chat, claimed and followed up.
    let (gone, bo, _) = customer_with_cards(&backend, &mut cards).await;
    say(&bo, gone.id, &cards.sentence(), "c-1").await;
    let _: Value = bo.end(gone.id).await;
    let missed: Vec<MissedChat> = dana.ok(Method::GET, "/api/v1/missed", None::<&()>).await;
    let missed = missed
        .iter()
        .find(|m| m.chat_id == gone.id)
        .expect("missed");
    ok(
        &dana,
        Method::POST,
        &format!("/api/v1/missed/{}/claim", missed.id),
        &json!({}),
    )
    .await;
    let follow_up = json!({ "action": "emailed", "note": cards.sentence() });
    ok(
        &dana,
        Method::POST,
        &format!("/api/v1/missed/{}/follow-up", missed.id),
        &follow_up,
    )
    .await;

    // What the API answers and the streams carried show no number either.
    let mut shown = Vec::new();
    for path in [
        format!("/api/v1/chats/{}/detail", chat.id),
        format!("/api/v1/escalations/{}", sent.id),
        format!("/api/v1/reviews/{}", chat.id),
        "/api/v1/missed?include=done".to_string(),
        "/api/v1/follow-ups".to_string(),
    ] {
        let answer: Value = lee.ok(Method::GET, &path, None::<&()>).await;
        shown.push((path, answer.to_string().into_bytes()));
    }
    let streamed = [
        ("agent stream", events.drain_text().await),
        ("lead stream", lead_events.drain_text().await),
        ("customer stream", customer_events.drain_text().await),
    ];
    for (name, text) in streamed {
        assert!(text.contains("message.created"), "{name}: {text}");
        shown.push((name.to_string(), text.into_bytes()));
    }
    assert_none_held(&shown, &cards.numbers);
    // The numbers are there, masked: the customer's name in the chat's detail, for one.
    let detail = String::from_utf8_lossy(&shown[0].1).to_string();
    assert!(
        detail.contains("Ana ") && detail.contains("****"),
        "{detail}"
    );

    // Nothing on disk: the database and its write-ahead log.
    let files = all_files(backend.data_dir());
    assert!(files.iter().any(|(name, _)| name.ends_with("-wal")));
    assert!(
        holds(&files, "4111111111111112"),
        "the scan does not see stored fields"
    );
    assert_none_held(&files, &cards.numbers);
    println!("{} card numbers written into the fields", cards.next);
}

/// Every valid number of the corpus, written every way, through the fields a real shift
/// repeats: the public form (one chat per number, each in the next format), each such
/// customer's first message, their missed chat's follow-up note, whispers, escalation replies
/// both ways, the wrap-up (notes, tag, commitment and ticket) and the lead's review comment.
#[tokio::test]
async fn every_written_number_through_every_field_leaves_no_trace() {
    let backend = Backend::with_files(&[(
        "server.toml",
        "[limits]\nnew_chats_per_minute = 0\ncustomer_messages_per_minute = 0\n\
         agent_requests_per_minute = 0\n",
    )]);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "billing");
    let numbers = card_corpus::cards();
    let written = card_corpus::all_written();
    let short = card_corpus::packed(&written, 1900);
    let long = card_corpus::packed(&written, 3900);
    let mut requests = 0usize;

    // One customer per number, then each leaves the queue: the missed chat keeps their name,
    // client id and first message; the follow-up note takes the next pack.
    let mut gone = Vec::new();
    for (i, (_, digits)) in numbers.iter().enumerate() {
        let formats = card_corpus::formats(digits);
        let fitting: Vec<&String> = formats.iter().filter(|f| f.chars().count() <= 60).collect();
        let card = fitting[i % fitting.len()];
        let new = json!({
            "name": format!("Cu {card}"),
            "email": "cu@example.com",
            "reason": "billing",
            "client_id": card,
        });
        let (status, created): (_, ChatCreated) = backend
            .anonymous()
            .call(Method::POST, "/api/v1/chats", Some(&new))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{new}");
        let customer = Client::new(&backend.base, &created.token);
        say(&customer, created.id, &short[i % short.len()], "first").await;
        let _: Value = customer.end(created.id).await;
        gone.push(created.id);
        requests += 3;
    }
    let missed: Vec<MissedChat> = dana.ok(Method::GET, "/api/v1/missed", None::<&()>).await;
    assert_eq!(missed.len(), numbers.len());
    for (i, m) in missed.iter().enumerate() {
        let claim = format!("/api/v1/missed/{}/claim", m.id);
        ok(&dana, Method::POST, &claim, &json!({})).await;
        let note = json!({ "action": "emailed", "note": short[i % short.len()] });
        let done = format!("/api/v1/missed/{}/follow-up", m.id);
        ok(&dana, Method::POST, &done, &note).await;
        requests += 2;
    }

    // One chat taken by Dana: whispers, and an escalation's replies both ways.
    let (chat, cara) = backend.customer("Cara Diaz", "billing").await;
    dana.pick_up(chat.id).await;
    say(&cara, chat.id, "Hello, a question about my invoice.", "c-0").await;
    let whispers = format!("/api/v1/chats/{}/whispers", chat.id);
    for pack in &short {
        ok(&lee, Method::POST, &whispers, &json!({ "body": pack })).await;
    }
    let escalation = json!({
        "template": "poc-code",
        "fields": [
            { "id": "cid", "value": "C-1001" },
            { "id": "utr", "value": "UTR-2231" },
            { "id": "appointment_time", "value": "2:30 pm Central" },
            { "id": "drive_time", "value": "45 minutes" },
            { "id": "reason", "value": "The customer is at the shop and the technician cannot \
                reach the service line. Can someone give an override code today?" },
        ],
    });
    let path = format!("/api/v1/chats/{}/escalations", chat.id);
    let sent: Escalation =
        serde_json::from_value(ok(&dana, Method::POST, &path, &escalation).await).expect("sent");
    let claim = format!("/api/v1/escalations/{}/claim", sent.id);
    ok(&lee, Method::POST, &claim, &json!({})).await;
    let replies = format!("/api/v1/escalations/{}/replies", sent.id);
    for (n, pack) in long.iter().enumerate() {
        let who = if n % 2 == 0 { &lee } else { &dana };
        ok(who, Method::POST, &replies, &json!({ "body": pack })).await;
    }
    requests += short.len() + long.len() + 3;

    // The wrap-up, recorded again with each pack (a later one replaces the one before), and
    // the lead's review comment likewise.
    let _: Value = dana.end(chat.id).await;
    let disposition = format!("/api/v1/chats/{}/disposition", chat.id);
    let due = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(24))
        .expect("a time")
        .to_string();
    for (n, pack) in long.iter().enumerate() {
        let (_, digits) = numbers[n % numbers.len()];
        let wrap_up = json!({
            "code": "resolved",
            "notes": pack,
            "tags": [digits.chars().take(19).collect::<String>()],
            "commitment": { "due_at": due, "channel": "email", "note": short[n % short.len()] },
            "ticket": {
                "subject": format!("Card {}", card_corpus::grouped(digits, " ")),
                "contact": "email",
                "note": pack,
            },
        });
        ok(&dana, Method::PUT, &disposition, &wrap_up).await;
    }
    let score = format!("/api/v1/reviews/{}/score", chat.id);
    for pack in &short {
        ok(
            &lee,
            Method::PUT,
            &score,
            &json!({ "score": 3, "comment": pack }),
        )
        .await;
    }
    requests += long.len() + short.len() + 1;

    let files = all_files(backend.data_dir());
    assert!(holds(&files, "2231"), "the scan does not see stored fields");
    assert_none_held(&files, &numbers);
    println!(
        "{} written numbers, {requests} requests, {} files scanned",
        written.len(),
        files.len()
    );
}

/// The console's own disk: every written number typed into a draft and queued in the outbox
/// (as when the backend is down) is written masked; the drafts and the outbox, read back, show
/// the numbers masked.
#[test]
fn the_console_data_directory_never_holds_a_number() {
    use chatdesk::client::{Outbox, Outgoing};
    use chatdesk::console::drafts::Drafts;

    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::new(dir.path().join("drafts")).unwrap();
    let mut outbox = Outbox::open(dir.path().join("outbox.jsonl")).unwrap();
    let written = card_corpus::all_written();
    for (n, text) in written.iter().enumerate() {
        let chat = Uuid::from_u128(n as u128 % 50);
        drafts.save(chat, &format!("I am typing {text}")).unwrap();
        outbox.push(Outgoing::new(chat, text.clone())).unwrap();
    }
    let files = all_files(dir.path());
    assert!(files.iter().any(|(name, _)| name.ends_with("outbox.jsonl")));
    assert!(
        files
            .iter()
            .filter(|(name, _)| name.ends_with(".txt"))
            .count()
            == 50
    );
    assert_none_held(&files, &card_corpus::cards());
    assert_eq!(
        Outbox::open(dir.path().join("outbox.jsonl")).unwrap().len(),
        written.len()
    );
}

/// JSON may spell digits and separators as escapes (`\u0034` is `4`, `\n` a line break): the
/// door reads them as what they stand for.
#[tokio::test]
async fn a_number_spelled_with_json_escapes_is_masked_too() {
    let backend = Backend::start(None);
    let body = r#"{"name":"Ana \u0034111\u00a01111\n1111\t1111","email":"ana@example.com","reason":"billing","client_id":"\u0035555\/5555\/5555\/4444"}"#;
    let response = backend
        .anonymous()
        .request(Method::POST, "/api/v1/chats")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: ChatCreated = response.json().await.unwrap();
    let customer = Client::new(&backend.base, &created.token);
    let chat: Value = customer
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}", created.id),
            None::<&()>,
        )
        .await;
    let files = all_files(backend.data_dir());
    let shown = vec![("chat".to_string(), chat.to_string().into_bytes())];
    for scanned in [&files, &shown] {
        assert_none_held(
            scanned,
            &[
                ("Visa", "4111111111111111"),
                ("Mastercard", "5555555555554444"),
            ],
        );
    }
}
