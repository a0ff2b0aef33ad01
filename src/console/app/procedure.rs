//! The procedure in a chat: the suggested response, and the checks made before sending.

use super::{Overlay, Question, State, Then};
use crate::console::action::{Command, Refusal};
use crate::console::keymap::{Intent, Place};
use crate::console::prompts::suggested;
use crate::console::rooms::picker::Picker;
use crate::policy::etiquette;
use crate::protocol::ChatState;

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

/// Before Enter sends: a placeholder still in the draft (`{ticket.id}`) stops it, and the notice
/// names it — the backend's own rule — and the log records the refusal (`None`: nothing stops
/// it).
pub(super) fn unfilled(state: &mut State) -> Option<Command> {
    let chat = state.focused()?;
    let draft = chat.draft();
    let problem = crate::policy::template::unfilled_problem(&draft)?;
    let record = Command::RecordRefusal {
        chat: chat.id,
        why: Refusal::Unfilled(crate::policy::template::unfilled(&draft).len()),
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
    Some(record)
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
