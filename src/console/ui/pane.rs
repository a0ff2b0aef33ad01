//! One chat pane: the customer strip, the timers, the transcript and the composer.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use crate::assets::SlaPolicy;
use crate::console::app::State;
use crate::console::chat::ChatView;
use crate::console::ui::transcript;
use crate::policy::sla::{WaitLevel, clock, reply_wait};
use crate::protocol::{ChatState, Party};

fn secs_since(now: Timestamp, then: Timestamp) -> u64 {
    u64::try_from(now.as_second() - then.as_second()).unwrap_or(0)
}

fn timers(chat: &ChatView, now: Timestamp, sla: &SlaPolicy) -> Line<'static> {
    let mut spans = Vec::new();
    if let Some(accepted) = chat.accepted_at {
        spans.push(Span::raw(format!(
            "in chat {}",
            clock(secs_since(now, accepted))
        )));
    }
    match chat.state {
        ChatState::Ended => {
            let who = match chat.ended_by {
                Some(Party::Customer) => "The customer ended the chat",
                _ => "Chat ended",
            };
            spans.push(Span::styled(
                format!("  {who} — F8 to wrap up"),
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
            ));
        }
        _ => {
            if let Some(since) = chat.waiting_since() {
                let waited = secs_since(now, since);
                let style = match reply_wait(waited, sla) {
                    WaitLevel::Fine => Style::default().fg(Color::Green),
                    WaitLevel::Warning => Style::default()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD),
                    WaitLevel::Breach => Style::default()
                        .fg(Color::White)
                        .bg(Color::Red)
                        .add_modifier(Modifier::BOLD),
                };
                spans.push(Span::raw("  "));
                spans.push(Span::styled(format!(" waiting {} ", clock(waited)), style));
            } else {
                spans.push(Span::styled(
                    "  answered",
                    Style::default().fg(Color::DarkGray),
                ));
            }
        }
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, chat: &ChatView, focused: bool, state: &State) {
    let (now, sla) = (state.now, &state.settings.sla);
    let border = if focused {
        Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(Color::DarkGray)
    };
    let marker = if focused { "▶ " } else { "" };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(Span::styled(
            format!(
                " {marker}{} · {} ",
                chat.customer.name, chat.customer.queue_name
            ),
            border,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let note_height = u16::from(chat.transfer_note.is_some());
    let composer_height = if inner.height > 12 { 4 } else { 3 };
    let [strip, timer, note_row, body, composer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(note_height),
        Constraint::Min(0),
        Constraint::Length(composer_height),
    ])
    .areas(inner);

    let mut details = vec![Span::styled(
        chat.customer.email.clone(),
        Style::default().fg(Color::Cyan),
    )];
    if let Some(id) = &chat.customer.client_id {
        details.push(Span::raw(format!(" · client {id}")));
    }
    details.push(Span::raw(format!(" · {}", chat.customer.queue_name)));
    frame.render_widget(Paragraph::new(Line::from(details)), strip);
    frame.render_widget(Paragraph::new(timers(chat, now, sla)), timer);
    if let Some(note) = &chat.transfer_note {
        frame.render_widget(
            Paragraph::new(format!("Transfer note: {}", note.replace('\n', " "))).style(
                Style::default()
                    .fg(Color::Magenta)
                    .add_modifier(Modifier::ITALIC),
            ),
            note_row,
        );
    }
    transcript::draw(frame, body, chat, &state.settings.time_zone);

    let mut area = chat.composer.clone();
    area.set_block(
        Block::default()
            .borders(Borders::TOP)
            .border_style(Style::default().fg(Color::DarkGray)),
    );
    if !focused {
        area.set_cursor_style(Style::default());
    }
    frame.render_widget(&area, composer);
}
