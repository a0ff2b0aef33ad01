//! The leads' view of the floor (`GET /api/v1/floor`): everyone and how loaded they are (the
//! offline with no chat open last),
//! what waits in the queues, every live chat with how long its customer has waited for an
//! answer, and the escalations (open or claimed, oldest first, then those answered in the
//! last hour).
//!
//! How waits are counted, from the messages alone:
//! - a customer starts waiting with their first message after an agent's (or with their first
//!   message at all); the next agent message ends the wait. Messages from the backend itself
//!   (the inactivity nudge) answer nothing.
//! - a wait is a breach of the reply SLA when it lasts `policy.sla.reply_breach_secs` or more
//!   (the moment the console turns it red). It counts against the agent who finally replied,
//!   on the day of that reply; a wait still open past the limit counts against the chat's
//!   agent now, on the day the limit passed. Each wait counts once.
//! - "today" starts at midnight in the backend's local time zone.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use uuid::Uuid;

use crate::policy::sla::{WaitLevel, reply_wait};
use crate::protocol::{Escalation, EscalationState, Floor, FloorAgent, FloorChat, Party, Presence};
use crate::server::engine::escalations;
use crate::server::engine::lead::lead_only;
use crate::server::engine::{Caller, Ctx};
use crate::server::problem::ApiError;
use crate::server::store::{ChatRow, MessageTime, timestamp};

/// How long an answered escalation stays on the floor.
const ANSWERED_SHOWN_MS: i64 = 60 * 60 * 1000;

/// What the messages of one chat say about its customer's waiting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChatClock {
    /// The customer's oldest message no agent has answered yet.
    pub waiting_since_ms: Option<i64>,
    pub last_message_ms: Option<i64>,
}

/// The waits read from the messages: each chat's clock, and breaches today per agent.
#[derive(Debug, Default, PartialEq)]
pub struct Waits {
    pub chats: HashMap<Uuid, ChatClock>,
    pub breaches_today: HashMap<Uuid, u32>,
}

/// Midnight today in `zone`, as milliseconds since the epoch.
pub fn start_of_day_ms(now_ms: i64, zone: TimeZone) -> i64 {
    timestamp(now_ms)
        .to_zoned(zone)
        .start_of_day()
        .map_or(now_ms, |midnight| midnight.timestamp().as_millisecond())
}

