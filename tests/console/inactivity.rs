//! The inactivity countdown counts from the backend's own facts: after a hold the pane shows
//! the next nudge, not "the chat ends in 0:00" while the backend starts the cycle again.

use chatdesk::console::prompts::prompts;
use chatdesk::policy::inactivity::{Step, next};
use chatdesk::protocol::Party;
use uuid::Uuid;

use crate::fixture::{ago, chat, message, now, state};

#[test]
fn after_a_nudge_and_a_hold_the_pane_counts_to_the_next_nudge_like_the_backend() {
    let id = Uuid::from_u128(1);
    let settings = crate::fixture::settings();
    let policy = settings.procedure.inactivity.clone();
    let nudge = policy.nudge_after_secs.unwrap() as i64;
    let end = policy.end_after_secs as i64;
    // The agent asked, the customer went quiet and was nudged; the agent then held the chat
    // (20 s) and came back 10 s ago: the backend counts the silence from then.
    let asked = end + 30;
    let nudged = asked - nudge;
    let mut detail = chat(
        1,
        "Ana Lima",
        vec![
            message(id, 1, Party::Customer, "Hello", ago(asked + 20)),
            message(id, 2, Party::Agent, "Which order is it?", ago(asked)),
            message(
                id,
                3,
                Party::System,
                "Are you still there, Ana?",
                ago(nudged),
            ),
        ],
    );
    detail.chat.nudged_at = Some(ago(nudged));
    detail.chat.last_hold_at = Some(ago(30));
    detail.chat.silence_agent_at = Some(ago(10));
    detail.chat.silence_customer_at = Some(ago(asked + 20));
    let state = state(vec![detail], Vec::new(), Vec::new());

    let due = next(&policy, &state.chats[0].silence()).expect("something is due");
    assert_eq!(due.step, Step::Nudge);
    assert_eq!(due.at_ms, (ago(10).as_millisecond()) + nudge * 1000);
    let shown = prompts(&state.chats[0], &state.settings.procedure, now());
    let left = nudge - 10;
    let expected = format!("nudged in {}:{:02}", left / 60, left % 60);
    assert!(
        shown.iter().any(|p| p.text.contains(&expected)),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|p| p.text.contains("ends in 0:00")),
        "{shown:?}"
    );
}

#[test]
fn a_chat_just_taken_over_has_no_countdown_until_its_new_agent_writes() {
    let id = Uuid::from_u128(1);
    let mut detail = chat(
        1,
        "Ana Lima",
        vec![
            message(id, 1, Party::Customer, "Hello", ago(200)),
            message(
                id,
                2,
                Party::Agent,
                "I'm bringing in a colleague.",
                ago(100),
            ),
        ],
    );
    // The backend's facts for the new agent: no word from them yet.
    detail.chat.silence_agent_at = None;
    detail.chat.silence_customer_at = Some(ago(200));
    let mut state = state(vec![detail], Vec::new(), Vec::new());
    let shown = prompts(&state.chats[0], &state.settings.procedure, now());
    assert!(
        !shown.iter().any(|p| p.text.contains("No answer")),
        "{shown:?}"
    );
    // Their first message starts it.
    state.chats[0].add(&message(id, 3, Party::Agent, "Hi Ana, I'm Lee.", ago(5)));
    let shown = prompts(&state.chats[0], &state.settings.procedure, now());
    assert!(
        shown.iter().any(|p| p.text.contains("nudged in")),
        "{shown:?}"
    );
}
