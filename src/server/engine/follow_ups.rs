//! What an agent promised at wrap-up: their open commitments and their tickets, and marking a
//! commitment done.

use uuid::Uuid;

use crate::protocol::{Commitment, FollowUps};
use crate::server::engine::{Caller, Ctx};
use crate::server::problem::ApiError;

/// Most tickets listed (the newest).
pub const TICKETS_LISTED: usize = 100;

fn agent_id(caller: &Caller) -> Result<Uuid, ApiError> {
    match caller {
        Caller::Agent { id, .. } => Ok(*id),
        Caller::Customer(_) => Err(ApiError::forbidden("Only agents have follow-ups.")),
    }
}

/// The caller's open commitments, soonest due first, and newest tickets.
pub fn follow_ups(cx: &mut Ctx, caller: &Caller) -> Result<FollowUps, ApiError> {
    let agent = agent_id(caller)?;
    Ok(FollowUps {
        commitments: cx.tx.open_commitments(agent)?,
        tickets: cx.tx.recent_tickets(agent, TICKETS_LISTED)?,
    })
}

/// Marks one of the caller's commitments done; marking it again keeps the first time.
pub fn commitment_done(cx: &mut Ctx, caller: &Caller, id: Uuid) -> Result<Commitment, ApiError> {
    let agent = agent_id(caller)?;
    let not_yours = || ApiError::not_found("You have no commitment with this id.");
    let commitment = cx
        .tx
        .commitment(id)?
        .filter(|c| c.agent_id == agent)
        .ok_or_else(not_yours)?;
    if commitment.done_at.is_some() {
        return Ok(commitment);
    }
    cx.tx.set_commitment_done(id, cx.now)?;
    cx.tx.commitment(id)?.ok_or_else(not_yours)
}
