use uuid::Uuid;

use crate::protocol::{Escalation, EscalationState};
use crate::server::store::fixtures::{agent, chat};
use crate::server::store::sqlite::{open, with_tx};
use crate::server::store::{ChatRow, EscalationFilter, Tx, timestamp};

const MINUTE: i64 = 60_000;

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
