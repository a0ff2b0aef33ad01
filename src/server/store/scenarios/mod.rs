//! Store-level scenarios both stores run (SQLite's tests and PostgreSQL's call each one in a
//! transaction of their own, see [`scenario_tests`]): what the engine relies on of the
//! procedure, escalation, lead, review, missed-chat and report stores.

mod escalations;
mod lead;
mod missed;
mod procedure;
mod review;

pub use escalations::{
    an_escalation_is_claimed_and_answered_in_its_thread,
    answered_escalations_are_read_from_a_moment_on,
};
pub use lead::whispers_the_floor_and_the_report_read_their_chats;
pub use missed::a_missed_chat_is_recorded_once_and_followed_up;
pub use procedure::commitments_and_tickets_are_replaced_keeping_their_ids;
pub use review::a_review_keeps_its_score_and_lists_by_part;

const MINUTE: i64 = 60_000;

/// One `#[test]` per scenario, each run by `$run` (a `fn(fn(&mut dyn Tx))` of the store).
macro_rules! scenario_tests {
    ($run:path; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $run(crate::server::store::scenarios::$name)
            }
        )*
    };
}
pub(crate) use scenario_tests;
