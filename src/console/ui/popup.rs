//! What pops up over the panes by itself: the offer (the rooms over them are in
//! [`crate::console::rooms`]), and where a box goes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::console::app::State;
use crate::console::keymap::Intent;
use crate::console::theme::Role;
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
    let theme = &state.settings.theme;
    let left = secs_between(offer.expires_at, state.now).max(0);
    let waited = u64::try_from(secs_between(state.now, offer.waiting_since)).unwrap_or(0);
    let more = state.offers.len().saturating_sub(1);
    let mut lines = vec![
        Line::from(Span::styled(
            sanitize_line(&offer.customer.name),
            theme[Role::Heading],
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
        // The last seconds say so with a mark as well as their look.
        Line::from(if left <= 5 {
            Span::styled(format!("expires in {left} s !"), theme[Role::Alert])
        } else {
            Span::styled(format!("expires in {left} s"), theme[Role::Warning])
        }),
        Line::from(""),
        answer_keys(state),
    ];
    if let Some(transfer) = &offer.transfer {
        // A colleague's chat: who asks, and their note, before the keys.
        let mut told = vec![Line::from(Span::styled(
            format!("From {}:", transfer.from_agent_name),
            theme[Role::Note].add_modifier(Modifier::BOLD),
        ))];
        told.extend(
            note_lines(&transfer.note)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme[Role::Note]))),
        );
        let at = lines.len() - 2;
        lines.splice(at..at, told);
    }
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
                .border_style(theme[Role::Ok].add_modifier(Modifier::BOLD))
                .title(match offer.transfer {
                    Some(_) => " Transfer offered ",
                    None => " New chat offered ",
                }),
        ),
        popup,
    );
}

/// A transfer note in lines that fit the offer box (at most four; the pane shows it whole).
fn note_lines(note: &str) -> Vec<String> {
    const WIDTH: usize = 40;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in note.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word.chars().take(WIDTH).collect::<String>());
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > 4 {
        lines.truncate(4);
        lines[3].push('…');
    }
    lines
}

/// The keys that accept and decline where the agent is, on green and red.
fn answer_keys(state: &State) -> Line<'static> {
    let (keymap, theme) = (&state.settings.keymap, &state.settings.theme);
    let place = state.place();
    let mut spans = Vec::new();
    for (intent, role, what) in [
        (Intent::AcceptOffer, Role::Accept, " accept   "),
        (Intent::DeclineOffer, Role::Decline, " decline"),
    ] {
        if let Some(keys) = keymap.keys(place, intent) {
            spans.push(Span::styled(format!(" {keys} "), theme[role]));
            spans.push(Span::raw(what));
        }
    }
    Line::from(spans)
}
