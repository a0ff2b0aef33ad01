//! The verification checklist of a chat: ticking what the customer confirmed.

use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use uuid::Uuid;

use super::frame::{boxed, hints, row};
use super::{Areas, Handled, Overlay, Room, step};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::theme::Role;

/// The checklist of chat `chat`, with the highlighted check.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub chat: Uuid,
    pub selected: usize,
}

impl Room for Checklist {
    fn place(&self) -> Place {
        Place::Checklist
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Toggle, Intent::Close]
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                let len = state
                    .chats
                    .iter()
                    .find(|c| c.id == self.chat)
                    .map_or(0, |c| c.verification.len());
                step(&mut self.selected, len, intent == Intent::Down);
                Handled::done()
            }
            Intent::Toggle => self.toggle(state),
            _ => Handled::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        let theme = &state.settings.theme;
        let Some(view) = state.chats.iter().find(|c| c.id == self.chat) else {
            return;
        };
        let mut lines: Vec<Line> = view
            .verification
            .iter()
            .enumerate()
            .map(|(i, check)| {
                let tick = if check.done { "[x]" } else { "[ ]" };
                row(
                    theme,
                    format!(" {tick} {}", check.label),
                    i == self.selected,
                )
            })
            .collect();
        lines.push(Line::from(""));
        lines.push(if view.verified() {
            Line::from(Span::styled(
                " Verified: account details may be shared.",
                theme[Role::Ok].add_modifier(Modifier::BOLD),
            ))
        } else {
            Line::from(Span::styled(
                " NOT VERIFIED: share no account details yet.",
                theme[Role::Error],
            ))
        });
        lines.push(hints(
            state,
            Place::Checklist,
            &[(Intent::Toggle, "ticks"), (Intent::Close, "closes")],
        ));
        boxed(
            frame,
            areas.chat,
            60,
            format!(" Verify {} ", view.customer.name),
            lines,
        );
    }
}

impl Checklist {
    fn toggle(&self, state: &mut State) -> Handled {
        let Some(view) = state.chats.iter_mut().find(|c| c.id == self.chat) else {
            return Handled::closed();
        };
        let Some(check) = view.verification.get_mut(self.selected) else {
            return Handled::done();
        };
        // Shown at once; the backend's answer (chat.updated) confirms or corrects it.
        check.done = !check.done;
        Handled::Consumed(vec![Command::SetCheck {
            chat: self.chat,
            check: check.id.clone(),
            done: check.done,
        }])
    }
}

/// The verification key: the focused chat's checklist.
pub fn open(state: &mut State) -> Vec<Command> {
    match state.focused() {
        Some(chat) if chat.verification.is_empty() => {
            state.say("This backend has no verification checklist.", false);
        }
        Some(chat) => {
            state.overlay = Overlay::Checklist(Checklist {
                chat: chat.id,
                selected: 0,
            });
        }
        None => state.say("Open a chat first; verification belongs to a chat.", false),
    }
    Vec::new()
}
