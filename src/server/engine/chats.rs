//! A chat's life: a customer asks, both sides write, one side ends it (transfers are in
//! [`super::transfer`]).

use uuid::Uuid;

use crate::policy::presence::after_chat_ended;
use crate::policy::{cards, email, template, text_limits};
use crate::protocol::{
    ChatState, EndCause, EventBody, Message, NewChat, NewMessage, OfferEnd, Party,
};
use crate::server::engine::missed::{Ending, record_if_missed};
use crate::server::engine::offers::{dispatch, end_offers_where, enter_queue, leave_queue};
use crate::server::engine::presence::change_presence;
use crate::server::engine::{Caller, Ctx, required_text};
use crate::server::problem::ApiError;
use crate::server::store::{Audience, ChatRow, StoreResult, TokenHash, timestamp};

/// Longest message body, in characters.
pub use crate::policy::text_limits::MESSAGE_CHARS as MAX_MESSAGE_CHARS;

/// A customer asks for a chat: it waits in the queue of its reason and is offered when
/// someone can take it. Returns the chat and its place in line.
pub fn create(
    cx: &mut Ctx,
    new: NewChat,
    token_hash: TokenHash,
) -> Result<(ChatRow, u32), ApiError> {
    let name = required_text("name", &new.name, text_limits::CUSTOMER_NAME_CHARS)?;
    let email = required_text("email", &new.email, email::MAX_ADDRESS_CHARS)?;
    let email = email::usable_address(&email).map_err(ApiError::invalid)?;
    let Some(queue) = cx.catalog.queue(new.reason.trim()) else {
        let known: Vec<&str> = cx.catalog.queues.iter().map(|q| q.id.as_str()).collect();
        return Err(ApiError::invalid(format!(
            "reason {:?} is not one of ours; choose one of: {}.",
            new.reason,
            known.join(", ")
        )));
    };
    let client_id = match new.client_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(required_text(
            "client_id",
            id,
            text_limits::CLIENT_ID_CHARS,
        )?),
    };
    let chat = ChatRow {
        id: Uuid::now_v7(),
        token_hash,
        queue: queue.id.clone(),
        state: ChatState::Queued,
        customer_name: name,
        customer_email: email,
        client_id,
        agent_id: None,
        created_ms: cx.now,
        queued_ms: cx.now,
        accepted_ms: None,
        ended_ms: None,
        ended_by: None,
        transfer_note: None,
        disposition_code: None,
        disposition_notes: None,
        transferred_from: None,
        transferred_ms: None,
        verification: Vec::new(),
        verified_ms: None,
        hold_since_ms: None,
        nudged_ms: None,
        last_agent_ms: None,
        last_customer_ms: None,
        disposition_tags: Vec::new(),
    };
    cx.tx.insert_chat(&chat)?;
    let position = enter_queue(cx, &chat)?;
    dispatch(cx)?;
    Ok((chat, position))
}

/// Stores a message from either side. Returns the message and whether it is new (`false` when
/// the same `client_msg_id` was sent before: nothing is stored twice). Every check comes before
/// the first write, so it runs without a savepoint (`Undo::ChecksFirst`): keep it so.
pub fn post_message(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    new: NewMessage,
) -> Result<(Message, bool), ApiError> {
    let chat = cx.chat_for(caller, chat_id)?;
    let author = match caller {
        Caller::Customer(_) => Party::Customer,
        Caller::Agent { .. } => Party::Agent,
    };
    let sender = sender_of(caller);
    // Masked here, once, as the store keeps it: a retry is then found by what was kept, and the
    // reply names the send as the stream does (a random id can read as a card number).
    let client_msg_id = cards::mask(&required_text(
        "client_msg_id",
        &new.client_msg_id,
        text_limits::CLIENT_MESSAGE_ID_CHARS,
    )?)
    .into_string();
    if let Some(earlier) = cx
        .tx
        .message_by_client_id(chat.id, &sender, &client_msg_id)?
    {
        return Ok((earlier, false));
    }
    refuse_unsendable(cx, caller, &chat, &new.body)?;
    let author_name = match caller {
        Caller::Customer(_) => chat.customer_name.clone(),
        Caller::Agent { id, .. } => cx.agent(*id)?.display_name,
    };
    let message = Message {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        seq: cx.tx.next_event_id()?,
        author,
        author_name,
        // Card numbers are masked before anything is stored or sent on (PCI DSS 3.4.1).
        body: cards::mask(&new.body).into_string(),
        client_msg_id: Some(client_msg_id),
        at: timestamp(cx.now),
    };
    cx.tx.insert_message(&message, &sender)?;
    cx.tx.note_last_message(chat.id, author, cx.now)?;
    cx.emit(
        Audience::chat(chat.agent_id).and_leads(),
        Some(chat.id),
        EventBody::MessageCreated {
            message: message.clone(),
        },
    )?;
    Ok((message, true))
}

/// Refuses what `caller` may not send in `chat` as `body`, with the reason: too long, empty, a
/// canned response with a blank left, a chat that has ended, or the rest of a card number.
pub fn refuse_unsendable(
    cx: &mut Ctx,
    caller: &Caller,
    chat: &ChatRow,
    body: &str,
) -> Result<(), ApiError> {
    let chars = body.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(ApiError::invalid(format!(
            "The message is {chars} characters long; at most {MAX_MESSAGE_CHARS} fit in one message."
        )));
    }
    if body.trim().is_empty() {
        return Err(ApiError::invalid("The message is empty."));
    }
    // A canned response sent before its ticket (or field) existed: the console stops these
    // too, with the same sentence.
    if matches!(caller, Caller::Agent { .. })
        && let Some(problem) = template::unfilled_problem(body)
    {
        return Err(ApiError::invalid(problem));
    }
    if chat.state == ChatState::Ended {
        return Err(ApiError::conflict(
            "This chat has ended; the message was not sent.",
        ));
    }
    if continues_a_card(cx, chat.id, &sender_of(caller), body)? {
        return Err(ApiError::invalid(
            "Not sent: with your message just before it, this reads as a card number. \
             Card numbers must never be sent in chat; please leave them out.",
        ));
    }
    Ok(())
}

