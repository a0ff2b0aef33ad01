//! What the procedure asks of the agent in a chat right now: a card number to refuse, a silent
//! customer about to be nudged or dropped, a customer on hold to update, a chat running long.
//! Each prompt may name the canned response that answers it; one key inserts it.

use jiff::Timestamp;

use crate::console::chat::ChatView;
use crate::policy::cards::has_card;
use crate::policy::inactivity::{self, Silence, Step};
use crate::policy::sla::clock;
use crate::protocol::{ChatState, Party, ProcedureInfo};

/// How loudly a prompt is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Info,
    Warning,
    Alert,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub text: String,
    pub urgency: Urgency,
    /// The id of the canned response that answers it.
    pub response: Option<&'static str>,
}

fn secs_between(later: Timestamp, earlier: Timestamp) -> u64 {
    u64::try_from(later.as_second() - earlier.as_second()).unwrap_or(0)
}

/// The silence facts the inactivity rule needs: the backend's own, as this console was told
/// them and moved on by the messages since.
pub fn silence(chat: &ChatView) -> Silence {
    chat.silence()
}

/// Whether the customer pasted a card number the agent has not answered yet.
pub fn unanswered_card(chat: &ChatView) -> bool {
    chat.facts.card_unanswered()
}

/// The prompts for one chat, most urgent first.
pub fn prompts(chat: &ChatView, procedure: &ProcedureInfo, now: Timestamp) -> Vec<Prompt> {
    let mut out = Vec::new();
    if chat.state != ChatState::Active {
        return out;
    }
    if unanswered_card(chat) {
        out.push(Prompt {
            text: "A card number was masked: never take card details in chat".into(),
            urgency: Urgency::Alert,
            response: Some("card-refusal"),
        });
    } else if has_card(&chat.draft()) {
        out.push(Prompt {
            text: "A card number is in your reply: it will be sent masked".into(),
            urgency: Urgency::Alert,
            response: Some("card-refusal"),
        });
    }
    if let Some(due) = inactivity::next(&procedure.inactivity, &silence(chat)) {
        let left = u64::try_from((due.at_ms - now.as_millisecond()).max(0) / 1000).unwrap_or(0);
        let text = match due.step {
            Step::Nudge => format!("No answer: the customer is nudged in {}", clock(left)),
            Step::End => format!("No answer: the chat ends in {}", clock(left)),
        };
        let urgency = match due.step {
            Step::End => Urgency::Warning,
            Step::Nudge => Urgency::Info,
        };
        out.push(Prompt {
            text,
            urgency,
            response: None,
        });
    }
    if let Some(since) = chat.on_hold_since {
        let held = secs_between(now, since);
        let last_word = chat
            .last_from(Party::Agent)
            .filter(|t| *t > since)
            .unwrap_or(since);
        let quiet = secs_between(now, last_word);
        let every = procedure.hold_update_secs.max(1);
        let (text, urgency) = if quiet >= every {
            (
                format!("On hold {}: update the customer now", clock(held)),
                Urgency::Warning,
            )
        } else {
            (
                format!(
                    "On hold {}: next update in {}",
                    clock(held),
                    clock(every - quiet)
                ),
                Urgency::Info,
            )
        };
        // The customer agreed already: what they need now is news, not the question again.
        out.push(Prompt {
            text,
            urgency,
            response: Some("hold-update"),
        });
    } else if chat.hold_asked {
        out.push(Prompt {
            text: "Hold asked: on hold once the customer says yes".into(),
            urgency: Urgency::Info,
            response: None,
        });
    }
    if let Some(accepted) = chat.accepted_at {
        let in_chat = secs_between(now, accepted);
        // Once the chat has its ticket the prompt is answered: the reference is in the pane.
        if in_chat >= procedure.ticket_after_secs && chat.ticket.is_none() {
            out.push(Prompt {
                text: format!(
                    "{} in chat: tell the customer you will open a ticket",
                    clock(in_chat)
                ),
                urgency: Urgency::Warning,
                response: Some("ticket-opened"),
            });
        } else if in_chat >= procedure.investigate_after_secs {
            out.push(Prompt {
                text: format!(
                    "{} in chat: tell the customer you need to investigate",
                    clock(in_chat)
                ),
                urgency: Urgency::Info,
                response: Some("investigating"),
            });
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.urgency));
    out
}

/// The canned response the suggestion key inserts: the most urgent prompt that has one.
pub fn suggested(
    chat: &ChatView,
    procedure: &ProcedureInfo,
    now: Timestamp,
) -> Option<&'static str> {
    prompts(chat, procedure, now)
        .into_iter()
        .find_map(|p| p.response)
}
