//! How long a customer has waited, and whether that is fine, a warning or a breach.

use serde::Deserialize;

/// How long a customer may wait before the console warns (`[sla]` in `policy.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    pub reply_warn_secs: u64,
    pub reply_breach_secs: u64,
    pub queue_wait_flag_secs: u64,
}

/// How urgent a wait is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WaitLevel {
    Fine,
    Warning,
    Breach,
}

/// The level of a customer's wait for a reply.
pub fn reply_wait(waited_secs: u64, sla: &SlaPolicy) -> WaitLevel {
    if waited_secs >= sla.reply_breach_secs {
        WaitLevel::Breach
    } else if waited_secs >= sla.reply_warn_secs {
        WaitLevel::Warning
    } else {
        WaitLevel::Fine
    }
}

/// Whether a chat has waited in its queue long enough to be flagged.
pub fn queue_wait_flagged(waited_secs: u64, sla: &SlaPolicy) -> bool {
    waited_secs >= sla.queue_wait_flag_secs
}

/// `m:ss`, or `h:mm:ss` from an hour on.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sla() -> SlaPolicy {
        SlaPolicy {
            reply_warn_secs: 45,
            reply_breach_secs: 60,
            queue_wait_flag_secs: 30,
        }
    }

    #[test]
    fn amber_from_45_red_from_60() {
        assert_eq!(reply_wait(44, &sla()), WaitLevel::Fine);
        assert_eq!(reply_wait(45, &sla()), WaitLevel::Warning);
        assert_eq!(reply_wait(59, &sla()), WaitLevel::Warning);
        assert_eq!(reply_wait(60, &sla()), WaitLevel::Breach);
    }

    #[test]
    fn queue_waits_are_flagged_from_30_seconds() {
        assert!(!queue_wait_flagged(29, &sla()));
        assert!(queue_wait_flagged(30, &sla()));
    }

    #[test]
    fn clocks_read_naturally() {
        assert_eq!(clock(5), "0:05");
        assert_eq!(clock(75), "1:15");
        assert_eq!(clock(3725), "1:02:05");
    }
}
