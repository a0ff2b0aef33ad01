//! Offers that run out: the chat goes to the next agent (or, a colleague's transfer, stays with
//! its agent), and the agent who missed one is set to away when the policy says so.

use crate::protocol::{EventBody, OfferEnd, Presence};
use crate::server::engine::Ctx;
use crate::server::engine::offers::{dispatch, end_offer, end_offers_where};
use crate::server::store::{Audience, OfferRow, OfferState, StoreResult};

/// Offers that ran out go to the next agent; the agent who missed one is set to away when the
/// policy says so.
pub fn expire_due(cx: &mut Ctx) -> StoreResult<()> {
    let due: Vec<OfferRow> = cx
        .tx
        .pending_offers()?
        .into_iter()
        .filter(|o| o.expires_ms <= cx.now)
        .collect();
    for offer in due {
        // An earlier expiry in this loop may have withdrawn it already.
        let Some(offer) = cx
            .tx
            .offer(offer.id)?
            .filter(|o| o.state == OfferState::Pending)
        else {
            continue;
        };
        let agent_id = offer.agent_id;
        end_offer(cx, offer, OfferEnd::Expired)?;
        if !cx.catalog.policy.routing.away_after_missed_offer {
            continue;
        }
        if let Some(mut agent) = cx.tx.agent(agent_id)?
            && agent.presence == Presence::Available
        {
            agent.presence = Presence::Away;
            agent.presence_ms = cx.now;
            cx.tx.update_agent(&agent)?;
            cx.emit(
                Audience::agent(agent_id).and_leads(),
                None,
                EventBody::PresenceChanged {
                    presence: Presence::Away,
                    reason: Some(
                        "An offer went unanswered, so you were set to away; go available to take chats again."
                            .to_string(),
                    ),
                    agent_id: Some(agent_id),
                },
            )?;
            end_offers_where(cx, |o| o.agent_id == agent_id, OfferEnd::Withdrawn)?;
        }
    }
    dispatch(cx)
}
