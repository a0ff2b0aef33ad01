//! Missed chats: a customer who left — ended the chat, closed the page or was timed out —
//! before any agent wrote to them. The chat is recorded as missed when it ends, and the team
//! follows it up: one colleague claims it, reaches the customer and says how.

use uuid::Uuid;

use crate::protocol::{
    ChatState, EndCause, EventBody, MissedChat, MissedReason, NewFollowUp, Party,
};
use crate::server::engine::{Caller, Ctx, required_text};
use crate::server::problem::ApiError;
use crate::server::store::{Audience, ChatRow, StoreResult, timestamp};

/// How a chat came to end, as far as deciding whether it was missed goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    pub by: Party,
    /// Why, when nobody pressed End.
    pub cause: Option<EndCause>,
}

/// Why `chat` (as it was just before it ended) is missed, or `None` when it is not: an agent
/// ended it, or an agent had written in it.
pub fn missed_reason(state: ChatState, ending: Ending, answered: bool) -> Option<MissedReason> {
    if answered {
        return None;
    }
    match (ending.by, state) {
        (_, ChatState::Ended) | (Party::Agent, _) => None,
        (Party::System, _) => Some(MissedReason::TimedOut),
        (Party::Customer, _) if ending.cause == Some(EndCause::PageClosed) => {
            Some(MissedReason::PageClosed)
        }
        (Party::Customer, ChatState::Queued) => Some(MissedReason::CustomerLeftQueue),
        (Party::Customer, ChatState::Active) => Some(MissedReason::CustomerLeftUnanswered),
    }
}

/// Records the chat as missed if it is, in the transaction that ends it. `was` is the chat's
/// state before it ended; `chat` is the ended chat.
pub fn record_if_missed(
    cx: &mut Ctx,
    was: ChatState,
    chat: &ChatRow,
    ending: Ending,
) -> StoreResult<()> {
    let messages = cx.tx.messages(chat.id)?;
    let answered = messages.iter().any(|m| m.author == Party::Agent);
    let Some(why) = missed_reason(was, ending, answered) else {
        return Ok(());
    };
    let ended_ms = chat.ended_ms.unwrap_or(cx.now);
    let missed = MissedChat {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        customer_name: chat.customer_name.clone(),
        customer_email: chat.customer_email.clone(),
        client_id: chat.client_id.clone(),
        queue: chat.queue.clone(),
        queue_name: chat.queue.clone(),
        first_message: messages
            .iter()
            .find(|m| m.author == Party::Customer)
            .map(|m| m.body.clone()),
        waited_secs: u64::try_from((ended_ms - chat.created_ms) / 1000).unwrap_or(0),
        why,
        created_at: timestamp(ended_ms),
        claimed_by: None,
        claimed_by_name: None,
        claimed_at: None,
        followed_up_at: None,
        follow_up_action: None,
        follow_up_note: None,
    };
    if cx.tx.insert_missed(&missed)? {
        announce(cx, missed.id)?;
    }
    Ok(())
}

fn no_such_missed() -> ApiError {
    ApiError::not_found("There is no missed chat with this id.")
}

/// The queue's name as customers see it.
fn named(cx: &Ctx, mut missed: MissedChat) -> MissedChat {
    missed.queue_name = cx.catalog.queue_name(&missed.queue).to_string();
    missed
}

/// Reads the missed chat as it now is and tells every agent of its queue and the leads.
fn announce(cx: &mut Ctx, id: Uuid) -> StoreResult<Option<MissedChat>> {
    let Some(missed) = cx.tx.missed_chat(id)? else {
        return Ok(None);
    };
    let missed = named(cx, missed);
    cx.emit(
        Audience::queue(&missed.queue).and_leads(),
        Some(missed.chat_id),
        EventBody::MissedUpdated {
            missed: Box::new(missed.clone()),
        },
    )?;
    Ok(Some(missed))
}

fn colleague(caller: &Caller) -> Result<Uuid, ApiError> {
    match caller {
        Caller::Agent { id, .. } => Ok(*id),
        Caller::Customer(_) => Err(ApiError::forbidden(
            "Missed chats are for agents and leads.",
        )),
    }
}

