//! What an agent's presence may become, and how ending chats and recording dispositions move it.
//!
//! After a chat ends its agent owes a disposition and notes; until every ended chat has them the
//! agent cannot become available (the wrap-up gate). Recording the last one returns an agent in
//! wrap-up to available, as the agent expects.

use crate::protocol::Presence;
use uuid::Uuid;

/// An ended chat that still lacks its disposition.
#[derive(Debug, Clone, PartialEq)]
pub struct AwaitingDisposition {
    pub chat_id: Uuid,
    pub customer_name: String,
}

/// Why a presence change was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    AwaitingDisposition {
        chat: AwaitingDisposition,
        others: usize,
    },
}

impl Refusal {
    /// A sentence for the agent who tried to go available.
    pub fn sentence(&self) -> String {
        self.sentence_before("going available")
    }

    /// A sentence for the agent who tried `action` (e.g. "taking another chat").
    pub fn sentence_before(&self, action: &str) -> String {
        match self {
            Refusal::AwaitingDisposition { chat, others } => {
                let more = match others {
                    0 => String::new(),
                    1 => " (and 1 other chat)".to_string(),
                    n => format!(" (and {n} other chats)"),
                };
                format!(
                    "Record a disposition and notes for the chat with {} ({}){more} before {action}.",
                    chat.customer_name, chat.chat_id
                )
            }
        }
    }
}

/// Whether an agent may switch to `target` while these chats wait for a disposition.
pub fn may_become(target: Presence, awaiting: &[AwaitingDisposition]) -> Result<(), Refusal> {
    match (target, awaiting.split_first()) {
        (Presence::Available, Some((first, rest))) => Err(Refusal::AwaitingDisposition {
            chat: first.clone(),
            others: rest.len(),
        }),
        _ => Ok(()),
    }
}

/// Whether an agent may take another chat (from the queue, whatever their presence): not while
/// an ended chat still lacks its disposition.
pub fn may_take_chat(awaiting: &[AwaitingDisposition]) -> Result<(), Refusal> {
    may_become(Presence::Available, awaiting)
}

/// Presence after one of the agent's chats ends.
pub fn after_chat_ended(current: Presence) -> Presence {
    match current {
        Presence::Available => Presence::WrapUp,
        other => other,
    }
}

/// Presence after a disposition is recorded, with `still_awaiting` chats left.
pub fn after_disposition(current: Presence, still_awaiting: usize) -> Presence {
    match (current, still_awaiting) {
        (Presence::WrapUp, 0) => Presence::Available,
        (other, _) => other,
    }
}

/// Whether new chats are offered to an agent in this presence.
pub fn takes_offers(presence: Presence) -> bool {
    presence == Presence::Available
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(n: u128) -> AwaitingDisposition {
        AwaitingDisposition {
            chat_id: Uuid::from_u128(n),
            customer_name: format!("Customer {n}"),
        }
    }

    #[test]
    fn available_is_refused_while_a_disposition_is_missing() {
        let refusal = may_become(Presence::Available, &[waiting(7)]).unwrap_err();
        let sentence = refusal.sentence();
        assert!(sentence.contains("Customer 7"), "{sentence}");
        assert!(
            sentence.contains(&Uuid::from_u128(7).to_string()),
            "{sentence}"
        );
    }

    #[test]
    fn taking_a_chat_is_gated_the_same_way() {
        let refusal = may_take_chat(&[waiting(4)]).unwrap_err();
        assert!(
            refusal
                .sentence_before("taking another chat")
                .ends_with("before taking another chat.")
        );
        assert!(may_take_chat(&[]).is_ok());
    }

    #[test]
    fn other_presences_are_always_allowed() {
        for p in [Presence::Away, Presence::Offline, Presence::WrapUp] {
            assert!(may_become(p, &[waiting(1), waiting(2)]).is_ok());
        }
        assert!(may_become(Presence::Available, &[]).is_ok());
    }

    #[test]
    fn the_sentence_counts_the_others() {
        let refusal = may_become(Presence::Available, &[waiting(1), waiting(2), waiting(3)]);
        assert!(
            refusal
                .unwrap_err()
                .sentence()
                .contains("and 2 other chats")
        );
    }

    #[test]
    fn ending_a_chat_moves_available_to_wrap_up_and_the_last_disposition_back() {
        assert_eq!(after_chat_ended(Presence::Available), Presence::WrapUp);
        assert_eq!(after_chat_ended(Presence::Away), Presence::Away);
        assert_eq!(after_disposition(Presence::WrapUp, 1), Presence::WrapUp);
        assert_eq!(after_disposition(Presence::WrapUp, 0), Presence::Available);
        assert_eq!(after_disposition(Presence::Away, 0), Presence::Away);
    }
}
