//! Small terminals: stacked, the focused chat gets the room and the other folds to a one-line
//! strip with its wait; a dialog sits over the chat it belongs to; the footer shows the keys of
//! the moment first and only whole keys. Rendered at 80×24, 100×30 and 120×40.

use chatdesk::console::app::{Overlay, State, update};
use ratatui::crossterm::event::KeyCode;

use crate::fixture::{conversation, render, state};
use crate::update::key;

fn two_chats() -> State {
    state(
        vec![conversation(1, "Ana Lima"), conversation(2, "Bo Chen")],
        Vec::new(),
        Vec::new(),
    )
}

/// The rows of the screen that hold `text`.
fn rows_with(screen: &str, text: &str) -> Vec<usize> {
    screen
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(text))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn stacked_the_focused_chat_gets_the_room_and_the_other_is_one_line() {
    for (width, height) in [(80, 24), (100, 30), (120, 40)] {
        let mut state = two_chats();
        let screen = render(&state, width, height);
        println!("{width}×{height}, Ana focused:\n{screen}");
        // Bo's chat is a strip: one row, with its name and its wait.
        let bo = rows_with(&screen, "▷ Bo Chen · Billing");
        assert_eq!(bo.len(), 1, "{screen}");
        assert!(
            screen.lines().nth(bo[0]).unwrap().contains("waiting"),
            "{screen}"
        );
        // Ana's pane holds her transcript, with room: at least half the screen's rows.
        let ana_top = rows_with(&screen, "Ana Lima · Billing")[0];
        let transcript_rows = bo[0] - ana_top;
        assert!(
            transcript_rows >= usize::from(height) / 2,
            "{transcript_rows} rows for the focused chat:\n{screen}"
        );
        // The other chat's key brings it up, and Ana folds.
        update(&mut state, key(KeyCode::F(6)));
        let screen = render(&state, width, height);
        assert_eq!(
            rows_with(&screen, "▷ Ana Lima · Billing").len(),
            1,
            "{screen}"
        );
        assert_eq!(rows_with(&screen, "▶ Bo Chen").len(), 1, "{screen}");
    }
}

#[test]
fn the_checklist_sits_over_its_own_chat() {
    for (width, height) in [(80, 24), (100, 30), (120, 40), (160, 40)] {
        let mut state = two_chats();
        // Bo's chat (the second) is focused: its checklist must not cover Ana's.
        update(&mut state, key(KeyCode::F(6)));
        update(&mut state, key(KeyCode::F(9)));
        assert!(matches!(state.overlay, Overlay::Checklist { .. }));
        let screen = render(&state, width, height);
        println!("{width}×{height}, Bo's checklist:\n{screen}");
        let lines: Vec<&str> = screen.lines().collect();
        let ana = rows_with(&screen, "Ana Lima · Billing")[0];
        let ana_line = lines[ana];
        let ana_col = ana_line.find("Ana Lima").unwrap();
        let ana_col = ana_line[..ana_col].chars().count();
        let checklist: Vec<usize> = rows_with(&screen, "[ ]");
        assert!(!checklist.is_empty(), "{screen}");
        if rows_with(&screen, "▷ Ana Lima").is_empty() {
            // Side by side: the checklist is in Bo's (right) half.
            for row in &checklist {
                let line = lines[*row];
                let at = line[..line.find("[ ]").unwrap()].chars().count();
                assert!(at > ana_col + 30, "over Ana's pane at {at}:\n{screen}");
            }
        } else {
            // Stacked: below Ana's strip.
            assert!(checklist.iter().all(|row| *row > ana), "{screen}");
        }
    }
}

#[test]
fn the_footer_shows_the_keys_of_the_moment_first_and_whole() {
    let state = two_chats();
    for (width, height) in [(80, 24), (100, 30), (120, 40)] {
        let screen = render(&state, width, height);
        let footer = screen.lines().last().unwrap();
        println!("{width}: {footer}");
        // The chat's own keys come first; help is always there; no key is cut in half.
        assert!(footer.contains("F9  verify"), "{footer}");
        assert!(footer.contains("Enter  send"), "{footer}");
        assert!(footer.contains("F1  help"), "{footer}");
        let shown = footer.trim_end_matches(['"', ' ']);
        assert!(
            [
                "help",
                "verify",
                "send",
                "canned",
                "hold",
                "transfer",
                "end / wrap up",
                "other chat",
                "escalate",
                "presence",
                "queue",
                "quit",
                "suggested"
            ]
            .iter()
            .any(|w| shown.ends_with(w)),
            "the footer ends mid-entry: {footer}"
        );
    }
    // In the wrap-up form: its own keys first.
    let mut state = crate::procedure::ended(1);
    update(&mut state, key(KeyCode::F(8)));
    let screen = render(&state, 80, 24);
    let footer = screen.lines().last().unwrap();
    let footer = footer.trim_start_matches('"');
    assert!(
        footer.starts_with(" F8  choose") || footer.starts_with(" Enter  choose"),
        "{footer}"
    );
    assert!(footer.contains("Tab  next field"), "{footer}");
}

#[test]
fn the_wrap_up_form_leaves_the_other_chats_line_in_view() {
    for (width, height) in [(80, 24), (100, 30), (120, 40)] {
        let mut state = two_chats();
        state.chats[0].state = chatdesk::protocol::ChatState::Ended;
        state.dispositions = vec![chatdesk::protocol::DispositionCodeInfo {
            code: "resolved".into(),
            name: "Resolved".into(),
            description: "Done".into(),
        }];
        update(&mut state, key(KeyCode::F(8)));
        assert!(matches!(state.overlay, Overlay::WrapUp(_)));
        let screen = render(&state, width, height);
        println!("{width}×{height}, wrapping up Ana's chat:\n{screen}");
        let bo = rows_with(&screen, "▷ Bo Chen · Billing");
        assert_eq!(bo.len(), 1, "{screen}");
        assert!(
            screen.lines().nth(bo[0]).unwrap().contains("waiting"),
            "{screen}"
        );
        assert!(
            !rows_with(&screen, "Wrap up the chat with Ana Lima").is_empty(),
            "{screen}"
        );
    }
}
