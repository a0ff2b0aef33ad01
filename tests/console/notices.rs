//! Notices do not go stale: the agent's next act replaces the one on screen with its own outcome
//! (or nothing), and a notice left alone goes after `NOTICE_SECS`.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{NOTICE_SECS, update};
use chatdesk::protocol::{EventBody, Presence};
use jiff::ToSpan;
use ratatui::crossterm::event::KeyCode;
use uuid::Uuid;

use crate::fixture::{conversation, now, offer, render, state};
use crate::update::{event, key, typed};

const REFUSED: &str =
    "You already have 2 active chats, the most one agent may hold; end or transfer one first.";

#[test]
fn a_refusal_goes_with_the_next_act_and_not_with_typing() {
    let mut state = state(
        vec![conversation(1, "Ana Lima"), conversation(2, "Bo Chen")],
        vec![offer(3)],
        Vec::new(),
    );
    assert_eq!(
        update(&mut state, key(KeyCode::F(3))),
        [Command::Accept(Uuid::from_u128(503))]
    );
    update(&mut state, Action::Failed(REFUSED.into()));
    assert!(render(&state, 160, 40).contains("You already have 2 active chats"));
    // Typing a reply is not an outcome: the refusal is still there to read.
    typed(&mut state, "One moment please");
    assert!(render(&state, 160, 40).contains("You already have 2 active chats"));
    // Sending it, seconds later, is the next act: the refusal no longer shows.
    state.now = now() + 3.seconds();
    let sent = update(&mut state, key(KeyCode::Enter));
    assert!(
        sent.iter().any(|c| matches!(c, Command::Send { .. })),
        "{sent:?}"
    );
    let screen = render(&state, 160, 40);
    assert!(!screen.contains("You already have"), "{screen}");
    // So does moving to the other chat.
    update(&mut state, Action::Failed(REFUSED.into()));
    update(&mut state, key(KeyCode::F(6)));
    assert!(state.notice.is_none(), "{:?}", state.notice);
}

#[test]
fn going_away_replaces_you_are_available_again() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    update(
        &mut state,
        event(
            11,
            None,
            EventBody::PresenceChanged {
                presence: Presence::Available,
                reason: Some(
                    "Every ended chat has its disposition; you are available again.".into(),
                ),
                agent_id: None,
            },
        ),
    );
    assert!(render(&state, 120, 30).contains("you are available again"));
    assert_eq!(
        update(&mut state, key(KeyCode::F(2))),
        [Command::SetPresence(Presence::Away)]
    );
    update(&mut state, Action::PresenceSet(Presence::Away));
    let screen = render(&state, 120, 30);
    assert!(!screen.contains("available again"), "{screen}");
    assert!(screen.contains("You are away"), "{screen}");
}

#[test]
fn a_notice_left_alone_expires() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(&mut state, Action::Failed(REFUSED.into()));
    update(
        &mut state,
        Action::Tick(now() + (NOTICE_SECS - 1).seconds()),
    );
    assert!(render(&state, 160, 40).contains("You already have"));
    update(&mut state, Action::Tick(now() + NOTICE_SECS.seconds()));
    assert!(!render(&state, 160, 40).contains("You already have"));
}
