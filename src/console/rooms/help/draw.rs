//! The help screen: the keys of the active keymap, by place, laid out for the terminal's width
//! and scrolled when it is too short to show them all.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{HelpExtent, HelpView};
use crate::console::app::State;
use crate::console::keymap::{Intent, Keymap, Place};
use crate::console::theme::{Role, Theme};
use crate::console::ui::layout;
use crate::console::ui::popup::centred;

/// The help is at most this wide.
const WIDEST: u16 = 110;

/// `first`, then `items` separated by `gap`, as lines of at most `width` columns: an item that
/// does not fit starts a new line, `indent` spaces in. An item wider than a line is cut.
fn flow(
    first: Vec<Span<'static>>,
    items: Vec<Vec<Span<'static>>>,
    gap: &'static str,
    indent: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut line = first;
    let mut used: usize = line.iter().map(Span::width).sum();
    let mut fresh = true;
    for item in items {
        let wide: usize = item.iter().map(Span::width).sum();
        let gap_wide = if fresh { 0 } else { gap.len() };
        if !fresh && used + gap_wide + wide > width {
            lines.push(Line::from(std::mem::take(&mut line)));
            line.push(Span::raw(" ".repeat(indent)));
            used = indent;
        } else if !fresh {
            line.push(Span::raw(gap));
            used += gap_wide;
        }
        used += wide;
        line.extend(item);
        fresh = false;
    }
    lines.push(Line::from(line));
    lines
}

/// Every line of the help at `width` columns.
pub fn lines(keymap: &Keymap, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let title_style = theme[Role::Heading].add_modifier(Modifier::UNDERLINED);
    let key_style = theme[Role::Key];
    let mut lines = Vec::new();
    for (i, (title, rows)) in keymap.help().into_iter().enumerate() {
        if i < 2 {
            // Everywhere and the composer: a table, one action per row, its words wrapped
            // under the description column.
            lines.push(Line::from(Span::styled(title, title_style)));
            let column = rows.iter().map(|(keys, _)| keys.width()).max().unwrap_or(0);
            for (keys, what) in rows {
                let pad = " ".repeat(column - keys.width());
                let first = vec![Span::styled(format!("  {keys}{pad} "), key_style)];
                let words = what
                    .split(' ')
                    .map(|w| vec![Span::raw(w.to_string())])
                    .collect();
                lines.extend(flow(first, words, " ", column + 3, width));
            }
            lines.push(Line::from(""));
            continue;
        }
        // Dialogs and lists: their keys side by side, an action never split between lines.
        let first = vec![Span::styled(title, title_style), Span::raw("  ")];
        let items = rows
            .into_iter()
            .map(|(keys, what)| {
                vec![
                    Span::styled(keys, key_style),
                    Span::raw(format!(" {}", what.to_lowercase())),
                ]
            })
            .collect();
        lines.extend(flow(first, items, " · ", 2, width));
    }
    lines
}

/// How to scroll, in the keys of the active keymap (e.g. `Up/Down PageUp/PageDown Home/End`).
fn scroll_keys(keymap: &Keymap) -> String {
    let pair = |a: Intent, b: Intent| {
        let first = keymap.keys_in(Place::Help, a).into_iter().next()?;
        let second = keymap.keys_in(Place::Help, b).into_iter().next()?;
        Some(format!("{first}/{second}"))
    };
    [
        pair(Intent::Up, Intent::Down),
        pair(Intent::PageUp, Intent::PageDown),
        pair(Intent::First, Intent::Last),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

/// The help's lines at the width it gets in `area`, and its box.
fn laid_out(state: &State, area: Rect) -> (Vec<Line<'static>>, Rect) {
    let width = WIDEST.min(area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let all = lines(&state.settings.keymap, &state.settings.theme, inner);
    let wanted = u16::try_from(all.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    (all, centred(area, width, wanted))
}

/// How far the help scrolls and a page of it, on a terminal of `state.screen`'s size.
pub fn extent(state: &State) -> HelpExtent {
    let (all, popup) = laid_out(state, layout::above_notice(state, state.screen));
    let shown = popup.height.saturating_sub(2);
    HelpExtent {
        most: u16::try_from(all.len().saturating_sub(usize::from(shown))).unwrap_or(u16::MAX),
        page: shown.max(1),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &HelpView) {
    let keymap = &state.settings.keymap;
    let (all, popup) = laid_out(state, area);
    let shown = usize::from(popup.height.saturating_sub(2));
    let most = all.len().saturating_sub(shown);
    let top = usize::from(view.top).min(most);
    let visible: Vec<Line<'static>> = all.into_iter().skip(top).take(shown).collect();
    let hint = state.settings.theme[Role::Marker];
    let mut block = Block::default().borders(Borders::ALL).title(format!(
        " Keys — {} ",
        keymap.hints(Place::Help, &[(Intent::Close, "closes")])
    ));
    if most > 0 {
        let last = top + shown;
        let position = match (top > 0, top < most) {
            (false, _) => "↓ more below",
            (true, true) => "↑↓ more above and below",
            (true, false) => "↑ more above",
        };
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(
                    " {position} · {}–{last} of {} · {} ",
                    top + 1,
                    most + shown,
                    scroll_keys(keymap)
                ),
                hint,
            ))
            .alignment(Alignment::Right),
        );
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(visible).block(block), popup);
}
