//! The agent's steps inside a chat: putting the customer on hold and ticking the verification
//! checklist. Only the chat's agent takes them, and only while the chat is active.

use uuid::Uuid;

use crate::policy::hold;
use crate::protocol::{ChatState, CheckChange, EventBody, HoldChange, NewTicket, Ticket};
use crate::server::engine::{Caller, Ctx};
use crate::server::problem::ApiError;
use crate::server::store::{Audience, ChatRow, StoreResult};

/// The caller's active chat, or why it cannot be changed now.
fn active_chat_of(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    what: &str,
) -> Result<ChatRow, ApiError> {
    if !matches!(caller, Caller::Agent { .. }) {
        return Err(ApiError::forbidden(format!(
            "Only the chat's agent {what}."
        )));
    }
    let chat = cx.chat_for(caller, chat_id)?;
    match chat.state {
        ChatState::Active => Ok(chat),
        ChatState::Ended => Err(ApiError::conflict(format!(
            "This chat has ended; only an active chat's agent {what}."
        ))),
        ChatState::Queued => Err(ApiError::conflict(format!(
            "This chat is waiting in its queue; only an active chat's agent {what}."
        ))),
    }
}

/// Stores the chat and tells its agent what it looks like now.
fn save_and_tell(cx: &mut Ctx, chat: &ChatRow) -> StoreResult<()> {
    cx.tx.update_chat(chat)?;
    if let Some(agent) = chat.agent_id {
        let view = cx.agent_chat(chat)?;
        cx.emit(
            Audience::agent(agent),
            Some(chat.id),
            EventBody::ChatUpdated {
                chat: Box::new(view),
            },
        )?;
    }
    Ok(())
}

/// The customer agreed to hold (`true`), or the agent is back. A hold begins only with the
/// customer's yes to the hold question since the last hold (or the agent's word that they
/// agreed): [`crate::policy::hold`], as the console reads it too. The customer hears it from
/// the agent's own message; no event goes to them. While on hold the inactivity clock stands
/// still; coming back starts the customer's silence again from now.
pub fn set_hold(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    change: HoldChange,
) -> Result<ChatRow, ApiError> {
    let mut chat = active_chat_of(cx, caller, chat_id, "puts a customer on hold")?;
    match (change.on_hold, chat.hold_since_ms) {
        (true, None) => {
            let since = cx.tx.hold_starts(chat.id)?.last().copied();
            let messages = cx.tx.messages(chat.id)?;
            let said = messages
                .iter()
                .map(|m| (m.author, m.at.as_millisecond(), m.body.as_str()));
            hold::may_hold(hold::permission(said, since), change.customer_agreed)
                .map_err(ApiError::conflict)?;
            chat.hold_since_ms = Some(cx.now);
            cx.tx.note_hold_start(chat.id, cx.now)?;
        }
        (false, Some(_)) => {
            chat.hold_since_ms = None;
            // Time on hold is not the customer's silence: when the agent had the last word,
            // the customer's turn to answer starts now.
            let awaiting_answer = chat
                .last_agent_ms
                .is_some_and(|agent| chat.last_customer_ms.is_none_or(|c| c < agent));
            if awaiting_answer {
                chat.last_agent_ms = Some(cx.now);
            }
        }
        // Already as asked: nothing changes.
        _ => return Ok(chat),
    }
    save_and_tell(cx, &chat)?;
    Ok(chat)
}

/// Ticks or unticks one item of the verification checklist. Ticking the last one marks the
/// customer verified; unticking any clears that.
pub fn set_check(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    change: CheckChange,
) -> Result<ChatRow, ApiError> {
    let mut chat = active_chat_of(cx, caller, chat_id, "verifies the customer")?;
    let check = change.check.trim();
    let checklist = &cx.catalog.policy.verification;
    if !checklist.iter().any(|c| c.id == check) {
        let known: Vec<&str> = checklist.iter().map(|c| c.id.as_str()).collect();
        return Err(ApiError::invalid(format!(
            "{check:?} is not on the verification checklist; use one of: {}.",
            known.join(", ")
        )));
    }
    let was_done = chat.verification.iter().any(|c| c == check);
    if was_done == change.done {
        return Ok(chat);
    }
    if change.done {
        chat.verification.push(check.to_string());
    } else {
        chat.verification.retain(|c| c != check);
    }
    let all_done = checklist.iter().all(|c| chat.verification.contains(&c.id));
    chat.verified_ms = match (all_done, chat.verified_ms) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(cx.now),
        (false, _) => None,
    };
    save_and_tell(cx, &chat)?;
    Ok(chat)
}

/// Opens the chat's ticket while it is going (or after it ended), or edits the one it has: the
/// reference stays the same, so the customer can be given it at once. Only the chat's agent
/// opens one.
pub fn open_ticket(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    new: NewTicket,
) -> Result<Ticket, ApiError> {
    let Caller::Agent { id, .. } = caller else {
        return Err(ApiError::forbidden(
            "Only the chat's agent opens its ticket.",
        ));
    };
    let chat = cx.chat_for(caller, chat_id)?;
    if chat.state == ChatState::Queued {
        return Err(ApiError::conflict(
            "This chat is waiting in its queue; take it before opening a ticket for it.",
        ));
    }
    let ticket = super::wrap_up::ticket(cx, &chat, *id, &new)?;
    cx.tx.set_chat_ticket(chat.id, Some(&ticket))?;
    let stored = cx.tx.chat_ticket(chat.id)?.unwrap_or(ticket);
    save_and_tell(cx, &chat)?;
    Ok(stored)
}
