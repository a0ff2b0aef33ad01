//! What pops up over the panes: the offer, the queue, the end confirmation, the wrap-up list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::console::app::State;
use crate::console::ui::side;
use crate::policy::sanitize::sanitize_line;
use crate::policy::sla::clock;
use crate::protocol::Offer;

/// A centred rectangle of at most `width` × `height` inside `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

fn secs_between(later: jiff::Timestamp, earlier: jiff::Timestamp) -> i64 {
    later.as_second() - earlier.as_second()
}

pub fn offer(frame: &mut Frame, area: Rect, state: &State, offer: &Offer) {
    let left = secs_between(offer.expires_at, state.now).max(0);
    let waited = u64::try_from(secs_between(state.now, offer.waiting_since)).unwrap_or(0);
    let more = state.offers.len().saturating_sub(1);
    let mut lines = vec![
        Line::from(Span::styled(
            sanitize_line(&offer.customer.name),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(sanitize_line(&offer.customer.email)),
        Line::from(format!(
            "{}{}",
            sanitize_line(&offer.queue_name),
            offer
                .customer
                .client_id
                .as_deref()
                .map(|id| format!(" · client {}", sanitize_line(id)))
                .unwrap_or_default()
        )),
        Line::from(format!("waiting {}", clock(waited))),
        Line::from(Span::styled(
            format!("expires in {left} s"),
            Style::default().fg(if left <= 5 { Color::Red } else { Color::Yellow }),
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled(" F3 ", Style::default().fg(Color::Black).bg(Color::Green)),
            Span::raw(" accept   "),
            Span::styled(" F4 ", Style::default().fg(Color::Black).bg(Color::Red)),
            Span::raw(" decline"),
        ]),
    ];
    if more > 0 {
        lines.push(Line::from(format!("(+{more} more)")));
    }
    let height = u16::try_from(lines.len()).unwrap_or(9) + 2;
    let popup = centred(area, 44, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Double)
                .border_style(
                    Style::default()
                        .fg(Color::Green)
                        .add_modifier(Modifier::BOLD),
                )
                .title(" New chat offered "),
        ),
        popup,
    );
}

pub fn queue(frame: &mut Frame, area: Rect, state: &State, selected: usize) {
    let popup = centred(area, 50, 20);
    frame.render_widget(Clear, popup);
    side::list(
        frame,
        popup,
        state,
        Some(selected),
        "Queue — Enter picks up, Esc closes",
    );
}

pub fn confirm_end(frame: &mut Frame, area: Rect, name: &str) {
    let popup = centred(area, 46, 5);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!("End the chat with {name}?")),
            Line::from(""),
            Line::from("Y: end it    N / Esc: keep chatting"),
        ])
        .block(Block::default().borders(Borders::ALL).title(" End chat ")),
        popup,
    );
}

/// The keys of the active keymap, by place.
pub fn help(frame: &mut Frame, area: Rect, state: &State) {
    let mut lines = Vec::new();
    let title_style = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let key_style = Style::default().fg(Color::Yellow);
    for (i, (title, rows)) in state.settings.keymap.help().into_iter().enumerate() {
        if i < 2 {
            // Everywhere and the composer: a table, one key per line.
            lines.push(Line::from(Span::styled(title, title_style)));
            for (keys, what) in rows {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<24} "), key_style),
                    Span::raw(what),
                ]));
            }
            lines.push(Line::from(""));
            continue;
        }
        // Dialogs and lists: one line each, their keys side by side.
        let mut spans = vec![Span::styled(title, title_style), Span::raw("  ")];
        for (n, (keys, what)) in rows.into_iter().enumerate() {
            if n > 0 {
                spans.push(Span::raw(" · "));
            }
            spans.push(Span::styled(keys, key_style));
            spans.push(Span::raw(format!(" {}", what.to_lowercase())));
        }
        lines.push(Line::from(spans));
    }
    let width = 110.min(area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Keys — Esc closes "),
            ),
        popup,
    );
}
