//! The transcript menu: save the focused chat's transcript as a file, or e-mail it to the
//! customer.

use ratatui::Frame;
use ratatui::text::Line;
use uuid::Uuid;

use super::frame::{boxed, hint, row};
use super::{Areas, Handled, Overlay, Room, step};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::policy::email::usable_address;
use crate::transcript::Format;

/// What the transcript menu offers, in order.
pub const EXPORTS: [(&str, Option<Format>); 4] = [
    ("Save as text", Some(Format::Text)),
    ("Save as Markdown", Some(Format::Markdown)),
    ("Save as JSON", Some(Format::Json)),
    ("E-mail it to the customer", None),
];

/// The menu for chat `chat`, with the highlighted entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportMenu {
    pub chat: Uuid,
    pub selected: usize,
}

impl Room for ExportMenu {
    fn place(&self) -> Place {
        Place::Export
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                step(&mut self.selected, EXPORTS.len(), intent == Intent::Down);
                Handled::done()
            }
            Intent::Choose => Handled::Closed(self.choose(state)),
            _ => Handled::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        let theme = &state.settings.theme;
        let mut lines: Vec<Line> = EXPORTS
            .iter()
            .enumerate()
            .map(|(i, (label, _))| row(theme, format!(" {label}"), i == self.selected))
            .collect();
        lines.push(Line::from(""));
        lines.push(hint(
            theme,
            &format!(
                " Files go to the transcripts folder · {}",
                state.settings.keymap.hints(
                    Place::Export,
                    &[(Intent::Choose, "chooses"), (Intent::Close, "closes")],
                )
            ),
        ));
        boxed(frame, areas.chat, 56, " Transcript ".into(), lines);
    }
}

impl ExportMenu {
    fn choose(&self, state: &mut State) -> Vec<Command> {
        let chat = self.chat;
        match EXPORTS.get(self.selected).map(|e| e.1) {
            Some(Some(format)) => vec![Command::ExportTranscript { chat, format }],
            Some(None) => {
                let to = state
                    .chats
                    .iter()
                    .find(|c| c.id == chat)
                    .map(|c| c.customer.email.clone())
                    .unwrap_or_default();
                // The backend's own rule: an address it would refuse is not sent at all.
                match usable_address(&to) {
                    Ok(to) => vec![Command::EmailTranscript { chat, to }],
                    Err(why) => {
                        state.say(format!("The transcript was not e-mailed: {why}"), true);
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        }
    }
}

/// The transcript key: the menu for the focused chat.
pub fn open(state: &mut State) -> Vec<Command> {
    match state.focused() {
        Some(chat) => {
            state.overlay = Overlay::Export(ExportMenu {
                chat: chat.id,
                selected: 0,
            })
        }
        None => state.say(
            "Open a chat first; its transcript is what gets exported.",
            false,
        ),
    }
    Vec::new()
}
