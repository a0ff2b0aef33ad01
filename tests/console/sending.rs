//! `update` for what the agent sends: Enter and Alt-Enter, messages queued while offline and
//! settled when the stream resumes, pasted text, refused messages, signing out, and the
//! reconnecting banner's reason.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Connection, update};
use chatdesk::protocol::EventBody;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{self, conversation, state};
use crate::update::{event, key, typed};

#[test]
fn enter_sends_once_with_a_client_id_and_alt_enter_adds_a_line() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    typed(&mut state, "Hello");
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
    );
    typed(&mut state, "Ana");
    let commands = update(&mut state, key(KeyCode::Enter));
    let Command::Send {
        chat_id,
        body,
        client_msg_id,
    } = &commands[0]
    else {
        panic!("{commands:?}")
    };
    assert_eq!(*chat_id, Uuid::from_u128(1));
    assert_eq!(body, "Hello\nAna");
    assert!(!client_msg_id.is_empty());
    assert_eq!(state.chats[0].pending.len(), 1);
    assert_eq!(state.chats[0].draft(), "");
    // Enter on an empty composer sends nothing.
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
}

#[test]
fn typing_while_offline_queues_in_order_and_the_resumed_stream_settles_it() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        Action::Disconnected {
            reason: "refused".into(),
            retry_in_ms: 500,
        },
    );
    assert!(matches!(state.connection, Connection::Reconnecting { .. }));
    let mut ids = Vec::new();
    for text in ["first", "second"] {
        typed(&mut state, text);
        for command in update(&mut state, key(KeyCode::Enter)) {
            if let Command::Send { client_msg_id, .. } = command {
                ids.push(client_msg_id);
            }
        }
    }
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert_eq!(state.chats[0].pending.len(), 2);
    // Back online: the stream resumes and the stored messages replace the pending ones.
    assert_eq!(
        update(&mut state, Action::Connected),
        [Command::RefreshQueues]
    );
    assert_eq!(state.connection, Connection::Online);
    let mut stored = fixture::message(
        Uuid::from_u128(1),
        20,
        chatdesk::protocol::Party::Agent,
        "first",
        fixture::now(),
    );
    stored.client_msg_id = Some(ids[0].clone());
    update(
        &mut state,
        event(
            20,
            Some(Uuid::from_u128(1)),
            EventBody::MessageCreated {
                message: stored.clone(),
            },
        ),
    );
    // The same event again (a resumed stream never repeats, but a delivery may race it).
    update(&mut state, Action::Delivered(stored));
    assert_eq!(state.chats[0].pending.len(), 1);
    assert_eq!(
        state.chats[0]
            .lines
            .iter()
            .filter(|l| &*l.body == "first")
            .count(),
        1
    );
    assert_eq!(state.last_event_id, 20);
}

#[test]
fn pasted_text_goes_into_the_composer_and_is_not_sent() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    let commands = update(&mut state, Action::Paste("line one\r\nline two".into()));
    assert!(
        commands
            .iter()
            .all(|c| matches!(c, Command::SaveDraft { .. }))
    );
    assert_eq!(state.chats[0].draft(), "line one\nline two");
}

#[test]
fn a_refused_message_comes_back_to_the_composer() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    typed(&mut state, "Your refund is on its way");
    let commands = update(&mut state, key(KeyCode::Enter));
    let Command::Send {
        client_msg_id,
        body,
        ..
    } = &commands[0]
    else {
        panic!()
    };
    typed(&mut state, "half");
    update(
        &mut state,
        Action::DeliveryRefused {
            chat_id: Uuid::from_u128(1),
            body: body.clone(),
            client_msg_id: client_msg_id.clone(),
            problem: chatdesk::protocol::Problem {
                kind: "/problems/conflict".into(),
                title: "Conflict".into(),
                status: 409,
                detail: "This chat has ended; the message was not sent.".into(),
            },
        },
    );
    assert!(state.chats[0].pending.is_empty());
    assert_eq!(state.chats[0].draft(), "half\nYour refund is on its way");
    assert!(
        state
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("back in the composer")
    );
}

#[test]
fn signed_out_keeps_the_text_instead_of_sending() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(&mut state, Action::SignedOut("token withdrawn".into()));
    typed(&mut state, "hello");
    // Nothing goes out; only the log records the refusal.
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::RecordRefusal {
            chat: state.chats[0].id,
            why: chatdesk::console::action::Refusal::SignedOut
        }]
    );
    assert_eq!(state.chats[0].draft(), "hello");
}

#[test]
fn the_reconnecting_reason_follows_the_latest_failure() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    update(
        &mut state,
        Action::Disconnected {
            reason: "stream closed".into(),
            retry_in_ms: 250,
        },
    );
    update(
        &mut state,
        Action::Disconnected {
            reason: "connection refused".into(),
            retry_in_ms: 500,
        },
    );
    let Connection::Reconnecting { reason, .. } = &state.connection else {
        panic!()
    };
    assert_eq!(reason, "connection refused");
}

#[test]
fn a_card_number_typed_in_the_composer_is_warned_of_before_sending_and_goes_masked() {
    use chatdesk::console::keymap::Intent;
    use chatdesk::console::prompts::{Urgency, prompts};

    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    typed(&mut state, "Noted: 4111.1111.1111.1111");
    let shown = prompts(&state.chats[0], &state.settings.procedure, fixture::now());
    assert_eq!(shown[0].urgency, Urgency::Alert);
    assert_eq!(shown[0].response, Some("card-refusal"));
    // The warning and its key, named by the keymap, are on screen before anything is sent.
    let suggest = state
        .settings
        .keymap
        .key_for(Intent::InsertSuggested)
        .expect("a key to insert the suggestion");
    let screen = fixture::render(&state, 120, 40);
    assert!(
        screen.contains("A card number is in your reply: it will be sent masked"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{suggest}: insert “card-refusal”")),
        "{screen}"
    );
    // What is sent (and so what the outbox keeps) is masked.
    let commands = update(&mut state, key(KeyCode::Enter));
    let Some(Command::Send { body, .. }) = commands.first() else {
        panic!("{commands:?}")
    };
    assert_eq!(body, "Noted: 4111.****.****.1111");
    assert_eq!(state.chats[0].pending[0].body, "Noted: 4111.****.****.1111");
    // With the number gone from the composer, so is the warning.
    let after = prompts(&state.chats[0], &state.settings.procedure, fixture::now());
    assert!(
        after.iter().all(|p| p.response != Some("card-refusal")),
        "{after:?}"
    );
}
