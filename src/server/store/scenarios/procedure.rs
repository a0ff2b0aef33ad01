//! The procedure: commitments, tickets and the inactivity clock's facts.

use uuid::Uuid;

use super::MINUTE;
use crate::protocol::{Commitment, Customer, FollowUpChannel, Party, PreferredContact, Ticket};
use crate::server::store::fixtures::{agent, chat};
use crate::server::store::{Tx, timestamp};

/// Recording a wrap-up again replaces its commitment and ticket, keeping their ids.
pub fn commitments_and_tickets_are_replaced_keeping_their_ids(tx: &mut dyn Tx) {
    let dana = agent(tx);
    let chat = chat(tx, &dana);
    let customer = Customer {
        name: chat.customer_name.clone(),
        email: chat.customer_email.clone(),
        client_id: None,
    };
    let commitment = Commitment {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        agent_id: dana.id,
        customer: customer.clone(),
        due_at: timestamp(5 * MINUTE),
        channel: FollowUpChannel::Call,
        note: "Call about the refund".to_string(),
        created_at: timestamp(MINUTE),
        done_at: None,
    };
    tx.set_chat_commitment(chat.id, Some(&commitment)).unwrap();
    let again = Commitment {
        id: Uuid::now_v7(),
        note: "Email instead".to_string(),
        channel: FollowUpChannel::Email,
        ..commitment.clone()
    };
    tx.set_chat_commitment(chat.id, Some(&again)).unwrap();
    let kept = tx
        .commitment(commitment.id)
        .unwrap()
        .expect("the first id is kept");
    assert_eq!(
        kept,
        Commitment {
            id: commitment.id,
            ..again.clone()
        }
    );
    assert_eq!(
        tx.open_commitments(dana.id).unwrap(),
        std::slice::from_ref(&kept)
    );
    tx.set_commitment_done(commitment.id, 6 * MINUTE).unwrap();
    assert!(tx.open_commitments(dana.id).unwrap().is_empty());
    assert_eq!(
        tx.commitment(commitment.id).unwrap().unwrap().done_at,
        Some(timestamp(6 * MINUTE))
    );

    let ticket = Ticket {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        agent_id: dana.id,
        customer,
        subject: "Refund".to_string(),
        contact: PreferredContact::Email,
        note: Some("card 4111 1111 1111 1111".to_string()),
        created_at: timestamp(MINUTE),
    };
    tx.set_chat_ticket(chat.id, Some(&ticket)).unwrap();
    let second = Ticket {
        id: Uuid::now_v7(),
        subject: "Refund, again".to_string(),
        contact: PreferredContact::CallBack,
        ..ticket.clone()
    };
    tx.set_chat_ticket(chat.id, Some(&second)).unwrap();
    let stored = tx.chat_ticket(chat.id).unwrap().expect("a ticket");
    assert_eq!(stored.id, ticket.id);
    assert_eq!(stored.subject, "Refund, again");
    assert_eq!(stored.contact, PreferredContact::CallBack);
    assert_eq!(stored.note.as_deref(), Some("card 4111 **** **** 1111"));
    assert_eq!(tx.recent_tickets(dana.id, 5).unwrap(), [stored]);
    tx.set_chat_ticket(chat.id, None).unwrap();
    assert_eq!(tx.chat_ticket(chat.id).unwrap(), None);

    tx.note_last_message(chat.id, Party::Customer, 7 * MINUTE)
        .unwrap();
    tx.note_last_message(chat.id, Party::System, 8 * MINUTE)
        .unwrap();
    let silences = tx.active_silences().unwrap();
    assert_eq!(silences.len(), 1);
    assert_eq!(silences[0].0, chat.id);
    assert_eq!(silences[0].1.last_customer_ms, Some(7 * MINUTE));
    assert_eq!(silences[0].1.last_agent_ms, None);
}
