//! The footer: the notice while one shows, wrapped over as many rows as it needs above the
//! keys; and the keys of the moment first — the open dialog's,
//! the offer's, the focused chat's — then the rest, as many whole keys as the width holds, with
//! the help's key always among them. Every key is asked of the keymap where the agent is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::prompts::prompts;
use crate::console::theme::Role;
use crate::console::ui::layout;
use crate::protocol::ChatState;

/// The notice showing now, wrapped over its rows (see [`layout::notice_lines`]).
pub fn notice(frame: &mut Frame, area: Rect, state: &State) {
    let Some(notice) = state.notice.as_ref() else {
        return;
    };
    if area.height == 0 {
        return;
    }
    let style = state.settings.theme[if notice.warning {
        Role::Marker
    } else {
        Role::Badge
    }];
    let lines: Vec<Line> = layout::notice_lines(state, area.width)
        .into_iter()
        .map(|line| Line::from(format!(" {line} ")))
        .collect();
    frame.render_widget(Paragraph::new(lines).style(style), area);
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let mut spans = Vec::new();
    for (key, what) in keys(state, usize::from(area.width)) {
        spans.push(Span::styled(
            format!(" {key} "),
            state.settings.theme[Role::Keycap],
        ));
        spans.push(Span::raw(format!(" {what} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys the footer shows in `width` columns, in order: whole entries only, the help's
/// included.
pub fn keys(state: &State, width: usize) -> Vec<(String, &'static str)> {
    let place = state.place();
    let keymap = &state.settings.keymap;
    let mut all: Vec<(Intent, String)> = Vec::new();
    for intent in moment(state, place) {
        if all.iter().any(|(i, _)| *i == intent) {
            continue;
        }
        let keys = keymap.keys_in(place, intent);
        // An action done with either of a pair of keys shows both: "Left" alone reads as one
        // direction.
        let shown = match intent {
            Intent::SwitchChoice => keys.iter().take(2).cloned().collect::<Vec<_>>().join("/"),
            _ => keys.into_iter().next().unwrap_or_default(),
        };
        if !shown.is_empty() {
            all.push((intent, shown));
        }
    }
    let cost = |(intent, key): &(Intent, String)| {
        key.chars().count() + crate::console::keymap::short(*intent).chars().count() + 4
    };
    let help = all.iter().find(|(i, _)| *i == Intent::Help).map(&cost);
    let mut room = width.saturating_sub(help.unwrap_or(0));
    let mut shown = Vec::new();
    for entry in &all {
        if entry.0 == Intent::Help {
            shown.push((entry.1.clone(), crate::console::keymap::short(entry.0)));
            continue;
        }
        let needs = cost(entry);
        if needs <= room {
            room -= needs;
            shown.push((entry.1.clone(), crate::console::keymap::short(entry.0)));
        }
    }
    shown
}

/// What matters now, most pressing first.
fn moment(state: &State, place: Place) -> Vec<Intent> {
    let mut first = Vec::new();
    if let Some(room) = state.overlay.room() {
        first.extend(room.hints());
        first.extend([Intent::Help, Intent::Quit]);
        return first;
    }
    if place == Place::Monitor {
        first.extend([Intent::Choose, Intent::ShowOffline, Intent::CloseEscalation]);
    }
    if !state.offers.is_empty() {
        first.extend([Intent::AcceptOffer, Intent::DeclineOffer]);
    }
    if let Some(chat) = state.focused() {
        if chat.state == ChatState::Ended {
            first.push(Intent::EndOrWrapUp);
        } else {
            if !chat.verified() {
                first.push(Intent::Verification);
            }
            let suggests = prompts(chat, &state.settings.procedure, state.now)
                .iter()
                .any(|p| p.response.is_some());
            if suggests {
                first.push(Intent::InsertSuggested);
            }
            first.extend([
                Intent::Send,
                Intent::OpenPicker,
                Intent::ToggleHold,
                Intent::TransferChat,
                Intent::EndOrWrapUp,
            ]);
        }
        if state.chats.len() > 1 {
            first.push(Intent::NextPane);
        }
        first.push(Intent::Help);
        first.extend([
            Intent::Escalate,
            Intent::Verification,
            Intent::CyclePresence,
            Intent::ToggleQueue,
        ]);
    } else {
        first.extend([Intent::Help, Intent::CyclePresence, Intent::ToggleQueue]);
        if place == Place::Monitor {
            first.push(Intent::ToggleMonitor);
        }
    }
    first.push(Intent::Quit);
    first
}
