//! The procedure's keys in a chat: hold, the verification checklist, transfer, the suggested
//! response, the transcript and the follow-up list; and the checks made before sending.

use super::{Overlay, Question, State, Then};
use crate::console::action::Command;
use crate::console::dialogs::transfer::TransferDialog;
use crate::console::dialogs::wrap_up::WrapUpForm;
use crate::console::keymap::{Intent, Place};
use crate::console::picker::Picker;
use crate::console::prompts::suggested;
use crate::console::rooms::checklist::Checklist;
use crate::console::rooms::export::ExportMenu;
use crate::console::rooms::follow_ups::FollowUpList;
use crate::policy::etiquette;
use crate::policy::wrap_up::disposition_of_ending;
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
    super::canned::pick(state)
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

/// F8 on an ended chat: the wrap-up form, with the etiquette reminders on top.
pub(super) fn open_wrap_up(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        return Vec::new();
    };
    let first = chat.customer.name.clone();
    let reminders = etiquette::at_wrap_up(&first, &chat.agent_texts())
        .iter()
        .map(|r| r.sentence().to_string())
        .collect();
    let notes = chat.draft().trim().to_string();
    let id = chat.id;
    let ended_by = chat.ended_by;
    let kept = state.wrap_up_drafts.iter().position(|f| f.chat == id);
    let form = match kept {
        Some(at) => WrapUpForm {
            reminders,
            ..state.wrap_up_drafts.remove(at)
        },
        None => {
            let settled = disposition_of_ending(ended_by)
                .and_then(|code| state.dispositions.iter().position(|d| d.code == code));
            let mut form = WrapUpForm::new(id, notes, reminders, settled);
            // A ticket opened during the chat is there to edit (its reference stays).
            if let Some(ticket) = state.focused().and_then(|c| c.ticket.as_ref()) {
                form.subject = ticket.subject.clone();
                form.contact = ticket.contact;
                form.ticket_note = ticket.note.clone().unwrap_or_default();
            }
            form
        }
    };
    state.overlay = Overlay::WrapUp(Box::new(form));
    Vec::new()
}

/// Keeps a wrap-up form closed before its chat was wrapped up, to open again as it was; forms of
/// chats that are gone are dropped.
pub(super) fn keep_wrap_up(state: &mut State, form: WrapUpForm) {
    let chats: Vec<uuid::Uuid> = state.chats.iter().map(|c| c.id).collect();
    state
        .wrap_up_drafts
        .retain(|f| f.chat != form.chat && chats.contains(&f.chat));
    state.wrap_up_drafts.push(form);
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
pub(super) fn verification_question(
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
