//! The read-only view of a chat a lead watches, with the whispers sent into it and the line
//! to whisper to its agent.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Watch;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::theme::Role;
use crate::console::ui::escalation::whisper_lines;
use crate::console::ui::transcript;
use crate::console::wrap::wrap;

/// A watched chat, read-only, over the work area.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, watch: &Watch) {
    frame.render_widget(Clear, area);
    let theme = &state.settings.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme[Role::Info])
        .title(format!(
            " Watching {} with {} — read-only ",
            watch.chat.customer.name, watch.agent_name
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let zone = &state.settings.time_zone;
    // The whispers already sent, newest last, in up to a third of the view.
    let mut sent: Vec<Line> = watch
        .chat
        .whispers
        .iter()
        .flat_map(|w| whisper_lines(theme, w, Some(zone), inner.width))
        .collect();
    let sent_room = usize::from(inner.height / 3);
    if sent.len() > sent_room {
        let earlier = sent.len() - sent_room + 1;
        sent.drain(..earlier);
        sent.insert(
            0,
            Line::from(Span::styled(
                format!("🔒 {earlier} earlier whisper lines not shown"),
                theme[Role::Muted],
            )),
        );
    }
    // The whisper being typed, wrapped, its end in sight.
    let label = " Whisper to the agent ";
    let typed = wrap(
        &format!("{label} {}▏", watch.whisper),
        inner.width.saturating_sub(1).max(1),
    );
    let typed_rows = typed.len().clamp(1, 3);
    let [strip, body, sent_area, whisper, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(sent.len()).unwrap_or(0)),
        Constraint::Length(u16::try_from(typed_rows).unwrap_or(1)),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(sent), sent_area);
    frame.render_widget(
        Paragraph::new(format!(
            "{} · {}",
            watch.chat.customer.email, watch.chat.customer.queue_name
        ))
        .style(theme[Role::Info]),
        strip,
    );
    let keymap = &state.settings.keymap;
    let forward_key = keymap.keys(Place::Watch, Intent::ScrollForward);
    let look = transcript::TranscriptLook {
        theme,
        zone,
        unfold_key: None,
        forward_key: forward_key.as_deref(),
    };
    transcript::draw(frame, body, &watch.chat, &look);
    let label_style = theme[Role::Whisper];
    let shown = typed.len().saturating_sub(typed_rows);
    let typed_lines: Vec<Line> = typed
        .into_iter()
        .enumerate()
        .skip(shown)
        .map(|(i, line)| match line.strip_prefix(label.trim_end()) {
            Some(rest) if i == 0 => Line::from(vec![
                Span::styled(label, label_style),
                Span::raw(rest.trim_start().to_string()),
            ]),
            _ => Line::from(Span::raw(line)),
        })
        .collect();
    frame.render_widget(Paragraph::new(typed_lines), whisper);
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
        .style(theme[Role::Muted]),
        keys,
    );
}
