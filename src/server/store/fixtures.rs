//! Rows the stores' unit tests start from (on SQLite and on PostgreSQL alike): an agent of
//! the billing queue and a chat it has.

use uuid::Uuid;

use crate::protocol::{ChatState, Event, EventBody, Message, Party, Presence, Role};
use crate::server::store::{
    AgentRow, AgentStore, Audience, ChatRow, ChatStore, EventRecord, EventStore, TokenHash,
    timestamp,
};

pub fn agent<T: AgentStore + ?Sized>(tx: &mut T) -> AgentRow {
    let agent = AgentRow {
        id: Uuid::now_v7(),
        name: "dana".to_string(),
        display_name: "Dana (Acme Devices)".to_string(),
        role: Role::Agent,
        queues: vec!["billing".to_string()],
        token_hash: TokenHash::of("dana"),
        presence: Presence::Available,
        presence_ms: 0,
        idle_since_ms: 0,
        created_ms: 0,
    };
    tx.insert_agent(&agent).unwrap();
    agent
}

pub fn chat<T: ChatStore + ?Sized>(tx: &mut T, agent: &AgentRow) -> ChatRow {
    let chat = ChatRow {
        id: Uuid::now_v7(),
        token_hash: TokenHash::of(&Uuid::now_v7().to_string()),
        queue: "billing".to_string(),
        state: ChatState::Active,
        customer_name: "Ana Lima".to_string(),
        customer_email: "ana.lima@example.com".to_string(),
        client_id: None,
        agent_id: Some(agent.id),
        created_ms: 0,
        queued_ms: 0,
        accepted_ms: Some(0),
        ended_ms: None,
        ended_by: None,
        transfer_note: None,
        disposition_code: None,
        disposition_notes: None,
        transferred_from: None,
        transferred_ms: None,
        verification: Vec::new(),
        verified_ms: None,
        hold_since_ms: None,
        nudged_ms: None,
        last_agent_ms: None,
        last_customer_ms: None,
        disposition_tags: Vec::new(),
    };
    tx.insert_chat(&chat).unwrap();
    chat
}

/// Stores a message from the customer and announces it, as the engine does.
pub fn customer_message<T: ChatStore + EventStore + ?Sized>(
    tx: &mut T,
    chat: Uuid,
    agent: Uuid,
    body: &str,
) -> i64 {
    let message = Message {
        id: Uuid::now_v7(),
        chat_id: chat,
        seq: tx.next_event_id().unwrap(),
        author: Party::Customer,
        author_name: "Ana Lima".to_string(),
        body: body.to_string(),
        client_msg_id: Some(Uuid::now_v7().to_string()),
        at: timestamp(1_000),
    };
    tx.insert_message(&message, "customer").unwrap();
    let body = EventBody::MessageCreated { message };
    tx.append_event(
        Audience::chat(Some(agent)).and_leads(),
        Some(chat),
        1_000,
        &body,
    )
    .unwrap()
}

/// Each event's id and its message's text (or its kind), checking the JSON carries the id.
pub fn bodies(events: &[EventRecord]) -> Vec<(i64, String)> {
    events
        .iter()
        .map(|e| {
            let event: Event = serde_json::from_str(&e.json).expect("an event");
            let text = match event.body {
                EventBody::MessageCreated { message } => message.body,
                other => other.kind().to_string(),
            };
            assert_eq!(event.id, e.seq);
            (e.seq, text)
        })
        .collect()
}