/// Reads `times` (in order within each chat). `agent_of` names the agent of each active chat:
/// only their open waits count as breaches (a waiting customer in a queue has nobody to reply).
pub fn read_waits(
    times: &[MessageTime],
    agent_of: &HashMap<Uuid, Uuid>,
    day_start_ms: i64,
    now_ms: i64,
    sla: &crate::assets::SlaPolicy,
) -> Waits {
    let breached = |from: i64, to: i64| {
        let waited = u64::try_from((to - from) / 1000).unwrap_or(0);
        reply_wait(waited, sla) == WaitLevel::Breach
    };
    let mut waits = Waits::default();
    for time in times {
        let clock = waits.chats.entry(time.chat_id).or_default();
        clock.last_message_ms = Some(time.at_ms);
        match time.author {
            Party::Customer => {
                clock.waiting_since_ms.get_or_insert(time.at_ms);
            }
            Party::Agent => {
                if let Some(since) = clock.waiting_since_ms.take()
                    && time.at_ms >= day_start_ms
                    && breached(since, time.at_ms)
                    && let Some(agent) = time.agent_id
                {
                    *waits.breaches_today.entry(agent).or_default() += 1;
                }
            }
            Party::System => {}
        }
    }
    let breach_ms = i64::try_from(sla.reply_breach_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    for (chat, clock) in &waits.chats {
        if let (Some(since), Some(agent)) = (clock.waiting_since_ms, agent_of.get(chat))
            && since.saturating_add(breach_ms) >= day_start_ms
            && breached(since, now_ms)
        {
            *waits.breaches_today.entry(*agent).or_default() += 1;
        }
    }
    waits
}

/// Everything the lead's monitor shows, most urgent first.
pub fn floor(cx: &mut Ctx, caller: &Caller) -> Result<Floor, ApiError> {
    lead_only(caller, "see the floor")?;
    let day_start = start_of_day_ms(cx.now, TimeZone::system());
    let active: Vec<ChatRow> = cx.tx.active_chats()?;
    let agent_of: HashMap<Uuid, Uuid> = active
        .iter()
        .filter_map(|c| c.agent_id.map(|agent| (c.id, agent)))
        .collect();
    let times = cx.tx.message_times_since(day_start)?;
    let waits = read_waits(&times, &agent_of, day_start, cx.now, &cx.catalog.policy.sla);

    let mut chats = Vec::with_capacity(active.len());
    for chat in &active {
        let clock = waits.chats.get(&chat.id).copied().unwrap_or_default();
        chats.push(FloorChat {
            chat: cx.agent_chat(chat)?,
            waiting_since: clock.waiting_since_ms.map(timestamp),
            last_message_at: clock.last_message_ms.map(timestamp),
        });
    }
    // Customers waiting for an answer first, longest first; then the answered chats, the ones
    // running longest first.
    chats.sort_by_key(|c| {
        (
            c.waiting_since.is_none(),
            c.waiting_since,
            c.chat.accepted_at,
            c.chat.id,
        )
    });

    let counts = cx.tx.active_counts()?;
    let capacity = cx.max_active();
    let mut agents: Vec<FloorAgent> = cx
        .tx
        .agents()?
        .into_iter()
        .map(|a| {
            let active_chats = counts.get(&a.id).copied().unwrap_or(0);
            let longest_wait_since = chats
                .iter()
                .filter(|c| c.chat.agent_id == Some(a.id))
                .filter_map(|c| c.waiting_since)
                .min();
            FloorAgent {
                id: a.id,
                display_name: a.display_name,
                role: a.role,
                presence: a.presence,
                presence_since: timestamp(a.presence_ms),
                active_chats,
                capacity,
                longest_wait_since,
                sla_breaches_today: waits.breaches_today.get(&a.id).copied().unwrap_or(0),
            }
        })
        .collect();
    // Offline agents with no chat open last: the monitor shows them only when asked.
    let off = |a: &FloorAgent| a.presence == Presence::Offline && a.active_chats == 0;
    agents.sort_by(|a, b| {
        (off(a), a.longest_wait_since.is_none(), a.longest_wait_since)
            .cmp(&(off(b), b.longest_wait_since.is_none(), b.longest_wait_since))
            .then_with(|| {
                a.display_name
                    .to_lowercase()
                    .cmp(&b.display_name.to_lowercase())
            })
    });

    let queues = cx.queue_listings(&[])?;
    let escalations = escalations_on_the_floor(cx, caller)?;
    Ok(Floor {
        agents,
        queues,
        chats,
        escalations,
    })
}

/// Escalations not answered yet, those about live chats first, each part oldest first; then
/// those answered in the last hour. Closed ones are gone from the floor.
fn escalations_on_the_floor(cx: &mut Ctx, caller: &Caller) -> Result<Vec<Escalation>, ApiError> {
    let mut waiting = escalations::list(cx, caller, Some(EscalationState::Open))?;
    waiting.extend(escalations::list(
        cx,
        caller,
        Some(EscalationState::Claimed),
    )?);
    waiting.sort_by_key(|e| (e.chat_ended, e.created_at, e.id));
    let hour_ago = cx.now.saturating_sub(ANSWERED_SHOWN_MS);
    waiting.extend(escalations::answered_since(cx, caller, hour_ago)?);
    waiting.retain(|e| e.closed_at.is_none());
    Ok(waiting)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::SlaPolicy;

    const MINUTE: i64 = 60_000;

    fn sla() -> SlaPolicy {
        SlaPolicy {
            reply_warn_secs: 45,
            reply_breach_secs: 60,
            queue_wait_flag_secs: 30,
        }
    }

    fn said(chat: Uuid, author: Party, agent: Option<Uuid>, at_ms: i64) -> MessageTime {
        MessageTime {
            chat_id: chat,
            author,
            agent_id: agent,
            at_ms,
        }
    }

    #[test]
    fn a_wait_starts_with_the_first_unanswered_message_and_an_agent_ends_it() {
        let (chat, dana) = (Uuid::now_v7(), Uuid::now_v7());
        let day = 1_000 * MINUTE;
        let times = [
            said(chat, Party::Customer, None, day + MINUTE),
            said(chat, Party::Agent, Some(dana), day + MINUTE + 10_000),
            said(chat, Party::Customer, None, day + 2 * MINUTE),
            said(chat, Party::Customer, None, day + 3 * MINUTE),
            said(chat, Party::System, None, day + 4 * MINUTE),
        ];
        let agents = HashMap::from([(chat, dana)]);
        let waits = read_waits(&times, &agents, day, day + 5 * MINUTE, &sla());
        let clock = waits.chats[&chat];
        assert_eq!(clock.waiting_since_ms, Some(day + 2 * MINUTE));
        assert_eq!(clock.last_message_ms, Some(day + 4 * MINUTE));
        // Still waiting after three minutes: one breach, counted against the chat's agent.
        assert_eq!(waits.breaches_today.get(&dana), Some(&1));
    }

    #[test]
    fn late_replies_count_against_whoever_replied_on_the_day_they_replied() {
        let (chat, dana, lee) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let day = 1_000 * MINUTE;
        let times = [
            // Yesterday: late, but not today.
            said(chat, Party::Customer, None, day - 10 * MINUTE),
            said(chat, Party::Agent, Some(dana), day - 5 * MINUTE),
            // Today: 59 s is in time, 60 s is a breach; the lead's late reply is the lead's.
            said(chat, Party::Customer, None, day + MINUTE),
            said(chat, Party::Agent, Some(dana), day + MINUTE + 59_000),
            said(chat, Party::Customer, None, day + 2 * MINUTE),
            said(chat, Party::Agent, Some(dana), day + 3 * MINUTE),
            said(chat, Party::Customer, None, day + 4 * MINUTE),
            said(chat, Party::Agent, Some(lee), day + 6 * MINUTE),
        ];
        let waits = read_waits(&times, &HashMap::new(), day, day + 7 * MINUTE, &sla());
        assert_eq!(waits.breaches_today.get(&dana), Some(&1));
        assert_eq!(waits.breaches_today.get(&lee), Some(&1));
        assert_eq!(waits.chats[&chat].waiting_since_ms, None);
    }

    #[test]
    fn a_wait_in_a_chat_without_an_agent_is_nobodys_breach() {
        let chat = Uuid::now_v7();
        let times = [said(chat, Party::Customer, None, 0)];
        let waits = read_waits(&times, &HashMap::new(), 0, 10 * MINUTE, &sla());
        assert!(waits.breaches_today.is_empty());
        assert_eq!(waits.chats[&chat].waiting_since_ms, Some(0));
    }

    #[test]
    fn the_day_starts_at_local_midnight() {
        let zone = TimeZone::fixed(jiff::tz::offset(-5));
        // 15:30 on 2 March 2026, five hours behind UTC.
        let now = "2026-03-02T20:30:00Z".parse::<jiff::Timestamp>().unwrap();
        let midnight = "2026-03-02T05:00:00Z".parse::<jiff::Timestamp>().unwrap();
        assert_eq!(
            start_of_day_ms(now.as_millisecond(), zone),
            midnight.as_millisecond()
        );
    }
}
