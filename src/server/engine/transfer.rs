//! Transfers: an agent hands an active chat to a colleague (as an offer they accept, see
//! [`super::offers`]) or back to a queue, with a note; and the handover itself, also used when a
//! lead takes a chat over. The customer is told (the agent's transfer notice) when the chat
//! moves: at once to a queue, when the colleague accepts an offer, never for one not taken.

use uuid::Uuid;

use crate::policy::text_limits;
use crate::protocol::{ChatState, EventBody, NewMessage, Transfer};
use crate::server::engine::chats::{post_message, refuse_unsendable};
use crate::server::engine::offers::{assign, dispatch, enter_queue, make_offer};
use crate::server::engine::{Caller, Ctx, required_text};
use crate::server::problem::ApiError;
use crate::server::store::{AgentRow, Audience, ChatRow, TransferAsk};

/// The agent hands an active chat to a colleague or back to a queue, with a note.
pub fn transfer(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    request: Transfer,
) -> Result<ChatRow, ApiError> {
    let Caller::Agent { id: from, .. } = caller else {
        return Err(ApiError::forbidden("Only agents transfer chats."));
    };
    let mut chat = cx.chat_for(caller, chat_id)?;
    if chat.state != ChatState::Active {
        return Err(ApiError::conflict(
            "Only an active chat can be transferred.",
        ));
    }
    let note = required_text("note", &request.note, text_limits::TRANSFER_NOTE_CHARS)?;
    let asked = cx
        .tx
        .pending_offers()?
        .into_iter()
        .find(|o| o.chat_id == chat_id && o.transfer.is_some());
    if let Some(asked) = asked {
        let name = cx.agent(asked.agent_id)?.display_name;
        return Err(ApiError::conflict(format!(
            "This chat is offered to {name} already; wait for their answer."
        )));
    }
    let notice = request.notice.filter(|n| !n.trim().is_empty());
    match (request.to_agent, request.to_queue) {
        (Some(to), None) => {
            if to == *from {
                return Err(ApiError::invalid("You cannot transfer a chat to yourself."));
            }
            let target = cx
                .tx
                .agent(to)?
                .ok_or_else(|| ApiError::not_found("There is no agent with this id."))?;
            if target.presence != crate::protocol::Presence::Available {
                return Err(ApiError::conflict(format!(
                    "{} is {} and cannot take a transfer now.",
                    target.display_name,
                    target.presence.as_str()
                )));
            }
            if cx.active_chats_of(to)? >= cx.max_active() {
                return Err(ApiError::conflict(format!(
                    "{} already has {} active chats.",
                    target.display_name,
                    cx.max_active()
                )));
            }
            // An offer with the note: the colleague accepts it (and the chat is theirs, and the
            // customer is told), or it stays with its agent and the customer heard nothing.
            // The notice is checked now, as a message, so that accepting cannot fail on it.
            if let Some(notice) = &notice {
                refuse_unsendable(cx, caller, &chat, notice)?;
            }
            let ask = TransferAsk {
                from: *from,
                note,
                notice,
            };
            make_offer(cx, &chat, to, Some(ask))?;
            Ok(chat)
        }
        (None, Some(queue)) => {
            let Some(queue) = cx.catalog.queue(queue.trim()).cloned() else {
                return Err(ApiError::invalid(format!("There is no queue {queue:?}.")));
            };
            // The customer is told in the same step; a refused transfer takes the notice back.
            if let Some(notice) = notice {
                let client_msg_id = format!("transfer-notice-{}", cx.now);
                tell_customer(cx, *from, chat_id, notice, client_msg_id)?;
                chat = cx.chat_for(caller, chat_id)?;
            }
            chat.state = ChatState::Queued;
            chat.queue = queue.id.clone();
            chat.agent_id = None;
            chat.accepted_ms = None;
            chat.hold_since_ms = None;
            chat.transfer_note = Some(note.clone());
            chat.transferred_from = Some(*from);
            chat.transferred_ms = Some(cx.now);
            cx.tx.update_chat(&chat)?;
            cx.emit(
                Audience::agent(*from).and_leads(),
                Some(chat.id),
                EventBody::ChatTransferred {
                    to_agent_name: None,
                    to_queue: Some(queue.id.clone()),
                    to_queue_name: Some(queue.name.clone()),
                    note,
                },
            )?;
            enter_queue(cx, &chat)?;
            idle_from_now(cx, *from)?;
            dispatch(cx)?;
            Ok(chat)
        }
        _ => Err(ApiError::invalid(
            "Name exactly one of to_agent and to_queue.",
        )),
    }
}

/// Moves an active chat from its agent `from` to `to` (whatever had to be checked was): the note
/// travels with the chat, `from` is told and their idle time starts again, `to` gets the chat
/// and the customer hears the new name.
pub fn hand_over(
    cx: &mut Ctx,
    mut chat: ChatRow,
    from: Uuid,
    to: &AgentRow,
    note: String,
) -> Result<ChatRow, ApiError> {
    chat.transfer_note = Some(note.clone());
    cx.emit(
        Audience::agent(from).and_leads(),
        Some(chat.id),
        EventBody::ChatTransferred {
            to_agent_name: Some(to.display_name.clone()),
            to_queue: None,
            to_queue_name: None,
            note,
        },
    )?;
    let chat = assign(cx, chat, to.id)?;
    idle_from_now(cx, from)?;
    dispatch(cx)?;
    Ok(chat)
}

/// The colleague accepted `offer`, `ask` of its agent: the customer is told now, with the
/// notice the agent wrote when asking (and not before), then the chat is handed over.
pub fn take_offered(
    cx: &mut Ctx,
    chat: ChatRow,
    offer: Uuid,
    ask: TransferAsk,
    to: &AgentRow,
) -> Result<ChatRow, ApiError> {
    let chat = match ask.notice {
        Some(notice) => {
            let client_msg_id = format!("transfer-notice-{offer}");
            tell_customer(cx, ask.from, chat.id, notice, client_msg_id)?;
            cx.tx.chat(chat.id)?.ok_or_else(ApiError::no_such_chat)?
        }
        None => chat,
    };
    hand_over(cx, chat, ask.from, to, ask.note)
}

/// The transfer notice, as a message from the agent `from` who holds the chat.
fn tell_customer(
    cx: &mut Ctx,
    from: Uuid,
    chat_id: Uuid,
    notice: String,
    client_msg_id: String,
) -> Result<(), ApiError> {
    let role = cx.agent(from)?.role;
    let caller = Caller::Agent { id: from, role };
    let told = NewMessage {
        body: notice,
        client_msg_id,
    };
    post_message(cx, &caller, chat_id, told)?;
    Ok(())
}

fn idle_from_now(cx: &mut Ctx, agent_id: Uuid) -> Result<(), ApiError> {
    if let Some(mut agent) = cx.tx.agent(agent_id)? {
        agent.idle_since_ms = cx.now;
        cx.tx.update_agent(&agent)?;
    }
    Ok(())
}
