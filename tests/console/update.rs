//! `update` as a pure function: keys and backend events in, state and commands out.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use chatdesk::console::rooms::confirm_end::ConfirmEnd;
use chatdesk::protocol::{Event, EventBody, OfferEnd, Presence};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{self, conversation, offer, queues, state};

pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn typed(state: &mut chatdesk::console::app::State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

pub fn event(id: i64, chat: Option<Uuid>, body: EventBody) -> Action {
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
    assert_eq!(
        state.overlay,
        Overlay::ConfirmEnd(ConfirmEnd {
            chat: Uuid::from_u128(1)
        })
    );
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

    // A page that stayed closed before anyone answered: the agent learns it is a missed chat.
    let mut gone =
        crate::fixture::state(vec![conversation(3, "Eva Stone")], Vec::new(), Vec::new());
    update(
        &mut gone,
        event(
            31,
            Some(Uuid::from_u128(3)),
            EventBody::ChatEnded {
                by: chatdesk::protocol::Party::Customer,
                cause: Some(chatdesk::protocol::EndCause::PageClosed),
            },
        ),
    );
    let notice = &gone.notice.as_ref().unwrap().text;
    assert!(
        notice.contains("Eva Stone closed the page before anyone answered")
            && notice.contains("missed chat"),
        "{notice}"
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
    update(&mut state, key(KeyCode::Down));
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
