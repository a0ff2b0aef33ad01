//! Drawing the wrap-up form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use super::form::{Field, WrapUpForm};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::theme::{Role, Theme};
use crate::console::ui::popup::centred;
use crate::protocol::{FollowUpChannel, PreferredContact};

fn focused_style(theme: &Theme, on: bool) -> Style {
    if on {
        theme[Role::Marker]
    } else {
        theme[Role::Heading]
    }
}

pub(crate) fn error_line(theme: &Theme, text: &str) -> Line<'static> {
    Line::from(Span::styled(format!("    ⚠ {text}"), theme[Role::Error]))
}

/// Grey text in an empty field saying what it takes.
fn placeholder(field: Field) -> &'static str {
    match field {
        Field::Notes => "required: what was asked and what you did",
        Field::Tags => "optional, e.g. refund, shipping",
        Field::FollowUpWhen => "optional: tomorrow 10:00, friday 14:00, 2026-12-01 09:30",
        Field::FollowUpNote => "what you promised",
        Field::TicketSubject => "optional: fill in to open a ticket",
        Field::TicketNote => "optional: a note for the ticket",
        _ => "",
    }
}

fn field_line(theme: &Theme, form: &WrapUpForm, field: Field, value: String) -> Line<'static> {
    let on = form.field == field;
    let cursor = if on && field.is_text() { "▏" } else { "" };
    let mut spans = vec![
        Span::styled(format!(" {:<17}", field.label()), focused_style(theme, on)),
        Span::raw(" "),
    ];
    if value.is_empty() && field.is_text() {
        spans.push(Span::raw(cursor));
        spans.push(Span::styled(placeholder(field), theme[Role::Muted]));
    } else {
        spans.push(Span::raw(format!("{value}{cursor}")));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, form: &WrapUpForm) {
    let theme = &state.settings.theme;
    let name = state
        .chats
        .iter()
        .find(|c| c.id == form.chat)
        .map(|c| c.customer.name.clone())
        .unwrap_or_default();
    let mut lines: Vec<Line> = Vec::new();
    for reminder in &form.reminders {
        lines.push(Line::from(Span::styled(
            format!("Reminder: {reminder}"),
            theme[Role::Warning],
        )));
    }
    let on_list = form.field == Field::Disposition;
    let keymap = &state.settings.keymap;
    let moves = keymap
        .pair(Place::Form, Intent::Up, Intent::Down)
        .map_or_else(String::new, |keys| format!(" ({keys})"));
    // In the list, the line to keep in view: the chosen code, else the list's heading.
    let mut list_focus = lines.len();
    lines.push(Line::from(Span::styled(
        format!(" Disposition{moves}"),
        focused_style(theme, on_list),
    )));
    for (i, code) in state.dispositions.iter().enumerate() {
        let chosen = form.disposition == Some(i);
        if chosen {
            list_focus = lines.len();
        }
        let marker = if chosen { "◉" } else { "○" };
        let style = if chosen && on_list {
            theme[Role::Highlight]
        } else if chosen {
            theme[Role::Heading]
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!("   {marker} {} — {}", code.name, code.description),
            style,
        )));
    }
    if let Some(e) = form.error(Field::Disposition) {
        lines.push(error_line(theme, e));
    }
    let channel = match form.channel {
        FollowUpChannel::Call => "[call] e-mail",
        FollowUpChannel::Email => "call [e-mail]",
    };
    let contact = match form.contact {
        PreferredContact::CallBack => "[call back] e-mail",
        PreferredContact::Email => "call back [e-mail]",
    };
    let rows: Vec<(Field, String)> = vec![
        (Field::Notes, form.notes.clone()),
        (Field::Tags, form.tags.clone()),
        (Field::FollowUpWhen, form.when.clone()),
        (Field::FollowUpChannel, channel.to_string()),
        (Field::FollowUpNote, form.follow_up_note.clone()),
        (Field::TicketSubject, form.subject.clone()),
        (Field::TicketContact, contact.to_string()),
        (Field::TicketNote, form.ticket_note.clone()),
    ];
    let mut focus_line = if on_list { list_focus } else { 0 };
    for (field, value) in rows {
        if form.field == field {
            focus_line = lines.len();
        }
        lines.push(field_line(theme, form, field, value));
        if let Some(e) = form.error(field) {
            lines.push(error_line(theme, e));
        }
    }
    lines.push(Line::from(Span::styled(
        format!(
            " {}",
            keymap.hints(
                Place::Form,
                &[
                    (Intent::NextField, "next field"),
                    (Intent::PrevField, "previous"),
                    (Intent::SwitchChoice, "switch choice"),
                    (Intent::Choose, "records"),
                    (Intent::Close, "closes"),
                ],
            )
        ),
        theme[Role::Muted],
    )));
    let width = 92.min(area.width);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    // Lines wrap in the box: count what they take, and scroll so the field in hand shows.
    let rows_of = |l: &Line| l.width().div_ceil(inner_width).max(1);
    let total: usize = lines.iter().map(rows_of).sum();
    let before: usize = lines.iter().take(focus_line).map(rows_of).sum();
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let scroll = if total > room {
        before.saturating_sub(room / 2).min(total - room)
    } else {
        0
    };
    let height = u16::try_from(total).unwrap_or(u16::MAX).saturating_add(2);
    let popup = centred(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(0), 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_type(BorderType::Double)
                    .title(format!(" Wrap up the chat with {name} ")),
            ),
        popup,
    );
}
