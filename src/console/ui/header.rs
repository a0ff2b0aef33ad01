//! The header line: who, presence, capacity, the queues, the connection and the clock.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::app::{Connection, State};
use crate::policy::sanitize::sanitize_line;
use crate::policy::sla::clock;
use crate::protocol::Presence;

pub fn presence_style(presence: Presence) -> Style {
    let color = match presence {
        Presence::Available => Color::Green,
        Presence::Away => Color::Yellow,
        Presence::WrapUp => Color::Magenta,
        Presence::Offline => Color::DarkGray,
    };
    Style::default()
        .fg(Color::Black)
        .bg(color)
        .add_modifier(Modifier::BOLD)
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let sep = Span::styled(" │ ", Style::default().fg(Color::DarkGray));
    let mut spans = Vec::new();
    if state.settings.demo {
        spans.push(Span::styled(
            " DEMO ",
            Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        sanitize_line(&state.me.display_name),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    spans.push(sep.clone());
    spans.push(Span::styled(
        format!(" {} ", state.me.presence.as_str().to_uppercase()),
        presence_style(state.me.presence),
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
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        }
        _ => Style::default(),
    };
    spans.push(Span::styled(queue_text, queue_style));
    spans.push(sep.clone());
    if !state.missed.is_empty() {
        spans.push(Span::styled(
            format!("missed {}", state.missed.len()),
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
        spans.push(sep.clone());
    }
    let due = state.follow_ups_due_today();
    if due > 0 {
        spans.push(Span::styled(
            format!("follow-ups due {due}"),
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(sep.clone());
    }
    spans.push(match &state.connection {
        Connection::Online => Span::styled("● online", Style::default().fg(Color::Green)),
        Connection::Reconnecting { .. } => Span::styled(
            "◌ reconnecting",
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
        Connection::SignedOut(_) => Span::styled(
            "✕ signed out",
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
    });
    spans.push(sep);
    let local = state.now.to_zoned(state.settings.time_zone.clone());
    spans.push(Span::raw(local.strftime("%H:%M").to_string()));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::default().bg(Color::Black)),
        area,
    );
}
