//! Keymaps: parsing, overriding, conflicts reported with file and line, and the generated help.

use std::io::Write;

use chatdesk::console::action::Action;
use chatdesk::console::app::{Overlay, update};
use chatdesk::console::keymap::{Intent, Key, Keymap, Place};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::fixture::{conversation, render, state};

fn event(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn overrides(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    (dir, path)
}

#[test]
fn keys_parse_in_any_case_and_show_tidily() {
    assert_eq!(Key::parse("Ctrl-Q").unwrap().to_string(), "Ctrl-Q");
    assert_eq!(Key::parse("alt-enter").unwrap().to_string(), "Alt-Enter");
    assert_eq!(Key::parse("f12").unwrap().to_string(), "F12");
    assert_eq!(Key::parse("?").unwrap().to_string(), "?");
    assert!(Key::parse("f13").is_err());
    assert!(Key::parse("hyper-x").is_err());
}

#[test]
fn the_default_keymap_means_what_the_footer_says() {
    let map = Keymap::builtin("default").unwrap();
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::F(3), KeyModifiers::NONE)),
        Some(Intent::AcceptOffer)
    );
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::Enter, KeyModifiers::ALT)),
        Some(Intent::Newline)
    );
    assert_eq!(
        map.intent(
            Place::Composer,
            &event(KeyCode::Char('?'), KeyModifiers::NONE)
        ),
        None,
        "typing"
    );
    assert_eq!(
        map.intent(Place::Home, &event(KeyCode::Char('?'), KeyModifiers::SHIFT)),
        Some(Intent::Help)
    );
    assert_eq!(
        map.intent(Place::Queue, &event(KeyCode::Enter, KeyModifiers::NONE)),
        Some(Intent::Choose)
    );
    assert_eq!(
        map.intent(
            Place::Queue,
            &event(KeyCode::Char('q'), KeyModifiers::CONTROL)
        ),
        Some(Intent::Quit)
    );
    assert!(
        map.footer()
            .iter()
            .any(|(key, what)| key == "F9" && *what == "verify")
    );
    assert_eq!(
        map.intent(
            Place::Composer,
            &event(KeyCode::Char('o'), KeyModifiers::CONTROL)
        ),
        Some(Intent::ToggleHold)
    );
    // In the wrap-up form letters are typed into its fields.
    assert_eq!(
        map.intent(Place::Form, &event(KeyCode::Char('y'), KeyModifiers::NONE)),
        None
    );
}

#[test]
fn vim_moves_with_j_and_k() {
    let map = Keymap::builtin("vim").unwrap();
    assert_eq!(
        map.intent(Place::Queue, &event(KeyCode::Char('j'), KeyModifiers::NONE)),
        Some(Intent::Down)
    );
    assert_eq!(
        map.intent(Place::Queue, &event(KeyCode::Char('k'), KeyModifiers::NONE)),
        Some(Intent::Up)
    );
}

#[test]
fn an_override_rebinds_one_key_and_keeps_the_rest() {
    let (_dir, path) =
        overrides("[global]\n\"ctrl-y\" = \"accept_offer\"\n\"f3\" = \"decline_offer\"\n");
    let map = Keymap::load("default", Some(&path)).unwrap();
    assert_eq!(
        map.intent(
            Place::Composer,
            &event(KeyCode::Char('y'), KeyModifiers::CONTROL)
        ),
        Some(Intent::AcceptOffer)
    );
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::F(3), KeyModifiers::NONE)),
        Some(Intent::DeclineOffer)
    );
    assert_eq!(
        map.intent(Place::Composer, &event(KeyCode::F(2), KeyModifiers::NONE)),
        Some(Intent::CyclePresence)
    );
}

#[test]
fn two_actions_on_one_key_name_the_file_the_line_and_both_actions() {
    let (_dir, path) = overrides("[queue]\n\"enter\" = \"choose\"\n\"Enter\" = \"close\"\n");
    let err = Keymap::load("default", Some(&path)).unwrap_err();
    assert!(err.file.ends_with("keymap.toml"), "{err}");
    assert_eq!(err.line, 3, "{err}");
    assert!(
        err.problem.contains("choose") && err.problem.contains("close"),
        "{err}"
    );
}

#[test]
fn unknown_actions_places_and_keys_are_errors_with_their_line() {
    for (text, line, word) in [
        ("[global]\n\"f9\" = \"make_coffee\"\n", 2, "make_coffee"),
        ("[kitchen]\n\"f9\" = \"quit\"\n", 1, "kitchen"),
        ("[global]\n\n\"hyper-q\" = \"quit\"\n", 3, "hyper-q"),
        ("[composer]\n\"x\" = \"send\"\n", 2, "typed"),
    ] {
        let (_dir, path) = overrides(text);
        let err = Keymap::load("default", Some(&path)).unwrap_err();
        assert_eq!(err.line, line, "{err}");
        assert!(err.to_string().contains(word), "{err}");
    }
}

#[test]
fn docs_keys_md_is_generated_from_the_default_keymap() {
    let generated = Keymap::builtin("default").unwrap().markdown("default");
    let written =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md")).unwrap();
    assert!(
        written == generated,
        "docs/keys.md is stale; regenerate it with: cargo run -- keys > docs/keys.md"
    );
}

#[test]
fn help_overlay() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        Action::Key(event(KeyCode::F(1), KeyModifiers::NONE)),
    );
    assert_eq!(state.overlay, Overlay::Help);
    let screen = render(&state, 120, 60);
    for (i, (title, rows)) in state.settings.keymap.help().into_iter().enumerate() {
        assert!(screen.contains(title), "{title} missing:\n{screen}");
        // The first two places are tables with every description whole.
        for (_, what) in rows.into_iter().filter(|_| i < 2) {
            assert!(screen.contains(what), "{what} missing:\n{screen}");
        }
    }
    insta::assert_snapshot!(screen);
    update(
        &mut state,
        Action::Key(event(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(state.overlay, Overlay::None);
}
