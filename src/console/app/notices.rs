//! When a notice goes. A notice tells the outcome of the last thing done or the last thing that
//! happened; it expires after [`super::NOTICE_SECS`], and the agent's next act replaces it — with
//! that act's own outcome, or nothing — so no sentence stays to contradict what followed.

use super::{Notice, State};
use crate::console::keymap::Intent;
use crate::protocol::Presence;

/// Whether `intent` is an act whose outcome replaces the notice on screen. Moving, scrolling,
/// the help and editing within a form are not: they change nothing a notice speaks of.
pub(super) fn acts(intent: Intent) -> bool {
    !matches!(
        intent,
        Intent::Help
            | Intent::ScrollBack
            | Intent::ScrollForward
            | Intent::Newline
            | Intent::Up
            | Intent::Down
            | Intent::PageUp
            | Intent::PageDown
            | Intent::First
            | Intent::Last
            | Intent::NextField
            | Intent::PrevField
            | Intent::SwitchChoice
            | Intent::ExpandShortcode
            | Intent::Unfold
    )
}

/// What the backend confirmed when the agent changed presence, in place of any older notice.
pub(super) fn presence_sentence(presence: Presence) -> &'static str {
    match presence {
        Presence::Available => "You are available: offers come to you.",
        Presence::Away => "You are away: no new offers come to you.",
        Presence::Offline => "You are offline: no new offers come to you.",
        Presence::WrapUp => "You are in wrap-up until every ended chat has its disposition.",
    }
}

impl State {
    /// Whether a notice is on screen now (it goes after its time; the clock must tick for it).
    pub fn notice_showing(&self) -> bool {
        self.notice.as_ref().is_some_and(|n| n.showing(self.now))
    }

    /// Puts `text` in the footer, as a warning or not.
    pub(crate) fn say(&mut self, text: impl Into<String>, warning: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            warning,
            at: self.now,
        });
    }
}
