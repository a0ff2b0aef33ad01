//! The help screen generated from the keymap: every place and action, scrolling on short
//! terminals with a line that says where it is.

use chatdesk::console::action::Action;
use chatdesk::console::app::{Overlay, update};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::fixture::{conversation, render, resize, state};

fn press(state: &mut chatdesk::console::app::State, code: KeyCode) {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn help_overlay() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    resize(&mut state, 120, 60);
    press(&mut state, KeyCode::F(1));
    assert!(matches!(state.overlay, Overlay::Help(_)));
    let top = render(&state, 120, 60);
    insta::assert_snapshot!(top);
    // The first two places are tables with every description whole.
    for (title, rows) in state.settings.keymap.help().into_iter().take(2) {
        assert!(top.contains(title), "{title} missing:\n{top}");
        for (_, what) in rows {
            assert!(top.contains(what), "{what} missing:\n{top}");
        }
    }
    // What does not fit is a scroll away, and the help says so.
    press(&mut state, KeyCode::End);
    let end = render(&state, 120, 60);
    for (title, _) in state.settings.keymap.help() {
        assert!(
            top.contains(title) || end.contains(title),
            "{title} missing:\n{top}\n{end}"
        );
    }
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.overlay, Overlay::None);
}

/// The help screens from the top to the end, a page at a time.
fn pages(state: &mut chatdesk::console::app::State, width: u16, height: u16) -> Vec<String> {
    resize(state, width, height);
    press(state, KeyCode::Home);
    let mut screens = vec![render(state, width, height)];
    loop {
        press(state, KeyCode::PageDown);
        let next = render(state, width, height);
        if Some(&next) == screens.last() {
            return screens;
        }
        screens.push(next);
    }
}

#[test]
fn help_scrolls_on_short_terminals_and_says_where_it_is() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    resize(&mut state, 80, 24);
    press(&mut state, KeyCode::F(1));
    let top = render(&state, 80, 24);
    insta::assert_snapshot!("help_80x24_top", top);
    assert!(top.contains("↓ more below · 1–21 of"), "{top}");
    assert!(top.contains("Up/Down PageUp/PageDown Home/End"), "{top}");

    press(&mut state, KeyCode::End);
    let end = render(&state, 80, 24);
    insta::assert_snapshot!("help_80x24_end", end);
    assert!(end.contains("↑ more above"), "{end}");
    assert!(!end.contains("more below"), "{end}");
    // The last binding of the last place shows.
    assert!(end.contains("End go to the end"), "{end}");

    // Up, Down and the wheel move a line; Home goes back to the top.
    press(&mut state, KeyCode::Down);
    assert_eq!(render(&state, 80, 24), end, "nothing past the end");
    press(&mut state, KeyCode::Up);
    assert!(render(&state, 80, 24).contains("↑↓ more above and below"));
    press(&mut state, KeyCode::Home);
    assert_eq!(render(&state, 80, 24), top);
    update(&mut state, Action::Scroll(-1));
    assert!(render(&state, 80, 24).contains("· 2–22 of"));

    // Page by page, at 24 and at 48 rows, every place and every binding's action shows.
    for height in [24, 48] {
        let screens = pages(&mut state, 80, height).join("\n");
        for (title, rows) in state.settings.keymap.help() {
            assert!(screens.contains(title), "{title} missing at {height} rows");
            for (_, what) in rows {
                let first_words: String = what.split(' ').take(3).collect::<Vec<_>>().join(" ");
                assert!(
                    screens.contains(&first_words) || screens.contains(&first_words.to_lowercase()),
                    "{what} missing at {height} rows"
                );
            }
        }
    }
}
