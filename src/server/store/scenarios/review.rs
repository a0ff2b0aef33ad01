//! Reviews, parts and hold starts.

use uuid::Uuid;

use super::MINUTE;
use crate::protocol::{ChatState, ReviewFlags};
use crate::server::store::fixtures::{agent, chat};
use crate::server::store::{
    AgentRow, ChatRow, ReviewFilter, ReviewRecord, ReviewScore, TokenHash, Tx,
};

/// Saving a review again keeps its score; reviews list by who had a part in the chat.
pub fn a_review_keeps_its_score_and_lists_by_part(tx: &mut dyn Tx) {
    let dana = agent(tx);
    let chat = chat(tx, &dana);
    let sam = AgentRow {
        id: Uuid::now_v7(),
        name: "sam".to_string(),
        token_hash: TokenHash::of("sam"),
        ..dana.clone()
    };
    tx.insert_agent(&sam).unwrap();
    tx.note_part(chat.id, sam.id, 0).unwrap();
    tx.note_part(chat.id, dana.id, MINUTE).unwrap();
    tx.note_part(chat.id, dana.id, MINUTE).unwrap();
    assert_eq!(tx.parts(chat.id).unwrap(), [(sam.id, 0), (dana.id, MINUTE)]);
    tx.update_chat(&ChatRow {
        state: ChatState::Ended,
        ended_ms: Some(10 * MINUTE),
        ..chat.clone()
    })
    .unwrap();
    let record = ReviewRecord {
        chat_id: chat.id,
        agent_id: dana.id,
        ended_ms: 10 * MINUTE,
        disposition_code: Some("resolved".to_string()),
        flags: ReviewFlags {
            nudges: 2,
            ..ReviewFlags::default()
        },
        parts: Vec::new(),
        derived_ms: 10 * MINUTE,
    };
    tx.save_review(&record).unwrap();
    let score = ReviewScore {
        score: 4,
        comment: Some("Good".to_string()),
        scored_by: dana.id,
        scored_ms: 11 * MINUTE,
    };
    assert!(tx.score_review(chat.id, &score).unwrap());
    assert!(!tx.score_review(Uuid::now_v7(), &score).unwrap());
    tx.save_review(&ReviewRecord {
        derived_ms: 12 * MINUTE,
        ..record.clone()
    })
    .unwrap();
    let review = tx.review(chat.id).unwrap().expect("a review");
    assert_eq!(review.score, Some(4));
    assert_eq!(review.flags.nudges, 2);
    assert_eq!(
        review.scored_by_name.as_deref(),
        Some(dana.display_name.as_str())
    );
    assert_eq!(tx.review_scores(0, 10 * MINUTE).unwrap(), [(dana.id, 4)]);
    let by = |agent| ReviewFilter {
        agent: Some(agent),
        ..ReviewFilter::default()
    };
    assert_eq!(tx.reviews(&by(sam.id)).unwrap().len(), 1, "sam had a part");
    assert_eq!(tx.reviews(&by(Uuid::now_v7())).unwrap().len(), 0);
    let window = ReviewFilter {
        ended_from_ms: Some(10 * MINUTE),
        ended_to_ms: Some(11 * MINUTE),
        disposition: Some("resolved".to_string()),
        ..ReviewFilter::default()
    };
    assert_eq!(tx.reviews(&window).unwrap().len(), 1);
    let before = ReviewFilter {
        ended_to_ms: Some(10 * MINUTE),
        ..ReviewFilter::default()
    };
    assert!(
        tx.reviews(&before).unwrap().is_empty(),
        "the end bound is exclusive"
    );
    assert_eq!(
        tx.parts_of_ended(0, 10 * MINUTE).unwrap(),
        [(chat.id, sam.id, 0), (chat.id, dana.id, MINUTE)]
    );
    tx.note_hold_start(chat.id, 3 * MINUTE).unwrap();
    tx.note_hold_start(chat.id, 2 * MINUTE).unwrap();
    tx.note_hold_start(chat.id, 2 * MINUTE).unwrap();
    assert_eq!(tx.hold_starts(chat.id).unwrap(), [2 * MINUTE, 3 * MINUTE]);
}
