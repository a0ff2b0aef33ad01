//! The transcript of one chat, laid out from the newest message back: only what is visible is
//! wrapped, and each message's wrapped height is cached per width, so the cost of a frame does
//! not grow with the length of the history.

use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

use crate::console::chat::{ChatView, Line as Said};
use crate::protocol::Party;

/// Splits `text` into lines no wider than `width` columns, at spaces where possible.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_inclusive(' ') {
            let word_width: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            if used + word_width.saturating_sub(usize::from(word.ends_with(' '))) > width
                && used > 0
            {
                out.push(std::mem::take(&mut line).trim_end().to_string());
                used = 0;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > width && used > 0 && c != ' ' {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += w;
            }
        }
        out.push(line.trim_end().to_string());
    }
    out
}

fn author_style(author: Party) -> Style {
    match author {
        Party::Customer => Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        Party::Agent => Style::default()
            .fg(Color::Green)
            .add_modifier(Modifier::BOLD),
        Party::System => Style::default()
            .fg(Color::Magenta)
            .add_modifier(Modifier::BOLD),
    }
}

fn time_of(said: &Said, zone: &TimeZone) -> String {
    said.at.to_zoned(zone.clone()).strftime("%H:%M").to_string()
}

/// A message's lines: a header with author and time, then the wrapped body.
fn message_lines(said: &Said, width: u16, zone: &TimeZone) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(said.author_name.clone(), author_style(said.author)),
        Span::styled(
            format!("  {}", time_of(said, zone)),
            Style::default().fg(Color::DarkGray),
        ),
    ])];
    lines.extend(wrap(&said.body, width).into_iter().map(Line::from));
    lines
}

/// Draws the visible part of the transcript (and the messages still being sent) into `area`.
pub fn draw(frame: &mut Frame, area: Rect, chat: &ChatView, zone: &TimeZone) {
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
            Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
        )));
        tail.extend(
            wrap(&pending.body, width)
                .into_iter()
                .map(|l| Line::styled(l, Style::default().fg(Color::DarkGray))),
        );
    }

    // Walk back from the newest message until the screen (plus the scroll) is full, using the
    // cached heights; lay out only those messages.
    let mut heights = chat.heights.borrow_mut();
    let mut first = chat.lines.len();
    let mut total = tail.len();
    while first > 0 && total < wanted {
        first -= 1;
        let said = &chat.lines[first];
        total += usize::from(heights.get_or(first, width, || {
            u16::try_from(1 + wrap(&said.body, width).len()).unwrap_or(u16::MAX)
        }));
    }
    let mut lines: Vec<Line<'static>> = chat.lines[first..]
        .iter()
        .flat_map(|said| message_lines(said, width, zone))
        .collect();
    lines.extend(tail);

    let end = lines.len().saturating_sub(usize::from(chat.scroll));
    let start = end.saturating_sub(usize::from(area.height));
    let visible: Vec<Line<'static>> = lines[start..end].to_vec();
    frame.render_widget(Paragraph::new(visible), area);

    if chat.scroll > 0 && chat.unseen > 0 {
        let marker = format!(
            " ↓ {} new message{} — PageDown ",
            chat.unseen,
            if chat.unseen == 1 { "" } else { "s" }
        );
        let row = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        frame.render_widget(
            Paragraph::new(marker)
                .style(Style::default().fg(Color::Black).bg(Color::Yellow))
                .alignment(ratatui::layout::Alignment::Center),
            row,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn lines_never_exceed_the_width() {
        let text = "Hello there, my order 12345 from Acme Devices has not arrived 世界世界世界 👋👋👋 averyveryverylongwordwithoutspaces";
        for width in [5u16, 8, 13, 20, 40] {
            for line in wrap(text, width) {
                assert!(line.width() <= usize::from(width), "{line:?} at {width}");
            }
        }
    }

    #[test]
    fn words_stay_whole_when_they_fit() {
        assert_eq!(wrap("one two three", 8), ["one two", "three"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }
}
