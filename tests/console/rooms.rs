//! The open room is asked first: it takes what is its own, and what it ignores reaches the keys
//! that work everywhere; typing never falls through a room into the composer; news reaches a
//! room only while it is open.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use chatdesk::protocol::QueueInfo;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::fixture::{conversation, queues, state};
use crate::update::{key, typed};

fn queue_selected(overlay: &Overlay) -> Option<usize> {
    match overlay {
        Overlay::Queue(queue) => Some(queue.selected),
        _ => None,
    }
}

#[test]
fn the_room_takes_its_keys_and_the_global_ones_pass_through() {
    let mut state = state(
        Vec::new(),
        Vec::new(),
        queues(&[("Ana Lima", 60), ("Bo Chen", 30)]),
    );
    update(&mut state, key(KeyCode::F(5)));
    assert_eq!(queue_selected(&state.overlay), Some(0));
    update(&mut state, key(KeyCode::Down));
    assert_eq!(queue_selected(&state.overlay), Some(1));
    // The queue does not know F1: the help, which works everywhere, replaces it.
    update(&mut state, key(KeyCode::F(1)));
    assert!(
        matches!(state.overlay, Overlay::Help(_)),
        "{:?}",
        state.overlay
    );
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.overlay, Overlay::None);
}

#[test]
fn typing_with_a_room_open_never_reaches_the_composer() {
    let mut state = state(
        vec![conversation(1, "Ana Lima")],
        Vec::new(),
        queues(&[("Bo Chen", 30)]),
    );
    update(&mut state, key(KeyCode::F(5)));
    typed(&mut state, "abc");
    assert!(queue_selected(&state.overlay).is_some());
    assert_eq!(state.chats[0].draft(), "");
    update(&mut state, key(KeyCode::Esc));
    typed(&mut state, "x");
    assert_eq!(state.chats[0].draft(), "x");
}

#[test]
fn news_for_a_room_reaches_it_only_while_it_is_open() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    let colleagues = || Action::Colleagues {
        agents: Vec::new(),
        queues: vec![QueueInfo {
            id: "billing".into(),
            name: "Billing".into(),
        }],
    };
    let ctrl_t = Action::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    assert_eq!(update(&mut state, ctrl_t), vec![Command::FetchColleagues]);
    update(&mut state, colleagues());
    let Overlay::Transfer(dialog) = &state.overlay else {
        panic!("{:?}", state.overlay);
    };
    assert_eq!(dialog.targets.as_ref().map(Vec::len), Some(1));
    update(&mut state, key(KeyCode::Esc));
    assert!(update(&mut state, colleagues()).is_empty());
    assert_eq!(state.overlay, Overlay::None);
}
