//! Missed chats.

use uuid::Uuid;

use super::MINUTE;
use crate::protocol::{FollowUpAction, MissedChat, MissedReason};
use crate::server::store::fixtures::{agent, chat};
use crate::server::store::{Tx, timestamp};

/// A chat is missed once however often it ends; a claim and a follow-up are written and the
/// followed-up one leaves the default list.
pub fn a_missed_chat_is_recorded_once_and_followed_up(tx: &mut dyn Tx) {
    let dana = agent(tx);
    let chat = chat(tx, &dana);
    let missed = MissedChat {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        customer_name: chat.customer_name.clone(),
        customer_email: chat.customer_email.clone(),
        client_id: None,
        queue: "billing".to_string(),
        queue_name: "billing".to_string(),
        first_message: Some("Hello?".to_string()),
        waited_secs: 90,
        why: MissedReason::CustomerLeftQueue,
        created_at: timestamp(MINUTE),
        claimed_by: None,
        claimed_by_name: None,
        claimed_at: None,
        followed_up_at: None,
        follow_up_action: None,
        follow_up_note: None,
    };
    assert!(tx.insert_missed(&missed).unwrap());
    assert!(
        !tx.insert_missed(&MissedChat {
            id: Uuid::now_v7(),
            ..missed.clone()
        })
        .unwrap()
    );
    assert_eq!(tx.missed_chat(missed.id).unwrap(), Some(missed.clone()));
    let followed = MissedChat {
        claimed_by: Some(dana.id),
        claimed_by_name: Some(dana.display_name.clone()),
        claimed_at: Some(timestamp(2 * MINUTE)),
        followed_up_at: Some(timestamp(3 * MINUTE)),
        follow_up_action: Some(FollowUpAction::Emailed),
        follow_up_note: Some("Sent the refund form".to_string()),
        ..missed.clone()
    };
    tx.update_missed(&followed).unwrap();
    assert_eq!(tx.missed_chat(missed.id).unwrap(), Some(followed.clone()));
    assert!(tx.missed_chats(false).unwrap().is_empty());
    assert_eq!(tx.missed_chats(true).unwrap(), [followed]);
}
