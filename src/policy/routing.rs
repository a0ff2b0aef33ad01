//! Who gets offered a waiting chat.
//!
//! A chat is offered to one available agent serving its queue: the agent with the fewest chats
//! (active ones plus offers on screen) first, then the one idle the longest. Nobody is offered
//! more than their capacity allows, and an agent who just declined or missed a chat is not
//! offered the same chat again until the cool-down passes.

use crate::protocol::Presence;
use uuid::Uuid;

/// An agent as routing sees them at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub agent_id: Uuid,
    pub presence: Presence,
    pub serves_queue: bool,
    pub active_chats: u32,
    pub pending_offers: u32,
    /// Milliseconds since the epoch when the agent last became idle (chat ended, chat taken,
    /// or became available).
    pub idle_since_ms: i64,
    /// Declined or missed this chat recently.
    pub cooling_down: bool,
}

/// Whether an agent with `active` chats and `pending` offers may take one more.
pub fn has_room(active: u32, pending: u32, max_active: u32) -> bool {
    active + pending < max_active
}

/// Picks the agent to offer the chat to, if anyone can take it.
pub fn choose(candidates: &[Candidate], max_active: u32) -> Option<Uuid> {
    candidates
        .iter()
        .filter(|c| {
            c.presence == Presence::Available
                && c.serves_queue
                && !c.cooling_down
                && has_room(c.active_chats, c.pending_offers, max_active)
        })
        .min_by_key(|c| {
            (
                c.active_chats + c.pending_offers,
                c.idle_since_ms,
                c.agent_id,
            )
        })
        .map(|c| c.agent_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(n: u128, active: u32, idle_since_ms: i64) -> Candidate {
        Candidate {
            agent_id: Uuid::from_u128(n),
            presence: Presence::Available,
            serves_queue: true,
            active_chats: active,
            pending_offers: 0,
            idle_since_ms,
            cooling_down: false,
        }
    }

    #[test]
    fn fewest_active_chats_first() {
        let agents = [agent(1, 1, 0), agent(2, 0, 500)];
        assert_eq!(choose(&agents, 2), Some(Uuid::from_u128(2)));
    }

    #[test]
    fn then_longest_idle() {
        let agents = [agent(1, 1, 900), agent(2, 1, 100)];
        assert_eq!(choose(&agents, 2), Some(Uuid::from_u128(2)));
    }

    #[test]
    fn pending_offers_count_against_capacity() {
        let mut busy = agent(1, 1, 0);
        busy.pending_offers = 1;
        assert_eq!(choose(&[busy.clone()], 2), None);
        assert_eq!(
            choose(&[busy, agent(2, 1, 10)], 2),
            Some(Uuid::from_u128(2))
        );
    }

    #[test]
    fn nobody_at_capacity_or_unavailable_or_cooling_down() {
        let full = agent(1, 2, 0);
        let mut away = agent(2, 0, 0);
        away.presence = Presence::Away;
        let mut wrap = agent(3, 0, 0);
        wrap.presence = Presence::WrapUp;
        let mut other_queue = agent(4, 0, 0);
        other_queue.serves_queue = false;
        let mut declined = agent(5, 0, 0);
        declined.cooling_down = true;
        assert_eq!(choose(&[full, away, wrap, other_queue, declined], 2), None);
    }

    #[test]
    fn capacity_is_a_hard_limit() {
        assert!(has_room(1, 0, 2));
        assert!(!has_room(2, 0, 2));
        assert!(!has_room(1, 1, 2));
    }
}
