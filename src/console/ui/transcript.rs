//! The transcript of one chat, laid out from the newest message back: only what is visible is
//! wrapped, using the heights `update` measured (see [`crate::console::scrollback`]) and
//! measuring, without keeping, any it has not, so the cost of a frame does not grow with the
//! length of the history. Drawing changes nothing.

use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::chat::{ChatView, Line as Said};
use crate::console::folding::{message_height, shown_body};
use crate::console::theme::{Role, Theme};
use crate::console::ui::rows::put_lines;
use crate::console::wrap::wrap;
use crate::protocol::Party;

/// How the name over a message looks: by who said it.
pub fn author_style(theme: &Theme, author: Party) -> Style {
    theme[match author {
        Party::Customer => Role::Customer,
        Party::Agent => Role::Agent,
        Party::System => Role::System,
    }]
}

fn time_of(said: &Said, zone: &TimeZone) -> String {
    said.at.to_zoned(zone.clone()).strftime("%H:%M").to_string()
}

/// How the transcript is drawn: the theme, the time zone of its clock times, the key that
/// unfolds long messages and the key that scrolls forward (when one is bound).
pub struct TranscriptLook<'a> {
    pub theme: &'a Theme,
    pub zone: &'a TimeZone,
    pub unfold_key: Option<&'a str>,
    pub forward_key: Option<&'a str>,
}

/// A message's lines: a header with author and time, then the wrapped body (folded when it is
/// long, with a line saying how much is folded away).
fn message_lines(
    said: &Said,
    width: u16,
    unfolded: bool,
    look: &TranscriptLook,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(
            said.author_name.to_string(),
            author_style(look.theme, said.author),
        ),
        Span::styled(
            format!("  {}", time_of(said, look.zone)),
            look.theme[Role::Muted],
        ),
    ])];
    let shown = shown_body(said, width, unfolded);
    lines.extend(shown.lines.into_iter().map(Line::from));
    if shown.folded > 0 {
        let more = match shown.folded {
            1 => "… 1 more line".to_string(),
            n => format!("… {n} more lines"),
        };
        let text = match look.unfold_key {
            Some(key) => format!("{more} ({key} shows long messages in full)"),
            None => more,
        };
        lines.push(Line::styled(
            text,
            look.theme[Role::Muted].add_modifier(Modifier::ITALIC),
        ));
    }
    lines
}

/// Draws the visible part of the transcript (and the messages still being sent) into `area`.
pub fn draw(frame: &mut Frame, area: Rect, chat: &ChatView, look: &TranscriptLook) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = area.width;
    let wanted = usize::from(area.height) + usize::from(chat.scroll);

    // Newest last: pending sends below the stored messages.
    let mut tail: Vec<Line<'static>> = Vec::new();
    for pending in &chat.pending {
        tail.push(Line::from(Span::styled(
            "You (sending…)",
            look.theme[Role::Muted].add_modifier(Modifier::BOLD),
        )));
        tail.extend(
            wrap(&pending.body, width)
                .into_iter()
                .map(|l| Line::styled(l, look.theme[Role::Muted])),
        );
    }

    // Walk back from the newest message until the screen (plus the scroll) is full, using the
    // measured heights; lay out only those messages.
    let mut first = chat.lines.len();
    let mut total = tail.len();
    while first > 0 && total < wanted {
        first -= 1;
        let said = &chat.lines[first];
        total += usize::from(
            chat.heights
                .get(first, width)
                .unwrap_or_else(|| message_height(said, width, chat.unfolded)),
        );
    }
    let mut lines: Vec<Line<'static>> = chat.lines[first..]
        .iter()
        .flat_map(|said| message_lines(said, width, chat.unfolded, look))
        .collect();
    lines.extend(tail);

    // A scroll past the first message shows the first screenful.
    let most = lines.len().saturating_sub(usize::from(area.height));
    let scroll = usize::from(chat.scroll).min(most);
    let end = lines.len().saturating_sub(scroll);
    let start = end.saturating_sub(usize::from(area.height));
    put_lines(frame.buffer_mut(), area, &lines[start..end]);

    if scroll > 0 && chat.unseen > 0 {
        let marker = format!(
            " ↓ {} new message{}{} ",
            chat.unseen,
            if chat.unseen == 1 { "" } else { "s" },
            look.forward_key
                .map_or_else(String::new, |key| format!(" — {key}"))
        );
        let row = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        frame.render_widget(
            Paragraph::new(marker)
                .style(look.theme[Role::Marker])
                .alignment(ratatui::layout::Alignment::Center),
            row,
        );
    }
}
