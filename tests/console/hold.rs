//! Hold only with the customer's permission: the hold key asks first and the chat holds on
//! their yes, or the agent confirms they agreed; the hold reminder suggests an update, not the
//! question again.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, State, update};
use chatdesk::console::prompts::prompts;
use chatdesk::protocol::{Event, EventBody, Party};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{ago, conversation, message, now, render, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn hold(customer_agreed: bool) -> Command {
    Command::SetHold {
        chat: Uuid::from_u128(1),
        on_hold: true,
        customer_agreed,
    }
}

/// A message stored by the backend arrives in chat 1.
fn arrives(state: &mut State, seq: i64, author: Party, body: &str) -> Vec<Command> {
    let message = message(Uuid::from_u128(1), seq, author, body, ago(0));
    update(
        state,
        Action::Backend(Event {
            id: 100 + seq,
            at: now(),
            chat_id: Some(Uuid::from_u128(1)),
            body: EventBody::MessageCreated { message },
        }),
    )
}

fn notice(state: &State) -> String {
    state
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_hold_key_asks_first_and_the_chat_holds_on_the_customers_yes() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    let commands = update(&mut state, ctrl('o'));
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::SetHold { .. })),
        "no hold before the customer agreed: {commands:?}"
    );
    let question = state.canned.get("one-moment").unwrap().body().to_string();
    let draft = state.chats[0].draft();
    assert!(draft.contains("put you on hold"), "{draft}");
    assert!(question.contains("put you on hold"));
    assert!(
        notice(&state).contains("once they say yes"),
        "{}",
        notice(&state)
    );
    let shown = prompts(&state.chats[0], &state.settings.procedure, now());
    assert!(
        shown.iter().any(|p| p.text.contains("Hold asked")),
        "{shown:?}"
    );
    let screen = render(&state, 120, 30);
    assert!(screen.contains("Hold asked"), "{screen}");

    // Sent; then the customer answers with a yes: now the chat goes on hold.
    let sent = update(&mut state, key(KeyCode::Enter));
    let body = sent
        .iter()
        .find_map(|c| match c {
            Command::Send { body, .. } => Some(body.clone()),
            _ => None,
        })
        .expect("the question is sent");
    assert!(arrives(&mut state, 4, Party::Agent, &body).is_empty());
    assert_eq!(
        arrives(&mut state, 5, Party::Customer, "Sure, go ahead"),
        [hold(false)]
    );
}

#[test]
fn a_no_keeps_the_customer_and_the_agent_can_confirm_an_agreement_given_otherwise() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(&mut state, ctrl('o'));
    let body = state.chats[0].draft();
    update(&mut state, key(KeyCode::Enter));
    arrives(&mut state, 4, Party::Agent, &body);
    assert!(arrives(&mut state, 5, Party::Customer, "No, I have to leave soon").is_empty());
    assert!(
        notice(&state).contains("rather not hold"),
        "{}",
        notice(&state)
    );

    // The hold key now asks the agent to vouch for the customer's agreement.
    assert!(update(&mut state, ctrl('o')).is_empty());
    let Overlay::Question(question) = &state.overlay else {
        panic!("{:?}", state.overlay);
    };
    assert!(question.lines[0].contains("said no"), "{question:?}");
    assert!(update(&mut state, key(KeyCode::Char('n'))).is_empty());
    assert_eq!(state.overlay, Overlay::None);
    update(&mut state, ctrl('o'));
    assert_eq!(update(&mut state, key(KeyCode::Char('y'))), [hold(true)]);
}

#[test]
fn the_hold_reminder_suggests_an_update_not_the_question_again() {
    let mut detail = conversation(1, "Ana Lima");
    detail.chat.on_hold_since = Some(ago(90));
    let mut state = state(vec![detail], Vec::new(), Vec::new());
    let shown = prompts(&state.chats[0], &state.settings.procedure, now());
    let reminder = shown
        .iter()
        .find(|p| p.text.contains("update the customer"))
        .expect("the reminder");
    assert_eq!(reminder.response, Some("hold-update"));
    update(&mut state, ctrl('g'));
    let draft = state.chats[0].draft();
    assert!(draft.contains("Thank you for holding, Ana"), "{draft}");
    assert!(
        !chatdesk::policy::review::asks_about_hold(&draft),
        "{draft}"
    );
    // Off hold with the same key, no question asked.
    assert_eq!(
        update(&mut state, ctrl('o')),
        [Command::SetHold {
            chat: Uuid::from_u128(1),
            on_hold: false,
            customer_agreed: false
        }]
    );
}
