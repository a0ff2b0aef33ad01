//! Hold, only with the customer's permission ([`crate::policy::hold`], the backend's rule). The
//! hold key asks first: it puts the hold question (the `one-moment` response) in the composer,
//! and the chat goes on hold when the customer's answer reads as a yes. Pressed again before
//! that, it asks the agent to confirm that the customer agreed. On hold, it takes them off.

use uuid::Uuid;

use super::{Overlay, Question, State, Then};
use crate::console::action::Command;
use crate::console::keymap::{Intent, Place};
use crate::policy::hold::{Permission, may_hold};
use crate::protocol::ChatState;

/// The response that asks the customer for permission.
pub const HOLD_QUESTION: &str = "one-moment";

pub(super) fn toggle(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        state.say("Open a chat first; hold works in a chat.", false);
        return Vec::new();
    };
    if chat.state != ChatState::Active {
        state.say("This chat has ended; hold is for live chats.", false);
        return Vec::new();
    }
    let id = chat.id;
    if chat.on_hold_since.is_some() {
        return vec![Command::SetHold {
            chat: id,
            on_hold: false,
            customer_agreed: false,
        }];
    }
    let permission = chat.hold_permission();
    let name = chat.customer.name.clone();
    if may_hold(permission, false).is_ok() {
        return hold(state, id, false);
    }
    if permission == Permission::NotAsked && !chat.hold_asked {
        return ask(state, id, &name);
    }
    // Asked (or asked already and not answered with a yes): the agent may vouch for it.
    let why = may_hold(permission, false).err().unwrap_or_default();
    state.overlay = Overlay::Question(Question {
        title: format!("Did {name} agree to hold?"),
        lines: vec![
            why.to_string(),
            format!("Only if {name} agreed: the hold is recorded as confirmed by you."),
        ],
        then: Then::Hold { chat: id },
    });
    Vec::new()
}

/// The hold question into the composer; the chat is marked as waiting for the answer.
fn ask(state: &mut State, chat: Uuid, name: &str) -> Vec<Command> {
    let Some(response) = state.canned.get(HOLD_QUESTION).cloned() else {
        state.say(
            format!(
                "Ask {name} first whether you may put them on hold; then press the hold key again."
            ),
            true,
        );
        return Vec::new();
    };
    let Some(view) = state.focused() else {
        return Vec::new();
    };
    let context = crate::console::rooms::picker::context(view, &state.me.display_name);
    let text = response.preview(&context, &Default::default()).text;
    if let Some(view) = state.chats.iter_mut().find(|c| c.id == chat) {
        view.hold_asked = true;
    }
    let keymap = &state.settings.keymap;
    let send = keymap
        .keys(Place::Composer, Intent::Send)
        .map_or_else(|| "Send it".to_string(), |key| format!("Send it ({key})"));
    let confirm = keymap
        .keys(Place::Composer, Intent::ToggleHold)
        .map_or_else(String::new, |key| {
            format!(" If {name} already agreed, {key} again confirms it.")
        });
    state.say(
        format!("{send}: {name} goes on hold once they say yes.{confirm}"),
        false,
    );
    super::canned::insert(state, &text, None)
}

/// Puts the chat on hold; `confirmed` when the agent vouches for the customer's yes.
pub(crate) fn hold(state: &mut State, chat: Uuid, confirmed: bool) -> Vec<Command> {
    let every = state.settings.procedure.hold_update_secs;
    if let Some(view) = state.chats.iter_mut().find(|c| c.id == chat) {
        view.hold_asked = false;
    }
    let again = state
        .settings
        .keymap
        .keys(Place::Composer, Intent::ToggleHold)
        .map_or_else(
            || "take them off hold when you are back".to_string(),
            |key| format!("{key} again when you are back"),
        );
    state.say(
        format!(
            "On hold. Update the customer every {} s; {again}.",
            every.max(1)
        ),
        false,
    );
    vec![Command::SetHold {
        chat,
        on_hold: true,
        customer_agreed: confirmed,
    }]
}

/// A customer's message in a chat waiting for the hold answer: a yes holds it, a no says so,
/// anything else leaves the decision to the agent.
pub(super) fn answered(state: &mut State, chat: Uuid) -> Vec<Command> {
    let Some(view) = state.chats.iter().find(|c| c.id == chat) else {
        return Vec::new();
    };
    if !view.hold_asked || view.on_hold_since.is_some() || view.state != ChatState::Active {
        return Vec::new();
    }
    let name = view.customer.name.clone();
    let key = state
        .settings
        .keymap
        .keys(Place::Composer, Intent::ToggleHold);
    match view.hold_permission() {
        Permission::Given => hold(state, chat, false),
        Permission::Refused => {
            if let Some(view) = state.chats.iter_mut().find(|c| c.id == chat) {
                view.hold_asked = false;
            }
            state.say(
                format!("{name} would rather not hold: stay with them and keep them updated."),
                true,
            );
            Vec::new()
        }
        Permission::Unclear => {
            let confirm = key.map_or_else(String::new, |key| {
                format!(" If it was a yes, {key} confirms it and holds.")
            });
            state.say(
                format!("{name} answered, but not with a clear yes.{confirm}"),
                false,
            );
            Vec::new()
        }
        Permission::Awaited | Permission::NotAsked => Vec::new(),
    }
}
