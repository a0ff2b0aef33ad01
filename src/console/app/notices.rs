//! When a notice goes. A notice tells the outcome of the last thing done or the last thing that
//! happened; it expires after [`super::NOTICE_SECS`], and the agent's next act replaces it — with
//! that act's own outcome, or nothing — so no sentence stays to contradict what followed.

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
