//! The reviews of ended chats, one opened, and their filters.

use ratatui::Frame;

use super::{Areas, Handled, Room};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub use crate::console::dialogs::review::ReviewView;

impl Room for ReviewView {
    fn place(&self) -> Place {
        if self.form.is_some() {
            Place::ReviewFilter
        } else if self.open.is_some() {
            Place::Review
        } else {
            Place::Reviews
        }
    }

    fn hints(&self) -> &'static [Intent] {
        match self.form {
            Some(_) => &[
                Intent::Choose,
                Intent::NextField,
                Intent::PrevField,
                Intent::SwitchChoice,
                Intent::Close,
            ],
            None => &[Intent::Choose, Intent::Close],
        }
    }

    fn on_intent(&mut self, _intent: Intent, _state: &mut State) -> Handled {
        Handled::Ignored
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        crate::console::ui::review::reviews(frame, areas.screen, state, self);
    }
}
