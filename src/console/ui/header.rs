//! The header line: who, presence, capacity, the queues, the connection and the clock.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::app::{Connection, State};
use crate::console::theme::{Role, Theme};
use crate::policy::sanitize::sanitize_line;
use crate::policy::sla::clock;
use crate::protocol::Presence;

pub fn presence_style(theme: &Theme, presence: Presence) -> Style {
    theme[match presence {
        Presence::Available => Role::Available,
        Presence::Away => Role::Away,
        Presence::WrapUp => Role::WrapUp,
        Presence::Offline => Role::Offline,
    }]
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let theme = &state.settings.theme;
    let sep = Span::styled(" │ ", theme[Role::Muted]);
    let mut spans = Vec::new();
    if state.settings.demo {
        spans.push(Span::styled(" DEMO ", theme[Role::Badge]));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        sanitize_line(&state.me.display_name),
        theme[Role::Heading],
    ));
    spans.push(sep.clone());
    spans.push(Span::styled(
        format!(" {} ", state.me.presence.as_str().to_uppercase()),
        presence_style(theme, state.me.presence),
    ));
    spans.push(sep.clone());
    spans.push(Span::raw(format!(
        "chats {}/{}",
        state.active_chats(),
        state.me.capacity
    )));
    spans.push(sep.clone());
    let waiting = state.waiting();
    let oldest = waiting
        .first()
        .map(|c| u64::try_from(state.now.as_second() - c.queued_at.as_second()).unwrap_or(0));
    let queue_text = match oldest {
        Some(secs) => format!("queue {} · oldest {}", waiting.len(), clock(secs)),
        None => "queue empty".to_string(),
    };
    let queue_style = match oldest {
        Some(secs) if crate::policy::sla::queue_wait_flagged(secs, &state.settings.sla()) => {
            theme[Role::Warning]
        }
        _ => Style::default(),
    };
    spans.push(Span::styled(queue_text, queue_style));
    spans.push(sep.clone());
    if !state.missed.is_empty() {
        spans.push(Span::styled(
            format!("missed {}", state.missed.len()),
            theme[Role::Error],
        ));
        spans.push(sep.clone());
    }
    let due = state.follow_ups_due_today();
    if due > 0 {
        spans.push(Span::styled(
            format!("follow-ups due {due}"),
            theme[Role::Warning],
        ));
        spans.push(sep.clone());
    }
    spans.push(match &state.connection {
        Connection::Online => Span::styled("● online", theme[Role::Ok]),
        Connection::Reconnecting { .. } => Span::styled("◌ reconnecting", theme[Role::Alert]),
        Connection::SignedOut(_) => Span::styled("✕ signed out", theme[Role::Alert]),
    });
    spans.push(sep);
    let local = state.now.to_zoned(state.settings.time_zone.clone());
    spans.push(Span::raw(local.strftime("%H:%M").to_string()));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme[Role::Bar]),
        area,
    );
}
