//! `update` as a pure function: keys and backend events in, state and commands out.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Connection, Overlay, update};
use chatdesk::protocol::{Event, EventBody, OfferEnd, Presence};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{self, conversation, offer, queues, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(state: &mut chatdesk::console::app::State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

fn event(id: i64, chat: Option<Uuid>, body: EventBody) -> Action {
    Action::Backend(Event {
        id,
        at: fixture::now(),
        chat_id: chat,
        body,
    })
}

#[test]
fn an_offer_rings_once_and_f3_accepts_it() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    let commands = update(
        &mut state,
        event(
            11,
            Some(Uuid::from_u128(7)),
            EventBody::OfferCreated {
                offer: Box::new(offer(7)),
            },
        ),
    );
    assert_eq!(commands, [Command::Bell]);
    assert_eq!(
        update(&mut state, key(KeyCode::F(3))),
        [Command::Accept(offer(7).id)]
    );
}

#[test]
fn the_bell_can_be_off() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    state.settings.bell = false;
    let commands = update(
        &mut state,
        event(
            11,
            None,
            EventBody::OfferCreated {
                offer: Box::new(offer(7)),
            },
        ),
    );
    assert!(commands.is_empty());
}

#[test]
fn f4_declines_and_the_offer_leaves_when_it_ends() {
    let mut state = state(Vec::new(), vec![offer(7)], Vec::new());
    assert_eq!(
        update(&mut state, key(KeyCode::F(4))),
        [Command::Decline(offer(7).id)]
    );
    update(
        &mut state,
        event(
            12,
            None,
            EventBody::OfferEnded {
                offer_id: offer(7).id,
                reason: OfferEnd::Declined,
            },
        ),
    );
    assert!(state.offers.is_empty());
}

#[test]
fn an_assigned_chat_opens_a_pane_and_f6_moves_focus() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        event(
            12,
            Some(Uuid::from_u128(2)),
            EventBody::ChatAssigned {
                detail: Box::new(conversation(2, "Dev Patel")),
            },
        ),
    );
    assert_eq!(state.chats.len(), 2);
    assert_eq!(state.focus, 0);
    update(&mut state, key(KeyCode::F(6)));
    assert_eq!(state.focus, 1);
    update(&mut state, key(KeyCode::F(6)));
    assert_eq!(state.focus, 0);
    assert_eq!(state.me.active_chats, 2);
}

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
            .filter(|l| l.body == "first")
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
fn f2_cycles_presence_and_a_refusal_is_shown() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    assert_eq!(
        update(&mut state, key(KeyCode::F(2))),
        [Command::SetPresence(Presence::Away)]
    );
    update(
        &mut state,
        Action::Failed(
            "Record a disposition for the chat with Ana Lima before going available.".into(),
        ),
    );
    assert!(state.notice.as_ref().unwrap().text.contains("Ana Lima"));
}

#[test]
fn ending_asks_first_and_the_customer_ending_is_announced() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    assert!(update(&mut state, key(KeyCode::F(8))).is_empty());
    assert_eq!(state.overlay, Overlay::ConfirmEnd(Uuid::from_u128(1)));
    assert!(update(&mut state, key(KeyCode::Char('n'))).is_empty());
    update(&mut state, key(KeyCode::F(8)));
    assert_eq!(
        update(&mut state, key(KeyCode::Char('y'))),
        [Command::End(Uuid::from_u128(1))]
    );

    let mut other =
        crate::fixture::state(vec![conversation(2, "Dev Patel")], Vec::new(), Vec::new());
    update(
        &mut other,
        event(
            30,
            Some(Uuid::from_u128(2)),
            EventBody::ChatEnded {
                by: chatdesk::protocol::Party::Customer,
                cause: None,
            },
        ),
    );
    assert!(
        other
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Dev Patel ended the chat")
    );
}

#[test]
fn the_queue_view_picks_up_the_selected_chat() {
    let mut state = state(
        Vec::new(),
        Vec::new(),
        queues(&[("Bo Chen", 50), ("Cleo Park", 20)]),
    );
    update(&mut state, key(KeyCode::F(5)));
    update(&mut state, key(KeyCode::Down));
    let commands = update(&mut state, key(KeyCode::Enter));
    assert_eq!(commands, [Command::PickUp(Uuid::from_u128(901))]);
    assert_eq!(state.overlay, Overlay::None);
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
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(state.chats[0].draft(), "hello");
}

#[test]
fn notes_are_typed_into_the_wrap_up_form() {
    let mut ended = conversation(1, "Ana Lima");
    ended.chat.state = chatdesk::protocol::ChatState::Ended;
    let mut state = state(vec![ended], Vec::new(), Vec::new());
    state.dispositions = vec![chatdesk::protocol::DispositionCodeInfo {
        code: "resolved".into(),
        name: "Resolved".into(),
        description: "Done".into(),
    }];
    update(&mut state, key(KeyCode::F(8)));
    assert!(matches!(state.overlay, Overlay::WrapUp(_)));
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "Fixed the plan");
    let commands = update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        commands,
        [Command::WrapUp {
            chat: Uuid::from_u128(1),
            wrap_up: chatdesk::protocol::WrapUp {
                code: "resolved".into(),
                notes: "Fixed the plan".into(),
                tags: Vec::new(),
                commitment: None,
                ticket: None,
            }
        }]
    );
    // The composer was not touched: notes live in the form.
    assert_eq!(state.chats[0].draft(), "");
}

#[test]
fn enter_does_not_end_a_chat_by_accident() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(&mut state, key(KeyCode::F(8)));
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
}

#[test]
fn the_queue_view_takes_the_highlighted_chat_after_the_list_shrinks() {
    let mut state = state(
        Vec::new(),
        Vec::new(),
        queues(&[("Bo Chen", 50), ("Cleo Park", 20)]),
    );
    update(&mut state, key(KeyCode::F(5)));
    update(&mut state, key(KeyCode::Down));
    update(
        &mut state,
        event(
            40,
            Some(Uuid::from_u128(901)),
            EventBody::QueueLeft {
                queue: "billing".into(),
            },
        ),
    );
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::PickUp(Uuid::from_u128(900))]
    );
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
fn remote_text_is_made_safe_as_it_arrives() {
    let mut state = state(Vec::new(), Vec::new(), queues(&[]));
    let mut hostile = offer(7);
    hostile.customer.name = "Eve\u{1b}[2J\u{202e}".into();
    update(
        &mut state,
        event(
            11,
            None,
            EventBody::OfferCreated {
                offer: Box::new(hostile),
            },
        ),
    );
    assert_eq!(state.offers[0].customer.name, "Eve␛[2J\u{fffd}");
}
