//! What the dialogs share when drawn: a double-lined box as tall as its lines, dimmed key
//! hints, and a highlighted row.

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
