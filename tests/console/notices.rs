//! Notices do not go stale: the agent's next act replaces the one on screen with its own outcome
//! (or nothing), and a notice left alone goes after `NOTICE_SECS`.

use chatdesk::console::action::{Action, Command, Refusal};
use chatdesk::console::app::{NOTICE_SECS, update};
use chatdesk::console::keymap::{Intent, Place};
use chatdesk::protocol::{EventBody, Presence};
use jiff::ToSpan;
use ratatui::crossterm::event::KeyCode;
use uuid::Uuid;

use crate::fixture::{cells, conversation, now, offer, render, state};
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

/// The screen's rows, each trimmed.
fn rows(state: &chatdesk::console::app::State, width: u16, height: u16) -> Vec<String> {
    cells(state, width, height)
        .chunks(usize::from(width))
        .map(|row| row.concat().trim().to_string())
        .collect()
}

/// Whether `sentence` is on screen whole, wrapped over rows that follow one another, and the
/// help's key still shows in the bottom row.
fn shown_whole(state: &chatdesk::console::app::State, sentence: &str) {
    let rows = rows(state, 80, 24);
    let start = rows
        .iter()
        .position(|row| !row.is_empty() && sentence.starts_with(row.as_str()) && row.len() > 12);
    let Some(start) = start else {
        panic!("{sentence:?} does not start a row:\n{}", rows.join("\n"));
    };
    let mut read = String::new();
    for row in &rows[start..] {
        if read.len() >= sentence.len() {
            break;
        }
        if !read.is_empty() {
            read.push(' ');
        }
        read.push_str(row);
    }
    assert_eq!(read, sentence, "\n{}", rows.join("\n"));
    let help = state
        .settings
        .keymap
        .keys(Place::Composer, Intent::Help)
        .unwrap();
    let bottom = rows.last().unwrap();
    assert!(bottom.contains(&help), "the keys still show: {bottom}");
}

#[test]
fn the_longest_notices_read_whole_at_80_by_24() {
    // A placeholder for the ticket, not yet opened: the longest refusal, with its key.
    let mut ticket = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    typed(&mut ticket, "Your reference is {ticket.id}, Ana.");
    // The console's own refusal goes to its log, described without the message's text.
    let chat = ticket.chats[0].id;
    assert_eq!(
        update(&mut ticket, key(KeyCode::Enter)),
        [Command::RecordRefusal {
            chat,
            why: Refusal::Unfilled(1)
        }]
    );
    let logged = Refusal::Unfilled(1).describe();
    assert!(
        !logged.contains("ticket.id") && !logged.contains("Ana"),
        "{logged}"
    );
    let sentence = ticket.notice.as_ref().unwrap().text.clone();
    assert!(sentence.len() > 150, "{sentence}");
    assert!(sentence.ends_with("opens the ticket."), "{sentence}");
    shown_whole(&ticket, &sentence);

    // A field of a canned response left as it was.
    let mut field = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    typed(&mut field, "Your order {ask:Order number} is on its way.");
    update(&mut field, key(KeyCode::Enter));
    let sentence = field.notice.as_ref().unwrap().text.clone();
    assert!(
        sentence.contains("replace it with the real value"),
        "{sentence}"
    );
    shown_whole(&field, &sentence);

    // The backend's refusal of a third chat.
    let mut third = state(
        vec![conversation(1, "Ana Lima"), conversation(2, "Bo Chen")],
        vec![offer(3)],
        Vec::new(),
    );
    update(&mut third, Action::Failed(REFUSED.into()));
    shown_whole(&third, REFUSED);
}

#[test]
fn a_room_over_the_whole_screen_leaves_the_notice_and_the_keys_in_view() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    let list = (1..=30)
        .map(|n| crate::review::missed(n, &format!("Customer {n}"), 60 * n as i64))
        .collect();
    update(&mut state, Action::Missed(list));
    update(
        &mut state,
        Action::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('m'),
            ratatui::crossterm::event::KeyModifiers::ALT,
        )),
    );
    assert!(state.overlay.room().is_some(), "the missed chats show");
    let long = "The missed chats could not be listed again: the backend answered 503, the \
                service is unavailable for a moment; the list shown is the one read before.";
    update(&mut state, Action::Failed(long.into()));
    let screen = render(&state, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    // The whole sentence reads above the keys, over three rows at 80 columns...
    for word in long.split(' ') {
        assert!(screen.contains(word), "{word:?}\n{screen}");
    }
    assert!(rows[rows.len() - 1].contains("help"), "{screen}");
    // ...and the list, long enough to fill the screen, ends above it: its bottom border is the
    // row over the notice.
    let notice_top = (0..rows.len())
        .find(|&i| rows[i].contains("The missed chats could not"))
        .expect("the notice shows");
    assert!(
        rows[notice_top - 1].contains('┘') || rows[notice_top - 1].contains('╝'),
        "{screen}"
    );
}