/// Missed chats not yet followed up, newest first (with `include_done`, the followed-up ones
/// too): the whole team shares the follow-up work, so everyone sees every one.
pub fn list(
    cx: &mut Ctx,
    caller: &Caller,
    include_done: bool,
) -> Result<Vec<MissedChat>, ApiError> {
    colleague(caller)?;
    let all = cx.tx.missed_chats(include_done)?;
    Ok(all.into_iter().map(|m| named(cx, m)).collect())
}

fn claimed_by_other(missed: &MissedChat, me: Uuid) -> Result<(), ApiError> {
    match missed.claimed_by {
        Some(other) if other != me => Err(ApiError::conflict(format!(
            "{} already claimed this missed chat.",
            missed.claimed_by_name.as_deref().unwrap_or("A colleague")
        ))),
        _ => Ok(()),
    }
}

fn not_followed_up(missed: &MissedChat) -> Result<(), ApiError> {
    if missed.followed_up_at.is_some() {
        return Err(ApiError::conflict(format!(
            "{} already followed up this missed chat.",
            missed.claimed_by_name.as_deref().unwrap_or("A colleague")
        )));
    }
    Ok(())
}

/// Someone takes a missed chat to follow it up. Claiming one's own claim again changes nothing.
pub fn claim(cx: &mut Ctx, caller: &Caller, id: Uuid) -> Result<MissedChat, ApiError> {
    let me = colleague(caller)?;
    let mut missed = cx.tx.missed_chat(id)?.ok_or_else(no_such_missed)?;
    claimed_by_other(&missed, me)?;
    not_followed_up(&missed)?;
    if missed.claimed_by == Some(me) {
        return Ok(named(cx, missed));
    }
    missed.claimed_by = Some(me);
    missed.claimed_at = Some(timestamp(cx.now));
    cx.tx.update_missed(&missed)?;
    announce(cx, id)?.ok_or_else(no_such_missed)
}

/// The claimer says how the customer was reached; the missed chat leaves the open list.
pub fn follow_up(
    cx: &mut Ctx,
    caller: &Caller,
    id: Uuid,
    new: NewFollowUp,
) -> Result<MissedChat, ApiError> {
    let me = colleague(caller)?;
    let mut missed = cx.tx.missed_chat(id)?.ok_or_else(no_such_missed)?;
    claimed_by_other(&missed, me)?;
    not_followed_up(&missed)?;
    if missed.claimed_by.is_none() {
        return Err(ApiError::conflict(
            "Claim this missed chat first, so nobody else reaches the customer as well.",
        ));
    }
    let note = required_text(
        "note",
        &new.note,
        crate::policy::text_limits::MISSED_NOTE_CHARS,
    )?;
    missed.followed_up_at = Some(timestamp(cx.now));
    missed.follow_up_action = Some(new.action);
    missed.follow_up_note = Some(note);
    cx.tx.update_missed(&missed)?;
    announce(cx, id)?.ok_or_else(no_such_missed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(by: Party) -> Ending {
        Ending { by, cause: None }
    }

    #[test]
    fn only_unanswered_chats_the_customer_or_the_clock_ended_are_missed() {
        use ChatState::{Active, Queued};
        assert_eq!(
            missed_reason(Queued, by(Party::Customer), false),
            Some(MissedReason::CustomerLeftQueue)
        );
        assert_eq!(
            missed_reason(Active, by(Party::Customer), false),
            Some(MissedReason::CustomerLeftUnanswered)
        );
        assert_eq!(
            missed_reason(Queued, by(Party::System), false),
            Some(MissedReason::TimedOut)
        );
        let closed = Ending {
            by: Party::Customer,
            cause: Some(EndCause::PageClosed),
        };
        assert_eq!(
            missed_reason(Queued, closed, false),
            Some(MissedReason::PageClosed)
        );
        assert_eq!(missed_reason(Active, by(Party::Customer), true), None);
        assert_eq!(missed_reason(Active, by(Party::Agent), false), None);
        assert_eq!(
            missed_reason(ChatState::Ended, by(Party::Customer), false),
            None
        );
    }
}
