//! The procedure's keys in a chat: hold, the verification checklist, transfer, the suggested
//! response, the transcript and the follow-up list; and the checks made before sending.

use super::{Overlay, Question, State, Then};
use crate::console::action::Command;
use crate::console::keymap::{Intent, Place};
use crate::console::prompts::suggested;
use crate::console::rooms::checklist::Checklist;
use crate::console::rooms::export::ExportMenu;
use crate::console::rooms::follow_ups::FollowUpList;
use crate::console::rooms::picker::Picker;
use crate::console::rooms::transfer::TransferDialog;
use crate::policy::etiquette;
use crate::protocol::ChatState;

/// The focused chat when it is active, else a sentence saying why nothing happens.
fn active_chat(state: &mut State, what: &str) -> Option<uuid::Uuid> {
    match state.focused() {
        Some(chat) if chat.state == ChatState::Active => Some(chat.id),
        Some(_) => {
            state.say(
                format!("This chat has ended; {what} is for live chats."),
                false,
            );
            None
        }
        None => {
            state.say(format!("Open a chat first; {what} works in a chat."), false);
            None
        }
    }
}

pub(super) fn open_checklist(state: &mut State) -> Vec<Command> {
    match state.focused() {
        Some(chat) if chat.verification.is_empty() => {
            state.say("This backend has no verification checklist.", false);
        }
        Some(chat) => {
            state.overlay = Overlay::Checklist(Checklist {
                chat: chat.id,
                selected: 0,
            });
        }
        None => state.say("Open a chat first; verification belongs to a chat.", false),
    }
    Vec::new()
}

pub(super) fn open_transfer(state: &mut State) -> Vec<Command> {
    let Some(id) = active_chat(state, "transfer") else {
        return Vec::new();
    };
    state.overlay = Overlay::Transfer(TransferDialog::new(id));
    vec![Command::FetchColleagues]
}

pub(super) fn insert_suggested(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        return Vec::new();
    };
    let Some(id) = suggested(chat, &state.settings.procedure, state.now) else {
        state.say("Nothing to suggest in this chat right now.", false);
        return Vec::new();
    };
    let Some(response) = state.canned.get(id).cloned() else {
        state.say(
            format!("The canned response “{id}” is missing from the library."),
            true,
        );
        return Vec::new();
    };
    state.overlay = Overlay::Picker(Picker::filling(&response, None));
    crate::console::rooms::picker::choose(state)
}

pub(super) fn open_export(state: &mut State) -> Vec<Command> {
    match state.focused() {
        Some(chat) => {
            state.overlay = Overlay::Export(ExportMenu {
                chat: chat.id,
                selected: 0,
            })
        }
        None => state.say(
            "Open a chat first; its transcript is what gets exported.",
            false,
        ),
    }
    Vec::new()
}

pub(super) fn open_follow_ups(state: &mut State) -> Vec<Command> {
    state.overlay = Overlay::FollowUps(FollowUpList::default());
    vec![Command::FetchFollowUps]
}

/// Before Enter sends: a placeholder still in the draft (`{ticket.id}`) stops it, and the notice
/// names it — the backend's own rule; with the ticket the one missing, its dialog opens.
pub(super) fn unfilled(state: &mut State) -> bool {
    let Some(chat) = state.focused() else {
        return false;
    };
    let draft = chat.draft();
    let Some(problem) = crate::policy::template::unfilled_problem(&draft) else {
        return false;
    };
    let ticket_missing = chat.ticket.is_none()
        && crate::policy::template::unfilled(&draft)
            .iter()
            .any(|raw| raw.contains("ticket"));
    let key = state
        .settings
        .keymap
        .keys(Place::Composer, Intent::OpenTicket)
        .filter(|_| ticket_missing)
        .map_or_else(String::new, |key| format!(" {key} opens the ticket."));
    state.say(format!("{problem}{key}"), true);
    true
}

/// Before Enter sends: shouting or a curt one-word reply asks for a yes first.
pub(super) fn needs_confirmation(state: &mut State) -> bool {
    let Some(chat) = state.focused() else {
        return false;
    };
    if chat.state != ChatState::Active {
        return false;
    }
    let warnings = etiquette::before_send(&chat.draft());
    if warnings.is_empty() {
        return false;
    }
    state.overlay = Overlay::Question(Question {
        title: "Send this?".into(),
        lines: warnings.iter().map(|w| w.sentence().to_string()).collect(),
        then: Then::SendAnyway,
    });
    true
}

/// A response for verified customers, in a chat that is not verified, asks first.
pub(crate) fn verification_question(
    state: &mut State,
    needs_verification: bool,
    text: &str,
    replace: Option<std::ops::Range<usize>>,
) -> bool {
    let verified = state.focused().is_none_or(|c| c.verified());
    if !needs_verification || verified {
        return false;
    }
    state.overlay = Overlay::Question(Question {
        title: "NOT VERIFIED".into(),
        lines: vec![
            "This response shares account details, and the customer is not verified yet.".into(),
            format!(
                "Finish the checklist first{}, or insert it anyway.",
                state
                    .settings
                    .keymap
                    .keys(Place::Composer, Intent::Verification)
                    .map_or_else(String::new, |key| format!(" ({key})"))
            ),
        ],
        then: Then::Insert {
            text: text.to_string(),
            replace,
        },
    });
    true
}
