//! Presence changes and the wrap-up that gates them (recorded in [`super::wrap_up`]).

use uuid::Uuid;

use crate::policy::presence::{AwaitingDisposition, may_become, takes_offers};
use crate::protocol::{ChatState, EventBody, OfferEnd, Presence};
use crate::server::engine::offers::{dispatch, end_offers_where};
use crate::server::engine::{Caller, Ctx};
use crate::server::problem::ApiError;
use crate::server::store::{AgentRow, Audience, StoreResult};

fn caller_agent(cx: &mut Ctx, caller: &Caller) -> Result<AgentRow, ApiError> {
    match caller {
        Caller::Agent { id, .. } => cx.agent(*id),
        Caller::Customer(_) => Err(ApiError::forbidden("Only agents have a presence.")),
    }
}

pub fn awaiting_disposition(cx: &mut Ctx, agent: Uuid) -> StoreResult<Vec<AwaitingDisposition>> {
    Ok(cx
        .tx
        .agent_chats(agent)?
        .into_iter()
        .filter(|c| c.state == ChatState::Ended)
        .map(|c| AwaitingDisposition {
            chat_id: c.id,
            customer_name: c.customer_name,
        })
        .collect())
}

/// Stores a presence, tells the agent, withdraws offers they can no longer take, and offers
/// waiting chats to whoever can take them now.
pub fn change_presence(
    cx: &mut Ctx,
    mut agent: AgentRow,
    presence: Presence,
    reason: Option<String>,
) -> StoreResult<AgentRow> {
    if presence == agent.presence {
        return Ok(agent);
    }
    if presence == Presence::Available {
        agent.idle_since_ms = cx.now;
    }
    agent.presence = presence;
    agent.presence_ms = cx.now;
    cx.tx.update_agent(&agent)?;
    cx.emit(
        Audience::agent(agent.id).and_leads(),
        None,
        EventBody::PresenceChanged {
            presence,
            reason,
            agent_id: Some(agent.id),
        },
    )?;
    if !takes_offers(presence) {
        let id = agent.id;
        end_offers_where(cx, |o| o.agent_id == id, OfferEnd::Withdrawn)?;
    }
    dispatch(cx)?;
    Ok(agent)
}

/// The agent sets their presence; available is refused while a disposition is missing.
pub fn set_presence(
    cx: &mut Ctx,
    caller: &Caller,
    presence: Presence,
) -> Result<AgentRow, ApiError> {
    let agent = caller_agent(cx, caller)?;
    let awaiting = awaiting_disposition(cx, agent.id)?;
    may_become(presence, &awaiting).map_err(|refusal| ApiError::conflict(refusal.sentence()))?;
    Ok(change_presence(cx, agent, presence, None)?)
}
