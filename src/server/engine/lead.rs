//! What leads do on the floor: read any chat, whisper to a chat's agent, take a chat over.
//! The backend decides all of it: an agent asking gets a refusal that says why.
//!
//! A lead takes a chat over whatever their own load and presence: stepping in is the point, so
//! neither the capacity limit nor availability is checked (once the lead holds the most chats
//! one person may, routing simply offers them nothing more).

use uuid::Uuid;

use crate::policy::cards;
use crate::protocol::{ChatDetail, ChatState, EventBody, NewWhisper, Role, Whisper};
use crate::server::engine::transfer::hand_over;
use crate::server::engine::{Caller, Ctx, required_text};
use crate::server::problem::ApiError;
use crate::server::store::{Audience, ChatRow, timestamp};

/// Longest whisper, in characters.
pub use crate::policy::text_limits::WHISPER_CHARS as MAX_WHISPER_CHARS;

/// The lead's id, or a 403 saying that only leads `what` (e.g. "see the floor").
pub fn lead_only(caller: &Caller, what: &str) -> Result<Uuid, ApiError> {
    match caller {
        Caller::Agent {
            id,
            role: Role::Lead,
        } => Ok(*id),
        Caller::Agent { .. } | Caller::Customer(_) => Err(ApiError::forbidden(format!(
            "Only leads {what}; ask a lead if you need this."
        ))),
    }
}

impl Ctx<'_> {
    /// The chat `caller` may read: a lead reads any chat; anyone else only as
    /// [`Ctx::chat_for`] allows (their own, or a 404 that reveals nothing).
    pub fn chat_to_read(&mut self, caller: &Caller, id: Uuid) -> Result<ChatRow, ApiError> {
        match caller {
            Caller::Agent {
                role: Role::Lead, ..
            } => self.tx.chat(id)?.ok_or_else(ApiError::no_such_chat),
            _ => self.chat_for(caller, id),
        }
    }
}

/// A chat with its transcript, whispers and escalations, for its agent or a lead.
pub fn detail(cx: &mut Ctx, caller: &Caller, chat_id: Uuid) -> Result<ChatDetail, ApiError> {
    if let Caller::Customer(_) = caller {
        return Err(ApiError::forbidden(
            "The detail of a chat is for its agent and for leads.",
        ));
    }
    let chat = cx.chat_to_read(caller, chat_id)?;
    Ok(cx.chat_detail(&chat)?)
}

/// The chat a lead acts on: it must exist and have an agent working on it now.
fn live_chat(cx: &mut Ctx, chat_id: Uuid, what: &str) -> Result<(ChatRow, Uuid), ApiError> {
    let chat = cx.tx.chat(chat_id)?.ok_or_else(ApiError::no_such_chat)?;
    match (chat.state, chat.agent_id) {
        (ChatState::Active, Some(agent)) => Ok((chat, agent)),
        (ChatState::Ended, _) => Err(ApiError::conflict(format!(
            "This chat has ended; only an active chat can be {what}."
        ))),
        _ => Err(ApiError::conflict(format!(
            "This chat is waiting in its queue for an agent; only an active chat can be {what}."
        ))),
    }
}

/// A lead's note to the agent of an active chat. It goes to that agent (and the leads) and is
/// kept with the chat; the customer never sees it.
pub fn whisper(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    new: NewWhisper,
) -> Result<Whisper, ApiError> {
    let lead_id = lead_only(caller, "whisper to an agent")?;
    let (chat, agent) = live_chat(cx, chat_id, "whispered into")?;
    let body = required_text("body", &new.body, MAX_WHISPER_CHARS)?;
    let lead = cx.agent(lead_id)?;
    let whisper = Whisper {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        lead_id,
        lead_name: lead.display_name,
        // Card numbers are masked before anything is stored, whoever writes them.
        body: cards::mask(&body).into_string(),
        at: timestamp(cx.now),
    };
    cx.tx.insert_whisper(&whisper)?;
    cx.emit(
        Audience::agent(agent).and_leads(),
        Some(chat.id),
        EventBody::WhisperCreated {
            whisper: whisper.clone(),
        },
    )?;
    Ok(whisper)
}

/// A lead takes an active chat from its agent, as a transfer to the lead would: the agent is
/// told who took it, the lead gets it, the customer hears the lead's name.
pub fn take_over(cx: &mut Ctx, caller: &Caller, chat_id: Uuid) -> Result<ChatRow, ApiError> {
    let lead_id = lead_only(caller, "take chats over")?;
    let (chat, from) = live_chat(cx, chat_id, "taken over")?;
    if from == lead_id {
        return Err(ApiError::conflict("This chat is already yours."));
    }
    let lead = cx.agent(lead_id)?;
    let note = format!("Taken over by {}.", lead.display_name);
    hand_over(cx, chat, from, &lead, note)
}
