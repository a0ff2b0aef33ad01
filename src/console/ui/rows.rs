//! Writing lines that are already cut to the width (a transcript's) straight into the frame's
//! cells, one line per row. Printable ASCII goes in a byte per cell; anything else goes through
//! ratatui's own writer, cluster by cluster with its width. The cells come out as a `Paragraph`
//! of the same lines would leave them, without the paragraph's second segmentation of every
//! line into clusters — the larger part of a frame's cost.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// Writes `lines` into `area` from its top row, each cut at the area's width; rows past the
/// lines are left as they are.
pub fn put_lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    let area = area.intersection(buf.area);
    for (y, line) in (area.top()..area.bottom()).zip(lines) {
        put_line(buf, area.left(), y, line, area.right());
    }
}

fn put_line(buf: &mut Buffer, mut x: u16, y: u16, line: &Line, end: u16) {
    for span in &line.spans {
        if x >= end {
            return;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            let count = text.len().min(usize::from(end - x));
            let first = buf.index_of(x, y);
            for (cell, byte) in buf.content[first..first + count]
                .iter_mut()
                .zip(text.bytes())
            {
                cell.set_char(char::from(byte)).set_style(style);
            }
            // `count` is at most `end - x`, a u16.
            x += u16::try_from(count).unwrap_or(u16::MAX);
        } else {
            x = buf.set_stringn(x, y, text, usize::from(end - x), style).0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::Span;
    use ratatui::widgets::{Paragraph, Widget};

    fn both(lines: &[Line<'static>], width: u16, height: u16) -> (Buffer, Buffer) {
        let area = Rect::new(2, 1, width, height);
        let whole = Rect::new(0, 0, width + 4, height + 2);
        let mut ours = Buffer::empty(whole);
        put_lines(&mut ours, area, lines);
        let mut theirs = Buffer::empty(whole);
        Paragraph::new(lines.to_vec()).render(area, &mut theirs);
        (ours, theirs)
    }

    #[test]
    fn styled_lines_come_out_as_a_paragraph_draws_them() {
        let lines = vec![
            Line::from(vec![
                Span::styled("Ana Lima", Style::new().fg(Color::Cyan)),
                Span::styled("  10:42", Style::new().add_modifier(Modifier::DIM)),
            ]),
            Line::styled("a line with its own style", Style::new().fg(Color::Red)),
            Line::from("café 🙂 ok, 名前 wide"),
            Line::from("a line far longer than the area is wide, cut at its edge"),
        ];
        let (ours, theirs) = both(&lines, 20, 3);
        assert_eq!(ours, theirs);
    }

    proptest! {
        /// Any text, wrapped to the width as a transcript is.
        #[test]
        fn any_wrapped_text_comes_out_as_a_paragraph_draws_it(
            texts in proptest::collection::vec("[ -~éü🙂名\u{301}]{0,40}", 0..6),
            width in 1u16..30,
        ) {
            let lines: Vec<Line<'static>> = texts
                .iter()
                .flat_map(|text| crate::console::wrap::wrap(text, width))
                .map(Line::from)
                .collect();
            let (ours, theirs) = both(&lines, width, 4);
            prop_assert_eq!(ours, theirs);
        }
    }
}
