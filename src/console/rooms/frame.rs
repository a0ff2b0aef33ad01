//! What the dialogs share when drawn: a double-lined box as tall as its lines, dimmed key
//! hints, a highlighted row, and the window of a long list that shows its highlight.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::theme::{Role, Theme};
use crate::console::ui::popup::centred;

/// A dialog box as tall as its wrapped lines (at most the area).
pub fn boxed(frame: &mut Frame, area: Rect, width: u16, title: String, lines: Vec<Line<'static>>) {
    let width = width.min(area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Double)
                .title(title),
        ),
        popup,
    );
}

/// ` Space ticks · Esc closes`: the keys of `actions` in `place`, dimmed.
pub fn hints(state: &State, place: Place, actions: &[(Intent, &str)]) -> Line<'static> {
    let theme = &state.settings.theme;
    hint(
        theme,
        &format!(" {}", state.settings.keymap.hints(place, actions)),
    )
}

/// A dimmed line.
pub fn hint(theme: &Theme, text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme[Role::Muted]))
}

/// A row of a list, highlighted when `chosen`.
pub fn row(theme: &Theme, text: String, chosen: bool) -> Line<'static> {
    let style = if chosen {
        theme[Role::Highlight]
    } else {
        Style::default()
    };
    Line::from(Span::styled(text, style))
}

/// Dimmed text.
pub fn dim(theme: &Theme, text: impl Into<String>) -> Span<'static> {
    Span::styled(text.into(), theme[Role::Muted])
}

/// The entries `[start, end)` of a list of `len` that fit in `room` entries and show `selected`.
pub fn window(selected: usize, len: usize, room: usize) -> (usize, usize) {
    let room = room.max(1);
    let start = (selected + 1)
        .saturating_sub(room)
        .min(len.saturating_sub(room));
    (start, (start + room).min(len))
}

/// " 31–60 of 120" when a list does not fit, else nothing.
pub fn position(start: usize, end: usize, len: usize) -> String {
    if start == 0 && end == len {
        String::new()
    } else {
        format!(" · {}–{end} of {len}", start + 1)
    }
}

/// Rows left for a list's entries in `area` once the box's borders and `other` rows are drawn.
pub fn rows_for_entries(area: Rect, other: usize) -> usize {
    usize::from(area.height).saturating_sub(2 + other)
}
