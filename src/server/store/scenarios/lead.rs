//! Whispers, the floor and the report.

use uuid::Uuid;

use super::MINUTE;
use crate::protocol::{ChatState, Message, Party, Whisper};
use crate::server::store::fixtures::{agent, chat};
use crate::server::store::{ChatRow, Tx, timestamp};

/// Whispers with the lead's name, the floor's active chats and message times, and what the
/// report reads of ended chats.
pub fn whispers_the_floor_and_the_report_read_their_chats(tx: &mut dyn Tx) {
    let dana = agent(tx);
    let open = chat(tx, &dana);
    let ended = chat(tx, &dana);
    let whisper = Whisper {
        id: Uuid::now_v7(),
        chat_id: open.id,
        lead_id: dana.id,
        lead_name: String::new(),
        body: "Offer the voucher".to_string(),
        at: timestamp(MINUTE),
    };
    tx.insert_whisper(&whisper).unwrap();
    assert_eq!(
        tx.whispers(open.id).unwrap(),
        [Whisper {
            lead_name: dana.display_name.clone(),
            ..whisper
        }]
    );
    for (chat, author, sender, at) in [
        (open.id, Party::Customer, "customer".to_string(), MINUTE),
        (open.id, Party::Agent, dana.id.to_string(), 2 * MINUTE),
        (
            ended.id,
            Party::Customer,
            "customer".to_string(),
            3 * MINUTE,
        ),
    ] {
        let message = Message {
            id: Uuid::now_v7(),
            chat_id: chat,
            seq: at,
            author,
            author_name: String::new(),
            body: "text".to_string(),
            client_msg_id: None,
            at: timestamp(at),
        };
        tx.insert_message(&message, &sender).unwrap();
    }
    tx.update_chat(&ChatRow {
        state: ChatState::Ended,
        ended_ms: Some(5 * MINUTE),
        ..ended.clone()
    })
    .unwrap();
    assert_eq!(
        tx.active_chats()
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        [open.id]
    );
    let mut times = |since| -> Vec<(Uuid, Party, Option<Uuid>, i64)> {
        tx.message_times_since(since)
            .unwrap()
            .into_iter()
            .map(|m| (m.chat_id, m.author, m.agent_id, m.at_ms))
            .collect()
    };
    let mut expected = vec![
        (open.id, Party::Customer, None, MINUTE),
        (open.id, Party::Agent, Some(dana.id), 2 * MINUTE),
        (ended.id, Party::Customer, None, 3 * MINUTE),
    ];
    expected.sort_by_key(|t| t.0);
    assert_eq!(times(5 * MINUTE), expected);
    assert_eq!(
        times(6 * MINUTE).len(),
        2,
        "the chat that ended before is left out"
    );
    assert_eq!(
        tx.ended_chats_between(0, 5 * MINUTE)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        [ended.id]
    );
    assert!(tx.ended_chats_between(0, 4 * MINUTE).unwrap().is_empty());
    assert_eq!(tx.message_times_of_ended(0, 5 * MINUTE).unwrap().len(), 1);
}
