//! The store-level scenarios both stores run, on SQLite.

use crate::server::store::Tx;
use crate::server::store::scenarios::scenario_tests;
use crate::server::store::sqlite::{open, with_tx};

/// Runs `scenario` in one transaction on a fresh database.
fn run(scenario: fn(&mut dyn Tx)) {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(dir.path()).unwrap();
    with_tx(&conn, |tx| {
        scenario(tx);
        Ok(())
    })
    .unwrap();
}

scenario_tests!(
    run;
    answered_escalations_are_read_from_a_moment_on,
    an_escalation_is_claimed_and_answered_in_its_thread,
    commitments_and_tickets_are_replaced_keeping_their_ids,
    a_missed_chat_is_recorded_once_and_followed_up,
    a_review_keeps_its_score_and_lists_by_part,
    whispers_the_floor_and_the_report_read_their_chats,
);
