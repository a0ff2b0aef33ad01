//! Escalations: listed by when they were answered, claimed and answered in their thread.

use uuid::Uuid;

use super::MINUTE;
use crate::protocol::{ChatState, Escalation, EscalationReply, EscalationState, Role};
use crate::server::store::fixtures::{agent, chat};
use crate::server::store::{AgentRow, ChatRow, EscalationFilter, TokenHash, Tx, timestamp};

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
        fields: vec![("Order".to_string(), "A-1".to_string())],
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

pub fn answered_escalations_are_read_from_a_moment_on(tx: &mut dyn Tx) {
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
    let all = tx.escalations(&EscalationFilter::default()).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3].id, open);
}

/// A claimed escalation reads back with the names of the people in it and its thread in order.
pub fn an_escalation_is_claimed_and_answered_in_its_thread(tx: &mut dyn Tx) {
    let dana = agent(tx);
    let chat = chat(tx, &dana);
    let lead = AgentRow {
        id: Uuid::now_v7(),
        name: "lee".to_string(),
        display_name: "Lee".to_string(),
        role: Role::Lead,
        token_hash: TokenHash::of("lee"),
        ..dana.clone()
    };
    tx.insert_agent(&lead).unwrap();
    let id = escalation(tx, &chat, 0, None);
    let mut sent = tx.escalation(id).unwrap().expect("stored");
    assert_eq!(sent.agent_name, dana.display_name);
    assert_eq!(sent.customer_name, chat.customer_name);
    assert_eq!(sent.fields, [("Order".to_string(), "A-1".to_string())]);
    sent.state = EscalationState::Claimed;
    sent.claimed_by = Some(lead.id);
    sent.claimed_at = Some(timestamp(MINUTE));
    tx.update_escalation(&sent).unwrap();
    for (author, role, body, at) in [
        (lead.id, Role::Lead, "Use code 7.", 2 * MINUTE),
        (dana.id, Role::Agent, "Thanks.", 3 * MINUTE),
    ] {
        let reply = EscalationReply {
            author_id: author,
            author_name: String::new(),
            author_role: role,
            body: body.to_string(),
            at: timestamp(at),
        };
        tx.insert_escalation_reply(id, &reply).unwrap();
    }
    let claimed = tx.escalation(id).unwrap().expect("stored");
    assert_eq!(claimed.state, EscalationState::Claimed);
    assert_eq!(claimed.claimed_by_name.as_deref(), Some("Lee"));
    assert!(!claimed.chat_ended);
    let thread: Vec<_> = claimed
        .replies
        .iter()
        .map(|r| (r.author_name.as_str(), r.body.as_str()))
        .collect();
    assert_eq!(
        thread,
        [
            ("Lee", "Use code 7."),
            (dana.display_name.as_str(), "Thanks.")
        ]
    );
    tx.update_chat(&ChatRow {
        state: ChatState::Ended,
        ended_ms: Some(4 * MINUTE),
        ..chat.clone()
    })
    .unwrap();
    let by_chat = EscalationFilter {
        chat: Some(chat.id),
        agent: Some(dana.id),
        ..EscalationFilter::default()
    };
    let listed = tx.escalations(&by_chat).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].chat_ended);
    assert_eq!(listed[0].replies.len(), 2);
}
