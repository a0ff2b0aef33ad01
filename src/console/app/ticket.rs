//! The chat's ticket, opened while the chat goes on: the key opens the dialog (or edits the
//! ticket the chat has), Enter asks the backend, and the reference is shown as soon as it
//! answers. A response that needs the reference (`{ticket.id}`) opens the dialog first and is
//! inserted once the ticket exists.

use uuid::Uuid;

use super::{Overlay, State};
use crate::console::action::Command;
use crate::console::chat::clean_ticket;
use crate::console::dialogs::ticket::{InsertAfter, TicketDialog};
use crate::console::keymap::{Intent, Place};
use crate::console::picker::context;
use crate::protocol::{ChatState, Ticket};

/// The ticket key: the dialog for the focused chat, filled with its ticket when it has one.
pub(super) fn open(state: &mut State) -> Vec<Command> {
    open_then(state, None);
    Vec::new()
}

/// The dialog, with a response to insert once the ticket is open.
pub(super) fn open_then(state: &mut State, then: Option<InsertAfter>) {
    let Some(chat) = state.focused() else {
        state.say("Open a chat first; a ticket belongs to a chat.", false);
        return;
    };
    if chat.state == ChatState::Queued {
        return;
    }
    let mut dialog = TicketDialog::new(chat.id, chat.ticket.as_ref());
    if then.is_some() {
        dialog.error = Some(
            "This response gives the customer the ticket's reference: open the ticket first."
                .into(),
        );
    }
    dialog.then = then;
    state.overlay = Overlay::Ticket(Box::new(dialog));
}

/// Enter in the dialog: the ticket goes to the backend when it has a subject.
pub(super) fn submit(state: &mut State, mut dialog: TicketDialog) -> Vec<Command> {
    match dialog.check() {
        Some(ticket) => {
            state.overlay = Overlay::None;
            vec![Command::OpenTicket {
                chat: dialog.chat,
                ticket,
                then: dialog.then,
            }]
        }
        None => {
            state.overlay = Overlay::Ticket(Box::new(dialog));
            Vec::new()
        }
    }
}

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
