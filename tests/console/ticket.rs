//! A ticket opened during the chat: the suggested ticket response waits for it instead of
//! going out with a placeholder, the reference shows at once, the wrap-up form has it to edit,
//! and no message with an unfilled variable is ever sent.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use chatdesk::console::keymap::{Intent, Place};
use chatdesk::protocol::{Customer, NewTicket, PreferredContact, Ticket};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{ago, conversation, render, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(state: &mut chatdesk::console::app::State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

fn stored(ticket: &NewTicket, chat: Uuid) -> Ticket {
    Ticket {
        id: Uuid::from_u128(0x0193_0000_0000_7000_8000_00ab_cdef_0123),
        chat_id: chat,
        agent_id: Uuid::from_u128(1),
        customer: Customer {
            name: "Ana Lima".into(),
            email: "ana@example.com".into(),
            client_id: None,
        },
        subject: ticket.subject.clone(),
        contact: ticket.contact,
        note: ticket.note.clone(),
        created_at: ago(0),
    }
}

#[test]
fn the_ticket_prompt_opens_the_ticket_first_and_inserts_the_reference_once_it_exists() {
    let chat = Uuid::from_u128(1);
    let mut detail = conversation(1, "Ana Lima");
    detail.chat.accepted_at = Some(ago(16 * 60));
    let mut state = state(vec![detail], Vec::new(), Vec::new());

    // Ctrl-G at 15 minutes: no ticket yet, so the ticket dialog, not a placeholder.
    assert!(update(&mut state, ctrl('g')).is_empty());
    assert!(
        matches!(state.overlay, Overlay::Ticket(_)),
        "{:?}",
        state.overlay
    );
    assert_eq!(state.chats[0].draft(), "", "nothing was inserted yet");
    let screen = render(&state, 120, 36);
    assert!(screen.contains("Open a ticket"), "{screen}");
    assert!(screen.contains("call back"), "{screen}");

    // Enter without a subject is refused by the dialog itself.
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert!(
        matches!(&state.overlay, Overlay::Ticket(d) if d.error.as_deref().is_some_and(|e| e.contains("subject")))
    );

    typed(&mut state, "Replace the faulty charger");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Right));
    let commands = update(&mut state, key(KeyCode::Enter));
    let [
        Command::OpenTicket {
            chat: asked,
            ticket,
            then,
        },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}");
    };
    assert_eq!(*asked, chat);
    assert_eq!(ticket.subject, "Replace the faulty charger");
    assert_eq!(ticket.contact, PreferredContact::CallBack);
    assert_eq!(state.overlay, Overlay::None);

    // The backend answers: the reference is shown and goes into the response.
    let answer = stored(ticket, chat);
    let reference = answer.reference();
    update(
        &mut state,
        Action::TicketOpened {
            chat,
            ticket: answer,
            then: then.clone(),
        },
    );
    let draft = state.chats[0].draft();
    assert!(draft.contains(&reference), "{draft}");
    assert!(
        !draft.contains('{') && !draft.contains("[ticket"),
        "{draft}"
    );
    let screen = render(&state, 120, 36);
    assert!(screen.contains(&format!("ticket {reference}")), "{screen}");

    // The wrap-up form has the same ticket to edit.
    state.chats[0].state = chatdesk::protocol::ChatState::Ended;
    state.dispositions = vec![chatdesk::protocol::DispositionCodeInfo {
        code: "resolved".into(),
        name: "Resolved".into(),
        description: "Done".into(),
    }];
    update(&mut state, key(KeyCode::F(8)));
    let Overlay::WrapUp(form) = &state.overlay else {
        panic!("{:?}", state.overlay);
    };
    assert_eq!(form.subject, "Replace the faulty charger");
    assert_eq!(form.contact, PreferredContact::CallBack);
}

#[test]
fn a_draft_with_an_unfilled_variable_is_never_sent_and_the_notice_names_it() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    typed(&mut state, "Your reference is {ticket.id}, Ana.");
    let commands = update(&mut state, key(KeyCode::Enter));
    assert!(
        !commands.iter().any(|c| matches!(c, Command::Send { .. })),
        "{commands:?}"
    );
    let notice = state
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.contains("{ticket.id}"), "{notice}");
    let ticket_key = state
        .settings
        .keymap
        .keys(Place::Composer, Intent::OpenTicket)
        .unwrap();
    assert!(
        notice.contains(&ticket_key),
        "the ticket key is named: {notice}"
    );
    assert_eq!(
        state.chats[0].draft(),
        "Your reference is {ticket.id}, Ana."
    );

    // What an older console put in for a missing ticket is stopped too.
    state.chats[0].composer = chatdesk::console::chat::composer("Ref: [ticket id]");
    let commands = update(&mut state, key(KeyCode::Enter));
    assert!(!commands.iter().any(|c| matches!(c, Command::Send { .. })));
}

#[test]
fn the_ticket_response_promises_the_contact_the_customer_asked_for() {
    for (right, promise, not) in [
        (true, "We'll call you back", "ana@example.com"),
        (
            false,
            "We'll e-mail you at ana@example.com",
            "call you back",
        ),
    ] {
        let chat = Uuid::from_u128(1);
        let mut detail = conversation(1, "Ana Lima");
        detail.chat.accepted_at = Some(ago(16 * 60));
        let mut state = state(vec![detail], Vec::new(), Vec::new());
        update(&mut state, ctrl('g'));
        typed(&mut state, "Replace the faulty charger");
        if right {
            update(&mut state, key(KeyCode::Tab));
            update(&mut state, key(KeyCode::Right));
        }
        let commands = update(&mut state, key(KeyCode::Enter));
        let [Command::OpenTicket { ticket, then, .. }] = commands.as_slice() else {
            panic!("{commands:?}");
        };
        update(
            &mut state,
            Action::TicketOpened {
                chat,
                ticket: stored(ticket, chat),
                then: then.clone(),
            },
        );
        let draft = state.chats[0].draft().replace('\n', " ");
        assert!(draft.contains(promise), "{draft}");
        assert!(!draft.contains(not), "{draft}");
    }
}

#[test]
fn once_the_chat_has_its_ticket_the_ticket_prompt_goes() {
    let chat = Uuid::from_u128(1);
    let mut detail = conversation(1, "Ana Lima");
    detail.chat.accepted_at = Some(ago(16 * 60));
    let mut state = state(vec![detail], Vec::new(), Vec::new());
    let asks_for_a_ticket = |state: &chatdesk::console::app::State| {
        chatdesk::console::prompts::prompts(
            &state.chats[0],
            &state.settings.procedure,
            crate::fixture::now(),
        )
        .iter()
        .any(|p| p.response == Some("ticket-opened"))
    };
    assert!(asks_for_a_ticket(&state));
    update(&mut state, ctrl('g'));
    typed(&mut state, "Replace the faulty charger");
    let commands = update(&mut state, key(KeyCode::Enter));
    let [Command::OpenTicket { ticket, then, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    update(
        &mut state,
        Action::TicketOpened {
            chat,
            ticket: stored(ticket, chat),
            then: then.clone(),
        },
    );
    assert!(!asks_for_a_ticket(&state), "the ticket exists");
    // The suggestion key no longer offers the ticket response a second time.
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.chats[0].draft(), "");
    update(&mut state, ctrl('g'));
    assert!(
        !state.chats[0].draft().contains("I've opened a ticket"),
        "{}",
        state.chats[0].draft()
    );
}
