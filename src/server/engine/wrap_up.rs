//! The wrap-up of an ended chat: disposition code, notes and tags, and the commitment or ticket
//! that came out of it. The last missing wrap-up returns an agent in wrap-up to available.

use uuid::Uuid;

use crate::policy::presence::after_disposition;
use crate::policy::text_limits::{
    COMMITMENT_NOTE_CHARS, TICKET_NOTE_CHARS, TICKET_SUBJECT_CHARS, WRAP_UP_NOTES_CHARS,
};
use crate::protocol::{ChatState, Commitment, EventBody, NewCommitment, NewTicket, Ticket, WrapUp};
use crate::server::engine::presence::{awaiting_disposition, change_presence};
use crate::server::engine::views::customer;
use crate::server::engine::{Caller, Ctx, required_text};
use crate::server::problem::ApiError;
use crate::server::store::{Audience, ChatRow, timestamp};

pub use crate::policy::wrap_up::{MAX_TAG_CHARS, MAX_TAGS};

/// Trimmed, without repeats (compared ignoring case), each short and on one line: the rule the
/// console checks too ([`crate::policy::wrap_up::clean_tags`]).
fn clean_tags(tags: &[String]) -> Result<Vec<String>, ApiError> {
    crate::policy::wrap_up::clean_tags(tags).map_err(ApiError::invalid)
}

fn commitment(
    cx: &Ctx,
    chat: &ChatRow,
    agent: Uuid,
    new: &NewCommitment,
) -> Result<Commitment, ApiError> {
    let note = required_text("The commitment's note", &new.note, COMMITMENT_NOTE_CHARS)?;
    if new.due_at.as_millisecond() <= cx.now {
        return Err(ApiError::invalid(format!(
            "The follow-up is due at {}, which has already passed; choose a time in the future.",
            new.due_at
        )));
    }
    Ok(Commitment {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        agent_id: agent,
        customer: customer(chat),
        due_at: new.due_at,
        channel: new.channel,
        note,
        created_at: timestamp(cx.now),
        done_at: None,
    })
}

/// A ticket as asked for, checked (subject required, both texts within their limits).
pub(super) fn ticket(
    cx: &Ctx,
    chat: &ChatRow,
    agent: Uuid,
    new: &NewTicket,
) -> Result<Ticket, ApiError> {
    let subject = required_text("The ticket's subject", &new.subject, TICKET_SUBJECT_CHARS)?;
    let note = match new.note.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(note) => Some(required_text("The ticket's note", note, TICKET_NOTE_CHARS)?),
    };
    Ok(Ticket {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        agent_id: agent,
        customer: customer(chat),
        subject,
        contact: new.contact,
        note,
        created_at: timestamp(cx.now),
    })
}

/// Records the wrap-up of an ended chat. Recording it again replaces the earlier one, its
/// commitment included; a ticket given replaces the chat's ticket (keeping its reference), and
/// none given leaves the chat's ticket as it is.
pub fn set_disposition(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    wrap_up: WrapUp,
) -> Result<ChatRow, ApiError> {
    let Caller::Agent { id, .. } = caller else {
        return Err(ApiError::forbidden(
            "Only the chat's agent records its wrap-up.",
        ));
    };
    let agent = cx.agent(*id)?;
    let mut chat = cx.chat_for(caller, chat_id)?;
    if chat.state != ChatState::Ended {
        return Err(ApiError::conflict(
            "This chat is still going; end it before recording its disposition.",
        ));
    }
    let code = wrap_up.code.trim();
    if cx.catalog.disposition(code).is_none() {
        let known: Vec<&str> = cx
            .catalog
            .dispositions
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        return Err(ApiError::invalid(format!(
            "{code:?} is not a disposition code; use one of: {}.",
            known.join(", ")
        )));
    }
    let notes = required_text("notes", &wrap_up.notes, WRAP_UP_NOTES_CHARS)?;
    let tags = clean_tags(&wrap_up.tags)?;
    let commitment = wrap_up
        .commitment
        .as_ref()
        .map(|c| commitment(cx, &chat, agent.id, c))
        .transpose()?;
    let ticket = wrap_up
        .ticket
        .as_ref()
        .map(|t| ticket(cx, &chat, agent.id, t))
        .transpose()?;
    chat.disposition_code = Some(code.to_string());
    chat.disposition_notes = Some(notes);
    chat.disposition_tags = tags;
    cx.tx.update_chat(&chat)?;
    cx.tx.set_chat_commitment(chat.id, commitment.as_ref())?;
    // A ticket opened during the chat stays: the customer already has its reference.
    if let Some(ticket) = &ticket {
        cx.tx.set_chat_ticket(chat.id, Some(ticket))?;
    }
    super::review::record(cx, &chat)?;
    let view = cx.agent_chat(&chat)?;
    cx.emit(
        Audience::agent(agent.id),
        Some(chat.id),
        EventBody::ChatUpdated {
            chat: Box::new(view),
        },
    )?;
    let still_awaiting = awaiting_disposition(cx, agent.id)?.len();
    let next = after_disposition(agent.presence, still_awaiting);
    change_presence(
        cx,
        agent,
        next,
        Some("Every ended chat has its disposition; you are available again.".to_string()),
    )?;
    Ok(chat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(given: &[&str]) -> Result<Vec<String>, ApiError> {
        clean_tags(&given.iter().map(|t| t.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn tags_are_trimmed_and_repeats_dropped() {
        assert_eq!(
            tags(&[" refund ", "Refund", "late-delivery"]).unwrap(),
            ["refund", "late-delivery"]
        );
    }

    #[test]
    fn empty_long_or_multi_line_tags_are_refused() {
        assert!(tags(&["  "]).unwrap_err().detail.contains("empty"));
        let long = "x".repeat(MAX_TAG_CHARS + 1);
        assert!(tags(&[&long]).unwrap_err().detail.contains("at most"));
        assert!(tags(&["a\nb"]).is_err());
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(tags(&many).is_err());
    }
}
