//! Chats whose customer left before anyone answered.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub use crate::console::dialogs::review::MissedView;

impl Room for MissedView {
    fn place(&self) -> Place {
        Place::Missed
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Choose, Intent::Close]
    }

    fn on_intent(&mut self, _intent: Intent, _state: &mut State) -> Handled {
        Handled::Ignored
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        crate::console::ui::review::missed(frame, areas.screen, state, self);
    }
}
