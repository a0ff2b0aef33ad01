//! The lead's monitor: what is on the floor, most urgent first, and what needs a lead now —
//! an escalation waiting too long, a customer waiting past the reply SLA.

use jiff::Timestamp;
use uuid::Uuid;

use crate::console::chat::clean_escalation;
use crate::policy::sanitize::sanitize_line;
use crate::protocol::{Escalation, EscalationState, Floor, FloorAgent, Presence};

/// An escalation nobody answered for this long is highlighted and rings once.
pub const ESCALATION_ALERT_SECS: u64 = 120;

/// Something the lead can pick on the monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Escalation(Uuid),
    Chat(Uuid),
    Agent(Uuid),
}

fn secs_since(now: Timestamp, then: Timestamp) -> u64 {
    u64::try_from(now.as_second() - then.as_second()).unwrap_or(0)
}

/// The floor with every remote text made safe, sorted most urgent first.
pub fn clean_floor(mut floor: Floor) -> Floor {
    for agent in &mut floor.agents {
        agent.display_name = sanitize_line(&agent.display_name);
    }
    for queue in &mut floor.queues {
        queue.name = sanitize_line(&queue.name);
        for waiting in &mut queue.chats {
            waiting.customer_name = sanitize_line(&waiting.customer_name);
            waiting.customer_email = sanitize_line(&waiting.customer_email);
        }
    }
    for live in &mut floor.chats {
        live.chat.customer.name = sanitize_line(&live.chat.customer.name);
        live.chat.customer.email = sanitize_line(&live.chat.customer.email);
        live.chat.agent_name = live.chat.agent_name.as_deref().map(sanitize_line);
        live.chat.queue_name = sanitize_line(&live.chat.queue_name);
    }
    floor.escalations = floor
        .escalations
        .into_iter()
        .map(clean_escalation)
        .collect();
    floor
        .escalations
        .sort_by_key(|e| (urgency(e), e.created_at.as_millisecond()));
    // Customers waiting longest first; answered chats after.
    floor.chats.sort_by_key(|c| {
        (
            c.waiting_since.is_none(),
            c.waiting_since.map_or(0, |t| t.as_millisecond()),
        )
    });
    // Agents whose customer waits longest first; offline agents with nothing open last.
    floor.agents.sort_by_key(|a| {
        (
            is_off_the_floor(a),
            a.longest_wait_since.is_none(),
            a.longest_wait_since.map_or(0, |t| t.as_millisecond()),
            a.display_name.to_lowercase(),
        )
    });
    // The queue whose oldest customer waits longest first.
    floor
        .queues
        .sort_by_key(|q| std::cmp::Reverse(q.oldest_wait_secs));
    floor
}

/// How urgent an escalation is, most urgent lowest: nobody has it yet, then a lead has it,
/// then its chat has ended (still answerable), then answered.
fn urgency(e: &Escalation) -> u8 {
    match (e.state, e.chat_ended) {
        (EscalationState::Answered, _) => 3,
        (_, true) => 2,
        (EscalationState::Open, false) => 0,
        (EscalationState::Claimed, false) => 1,
    }
}

/// An agent who is offline with no chat open: on the monitor only when the lead asks.
pub fn is_off_the_floor(agent: &FloorAgent) -> bool {
    agent.presence == Presence::Offline && agent.active_chats == 0
}

/// The agents the monitor lists: everyone working, and the offline ones when `offline`.
pub fn shown_agents(floor: &Floor, offline: bool) -> impl Iterator<Item = &FloorAgent> {
    floor
        .agents
        .iter()
        .filter(move |a| offline || !is_off_the_floor(a))
}

/// What the lead can pick, in order: escalations, live chats, then agents (with the offline
/// ones when `offline`).
pub fn items(floor: &Floor, offline: bool) -> Vec<Item> {
    floor
        .escalations
        .iter()
        .map(|e| Item::Escalation(e.id))
        .chain(floor.chats.iter().map(|c| Item::Chat(c.chat.id)))
        .chain(shown_agents(floor, offline).map(|a| Item::Agent(a.id)))
        .collect()
}

/// What needs a lead now, each with a key that stays the same while it lasts (so the bell
/// rings once for it) and a sentence.
pub fn alerts(floor: &Floor, reply_breach_secs: u64, now: Timestamp) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in &floor.escalations {
        if e.state == EscalationState::Open
            && secs_since(now, e.created_at) >= ESCALATION_ALERT_SECS
        {
            out.push((
                format!("escalation-{}", e.id),
                format!(
                    "{} from {} has waited over 2 minutes",
                    e.template_name, e.agent_name
                ),
            ));
        }
    }
    for c in &floor.chats {
        if let Some(since) = c.waiting_since
            && secs_since(now, since) >= reply_breach_secs
        {
            out.push((
                format!("wait-{}-{}", c.chat.id, since.as_millisecond()),
                format!(
                    "{} has waited past the reply SLA ({})",
                    c.chat.customer.name,
                    c.chat.agent_name.as_deref().unwrap_or("no agent")
                ),
            ));
        }
    }
    out
}
