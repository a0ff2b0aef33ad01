//! Scrolling is decided by `update` alone: it knows the terminal's size and measures the
//! transcript as far back as the view reaches, so a test (or the agent) scrolls without a frame
//! having been drawn, and drawing changes nothing.

use chatdesk::console::action::Action;
use chatdesk::console::app::{Overlay, State, update};
use chatdesk::protocol::{Event, EventBody, Party};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{self, ago, conversation, message, render, resize, state};

fn history(count: i64) -> State {
    let id = Uuid::from_u128(1);
    let messages = (1..=count)
        .map(|i| {
            message(
                id,
                i,
                Party::Customer,
                &format!("message number {i}"),
                ago(count - i),
            )
        })
        .collect();
    state(
        vec![fixture::chat(1, "Ana Lima", messages)],
        Vec::new(),
        Vec::new(),
    )
}

fn press(state: &mut State, code: KeyCode) {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The transcript's first line on screen (the row under the customer and timer rows).
fn first_shown(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("message number"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_transcript_scrolls_to_its_first_message_and_back_without_a_frame_drawn_first() {
    let mut state = history(60);
    resize(&mut state, 120, 40);
    // Far past the top: the scroll stops at the first message, before anything was drawn.
    update(&mut state, Action::Scroll(10_000));
    let most = state.chats[0].scroll;
    assert!(most > 0 && most < 200, "stopped at the top: {most}");
    let top = render(&state, 120, 40);
    assert!(top.contains("message number 1 "), "{top}");
    // So one line forward moves the view at once (no overshoot to scroll off first).
    update(&mut state, Action::Scroll(-1));
    assert_eq!(state.chats[0].scroll, most - 1);
    let moved = render(&state, 120, 40);
    assert_ne!(moved, top);
    assert!(
        moved.contains("message number 1 "),
        "one line moved: {moved}"
    );
    // Drawing changed nothing: the same state draws the same screen twice.
    let before = format!("{:?}", state.chats[0].heights);
    let again = render(&state, 120, 40);
    assert_eq!(render(&state, 120, 40), again);
    assert_eq!(format!("{:?}", state.chats[0].heights), before);
}

#[test]
fn a_taller_terminal_pulls_the_scroll_back_within_the_history() {
    let mut state = history(30);
    resize(&mut state, 120, 30);
    update(&mut state, Action::Scroll(10_000));
    let short = state.chats[0].scroll;
    resize(&mut state, 120, 50);
    assert!(state.chats[0].scroll < short, "more fits: less to scroll");
    resize(&mut state, 120, 200);
    assert_eq!(state.chats[0].scroll, 0, "everything fits");
}

#[test]
fn a_long_history_is_measured_only_as_far_back_as_the_view_reaches() {
    let mut state = history(100_000);
    resize(&mut state, 200, 60);
    let measured = state.chats[0].heights.measured_messages();
    assert!(measured < 60, "only the visible messages: {measured}");
    // A page back measures about a page more, not the history.
    press(&mut state, KeyCode::PageUp);
    let after_page = state.chats[0].heights.measured_messages();
    assert!(after_page > measured && after_page < 100, "{after_page}");
    // A new width measures again, as little.
    resize(&mut state, 150, 60);
    assert!(state.chats[0].heights.measured_messages() < 100);
    let screen = render(&state, 150, 60);
    assert!(
        !screen.contains("message number 100000"),
        "scrolled back: {screen}"
    );
    update(&mut state, Action::Scroll(-10_000));
    assert!(render(&state, 150, 60).contains("message number 100000"));
}

#[test]
fn a_message_arriving_while_scrolled_back_keeps_the_view_still() {
    let mut state = history(200);
    resize(&mut state, 120, 40);
    update(&mut state, Action::Scroll(30));
    let before = first_shown(&render(&state, 120, 40));
    let id = Uuid::from_u128(1);
    update(
        &mut state,
        Action::Backend(Event {
            id: 201,
            at: fixture::now(),
            chat_id: Some(id),
            body: EventBody::MessageCreated {
                message: message(id, 201, Party::Customer, "are you there?", fixture::now()),
            },
        }),
    );
    let after = render(&state, 120, 40);
    assert_eq!(first_shown(&after), before, "{after}");
    assert!(after.contains("1 new message"), "{after}");
}

#[test]
fn the_help_scrolls_to_its_end_without_a_frame_drawn_first() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    resize(&mut state, 80, 24);
    press(&mut state, KeyCode::F(1));
    press(&mut state, KeyCode::End);
    let Overlay::Help(view) = &state.overlay else {
        panic!("the help is open");
    };
    let end = view.top;
    assert!(end > 0);
    let screen = render(&state, 80, 24);
    assert!(
        screen.contains("↑ more above") && !screen.contains("more below"),
        "{screen}"
    );
    // One line up from the end shows more below at once.
    press(&mut state, KeyCode::Up);
    assert!(render(&state, 80, 24).contains("more above and below"));
}
