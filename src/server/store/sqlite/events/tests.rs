use rusqlite::params;
use uuid::Uuid;

use crate::protocol::{Event, EventBody, Message, Party};
use crate::server::store::fixtures::{agent, bodies, chat, customer_message as message};
use crate::server::store::sqlite::{open, with_tx};
use crate::server::store::{Audience, EventFilter, timestamp};

/// A customer's stream gets its chat's messages (read from the messages themselves) and its
/// other events in one order, each once, a page at a time; and a message event stored whole,
/// as before event rows referred to messages, is replayed once too.
#[test]
fn a_customer_replays_messages_and_events_in_order_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(dir.path()).unwrap();
    let (chat_id, other_chat, expected) = with_tx(&conn, |tx| {
        let agent = agent(tx);
        let other = chat(tx, &agent);
        let chat = chat(tx, &agent);
        let mut expected = Vec::new();
        let seq = message(tx, chat.id, agent.id, "Hello, my parcel is late.");
        expected.push((seq, "Hello, my parcel is late.".to_string()));
        message(tx, other.id, agent.id, "Another customer's words.");
        let joined = EventBody::AgentJoined {
            agent_name: "Dana".to_string(),
        };
        let seq = tx.append_event(
            Audience::chat(Some(agent.id)),
            Some(chat.id),
            1_000,
            &joined,
        )?;
        expected.push((seq, "agent.joined".to_string()));
        let seq = message(tx, chat.id, agent.id, "It was ordered on Monday.");
        expected.push((seq, "It was ordered on Monday.".to_string()));
        Ok((chat.id, other.id, expected))
    })
    .unwrap();

    // A message event stored whole, the way events were written before 009.
    let seq = expected.last().unwrap().0 + 1;
    let old = Message {
        id: Uuid::now_v7(),
        chat_id,
        seq,
        author: Party::Customer,
        author_name: "Ana Lima".to_string(),
        body: "Stored the old way.".to_string(),
        client_msg_id: Some("old-1".to_string()),
        at: timestamp(2_000),
    };
    let json = serde_json::to_string(&Event {
        id: seq,
        at: old.at,
        chat_id: Some(chat_id),
        body: EventBody::MessageCreated {
            message: old.clone(),
        },
    })
    .unwrap();
    #[allow(clippy::disallowed_methods)]
    {
        conn.execute(
            "INSERT INTO messages (chat_id, seq, id, author, sender, author_name, body, \
             client_msg_id, at_ms) VALUES (?1, ?2, ?3, 'customer', 'customer', 'Ana Lima', ?4, \
             'old-1', 2000)",
            params![chat_id.to_string(), seq, old.id.to_string(), old.body],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO events (seq, chat_id, to_customer, kind, json, to_leads) \
             VALUES (?1, ?2, 1, 'message.created', ?3, 1)",
            params![seq, chat_id.to_string(), json],
        )
        .unwrap();
    }
    let mut expected = expected;
    expected.push((seq, "Stored the old way.".to_string()));

    let filter = EventFilter::Customer(chat_id);
    let all = with_tx(&conn, |tx| tx.events_after(&filter, 0, 100)).unwrap();
    assert_eq!(bodies(&all), expected);

    // A page at a time, resuming after the last one seen.
    let mut paged = Vec::new();
    let mut after = 0;
    loop {
        let page = with_tx(&conn, |tx| tx.events_after(&filter, after, 2)).unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        paged.extend(bodies(&page));
    }
    assert_eq!(paged, expected);

    // The other chat's customer gets only their own message.
    let theirs = with_tx(&conn, |tx| {
        tx.events_after(&EventFilter::Customer(other_chat), 0, 100)
    })
    .unwrap();
    assert_eq!(
        bodies(&theirs)
            .into_iter()
            .map(|(_, text)| text)
            .collect::<Vec<_>>(),
        ["Another customer's words."]
    );
}

/// What the customer's replay reads: the partial index for the chat's other events, and the
/// chat's own rows of messages (not a scan of every event).
#[test]
fn the_customer_replay_reads_the_chat_only() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(dir.path()).unwrap();
    let sql = format!(
        "EXPLAIN QUERY PLAN {}",
        crate::server::store::sql::events::CUSTOMER_REPLAY
    );
    let mut statement = conn.prepare(&sql).unwrap();
    let plan: Vec<String> = statement
        .query_map(params![Uuid::now_v7().to_string(), 0, 10], |r| r.get(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let plan = plan.join("\n");
    assert!(plan.contains("events_for_customer"), "{plan}");
    assert!(
        !plan.contains("SCAN e\n") && !plan.contains("SCAN events"),
        "{plan}"
    );
    assert!(
        !plan.contains("SCAN m\n") && !plan.contains("SCAN messages"),
        "{plan}"
    );
}
