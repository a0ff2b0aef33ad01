//! The canned-response picker.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub use crate::console::picker::Picker;

impl Room for Picker {
    fn place(&self) -> Place {
        Place::Picker
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Choose, Intent::NextField, Intent::Close]
    }

    fn on_intent(&mut self, _intent: Intent, _state: &mut State) -> Handled {
        Handled::Ignored
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        crate::console::ui::picker::draw(frame, areas.chat, state, self);
    }
}
