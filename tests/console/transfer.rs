//! Transfers as the console shows them: a colleague's chat comes as an offer with their note;
//! one not taken comes back with a notice; the receiver's reply timer counts from the handover;
//! a queue is named by its name.

use chatdesk::console::action::Action;
use chatdesk::console::app::{State, update};
use chatdesk::protocol::{Event, EventBody, OfferEnd, OfferedTransfer, Party};
use uuid::Uuid;

use crate::fixture::{ago, chat, conversation, message, now, offer, render, state};

fn event(chat: u128, body: EventBody) -> Action {
    Action::Backend(Event {
        id: 50,
        at: now(),
        chat_id: Some(Uuid::from_u128(chat)),
        body,
    })
}

fn notice(state: &State) -> String {
    state
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_colleagues_chat_is_offered_with_who_asks_and_their_note() {
    let mut offered = offer(7);
    offered.transfer = Some(OfferedTransfer {
        from_agent_name: "Lee Park".into(),
        note: "Verified; wants a replacement charger for the X200.".into(),
    });
    let state = state(Vec::new(), vec![offered], Vec::new());
    let screen = render(&state, 100, 30);
    assert!(screen.contains("Transfer offered"), "{screen}");
    assert!(screen.contains("From Lee Park:"), "{screen}");
    assert!(screen.contains("wants a replacement"), "{screen}");
}

#[test]
fn a_transfer_not_taken_comes_back_with_a_notice_and_a_queue_is_named() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        event(
            1,
            EventBody::TransferReturned {
                to_agent_name: "Lee Park".into(),
                reason: OfferEnd::Declined,
            },
        ),
    );
    assert_eq!(state.chats.len(), 1, "the chat stays");
    assert!(
        notice(&state).contains("Lee Park declined it"),
        "{}",
        notice(&state)
    );
    assert!(notice(&state).contains("still yours"), "{}", notice(&state));

    update(
        &mut state,
        event(
            1,
            EventBody::ChatTransferred {
                to_agent_name: None,
                to_queue: Some("orders".into()),
                to_queue_name: Some("Orders".into()),
                note: "Order change.".into(),
            },
        ),
    );
    assert!(state.chats.is_empty());
    assert!(
        notice(&state).contains("the Orders queue"),
        "{}",
        notice(&state)
    );
    assert!(!notice(&state).contains("orders"), "{}", notice(&state));
}

#[test]
fn the_receivers_reply_timer_counts_from_the_handover_not_answered_by_the_notice() {
    let id = Uuid::from_u128(1);
    let mut detail = chat(
        1,
        "Ana Lima",
        vec![
            message(id, 1, Party::Customer, "My charger is broken.", ago(120)),
            message(id, 2, Party::Agent, "Which model is it?", ago(100)),
            message(id, 3, Party::Customer, "The X200.", ago(90)),
            message(id, 4, Party::Agent, "I'm bringing in a colleague.", ago(50)),
        ],
    );
    // As the backend hands it over: accepted now-ish, the new agent has not written.
    detail.chat.transfer_note = Some("Verified; wants a replacement.".into());
    detail.chat.accepted_at = Some(ago(50));
    detail.chat.silence_agent_at = None;
    let mut state = state(vec![detail], Vec::new(), Vec::new());
    assert_eq!(state.chats[0].waiting_since(), Some(ago(50)));
    let screen = render(&state, 120, 30);
    assert!(!screen.contains("answered"), "{screen}");
    assert!(screen.contains("Transfer note: Verified"), "{screen}");
    // The new agent's first word answers.
    state.chats[0].add(&message(id, 5, Party::Agent, "Hi Ana, I'm Dana.", ago(1)));
    assert_eq!(state.chats[0].waiting_since(), None);
    let _ = update(&mut state, Action::Tick(now()));
}
