//! Routing: offering waiting chats to agents, accepting, declining, picking up directly, and
//! offers running out. Capacity is checked here on every path that gives an agent a chat.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::policy::presence::{may_take_chat, takes_offers};
use crate::policy::routing::{Candidate, choose, has_room};
use crate::protocol::{ChatState, EventBody, OfferEnd, Role};
use crate::server::engine::presence::awaiting_disposition;
use crate::server::engine::transfer::take_offered;
use crate::server::engine::{Caller, Ctx};
use crate::server::problem::ApiError;
use crate::server::store::{Audience, ChatRow, OfferRow, OfferState, StoreResult, TransferAsk};

/// Offers every waiting chat that someone can take, longest-waiting first.
pub fn dispatch(cx: &mut Ctx) -> StoreResult<()> {
    let max = cx.max_active();
    let agents: Vec<_> = cx
        .tx
        .agents()?
        .into_iter()
        .filter(|a| takes_offers(a.presence))
        .collect();
    if agents.is_empty() {
        return Ok(());
    }
    let active = cx.tx.active_counts()?;
    let mut pending: HashMap<Uuid, u32> = HashMap::new();
    let mut offered: HashSet<Uuid> = HashSet::new();
    for offer in cx.tx.pending_offers()? {
        *pending.entry(offer.agent_id).or_default() += 1;
        offered.insert(offer.chat_id);
    }
    let room = |pending: &HashMap<Uuid, u32>| {
        agents.iter().any(|a| {
            has_room(
                active.get(&a.id).copied().unwrap_or(0),
                pending.get(&a.id).copied().unwrap_or(0),
                max,
            )
        })
    };
    let cooldown_ms =
        i64::try_from(cx.catalog.policy.routing.reoffer_cooldown_secs * 1000).unwrap_or(i64::MAX);
    // With every agent full there is nothing to offer: do not read the line at all.
    if !room(&pending) {
        return Ok(());
    }
    for chat in cx.tx.queued_chats(None)? {
        if !room(&pending) {
            break;
        }
        if offered.contains(&chat.id) {
            continue;
        }
        let recent = |at: i64| cx.now - at < cooldown_ms;
        let history = cx.tx.offers_for_chat(chat.id)?;
        let mut cooling: HashSet<Uuid> = history
            .iter()
            .filter(|o| {
                matches!(
                    o.state,
                    OfferState::Ended(OfferEnd::Declined | OfferEnd::Expired)
                ) && o.ended_ms.is_some_and(recent)
            })
            .map(|o| o.agent_id)
            .collect();
        if let (Some(agent), Some(at)) = (chat.transferred_from, chat.transferred_ms)
            && recent(at)
        {
            cooling.insert(agent);
        }
        let candidates: Vec<Candidate> = agents
            .iter()
            .map(|a| Candidate {
                agent_id: a.id,
                presence: a.presence,
                serves_queue: a.serves(&chat.queue),
                active_chats: active.get(&a.id).copied().unwrap_or(0),
                pending_offers: pending.get(&a.id).copied().unwrap_or(0),
                idle_since_ms: a.idle_since_ms,
                cooling_down: cooling.contains(&a.id),
            })
            .collect();
        if let Some(agent) = choose(&candidates, max) {
            make_offer(cx, &chat, agent, None)?;
            *pending.entry(agent).or_default() += 1;
        }
    }
    Ok(())
}

/// Offers `chat` to `agent`: from the queue, or (`transfer`) from a colleague.
pub fn make_offer(
    cx: &mut Ctx,
    chat: &ChatRow,
    agent: Uuid,
    transfer: Option<TransferAsk>,
) -> StoreResult<()> {
    let timeout_ms =
        i64::try_from(cx.catalog.policy.routing.offer_timeout_secs * 1000).unwrap_or(i64::MAX);
    let offer = OfferRow {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        agent_id: agent,
        state: OfferState::Pending,
        created_ms: cx.now,
        expires_ms: cx.now.saturating_add(timeout_ms),
        ended_ms: None,
        transfer,
    };
    cx.tx.insert_offer(&offer)?;
    let view = cx.offer_view(&offer, chat);
    cx.emit(
        Audience::agent(agent),
        Some(chat.id),
        EventBody::OfferCreated {
            offer: Box::new(view),
        },
    )?;
    Ok(())
}

