//! A silent customer: when to nudge them and when to end the chat. The backend acts on these
//! moments; the console counts down to them.

use crate::protocol::{InactivityInfo, Party};

/// What a chat's silence is counted from. Times are milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Silence {
    /// The chat is active (accepted, not ended).
    pub active: bool,
    pub on_hold: bool,
    /// The agent's last message (system messages do not count), moved to the end of a hold the
    /// customer had not answered before, and none for an agent who just took the chat.
    pub last_agent_ms: Option<i64>,
    pub last_customer_ms: Option<i64>,
    /// When the backend last nudged the customer.
    pub nudged_ms: Option<i64>,
}

impl Silence {
    /// A message was stored: the agent's or the customer's counts, the backend's own do not.
    /// The backend keeps these moments with the chat; a console keeps them the same way from
    /// the messages it is sent, starting from what the backend said of the chat.
    pub fn heard(&mut self, author: Party, at_ms: i64) {
        let last = match author {
            Party::Agent => &mut self.last_agent_ms,
            Party::Customer => &mut self.last_customer_ms,
            Party::System => return,
        };
        *last = Some(last.map_or(at_ms, |known| known.max(at_ms)));
    }
}

/// The next thing the inactivity policy does to a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Post the "are you still there?" message.
    Nudge,
    /// Post the disconnect message and end the chat.
    End,
}

/// A step and the moment it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub step: Step,
    pub at_ms: i64,
}

/// The silence started at the agent's last message, when the customer has not answered it.
/// Nothing is due before the agent has written, after the customer answered, or while the
/// customer is on hold (they are waiting for the agent then, not the other way round).
pub fn next(policy: &InactivityInfo, chat: &Silence) -> Option<Due> {
    if !chat.active || chat.on_hold {
        return None;
    }
    let start = chat.last_agent_ms?;
    if chat.last_customer_ms.is_some_and(|c| c >= start) {
        return None;
    }
    let secs = |s: u64| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX);
    let nudged = chat.nudged_ms.is_some_and(|n| n >= start);
    match policy.nudge_after_secs {
        Some(after) if !nudged && after < policy.end_after_secs => Some(Due {
            step: Step::Nudge,
            at_ms: start.saturating_add(secs(after)),
        }),
        _ => Some(Due {
            step: Step::End,
            at_ms: start.saturating_add(secs(policy.end_after_secs)),
        }),
    }
}

/// Fills `{customer.first_name}` in a nudge or disconnect text; an unknown name leaves a
/// greeting that still reads well.
pub fn fill(text: &str, customer_name: &str) -> String {
    let first = customer_name.split_whitespace().next().unwrap_or("there");
    text.replace("{customer.first_name}", first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(nudge: Option<u64>, end: u64) -> InactivityInfo {
        InactivityInfo {
            preset: "custom".into(),
            nudge_after_secs: nudge,
            end_after_secs: end,
            nudge_text: "Are you there, {customer.first_name}?".into(),
            disconnect_text: "Goodbye {customer.first_name}.".into(),
        }
    }

    fn waiting_since(agent_ms: i64) -> Silence {
        Silence {
            active: true,
            on_hold: false,
            last_agent_ms: Some(agent_ms),
            last_customer_ms: Some(agent_ms - 5_000),
            nudged_ms: None,
        }
    }

    #[test]
    fn nudge_then_end_counted_from_the_agents_last_message() {
        let p = policy(Some(180), 300);
        let chat = waiting_since(1_000_000);
        assert_eq!(
            next(&p, &chat),
            Some(Due {
                step: Step::Nudge,
                at_ms: 1_180_000
            })
        );
        let nudged = Silence {
            nudged_ms: Some(1_180_000),
            ..chat
        };
        assert_eq!(
            next(&p, &nudged),
            Some(Due {
                step: Step::End,
                at_ms: 1_300_000
            })
        );
    }

    #[test]
    fn a_hard_time_out_has_no_nudge() {
        let p = policy(None, 240);
        assert_eq!(
            next(&p, &waiting_since(0)),
            Some(Due {
                step: Step::End,
                at_ms: 240_000
            })
        );
    }

    #[test]
    fn nothing_is_due_when_the_customer_answered_is_on_hold_or_the_chat_is_not_active() {
        let p = policy(Some(120), 240);
        let answered = Silence {
            last_customer_ms: Some(2_000),
            ..waiting_since(1_000)
        };
        assert_eq!(next(&p, &answered), None);
        let held = Silence {
            on_hold: true,
            ..waiting_since(1_000)
        };
        assert_eq!(next(&p, &held), None);
        let ended = Silence {
            active: false,
            ..waiting_since(1_000)
        };
        assert_eq!(next(&p, &ended), None);
        let agent_silent = Silence {
            last_agent_ms: None,
            ..waiting_since(1_000)
        };
        assert_eq!(next(&p, &agent_silent), None);
    }

    #[test]
    fn an_old_nudge_does_not_count_for_a_new_silence() {
        let p = policy(Some(120), 240);
        let chat = Silence {
            nudged_ms: Some(500_000),
            ..waiting_since(900_000)
        };
        assert_eq!(next(&p, &chat).map(|d| d.step), Some(Step::Nudge));
    }

    #[test]
    fn fill_uses_the_first_name() {
        assert_eq!(
            fill("Hello {customer.first_name},", "Ana Lima"),
            "Hello Ana,"
        );
        assert_eq!(fill("Hello {customer.first_name},", "  "), "Hello there,");
    }
}
