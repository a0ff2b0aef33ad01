//! How the console is set up: the procedure it shows, notices, the bell, keys, the theme and
//! the lead's monitor.

use jiff::Timestamp;

use crate::assets::SlaPolicy;
use crate::console::keymap::Keymap;
use crate::console::theme::Theme;
use crate::protocol::ProcedureInfo;

/// How long a notice stays on screen, in seconds, unless a newer one replaces it.
pub const NOTICE_SECS: i64 = 12;

/// A sentence for the agent, in the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub warning: bool,
    pub at: Timestamp,
}

impl Notice {
    /// Whether the notice is still on screen at `now`.
    pub fn showing(&self, now: Timestamp) -> bool {
        now.as_second() - self.at.as_second() < NOTICE_SECS
    }
}

/// How notices and the bell behave.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The backend's timers, inactivity policy and verification checklist.
    pub procedure: ProcedureInfo,
    /// Mark unknown words in the composer.
    pub spell_check: bool,
    pub bell: bool,
    pub demo: bool,
    /// Times on screen are shown in this zone.
    pub time_zone: jiff::tz::TimeZone,
    pub keymap: Keymap,
    /// How each role on screen looks (monochrome when colour is off).
    pub theme: Theme,
}

impl Settings {
    pub fn sla(&self) -> SlaPolicy {
        SlaPolicy {
            reply_warn_secs: self.procedure.reply_warn_secs,
            reply_breach_secs: self.procedure.reply_breach_secs,
            queue_wait_flag_secs: self.procedure.queue_wait_flag_secs,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonitorView {
    pub open: bool,
    /// The highlighted item, an index into [`crate::console::monitor::items`].
    pub selected: usize,
    /// Whether offline agents with no chat open are listed (dimmed).
    pub show_offline: bool,
}
