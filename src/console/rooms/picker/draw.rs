//! The canned-response picker: results on the left, the highlighted response filled for the
//! focused chat on the right, and the fields still to fill in.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::{Picker, context};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::theme::Role;
use crate::console::ui::popup::centred;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, picker: &Picker) {
    let theme = &state.settings.theme;
    let popup = centred(area, 100, 22);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme[Role::Info])
        .title(format!(
            " Canned responses — type to search · {} ",
            state.settings.keymap.hints(
                Place::Picker,
                &[(Intent::Choose, "inserts"), (Intent::Close, "closes")],
            )
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(inner);
    let [query, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(left);

    let mut typed = vec![
        Span::styled("› ", theme[Role::Info]),
        Span::raw(picker.query.clone()),
        Span::styled("▏", theme[Role::Info]),
    ];
    // A big library is searched beside the console: until the answer comes, the list is the
    // last query's.
    if picker.searching() {
        typed.push(Span::styled("  searching…", theme[Role::Muted]));
    }
    frame.render_widget(Paragraph::new(Line::from(typed)), query);
    // While its fields are asked for, the list shows just the chosen response. Otherwise only
    // the rows that fit are laid out, scrolled so the highlighted one shows.
    let rows = usize::from(list.height.max(1));
    let (results, highlight) = match &picker.filling {
        Some(_) => (picker.current(&state.canned).into_iter().collect(), 0),
        None => {
            let selected = picker.selected.min(picker.matches().saturating_sub(1));
            let first = (selected + 1).saturating_sub(rows);
            (picker.results(&state.canned, first, rows), selected - first)
        }
    };
    let items: Vec<ListItem> = results
        .iter()
        .map(|r| {
            ListItem::new(Line::from(vec![
                Span::raw(r.title().to_string()),
                Span::styled(format!("  /{}", r.shortcode()), theme[Role::Muted]),
            ]))
        })
        .collect();
    let mut selection =
        ListState::default().with_selected((!results.is_empty()).then_some(highlight));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(theme[Role::Highlight])
            .highlight_symbol("▶"),
        list,
        &mut selection,
    );

    let Some(response) = picker.current(&state.canned) else {
        frame.render_widget(Paragraph::new("Nothing matches."), right);
        return;
    };
    let Some(chat) = state.focused() else {
        return;
    };
    let answers = picker
        .filling
        .as_ref()
        .map(|f| f.answers())
        .unwrap_or_default();
    let filled = response.preview(&context(chat, &state.me.display_name), &answers);
    let mut lines = Vec::new();
    if let Some(filling) = &picker.filling {
        let keys = state.settings.keymap.hints(
            Place::Picker,
            &[
                (Intent::NextField, "next field"),
                (Intent::Choose, "inserts"),
            ],
        );
        lines.push(Line::styled(
            format!("Fill in ({keys})"),
            theme[Role::Heading],
        ));
        for (i, (label, value)) in filling.fields.iter().zip(&filling.answers).enumerate() {
            let style = if i == filling.current {
                theme[Role::Marker]
            } else {
                Style::default()
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{label}: ")),
                Span::styled(format!("{value}▏"), style),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::styled(
        format!("{} — preview for {}", response.title(), chat.customer.name),
        theme[Role::Muted],
    ));
    lines.extend(filled.text.lines().map(|l| Line::from(l.to_string())));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::LEFT)),
        right,
    );
}
