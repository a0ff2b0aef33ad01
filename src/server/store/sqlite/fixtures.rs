//! Rows the store's unit tests start from: an agent of the billing queue and a chat it has.

use uuid::Uuid;

use crate::protocol::{ChatState, Presence, Role};
use crate::server::store::{AgentRow, ChatRow, TokenHash, Tx};

pub fn agent(tx: &mut dyn Tx) -> AgentRow {
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

pub fn chat(tx: &mut dyn Tx, agent: &AgentRow) -> ChatRow {
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