/// Closes a pending offer and tells its agent why; a colleague's transfer that was not taken
/// goes back to them (the chat never left them), and they are told.
pub fn end_offer(cx: &mut Ctx, mut offer: OfferRow, why: OfferEnd) -> StoreResult<()> {
    offer.state = OfferState::Ended(why);
    offer.ended_ms = Some(cx.now);
    cx.tx.update_offer(&offer)?;
    if let Some(ask) = &offer.transfer
        && !matches!(why, OfferEnd::Accepted | OfferEnd::CustomerLeft)
    {
        let to_agent_name = cx
            .tx
            .agent(offer.agent_id)?
            .map_or_else(|| "Your colleague".to_string(), |a| a.display_name);
        cx.emit(
            Audience::agent(ask.from),
            Some(offer.chat_id),
            EventBody::TransferReturned {
                to_agent_name,
                reason: why,
            },
        )?;
    }
    cx.emit(
        Audience::agent(offer.agent_id),
        Some(offer.chat_id),
        EventBody::OfferEnded {
            offer_id: offer.id,
            reason: why,
        },
    )?;
    Ok(())
}

/// Closes every pending offer matching `which`.
pub fn end_offers_where(
    cx: &mut Ctx,
    which: impl Fn(&OfferRow) -> bool,
    why: OfferEnd,
) -> StoreResult<()> {
    for offer in cx.tx.pending_offers()?.into_iter().filter(|o| which(o)) {
        end_offer(cx, offer, why)?;
    }
    Ok(())
}

/// Removes a chat from its queue's listing (it was taken, transferred or ended). The customers
/// behind it learn their new place from [`crate::server::positions`], which is told by this
/// event: nothing is stored per waiting customer, so leaving costs the same at any depth.
pub fn leave_queue(cx: &mut Ctx, chat: &ChatRow) -> StoreResult<()> {
    cx.emit(
        Audience::queue(&chat.queue),
        Some(chat.id),
        EventBody::QueueLeft {
            queue: chat.queue.clone(),
        },
    )?;
    Ok(())
}

/// Puts a chat in its queue's listing and tells the customer where they stand.
pub fn enter_queue(cx: &mut Ctx, chat: &ChatRow) -> StoreResult<u32> {
    let position = cx.position(chat)?;
    cx.emit(
        Audience::customer(),
        Some(chat.id),
        EventBody::ChatQueued {
            queue: chat.queue.clone(),
            position,
        },
    )?;
    let entry = cx.queued_entry(chat, position);
    cx.emit(
        Audience::queue(&chat.queue),
        Some(chat.id),
        EventBody::QueueEntered { entry },
    )?;
    Ok(position)
}

/// Gives a chat to an agent (after capacity was checked), telling the agent, the customer and
/// the queue.
pub fn assign(cx: &mut Ctx, mut chat: ChatRow, agent_id: Uuid) -> StoreResult<ChatRow> {
    let was_queued = chat.state == ChatState::Queued;
    chat.state = ChatState::Active;
    chat.agent_id = Some(agent_id);
    chat.accepted_ms = Some(cx.now);
    // A new agent starts without a hold, and the customer's silence counts from their words.
    chat.hold_since_ms = None;
    chat.last_agent_ms = None;
    cx.tx.update_chat(&chat)?;
    // Their part of the chat (what their review and the report hold them to) starts now.
    cx.tx.note_part(chat.id, agent_id, cx.now)?;
    if let Some(mut agent) = cx.tx.agent(agent_id)? {
        agent.idle_since_ms = cx.now;
        cx.tx.update_agent(&agent)?;
        let detail = cx.chat_detail(&chat)?;
        cx.emit(
            Audience::agent(agent_id).and_leads(),
            Some(chat.id),
            EventBody::ChatAssigned {
                detail: Box::new(detail),
            },
        )?;
        cx.emit(
            Audience::customer(),
            Some(chat.id),
            EventBody::AgentJoined {
                agent_name: agent.display_name,
            },
        )?;
    }
    if was_queued {
        let chat_id = chat.id;
        end_offers_where(cx, |o| o.chat_id == chat_id, OfferEnd::Taken)?;
        leave_queue(cx, &chat)?;
    }
    if cx.active_chats_of(agent_id)? >= cx.max_active() {
        end_offers_where(cx, |o| o.agent_id == agent_id, OfferEnd::Withdrawn)?;
    }
    Ok(chat)
}

fn capacity_refusal(cx: &Ctx) -> ApiError {
    ApiError::conflict(format!(
        "You already have {} active chats, the most one agent may hold; end or transfer one first.",
        cx.max_active()
    ))
}

