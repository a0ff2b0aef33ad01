//! The backend's answer to a ticket opened from the ticket dialog
//! ([`crate::console::rooms::ticket`]): the reference is shown at once, and a response waiting
//! for it goes into the composer.

use uuid::Uuid;

use super::State;
use crate::console::action::Command;
use crate::console::chat::clean_ticket;
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::picker::context;
use crate::console::rooms::ticket::InsertAfter;
use crate::protocol::Ticket;

/// The backend's answer: the reference is shown at once, and a response waiting for it goes
/// into the composer, filled.
pub(super) fn opened(
    state: &mut State,
    chat_id: Uuid,
    ticket: Ticket,
    then: Option<InsertAfter>,
) -> Vec<Command> {
    let reference = ticket.reference();
    let Some(chat) = state.chats.iter_mut().find(|c| c.id == chat_id) else {
        return Vec::new();
    };
    chat.ticket = Some(clean_ticket(ticket));
    let customer = chat.customer.name.clone();
    let Some(then) = then else {
        let edit = state
            .settings
            .keymap
            .keys(Place::Composer, Intent::OpenTicket)
            .map_or_else(String::new, |key| format!(" ({key} edits it)"));
        state.say(
            format!("Ticket {reference} is open for {customer}{edit}."),
            false,
        );
        return Vec::new();
    };
    let focused = state.focused().is_some_and(|c| c.id == chat_id);
    let response = state.canned.get(&then.response).cloned();
    let (Some(response), true) = (response, focused) else {
        state.say(format!("Ticket {reference} is open for {customer}."), false);
        return Vec::new();
    };
    let Some(chat) = state.focused() else {
        return Vec::new();
    };
    let filled = response.preview(&context(chat, &state.me.display_name), &Default::default());
    state.say(
        format!("Ticket {reference} is open; its reference is in your reply."),
        false,
    );
    super::canned::insert(state, &filled.text, then.replace)
}
