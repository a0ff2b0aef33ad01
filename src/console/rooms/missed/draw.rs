//! The missed-chat list on screen, and the follow-up being written.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{MissedView, action_label};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::frame::{boxed, dim, position, rows_for_entries, window};
use crate::console::theme::Role;
use crate::policy::sla::clock;
use crate::protocol::MissedReason;

fn why(reason: MissedReason) -> &'static str {
    match reason {
        MissedReason::CustomerLeftQueue => "left the queue",
        MissedReason::CustomerLeftUnanswered => "left unanswered",
        MissedReason::PageClosed => "closed the page",
        MissedReason::TimedOut => "timed out",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &MissedView) {
    let theme = &state.settings.theme;
    let now = state.now;
    let old_after = state.settings.procedure.missed_highlight_after_secs;
    let mut lines = Vec::new();
    if state.missed.is_empty() {
        lines.push(Line::from(dim(theme, " Nobody fell through the cracks.")));
    }
    // Each entry takes two rows; below them a gap, the follow-up line and the hint.
    let (start, end) = window(
        view.selected,
        state.missed.len(),
        rows_for_entries(area, 3) / 2,
    );
    let shown = position(start, end, state.missed.len());
    for (i, m) in state
        .missed
        .iter()
        .enumerate()
        .skip(start)
        .take(end - start)
    {
        let age = u64::try_from(now.as_second() - m.created_at.as_second()).unwrap_or(0);
        let who = match (&m.claimed_by, &m.claimed_by_name) {
            (Some(by), _) if *by == state.me.id => "yours".to_string(),
            (Some(_), Some(name)) => name.clone(),
            _ => "unclaimed".to_string(),
        };
        let mut style = Style::default();
        // Left unclaimed too long: marked `!` as well as shown as an alert.
        let old = m.claimed_by.is_none() && age >= old_after;
        if old {
            style = theme[Role::Alert];
        }
        if i == view.selected {
            style = style.patch(theme[Role::Highlight]);
        }
        lines.push(Line::from(Span::styled(
            format!(
                "{}{:>7} ago  {:<16.16} {:<22.22} {:<10.10} {:<16} waited {}",
                if old { "!" } else { " " },
                clock(age),
                m.customer_name,
                m.customer_email,
                m.queue_name,
                why(m.why),
                clock(m.waited_secs)
            ),
            style,
        )));
        lines.push(Line::from(vec![
            dim(theme, format!("          {who:<12} ")),
            Span::raw(m.first_message.clone().unwrap_or_default()),
        ]));
    }
    lines.push(Line::from(""));
    let keymap = &state.settings.keymap;
    let switch = keymap
        .keys(Place::Missed, Intent::SwitchChoice)
        .map_or_else(String::new, |keys| format!(" ({keys})"));
    match &view.follow_up {
        Some(draft) => {
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" Follow-up: {}{switch} ", action_label(draft.action)),
                    theme[Role::Marker],
                ),
                Span::raw(format!(" {}▏", draft.note)),
            ]));
            lines.push(Line::from(dim(
                theme,
                format!(
                    " {}{shown}",
                    keymap.hints(
                        Place::Missed,
                        &[(Intent::Choose, "records it"), (Intent::Close, "goes back")],
                    )
                ),
            )));
        }
        None => lines.push(Line::from(dim(
            theme,
            format!(
                " {}{shown}",
                keymap.hints(
                    Place::Missed,
                    &[
                        (
                            Intent::Choose,
                            "claims the highlighted one and records what you did"
                        ),
                        (Intent::Close, "closes"),
                    ],
                )
            ),
        ))),
    }
    boxed(
        frame,
        area,
        110,
        format!(" Missed chats ({}) ", state.missed.len()),
        lines,
    );
}
