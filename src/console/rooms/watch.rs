//! A lead watching someone else's chat, with a line to whisper to its agent.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub use crate::console::monitor::Watch;

impl Room for Watch {
    fn place(&self) -> Place {
        Place::Watch
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Choose, Intent::Close]
    }

    fn on_intent(&mut self, _intent: Intent, _state: &mut State) -> Handled {
        Handled::Ignored
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        crate::console::ui::monitor::watch(frame, areas.work, state, self);
    }
}
