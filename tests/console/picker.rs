//! The canned-response picker and shortcode expansion in the composer.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::fixture::{conversation, render, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(state: &mut chatdesk::console::app::State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

#[test]
fn the_picker_finds_previews_and_inserts_filled_text() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    typed(&mut state, "Hi. ");
    update(&mut state, key(KeyCode::F(7)));
    assert!(matches!(state.overlay, Overlay::Picker(_)));
    typed(&mut state, "still there");
    let screen = render(&state, 120, 40);
    assert!(screen.contains("preview for Ana Lima"), "{screen}");
    insta::assert_snapshot!(screen);
    let commands = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(commands[..], [Command::SaveDraft { .. }]));
    assert_eq!(state.overlay, Overlay::None);
    let draft = state.chats[0].draft();
    assert!(draft.starts_with("Hi. "), "{draft}");
    assert!(draft.len() > 10, "{draft}");
    assert!(!draft.contains('{'), "variables filled: {draft}");
}

#[test]
fn a_response_with_fields_asks_for_each_before_inserting() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    // A verified customer: responses with account details go in without a question.
    for check in &mut state.chats[0].verification {
        check.done = true;
    }
    let with_fields = state
        .canned
        .responses()
        .iter()
        .find(|r| !r.fields().is_empty())
        .expect("a built-in response with fields")
        .clone();
    update(&mut state, key(KeyCode::F(7)));
    typed(&mut state, with_fields.shortcode());
    let footer = |state: &chatdesk::console::app::State| {
        render(state, 120, 40)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    // Searching, there is no field to move to: the footer does not offer Tab for it.
    assert!(!footer(&state).contains("next field"), "{}", footer(&state));
    update(&mut state, key(KeyCode::Enter));
    let Overlay::Picker(picker) = &state.overlay else {
        panic!()
    };
    assert!(picker.filling.is_some(), "asks first");
    assert!(
        footer(&state).contains("Tab  next field"),
        "{}",
        footer(&state)
    );
    // Enter without the values does not insert.
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.overlay, Overlay::Picker(_)));
    for i in 0..with_fields.fields().len() {
        typed(&mut state, &format!("V{i}"));
        update(&mut state, key(KeyCode::Tab));
    }
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.overlay, Overlay::None);
    let draft = state.chats[0].draft();
    for i in 0..with_fields.fields().len() {
        assert!(draft.contains(&format!("V{i}")), "{draft}");
    }
}

#[test]
fn tab_after_a_shortcode_expands_it_in_place() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    let plain = state
        .canned
        .responses()
        .iter()
        .find(|r| r.fields().is_empty() && !r.body().contains("ticket"))
        .unwrap()
        .clone();
    typed(&mut state, &format!("Sure. /{}", plain.shortcode()));
    update(&mut state, key(KeyCode::Tab));
    let draft = state.chats[0].draft();
    assert!(draft.starts_with("Sure. "), "{draft}");
    assert!(
        !draft.contains(&format!("/{}", plain.shortcode())),
        "{draft}"
    );
    assert_eq!(state.overlay, Overlay::None);
}
