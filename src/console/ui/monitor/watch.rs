//! The read-only view of a chat a lead watches, with the whispers sent into it and the line
//! to whisper to its agent.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::monitor::Watch;
use crate::console::ui::transcript;

/// A watched chat, read-only, over the work area.
pub fn watch(frame: &mut Frame, area: Rect, state: &State, watch: &Watch) {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(
            " Watching {} with {} — read-only ",
            watch.chat.customer.name, watch.agent_name
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [strip, body, whisper, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(format!(
            "{} · {}",
            watch.chat.customer.email, watch.chat.customer.queue_name
        ))
        .style(Style::default().fg(Color::Cyan)),
        strip,
    );
    let keymap = &state.settings.keymap;
    let forward_key = keymap.keys(Place::Watch, Intent::ScrollForward);
    let look = transcript::TranscriptLook {
        zone: &state.settings.time_zone,
        unfold_key: None,
        forward_key: forward_key.as_deref(),
    };
    transcript::draw(frame, body, &watch.chat, &look);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                " Whisper to the agent ",
                Style::default()
                    .fg(Color::Black)
                    .bg(Color::Magenta)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(" {}▏", watch.whisper)),
        ])),
        whisper,
    );
    frame.render_widget(
        Paragraph::new(format!(
            " {}",
            keymap.hints(
                Place::Watch,
                &[
                    (Intent::Send, "whispers (never shown to the customer)"),
                    (Intent::TakeOver, "takes the chat over"),
                    (Intent::Close, "closes"),
                ]
            )
        ))
        .style(Style::default().fg(Color::DarkGray)),
        keys,
    );
}
