//! The help screen: every key of the active keymap, scrolled when the terminal is too short.
//! How far it scrolls comes from the layout ([`draw::extent`]), so no frame has to be drawn
//! first.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::action::Action;
use crate::console::app::State;
use crate::console::app::scrolling::PAGE;
use crate::console::keymap::{Intent, Place};

pub mod draw;

/// The help screen, scrolled so that line `top` is the first shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelpView {
    pub top: u16,
}

/// How the help fits the screen: the last `top` that still fills it, and how many lines show
/// at once (from the layout, [`draw::extent`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpExtent {
    pub most: u16,
    pub page: u16,
}

impl HelpView {
    /// Moves `lines` down (up when negative), within what there is.
    pub fn scroll_by(&mut self, lines: i32, extent: HelpExtent) {
        let next = (i32::from(self.top) + lines).clamp(0, i32::from(extent.most));
        self.top = u16::try_from(next).unwrap_or(0);
    }

    /// Moves a screenful less one line down (up when `down` is false), so one line stays.
    pub fn turn_page(&mut self, down: bool, extent: HelpExtent) {
        let page = i32::from(extent.page.saturating_sub(1).max(1));
        self.scroll_by(if down { page } else { -page }, extent);
    }

    pub fn to_top(&mut self) {
        self.top = 0;
    }

    pub fn to_end(&mut self, extent: HelpExtent) {
        self.top = extent.most;
    }
}

impl Room for HelpView {
    fn place(&self) -> Place {
        Place::Help
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        let extent = draw::extent(state);
        match intent {
            Intent::Up => self.scroll_by(-1, extent),
            Intent::Down => self.scroll_by(1, extent),
            Intent::PageUp => self.turn_page(false, extent),
            Intent::PageDown => self.turn_page(true, extent),
            Intent::First => self.to_top(),
            Intent::Last => self.to_end(extent),
            // The transcript's scroll keys, should a keymap leave them on in the help.
            Intent::ScrollBack => self.scroll_by(-i32::from(PAGE), extent),
            Intent::ScrollForward => self.scroll_by(i32::from(PAGE), extent),
            _ => return Handled::Ignored,
        }
        Handled::done()
    }

    /// The mouse wheel scrolls the help rather than the transcript under it.
    fn on_news(&mut self, news: Action, state: &State) -> Option<Action> {
        match news {
            Action::Scroll(lines) => {
                self.scroll_by(-lines, draw::extent(state));
                None
            }
            other => Some(other),
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw::draw(frame, areas.screen, state, self);
    }
}
