use uuid::Uuid;

use crate::protocol::{ChatState, Escalation, EscalationState, Presence, Role};
use crate::server::store::sqlite::{open, with_tx};
use crate::server::store::{AgentRow, ChatRow, EscalationFilter, TokenHash, Tx, timestamp};

const MINUTE: i64 = 60_000;

fn agent(tx: &mut dyn Tx) -> AgentRow {
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

fn chat(tx: &mut dyn Tx, agent: &AgentRow) -> ChatRow {
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

/// An escalation sent at `created_ms`, answered at `answered_ms` when given.
fn escalation(tx: &mut dyn Tx, chat: &ChatRow, created_ms: i64, answered_ms: Option<i64>) -> Uuid {
    let escalation = Escalation {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        agent_id: chat.agent_id.unwrap(),
        agent_name: String::new(),
        customer_name: String::new(),
        template: "override".to_string(),
        template_name: "Override code".to_string(),
        channel: "billing-leads".to_string(),
        channel_name: "Billing leads".to_string(),
        fields: Vec::new(),
        warnings: Vec::new(),
        state: match answered_ms {
            Some(_) => EscalationState::Answered,
            None => EscalationState::Open,
        },
        claimed_by: None,
        claimed_by_name: None,
        created_at: timestamp(created_ms),
        claimed_at: None,
        answered_at: answered_ms.map(timestamp),
        replies: Vec::new(),
        chat_ended: false,
        closed_at: None,
        closed_by: None,
    };
    tx.insert_escalation(&escalation).unwrap();
    escalation.id
}

#[test]
fn answered_escalations_are_read_from_a_moment_on() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(dir.path()).unwrap();
    with_tx(&conn, |tx| {
        let dana = agent(tx);
        let chat = chat(tx, &dana);
        let long_ago = escalation(tx, &chat, 0, Some(10 * MINUTE));
        let just_now = escalation(tx, &chat, MINUTE, Some(70 * MINUTE));
        let on_the_dot = escalation(tx, &chat, 2 * MINUTE, Some(65 * MINUTE));
        let open = escalation(tx, &chat, 3 * MINUTE, None);

        let answered_since = |tx: &mut dyn Tx, from_ms: Option<i64>| -> Vec<Uuid> {
            let filter = EscalationFilter {
                state: Some(EscalationState::Answered),
                answered_from_ms: from_ms,
                ..EscalationFilter::default()
            };
            tx.escalations(&filter)
                .unwrap()
                .into_iter()
                .map(|e| e.id)
                .collect()
        };
        // Oldest sent first, as without the bound; the bound is inclusive.
        assert_eq!(
            answered_since(tx, Some(65 * MINUTE)),
            [just_now, on_the_dot]
        );
        assert_eq!(answered_since(tx, None), [long_ago, just_now, on_the_dot]);
        let all = tx.escalations(&EscalationFilter::default())?;
        assert_eq!(all.len(), 4);
        assert_eq!(all[3].id, open);
        Ok(())
    })
    .unwrap();
}

#[test]
fn the_floor_query_reads_answered_escalations_by_their_index() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(dir.path()).unwrap();
    let plan: Vec<String> = conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN {} WHERE e.state = ? AND e.answered_ms >= ?",
            super::ESCALATION_SELECT
        ))
        .unwrap()
        .query_map(rusqlite::params!["answered", 0], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|step| step.contains("escalations_by_answered")),
        "{plan:?}"
    );
}
