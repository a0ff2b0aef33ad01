//! The waiting customers, always on screen: a side list when the terminal is wide, a one-line
//! strip when it is narrow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use crate::console::app::State;
use crate::console::keymap::Intent;
use crate::console::theme::Role;
use crate::policy::sanitize::sanitize_line;
use crate::policy::sla::{clock, queue_wait_flagged};

fn waited(state: &State, queued_at: jiff::Timestamp) -> u64 {
    u64::try_from(state.now.as_second() - queued_at.as_second()).unwrap_or(0)
}

/// A queue as people call it ("Billing"), not its id ("billing").
fn queue_name<'a>(state: &'a State, id: &'a str) -> &'a str {
    state
        .queues
        .iter()
        .find(|q| q.id == id)
        .map_or(id, |q| q.name.as_str())
}

/// The waiting list; `selected` highlights a row (in the queue view).
pub fn list(frame: &mut Frame, area: Rect, state: &State, selected: Option<usize>, title: &str) {
    let (waiting, theme) = (state.waiting(), &state.settings.theme);
    let items: Vec<ListItem> = if waiting.is_empty() {
        vec![ListItem::new(Span::styled(
            "Nobody is waiting.",
            theme[Role::Muted],
        ))]
    } else {
        waiting
            .iter()
            .map(|c| {
                let secs = waited(state, c.queued_at);
                let style = if queue_wait_flagged(secs, &state.settings.sla()) {
                    theme[Role::Warning]
                } else {
                    Style::default()
                };
                ListItem::new(vec![
                    Line::from(vec![
                        Span::styled(format!("{:>5} ", clock(secs)), style),
                        Span::raw(sanitize_line(&c.customer_name)),
                    ]),
                    Line::styled(
                        format!("      {}", sanitize_line(queue_name(state, &c.queue))),
                        theme[Role::Muted],
                    ),
                ])
            })
            .collect()
    };
    let list = List::new(items)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {title} ({}) ", waiting.len())),
        )
        .highlight_style(theme[Role::Highlight])
        .highlight_symbol("▶");
    let mut selection =
        ListState::default().with_selected(selected.filter(|_| !waiting.is_empty()));
    frame.render_stateful_widget(list, area, &mut selection);
}

/// One line for narrow terminals.
pub fn strip(frame: &mut Frame, area: Rect, state: &State) {
    let (waiting, theme) = (state.waiting(), &state.settings.theme);
    let text = match waiting.first() {
        None => Span::styled(" Nobody waiting in your queues", theme[Role::Muted]),
        Some(first) => {
            let secs = waited(state, first.queued_at);
            Span::styled(
                format!(
                    " {} waiting — longest {} ({}){}",
                    waiting.len(),
                    sanitize_line(&first.customer_name),
                    clock(secs),
                    state
                        .settings
                        .keymap
                        .keys(state.place(), Intent::ToggleQueue)
                        .map_or_else(String::new, |key| format!(" — {key} to pick up"))
                ),
                theme[Role::Warning],
            )
        }
    };
    frame.render_widget(Paragraph::new(Line::from(text)), area);
}
