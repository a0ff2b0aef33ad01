//! A list on the monitor: columns fitted to the width it has (the least important give way
//! first), the rows around the highlighted one, and how many rows are above and below what
//! is shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::console::theme::{Role, Theme};

/// One column of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// The width that shows every value whole.
    pub want: u16,
    /// The narrowest the column may be and still say something.
    pub least: u16,
    /// How much the column matters: when the list is narrow, the lowest go first.
    pub keep: u8,
}

impl Column {
    pub const fn new(title: &'static str, want: u16, least: u16, keep: u8) -> Column {
        Column {
            title,
            want,
            least,
            keep,
        }
    }
}

/// The width of each column in `room` cells (a space before each column), `None` for a
/// column left out. Columns are left out, least important first, until the others fit at
/// their least width; the room left widens them all a cell at a time (the most important
/// first), up to what each wants.
pub fn fit(columns: &[Column], room: u16) -> Vec<Option<u16>> {
    let mut kept = vec![true; columns.len()];
    let need = |kept: &[bool]| -> u32 {
        columns
            .iter()
            .zip(kept)
            .filter(|(_, k)| **k)
            .map(|(c, _)| u32::from(c.least) + 1)
            .sum()
    };
    while need(&kept) > u32::from(room) && kept.iter().filter(|k| **k).count() > 1 {
        let dropped = (0..columns.len())
            .filter(|i| kept[*i])
            .min_by_key(|i| (columns[*i].keep, std::cmp::Reverse(*i)));
        if let Some(i) = dropped {
            kept[i] = false;
        }
    }
    let mut spare = u32::from(room).saturating_sub(need(&kept));
    let mut widths: Vec<Option<u16>> = columns
        .iter()
        .zip(&kept)
        .map(|(c, k)| k.then_some(c.least))
        .collect();
    let mut order: Vec<usize> = (0..columns.len()).filter(|i| kept[*i]).collect();
    order.sort_by_key(|i| (std::cmp::Reverse(columns[*i].keep), *i));
    // A cell at a time to each column still short of what it wants, most important first, so
    // a narrow list cuts every value a little rather than one to nothing.
    while spare > 0 {
        let mut widened = false;
        for i in &order {
            if spare == 0 {
                break;
            }
            if let Some(w) = &mut widths[*i]
                && *w < columns[*i].want
            {
                *w += 1;
                spare -= 1;
                widened = true;
            }
        }
        if !widened {
            break;
        }
    }
    widths
}

/// The first row to show of `len` rows in `rows` lines so that `selected` is on screen, with
/// one row after it when there is one (so Down never moves onto a row out of sight).
pub fn first_shown(len: usize, selected: Option<usize>, rows: usize) -> usize {
    let Some(selected) = selected.filter(|s| *s < len) else {
        return 0;
    };
    if rows == 0 || len <= rows {
        return 0;
    }
    let last_wanted = (selected + 1).min(len - 1);
    (last_wanted + 1).saturating_sub(rows).min(len - rows)
}

/// `text` cut or padded to exactly `width` cells; a cut ends in `…`.
pub fn cell(text: &str, width: u16) -> String {
    let width = usize::from(width);
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return format!("{text}{}", " ".repeat(width - total));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// One row: a text per column (with its own colour, if any) and the row's style.
pub struct Row {
    pub cells: Vec<(String, Option<Style>)>,
    pub style: Style,
}

/// A list to draw: its title, its columns, its rows and which one is highlighted.
pub struct List<'a> {
    pub title: String,
    pub columns: &'a [Column],
    pub rows: Vec<Row>,
    pub selected: Option<usize>,
    /// What an empty list says.
    pub empty: &'a str,
}

impl List<'_> {
    /// The width that shows every column whole, borders included.
    pub fn wanted_width(&self) -> u16 {
        to_content(self.columns, &self.rows)
            .iter()
            .map(|c| c.want + 1)
            .sum::<u16>()
            + 2
    }
}

/// `↑ 3 above · ↓ 12 below`, or nothing when every row is shown.
pub fn beyond(above: usize, below: usize) -> String {
    let mut parts = Vec::new();
    if above > 0 {
        parts.push(format!("↑ {above} above"));
    }
    if below > 0 {
        parts.push(format!("↓ {below} below"));
    }
    parts.join(" · ")
}

fn section(title: &str, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme[Role::Muted])
        .title(Span::styled(format!(" {title} "), theme[Role::Heading]))
}

/// `columns` wanting no more than their title and their widest value need.
fn to_content(columns: &[Column], rows: &[Row]) -> Vec<Column> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let widest = rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|(text, _)| text.width())
                .chain([c.title.width()])
                .max()
                .unwrap_or(0);
            let widest = u16::try_from(widest).unwrap_or(u16::MAX);
            Column {
                want: c.want.min(widest).max(c.least),
                ..*c
            }
        })
        .collect()
}