/// The agent takes the chat they were offered.
pub fn accept(cx: &mut Ctx, caller: &Caller, offer_id: Uuid) -> Result<ChatRow, ApiError> {
    let offer = own_offer(cx, caller, offer_id)?;
    let agent = cx.agent(offer.agent_id)?;
    if !takes_offers(agent.presence) {
        return Err(ApiError::conflict(format!(
            "You are {}; go available to accept chats.",
            agent.presence.as_str()
        )));
    }
    if cx.active_chats_of(offer.agent_id)? >= cx.max_active() {
        return Err(capacity_refusal(cx));
    }
    let chat = cx
        .tx
        .chat(offer.chat_id)?
        .ok_or_else(ApiError::no_such_chat)?;
    if let Some(ask) = &offer.transfer
        && (chat.state != ChatState::Active || chat.agent_id != Some(ask.from))
    {
        end_offer(cx, offer, OfferEnd::Taken)?;
        return Err(ApiError::conflict(
            "This chat is no longer with the colleague who offered it.",
        ));
    }
    let mut accepted = offer.clone();
    accepted.state = OfferState::Ended(OfferEnd::Accepted);
    accepted.ended_ms = Some(cx.now);
    cx.tx.update_offer(&accepted)?;
    cx.emit(
        Audience::agent(offer.agent_id),
        Some(offer.chat_id),
        EventBody::OfferEnded {
            offer_id,
            reason: OfferEnd::Accepted,
        },
    )?;
    let chat = match offer.transfer {
        // A colleague's chat: the customer is told and it is handed over now, with the note.
        Some(ask) => take_offered(cx, chat, offer_id, ask, &agent)?,
        None => {
            let chat = assign(cx, chat, offer.agent_id)?;
            dispatch(cx)?;
            chat
        }
    };
    Ok(chat)
}

/// The agent turns the offer down; it goes to the next agent.
pub fn decline(cx: &mut Ctx, caller: &Caller, offer_id: Uuid) -> Result<(), ApiError> {
    let offer = own_offer(cx, caller, offer_id)?;
    end_offer(cx, offer, OfferEnd::Declined)?;
    dispatch(cx)?;
    Ok(())
}

fn own_offer(cx: &mut Ctx, caller: &Caller, offer_id: Uuid) -> Result<OfferRow, ApiError> {
    let Caller::Agent { id, .. } = caller else {
        return Err(ApiError::forbidden("Only agents answer offers."));
    };
    let offer = cx
        .tx
        .offer(offer_id)?
        .filter(|o| o.agent_id == *id)
        .ok_or_else(|| ApiError::not_found("You have no offer with this id."))?;
    match offer.state {
        // The timer may not have run yet: an offer past its time is expired all the same.
        OfferState::Pending if offer.expires_ms <= cx.now => Err(ApiError::conflict(
            "This offer expired; the chat went to the next agent.",
        )),
        OfferState::Pending => Ok(offer),
        OfferState::Ended(end) => Err(ApiError::conflict(match end {
            OfferEnd::Expired => "This offer expired; the chat went to the next agent.",
            OfferEnd::Taken => "Someone else already took this chat.",
            OfferEnd::CustomerLeft => "The customer left before the offer was answered.",
            OfferEnd::Accepted => "You already accepted this offer.",
            OfferEnd::Declined => "You already declined this offer.",
            OfferEnd::Withdrawn => {
                "This offer was withdrawn because you could not take more chats."
            }
        })),
    }
}

/// The agent takes a waiting chat straight from the queue.
pub fn pick_up(cx: &mut Ctx, caller: &Caller, chat_id: Uuid) -> Result<ChatRow, ApiError> {
    let Caller::Agent { id, role } = caller else {
        return Err(ApiError::forbidden("Only agents pick up chats."));
    };
    let chat = cx.tx.chat(chat_id)?.ok_or_else(ApiError::no_such_chat)?;
    let agent = cx.agent(*id)?;
    if *role != Role::Lead && !agent.serves(&chat.queue) {
        return Err(ApiError::forbidden(format!(
            "You do not serve the {} queue.",
            cx.catalog.queue_name(&chat.queue)
        )));
    }
    match chat.state {
        ChatState::Queued => {}
        ChatState::Active => {
            return Err(ApiError::conflict("Another agent already took this chat."));
        }
        ChatState::Ended => return Err(ApiError::conflict("This chat has ended.")),
    }
    if cx.active_chats_of(*id)? >= cx.max_active() {
        return Err(capacity_refusal(cx));
    }
    // Presence does not matter (a chat can be taken from the queue while away), but the
    // wrap-up gate does: dispositions first.
    let awaiting = awaiting_disposition(cx, *id)?;
    may_take_chat(&awaiting)
        .map_err(|r| ApiError::conflict(r.sentence_before("taking another chat")))?;
    let chat = assign(cx, chat, *id)?;
    dispatch(cx)?;
    Ok(chat)
}
