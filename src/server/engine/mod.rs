//! What the backend does, command by command. Each command runs inside one store transaction
//! ([`Tx`]) with the time it started, so it either happens completely, events included, or
//! not at all. The rules themselves come from [`crate::policy`].

pub mod chats;
pub mod escalations;
pub mod floor;
pub mod follow_ups;
pub mod inactivity;
pub mod lead;
pub mod missed;
pub mod offer_expiry;
pub mod offers;
pub mod presence;
pub mod procedure;
pub mod queue_timeout;
pub mod review;
pub mod transfer;
pub mod views;
pub mod wrap_up;

use uuid::Uuid;

use crate::assets::Catalog;
use crate::protocol::{EventBody, Role};
use crate::server::problem::ApiError;
use crate::server::store::{AgentRow, Audience, ChatRow, StoreResult, Tx};

/// Who is asking, as established from their token.
#[derive(Debug, Clone, PartialEq)]
pub enum Caller {
    /// A customer holding the token of this one chat.
    Customer(Uuid),
    Agent {
        id: Uuid,
        role: Role,
    },
}

/// One command's view of the world: the transaction, the time and the data files.
pub struct Ctx<'a> {
    pub tx: &'a mut dyn Tx,
    pub now: i64,
    pub catalog: &'a Catalog,
}

impl Ctx<'_> {
    pub fn emit(
        &mut self,
        audience: Audience,
        chat_id: Option<Uuid>,
        body: EventBody,
    ) -> StoreResult<i64> {
        self.tx.append_event(audience, chat_id, self.now, &body)
    }

    pub fn max_active(&self) -> u32 {
        self.catalog.policy.routing.max_active_chats
    }

    /// The chat `caller` may act on, or a 404 that reveals nothing.
    pub fn chat_for(&mut self, caller: &Caller, id: Uuid) -> Result<ChatRow, ApiError> {
        let chat = self.tx.chat(id)?.ok_or_else(ApiError::no_such_chat)?;
        let allowed = match caller {
            Caller::Customer(own) => *own == chat.id,
            Caller::Agent { id, .. } => chat.agent_id == Some(*id),
        };
        if allowed {
            Ok(chat)
        } else {
            Err(ApiError::no_such_chat())
        }
    }

    /// The signed-in agent, fresh from this transaction.
    pub fn agent(&mut self, id: Uuid) -> Result<AgentRow, ApiError> {
        self.tx.agent(id)?.ok_or_else(|| {
            ApiError::unauthorized("This sign-in token no longer belongs to anyone.")
        })
    }

    pub fn active_chats_of(&mut self, agent: Uuid) -> StoreResult<u32> {
        Ok(self.tx.active_counts()?.get(&agent).copied().unwrap_or(0))
    }
}

/// Trims and checks a required piece of text.
pub fn required_text(field: &str, value: &str, max_chars: usize) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::invalid(format!("{field} must not be empty.")));
    }
    let chars = value.chars().count();
    if chars > max_chars {
        return Err(ApiError::invalid(format!(
            "{field} is {chars} characters long; at most {max_chars} are allowed."
        )));
    }
    Ok(value.to_string())
}