/// Draws `list` in `area`: a header row, then the rows around the highlighted one.
pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme, list: List) {
    let block = section(&list.title, theme);
    let inner = block.inner(area);
    let widths = fit(&to_content(list.columns, &list.rows), inner.width);
    let rows = usize::from(inner.height.saturating_sub(1));
    let first = first_shown(list.rows.len(), list.selected, rows);
    let shown = list.rows.len().saturating_sub(first).min(rows);
    let below = list.rows.len() - first - shown;
    let more = beyond(first, below);
    let block = if more.is_empty() {
        block
    } else {
        block.title_bottom(
            Line::from(Span::styled(format!(" {more} "), theme[Role::Warning])).right_aligned(),
        )
    };
    frame.render_widget(block, area);

    let line_of = |texts: Vec<(String, Option<Style>)>, style: Style| {
        let mut spans = Vec::new();
        let mut used = 0u16;
        for (width, (text, own)) in widths.iter().zip(texts) {
            let Some(width) = width else { continue };
            spans.push(Span::styled(" ", style));
            spans.push(Span::styled(
                cell(&text, *width),
                own.map_or(style, |o| style.patch(o)),
            ));
            used += width + 1;
        }
        spans.push(Span::styled(
            " ".repeat(usize::from(inner.width.saturating_sub(used))),
            style,
        ));
        Line::from(spans)
    };
    let mut lines = Vec::new();
    if list.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", list.empty),
            theme[Role::Muted],
        )));
    } else {
        let header = list
            .columns
            .iter()
            .map(|c| (c.title.to_string(), None))
            .collect();
        lines.push(line_of(
            header,
            theme[Role::Muted].add_modifier(Modifier::BOLD),
        ));
    }
    for (i, row) in list.rows.into_iter().enumerate().skip(first).take(shown) {
        let style = if list.selected == Some(i) {
            row.style.patch(theme[Role::Highlight])
        } else {
            row.style
        };
        lines.push(line_of(row.cells, style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Heights for lists stacked in `total` lines, each wanting `wants` lines (borders and header
/// included): each gets what it wants when all fit; otherwise the room is shared evenly and
/// what a short list leaves goes to the longer ones. No list gets fewer than `least`.
pub fn share(total: u16, wants: &[u16], least: u16) -> Vec<u16> {
    let n = u16::try_from(wants.len()).unwrap_or(1).max(1);
    let wants: Vec<u16> = wants.iter().map(|w| (*w).max(least)).collect();
    let mut heights = vec![0u16; wants.len()];
    let mut left = total;
    let mut open: Vec<usize> = (0..wants.len()).collect();
    while !open.is_empty() {
        let count = u16::try_from(open.len()).unwrap_or(n);
        let even = left / count;
        let (done, rest): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|i| wants[**i] <= even.max(least));
        if done.is_empty() {
            for (k, i) in rest.iter().enumerate() {
                let extra = u16::from(u16::try_from(k).unwrap_or(0) < left % count);
                heights[*i] = even.max(least) + extra;
            }
            break;
        }
        for i in &done {
            heights[*i] = wants[*i];
            left = left.saturating_sub(wants[*i]);
        }
        open = rest;
    }
    heights
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_give_way_least_important_first_and_widen_most_important_first() {
        let columns = [
            Column::new("Status", 9, 7, 8),
            Column::new("Agent", 20, 8, 10),
            Column::new("Late", 4, 4, 6),
        ];
        assert_eq!(fit(&columns, 40), [Some(9), Some(20), Some(4)]);
        // 30 cells: all three at least (7+8+4 and a space each = 22), then widened in turns.
        assert_eq!(fit(&columns, 30), [Some(9), Some(14), Some(4)]);
        assert_eq!(fit(&columns, 25), [Some(8), Some(10), Some(4)]);
        // Too narrow for all three: Late goes.
        assert_eq!(fit(&columns, 17), [Some(7), Some(8), None]);
        // Then Status; the name takes the room.
        assert_eq!(fit(&columns, 16), [None, Some(15), None]);
        assert_eq!(fit(&columns, 3), [None, Some(8), None]);
    }

    #[test]
    fn the_selection_is_always_on_screen_with_a_row_after_it() {
        assert_eq!(first_shown(74, Some(0), 10), 0);
        assert_eq!(first_shown(74, Some(8), 10), 0);
        assert_eq!(first_shown(74, Some(9), 10), 1);
        assert_eq!(first_shown(74, Some(73), 10), 64);
        assert_eq!(first_shown(74, None, 10), 0);
        assert_eq!(first_shown(5, Some(4), 10), 0);
        for selected in 0..74 {
            let first = first_shown(74, Some(selected), 10);
            assert!((first..first + 10).contains(&selected));
        }
    }

    #[test]
    fn cells_are_cut_with_an_ellipsis_and_padded() {
        assert_eq!(cell("Dana", 6), "Dana  ");
        assert_eq!(cell("Leadership Assistance", 8), "Leaders…");
        assert_eq!(cell("日本語", 4), "日… ");
    }

    #[test]
    fn stacked_lists_share_the_room() {
        assert_eq!(share(30, &[5, 6], 3), [5, 6]);
        assert_eq!(share(20, &[40, 4], 3), [16, 4]);
        assert_eq!(share(21, &[40, 40, 4], 3), [9, 8, 4]);
        assert_eq!(share(6, &[40, 40, 40], 3), [3, 3, 3]);
    }
}