/// Who sent a message, as the store keys it: 'customer' or the agent's id.
fn sender_of(caller: &Caller) -> String {
    match caller {
        Caller::Customer(_) => "customer".to_string(),
        Caller::Agent { id, .. } => id.to_string(),
    }
}

/// Whether `body` continues a card number begun at the end of the author's messages of the
/// last [`cards::SPLIT_WINDOW_SECS`] (see `policy::cards`: such a message is refused, not
/// masked). The transcript is read only when `body` starts with a digit.
fn continues_a_card(cx: &mut Ctx, chat_id: Uuid, sender: &str, body: &str) -> StoreResult<bool> {
    if !cards::starts_with_digit(body) {
        return Ok(false);
    }
    let since = cx.now - cards::SPLIT_WINDOW_SECS * 1000;
    let recent: Vec<String> = cx
        .tx
        .messages_from_since(chat_id, sender, since)?
        .into_iter()
        .map(|m| m.body)
        .collect();
    Ok(!recent.is_empty() && cards::joins_previous(&recent.join("\n"), body))
}

/// Either side ends the chat; `page_closed` when the customer's page does as it closes.
/// Ending an ended chat changes nothing.
pub fn end(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    page_closed: bool,
) -> Result<ChatRow, ApiError> {
    let chat = cx.chat_for(caller, chat_id)?;
    if chat.state == ChatState::Ended {
        return Ok(chat);
    }
    let by = match caller {
        Caller::Customer(_) => Party::Customer,
        Caller::Agent { .. } => Party::Agent,
    };
    let cause = (page_closed && by == Party::Customer).then_some(EndCause::PageClosed);
    Ok(finish_chat(cx, chat, Ending { by, cause })?)
}

/// Whether any agent has written in the chat (`last_agent_ms` starts again with each agent).
fn answered(cx: &mut Ctx, chat_id: Uuid) -> StoreResult<bool> {
    cx.tx.agent_wrote(chat_id)
}

/// The chats still open that no agent has written in: waiting in a queue, or taken and not
/// yet answered.
pub fn unanswered(cx: &mut Ctx) -> StoreResult<Vec<Uuid>> {
    let mut open = cx.tx.queued_chats(None)?;
    open.extend(cx.tx.active_chats()?);
    let mut unanswered = Vec::new();
    for chat in open {
        if !answered(cx, chat.id)? {
            unanswered.push(chat.id);
        }
    }
    Ok(unanswered)
}

/// The customer's page stayed closed: a chat nobody has written in ends, and is recorded as
/// missed ("closed the page"). An answered chat is left to the inactivity clock.
pub fn page_gone(cx: &mut Ctx, chat_id: Uuid) -> Result<(), ApiError> {
    let Some(chat) = cx.tx.chat(chat_id)? else {
        return Ok(());
    };
    if chat.state == ChatState::Ended || answered(cx, chat_id)? {
        return Ok(());
    }
    end_chat_because(cx, chat, EndCause::PageClosed)?;
    Ok(())
}

/// Ends a chat nobody pressed End on — the backend's clocks, with `cause` saying which: tells
/// both sides, and sends its agent to wrap-up.
pub fn end_chat_because(cx: &mut Ctx, chat: ChatRow, cause: EndCause) -> StoreResult<ChatRow> {
    let by = match cause {
        EndCause::PageClosed => Party::Customer,
        EndCause::QueueTimeout | EndCause::Inactivity => Party::System,
    };
    finish_chat(
        cx,
        chat,
        Ending {
            by,
            cause: Some(cause),
        },
    )
}

fn finish_chat(cx: &mut Ctx, mut chat: ChatRow, ending: Ending) -> StoreResult<ChatRow> {
    let by = ending.by;
    let chat_id = chat.id;
    let was = chat.state;
    let was_queued = was == ChatState::Queued;
    chat.state = ChatState::Ended;
    chat.ended_ms = Some(cx.now);
    chat.ended_by = Some(by);
    chat.hold_since_ms = None;
    cx.tx.update_chat(&chat)?;
    record_if_missed(cx, was, &chat, ending)?;
    // Offers of it from the queue, or a colleague's transfer not yet answered.
    end_offers_where(cx, |o| o.chat_id == chat_id, OfferEnd::CustomerLeft)?;
    if was_queued {
        leave_queue(cx, &chat)?;
    }
    cx.emit(
        Audience::chat(chat.agent_id).and_leads(),
        Some(chat.id),
        EventBody::ChatEnded {
            by,
            cause: ending.cause,
        },
    )?;
    if let Some(agent_id) = chat.agent_id
        && let Some(mut agent) = cx.tx.agent(agent_id)?
    {
        agent.idle_since_ms = cx.now;
        cx.tx.update_agent(&agent)?;
        let next = after_chat_ended(agent.presence);
        let reason = format!(
            "The chat with {} ended; record its disposition and notes to go available again.",
            chat.customer_name
        );
        change_presence(cx, agent, next, Some(reason))?;
    }
    super::review::record(cx, &chat)?;
    super::escalations::chat_ended(cx, chat_id)?;
    dispatch(cx)?;
    Ok(chat)
}
