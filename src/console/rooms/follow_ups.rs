//! The agent's promised follow-ups (Enter marks one done) and the tickets they opened.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{boxed, hint, hints, row};
use super::{Areas, Handled, Overlay, Room, step};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::theme::Role;
use crate::protocol::FollowUpChannel;

/// The list, with the highlighted promise.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FollowUpList {
    pub selected: usize,
}

impl Room for FollowUpList {
    fn place(&self) -> Place {
        Place::FollowUps
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => {
                let len = state.follow_ups.as_ref().map_or(0, |f| f.commitments.len());
                step(&mut self.selected, len, intent == Intent::Down);
                Handled::done()
            }
            Intent::Choose => {
                let id = state
                    .follow_ups
                    .as_ref()
                    .and_then(|f| f.commitments.get(self.selected))
                    .map(|c| c.id);
                Handled::Consumed(id.map(Command::CommitmentDone).into_iter().collect())
            }
            _ => Handled::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw_list(frame, areas.screen, state, self.selected);
    }
}

/// The follow-ups key: the list, fetched afresh.
pub fn open(state: &mut State) -> Vec<Command> {
    state.overlay = Overlay::FollowUps(FollowUpList::default());
    vec![Command::FetchFollowUps]
}

fn day_label(due: Timestamp, state: &State) -> String {
    let zone = &state.settings.time_zone;
    let due = due.to_zoned(zone.clone());
    let today = state.now.to_zoned(zone.clone()).date();
    let when = due.strftime("%H:%M").to_string();
    match due.date() {
        d if d < today => format!("OVERDUE {} {when}", due.strftime("%a %d %b")),
        d if d == today => format!("today {when}"),
        d if Some(d) == today.tomorrow().ok() => format!("tomorrow {when}"),
        _ => due.strftime("%a %d %b %H:%M").to_string(),
    }
}

fn draw_list(frame: &mut Frame, area: Rect, state: &State, selected: usize) {
    let theme = &state.settings.theme;
    let mut lines: Vec<Line> = Vec::new();
    match &state.follow_ups {
        None => lines.push(Line::from(" Fetching your follow-ups…")),
        Some(list) => {
            let done = state
                .settings
                .keymap
                .keys(Place::FollowUps, Intent::Choose)
                .map_or_else(String::new, |key| format!(" ({key} marks done)"));
            lines.push(Line::from(Span::styled(
                format!(" Promised follow-ups{done}"),
                theme[Role::Heading],
            )));
            if list.commitments.is_empty() {
                lines.push(hint(theme, "   none open"));
            }
            for (i, c) in list.commitments.iter().enumerate() {
                let by = match c.channel {
                    FollowUpChannel::Call => "call",
                    FollowUpChannel::Email => "e-mail",
                };
                lines.push(row(
                    theme,
                    format!(
                        "  {:<22} {by:<6} {} — {}",
                        day_label(c.due_at, state),
                        c.customer.name,
                        c.note
                    ),
                    i == selected,
                ));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                " Tickets opened",
                theme[Role::Heading],
            )));
            if list.tickets.is_empty() {
                lines.push(hint(theme, "   none"));
            }
            for t in list.tickets.iter().take(8) {
                lines.push(Line::from(format!(
                    "   {} {} — {} ({})",
                    t.reference(),
                    t.customer.name,
                    t.subject,
                    match t.contact {
                        crate::protocol::PreferredContact::CallBack => "call back",
                        crate::protocol::PreferredContact::Email => "e-mail",
                    }
                )));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(hints(state, Place::FollowUps, &[(Intent::Close, "closes")]));
    boxed(frame, area, 90, " Follow-ups ".into(), lines);
}
