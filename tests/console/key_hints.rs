//! Every key named on screen comes from the active keymap: with every action moved to other
//! keys, no screen names a key that does nothing where the agent is.

use std::collections::BTreeSet;
use std::path::Path;

use chatdesk::console::action::Action;
use chatdesk::console::app::{State, update};
use chatdesk::console::keymap::{Intent, Key, Keymap, Place};
use chatdesk::protocol::{
    ChatState, EndCause, EventBody, FollowUps, Party, ReviewDetail, ReviewQuery, Role,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{conversation, offer, queues, render, state};
use crate::key_names::key_names;

/// Every action of `keymaps/default.toml` moved to other keys: global ones to Ctrl-Alt with a
/// letter, those of each place to Alt with a digit, so no default key does anything.
fn moved_keymap() -> Keymap {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps/default.toml"))
            .unwrap();
    let table: toml::Table = text.parse().unwrap();
    let mut moved = String::new();
    for (place, bindings) in &table {
        let mut actions: Vec<&str> = bindings
            .as_table()
            .unwrap()
            .values()
            .map(|v| v.as_str().unwrap())
            .collect();
        actions.sort_unstable();
        actions.dedup();
        moved.push_str(&format!("[{place}]\n"));
        for (i, action) in actions.iter().enumerate() {
            let key = if place == "global" {
                format!("ctrl-alt-{}", char::from(b'a' + u8::try_from(i).unwrap()))
            } else {
                assert!(i < 10, "{place} has more actions than digits");
                format!("alt-{i}")
            };
            moved.push_str(&format!("\"{key}\" = \"{action}\"\n"));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, moved).unwrap();
    Keymap::load("default", Some(&path)).unwrap()
}

/// The terminal event of a moved key as shown (`Ctrl-Alt-C`, `Alt-4`).
fn event_of(shown: &str) -> KeyEvent {
    let mut mods = KeyModifiers::NONE;
    let mut rest = shown;
    loop {
        if let Some(r) = rest.strip_prefix("Ctrl-") {
            mods |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Alt-") {
            mods |= KeyModifiers::ALT;
            rest = r;
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        panic!("{shown} is not a moved key");
    };
    KeyEvent::new(KeyCode::Char(c.to_ascii_lowercase()), mods)
}

/// Presses the key that does `intent` where the agent is.
fn press(state: &mut State, intent: Intent) {
    let shown = state
        .settings
        .keymap
        .keys_in(state.place(), intent)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no key does {intent:?} in {:?}", state.place()));
    update(state, Action::Key(event_of(&shown)));
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        update(
            state,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

thread_local! {
    /// The places whose screens were checked.
    static VISITED: std::cell::RefCell<BTreeSet<Place>> = const {
        std::cell::RefCell::new(BTreeSet::new())
    };
}

/// The screen named `what` names only keys that do something where the agent is, and at least
/// one of them.
fn check(what: &str, state: &State, only_borders: bool) -> usize {
    let screen = render(state, 300, 48);
    let lines: Vec<&str> = screen.lines().collect();
    let last = lines.len().saturating_sub(1);
    let looked_at: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !only_borders || *i == last || l.contains('┌') || l.contains('└'))
        .map(|(_, l)| *l)
        .collect();
    let place = state.place();
    VISITED.with(|v| v.borrow_mut().insert(place));
    let mut named = 0;
    for name in key_names(&looked_at.join("\n")) {
        let key = Key::parse(&name)
            .unwrap_or_else(|e| panic!("{what}: {name:?} is not a key ({e})\n{screen}"));
        assert!(
            state.settings.keymap.does(place, key).is_some(),
            "{what} ({place:?}) names {name}, which does nothing there:\n{screen}"
        );
        named += 1;
    }
    assert!(named > 0, "{what} names no key at all:\n{screen}");
    named
}

fn with_moved_keys(mut state: State) -> State {
    state.settings.keymap = moved_keymap();
    state
}

#[test]
fn with_every_action_moved_no_screen_names_a_key_that_does_nothing_there() {
    // No chat: home, the strip of waiting chats on a narrow terminal, an offer, the queue.
    let mut home = with_moved_keys(state(Vec::new(), Vec::new(), queues(&[("Bo Chen", 40)])));
    check("home", &home, false);
    assert!(render(&home, 80, 24).contains("to pick up"));
    press(&mut home, Intent::ToggleQueue);
    check("the queue", &home, false);
    let offered = with_moved_keys(state(Vec::new(), vec![offer(7)], Vec::new()));
    check("an offer", &offered, false);
    let mut help = with_moved_keys(state(Vec::new(), Vec::new(), Vec::new()));
    press(&mut help, Intent::Help);
    check("help (its borders and footer)", &help, true);

    // A chat: the pane, its questions and dialogs.
    let chatting = || with_moved_keys(state(vec![conversation(1, "Ana Lima")], vec![], vec![]));
    let mut chat = chatting();
    check("a chat", &chat, false);
    press(&mut chat, Intent::ToggleHold);
    check("the hold notice", &chat, false);
    for (what, intent) in [
        ("ending a chat", Intent::EndOrWrapUp),
        ("the checklist", Intent::Verification),
        ("the transcript menu", Intent::ExportTranscript),
        ("the canned picker", Intent::OpenPicker),
        ("the escalation list", Intent::Escalate),
    ] {
        let mut chat = chatting();
        press(&mut chat, intent);
        check(what, &chat, false);
    }
    let mut transfer = chatting();
    press(&mut transfer, Intent::TransferChat);
    check("the transfer dialog", &transfer, false);
    press(&mut transfer, Intent::Choose);
    check("the transfer dialog with nobody to pick", &transfer, false);
    let mut follow_ups = chatting();
    press(&mut follow_ups, Intent::ShowFollowUps);
    update(
        &mut follow_ups,
        Action::FollowUps(FollowUps {
            commitments: Vec::new(),
            tickets: Vec::new(),
        }),
    );
    check("the follow-ups", &follow_ups, false);
    let mut shouting = chatting();
    typed(&mut shouting, "PLEASE WAIT WHILE I CHECK YOUR ACCOUNT");
    press(&mut shouting, Intent::Send);
    check("a question before sending", &shouting, false);

    // The picker asking for a response's fields.
    let mut picker = chatting();
    for check in &mut picker.chats[0].verification {
        check.done = true;
    }
    let with_fields = picker
        .canned
        .responses()
        .iter()
        .find(|r| !r.fields().is_empty())
        .unwrap()
        .shortcode()
        .to_string();
    press(&mut picker, Intent::OpenPicker);
    typed(&mut picker, &with_fields);
    press(&mut picker, Intent::Choose);
    check("the picker asking for fields", &picker, false);

    // An escalation being filled in.
    let mut escalating = chatting();
    press(&mut escalating, Intent::Escalate);
    update(
        &mut escalating,
        Action::Templates(vec![crate::lead::poc_code()]),
    );
    press(&mut escalating, Intent::Choose);
    check("an escalation form", &escalating, false);

    // A chat the customer ended: the notice, the pane, then the wrap-up form.
    let mut ended = chatting();
    ended.dispositions = crate::procedure::ended(1).dispositions;
    update(
        &mut ended,
        crate::lead::event(EventBody::ChatEnded {
            by: Party::Customer,
            cause: Some(EndCause::PageClosed),
        }),
    );
    assert_eq!(ended.chats[0].state, ChatState::Ended);
    check("the notice of an ended chat", &ended, false);
    let mut wrap_up = with_moved_keys(crate::procedure::ended(1));
    check("an ended chat", &wrap_up, false);
    press(&mut wrap_up, Intent::EndOrWrapUp);
    check("the wrap-up form", &wrap_up, false);

    // A customer writing while the agent reads back.
    let mut scrolled = chatting();
    press(&mut scrolled, Intent::ScrollBack);
    let mut message = crate::fixture::message(
        Uuid::from_u128(1),
        4,
        Party::Customer,
        "Are you there?",
        crate::fixture::now(),
    );
    message.chat_id = Uuid::from_u128(1);
    update(
        &mut scrolled,
        crate::lead::event(EventBody::MessageCreated { message }),
    );
    check(
        "new messages below the scrolled transcript",
        &scrolled,
        false,
    );

    // A lead: the monitor, a watched chat, missed chats and reviews.
    let mut lead = with_moved_keys(crate::lead::lead_state());
    update(&mut lead, Action::Floor(Box::new(crate::lead::floor())));
    check("the monitor", &lead, false);
    press(&mut lead, Intent::Down);
    press(&mut lead, Intent::Choose);
    let mut detail = conversation(1, "Ana Lima");
    detail.chat.agent_name = Some("Dana Reyes".into());
    update(&mut lead, Action::Watching(Box::new(detail)));
    check("a watched chat", &lead, false);

    let mut missed = chatting();
    update(
        &mut missed,
        Action::Missed(vec![crate::review::missed(1, "Bo Chen", 300)]),
    );
    press(&mut missed, Intent::ShowMissed);
    check("the missed chats", &missed, false);
    press(&mut missed, Intent::Choose);
    check("a missed chat's follow-up", &missed, false);

    let reviewing = || {
        let mut reviews = with_moved_keys(state(Vec::new(), Vec::new(), Vec::new()));
        reviews.me.role = Role::Lead;
        reviews.monitor.open = false;
        press(&mut reviews, Intent::ShowReviews);
        update(
            &mut reviews,
            Action::Reviews {
                filters: ReviewQuery::default(),
                list: vec![crate::review::review(Uuid::from_u128(7))],
            },
        );
        reviews
    };
    let mut reviews = reviewing();
    check("the reviews", &reviews, false);
    let mut filtering = reviewing();
    press(&mut filtering, Intent::FilterReviews);
    check("the review filters", &filtering, false);
    press(&mut reviews, Intent::Choose);
    let review = crate::review::review(Uuid::from_u128(7));
    update(
        &mut reviews,
        Action::ReviewOpened(Box::new(ReviewDetail {
            review,
            messages: Vec::new(),
            marks: Vec::new(),
        })),
    );
    check("an opened review", &reviews, false);

    let visited = VISITED.with(|v| v.borrow().clone());
    let every = [
        Place::Composer,
        Place::Home,
        Place::Queue,
        Place::Confirm,
        Place::Form,
        Place::Help,
        Place::Picker,
        Place::Checklist,
        Place::Transfer,
        Place::Export,
        Place::FollowUps,
        Place::Escalate,
        Place::Monitor,
        Place::Watch,
        Place::Missed,
        Place::Reviews,
        Place::Review,
        Place::ReviewFilter,
    ];
    let left: Vec<_> = every.iter().filter(|p| !visited.contains(p)).collect();
    assert!(left.is_empty(), "no screen checked in {left:?}");
}
