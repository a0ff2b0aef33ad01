//! Snapshots of the console's screens, and hostile text that must never reach a cell.

use chatdesk::console::action::Action;
use chatdesk::console::app::update;
use chatdesk::policy::sanitize::{is_safe, sanitize};
use chatdesk::protocol::{Event, EventBody, Party};
use proptest::prelude::*;
use uuid::Uuid;

use crate::fixture::{self, ago, conversation, message, offer, queues, render, state};

#[test]
fn empty_console() {
    let state = state(Vec::new(), Vec::new(), Vec::new());
    insta::assert_snapshot!(render(&state, 120, 40));
}

#[test]
fn offer_pop_up() {
    let state = state(Vec::new(), vec![offer(7)], queues(&[("Bo Chen", 12)]));
    insta::assert_snapshot!(render(&state, 120, 40));
}

#[test]
fn one_chat() {
    let state = state(
        vec![conversation(1, "Ana Lima")],
        Vec::new(),
        queues(&[("Bo Chen", 12), ("Cleo Park", 41)]),
    );
    insta::assert_snapshot!(render(&state, 120, 40));
}

#[test]
fn two_chats_wide() {
    let state = state(
        vec![conversation(1, "Ana Lima"), conversation(2, "Dev Patel")],
        Vec::new(),
        queues(&[("Cleo Park", 41)]),
    );
    insta::assert_snapshot!(render(&state, 160, 40));
}

#[test]
fn two_chats_narrow() {
    let state = state(
        vec![conversation(1, "Ana Lima"), conversation(2, "Dev Patel")],
        Vec::new(),
        queues(&[("Cleo Park", 41)]),
    );
    insta::assert_snapshot!(render(&state, 80, 24));
}

#[test]
fn reconnecting_banner() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        Action::Disconnected {
            reason: "connection refused".into(),
            retry_in_ms: 1000,
        },
    );
    update(
        &mut state,
        Action::Tick(fixture::now() + jiff::Span::new().seconds(7)),
    );
    insta::assert_snapshot!(render(&state, 120, 40));
}

#[test]
fn a_long_history_shows_its_newest_messages_and_the_new_message_marker() {
    let id = Uuid::from_u128(1);
    let history = (1..=500)
        .map(|i| {
            message(
                id,
                i,
                Party::Customer,
                &format!("message number {i}"),
                ago(500 - i),
            )
        })
        .collect();
    let mut state = state(
        vec![fixture::chat(1, "Ana Lima", history)],
        Vec::new(),
        Vec::new(),
    );
    let screen = render(&state, 120, 40);
    assert!(screen.contains("message number 500"), "{screen}");
    assert!(!screen.contains("message number 400 "), "{screen}");
    // Scrolled back, a new message is announced rather than shown.
    update(&mut state, Action::Scroll(30));
    let newer = message(id, 501, Party::Customer, "are you there?", fixture::now());
    update(
        &mut state,
        Action::Backend(Event {
            id: 501,
            at: fixture::now(),
            chat_id: Some(id),
            body: EventBody::MessageCreated { message: newer },
        }),
    );
    let screen = render(&state, 120, 40);
    assert!(screen.contains("1 new message"), "{screen}");
    assert!(!screen.contains("are you there?"), "{screen}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever a customer sends, no control character reaches a cell of the screen.
    #[test]
    fn no_control_character_reaches_the_screen(body in any::<String>(), name in any::<String>()) {
        let id = Uuid::from_u128(1);
        let mut detail = fixture::chat(1, "x", vec![message(id, 1, Party::Customer, &body, ago(5))]);
        detail.chat.customer.name = name.clone();
        detail.chat.customer.email = name;
        let state = state(vec![detail], Vec::new(), Vec::new());
        for symbol in fixture::cells(&state, 100, 30) {
            prop_assert!(symbol.chars().all(is_safe), "unsafe cell {:?}", symbol);
        }
        prop_assert!(sanitize(&body).chars().all(|c| c == '\n' || is_safe(c)));
    }
}

#[test]
fn tiny_terminals_draw_without_panicking() {
    let mut state = state(
        vec![conversation(1, "Ana Lima"), conversation(2, "Dev Patel")],
        vec![offer(7)],
        queues(&[("Bo Chen", 12)]),
    );
    for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 8), (79, 10)] {
        render(&state, w, h);
    }
    update(
        &mut state,
        Action::Disconnected {
            reason: "x".into(),
            retry_in_ms: 1,
        },
    );
    update(&mut state, Action::Scroll(500));
    for (w, h) in [(1, 1), (20, 5), (200, 60)] {
        render(&state, w, h);
    }
}
