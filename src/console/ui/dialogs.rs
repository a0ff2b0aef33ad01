//! Small dialogs: the verification checklist, the procedure's questions, the transcript menu,
//! the follow-up list and the ticket.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use uuid::Uuid;

use crate::console::app::{Question, State};
use crate::console::dialogs::ticket::{TicketDialog, TicketField, contact_label};
use crate::console::keymap::{Intent, Place};
use crate::console::theme::{Role, Theme};
use crate::console::ui::popup::centred;
use crate::protocol::{FollowUpChannel, PreferredContact};

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
fn hints(state: &State, place: Place, actions: &[(Intent, &str)]) -> Line<'static> {
    let theme = &state.settings.theme;
    hint(
        theme,
        &format!(" {}", state.settings.keymap.hints(place, actions)),
    )
}

fn hint(theme: &Theme, text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme[Role::Muted]))
}

fn row(theme: &Theme, text: String, chosen: bool) -> Line<'static> {
    let style = if chosen {
        theme[Role::Highlight]
    } else {
        Style::default()
    };
    Line::from(Span::styled(text, style))
}

pub fn checklist(frame: &mut Frame, area: Rect, state: &State, chat: Uuid, selected: usize) {
    let theme = &state.settings.theme;
    let Some(view) = state.chats.iter().find(|c| c.id == chat) else {
        return;
    };
    let mut lines: Vec<Line> = view
        .verification
        .iter()
        .enumerate()
        .map(|(i, check)| {
            let tick = if check.done { "[x]" } else { "[ ]" };
            row(theme, format!(" {tick} {}", check.label), i == selected)
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(if view.verified() {
        Line::from(Span::styled(
            " Verified: account details may be shared.",
            theme[Role::Ok].add_modifier(Modifier::BOLD),
        ))
    } else {
        Line::from(Span::styled(
            " NOT VERIFIED: share no account details yet.",
            theme[Role::Error],
        ))
    });
    lines.push(hints(
        state,
        Place::Checklist,
        &[(Intent::Toggle, "ticks"), (Intent::Close, "closes")],
    ));
    boxed(
        frame,
        area,
        60,
        format!(" Verify {} ", view.customer.name),
        lines,
    );
}

pub fn question(frame: &mut Frame, area: Rect, state: &State, question: &Question) {
    let mut lines: Vec<Line> = question
        .lines
        .iter()
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(format!(
        " {}",
        state.settings.keymap.hints(
            Place::Confirm,
            &[
                (Intent::Confirm, "goes ahead"),
                (Intent::Close, "goes back")
            ],
        )
    )));
    boxed(frame, area, 64, format!(" {} ", question.title), lines);
}

pub fn export(frame: &mut Frame, area: Rect, state: &State, selected: usize) {
    let theme = &state.settings.theme;
    let mut lines: Vec<Line> = crate::console::app::EXPORTS
        .iter()
        .enumerate()
        .map(|(i, (label, _))| row(theme, format!(" {label}"), i == selected))
        .collect();
    lines.push(Line::from(""));
    lines.push(hint(
        theme,
        &format!(
            " Files go to the transcripts folder · {}",
            state.settings.keymap.hints(
                Place::Export,
                &[(Intent::Choose, "chooses"), (Intent::Close, "closes")],
            )
        ),
    ));
    boxed(frame, area, 56, " Transcript ".into(), lines);
}

fn day_label(due: Timestamp, state: &State) -> String {
    let zone = &state.settings.time_zone;
    let due = due.to_zoned(zone.clone());
    let today = state.now.to_zoned(zone.clone()).date();
    let when = due.strftime("%H:%M").to_string();
    match due.date() {
        d if d < today => format!("OVERDUE {} {when}", due.strftime("%a %d %b")),
        d if d == today => format!("today {when}"),
        d if Some(d) == today.tomorrow().ok() => format!("tomorrow {when}"),
        _ => due.strftime("%a %d %b %H:%M").to_string(),
    }
}

pub fn follow_ups(frame: &mut Frame, area: Rect, state: &State, selected: usize) {
    let theme = &state.settings.theme;
    let mut lines: Vec<Line> = Vec::new();
    match &state.follow_ups {
        None => lines.push(Line::from(" Fetching your follow-ups…")),
        Some(list) => {
            let done = state
                .settings
                .keymap
                .keys(Place::FollowUps, Intent::Choose)
                .map_or_else(String::new, |key| format!(" ({key} marks done)"));
            lines.push(Line::from(Span::styled(
                format!(" Promised follow-ups{done}"),
                theme[Role::Heading],
            )));
            if list.commitments.is_empty() {
                lines.push(hint(theme, "   none open"));
            }
            for (i, c) in list.commitments.iter().enumerate() {
                let by = match c.channel {
                    FollowUpChannel::Call => "call",
                    FollowUpChannel::Email => "e-mail",
                };
                lines.push(row(
                    theme,
                    format!(
                        "  {:<22} {by:<6} {} — {}",
                        day_label(c.due_at, state),
                        c.customer.name,
                        c.note
                    ),
                    i == selected,
                ));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                " Tickets opened",
                theme[Role::Heading],
            )));
            if list.tickets.is_empty() {
                lines.push(hint(theme, "   none"));
            }
            for t in list.tickets.iter().take(8) {
                lines.push(Line::from(format!(
                    "   {} {} — {} ({})",
                    t.reference(),
                    t.customer.name,
                    t.subject,
                    match t.contact {
                        crate::protocol::PreferredContact::CallBack => "call back",
                        crate::protocol::PreferredContact::Email => "e-mail",
                    }
                )));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(hints(state, Place::FollowUps, &[(Intent::Close, "closes")]));
    boxed(frame, area, 90, " Follow-ups ".into(), lines);
}

/// The ticket dialog: subject, how the customer wants to hear back, a note.
pub fn ticket(frame: &mut Frame, area: Rect, state: &State, dialog: &TicketDialog) {
    let theme = &state.settings.theme;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(reference) = &dialog.reference {
        lines.push(Line::from(format!(
            " Ticket {reference}: the customer has this reference."
        )));
        lines.push(Line::from(""));
    }
    for field in TicketField::ALL {
        let focused = field == dialog.field;
        let label_style = if focused {
            theme[Role::Marker]
        } else {
            theme[Role::Heading]
        };
        let value = match field {
            TicketField::Subject => {
                format!(" {}{}", dialog.subject, if focused { "▏" } else { "" })
            }
            TicketField::Note => format!(" {}{}", dialog.note, if focused { "▏" } else { "" }),
            TicketField::Contact => [PreferredContact::CallBack, PreferredContact::Email]
                .iter()
                .map(|c| {
                    let mark = if *c == dialog.contact { "(•)" } else { "( )" };
                    format!(" {mark} {}", contact_label(*c))
                })
                .collect(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", field.label()), label_style),
            Span::raw(value),
        ]));
    }
    if let Some(error) = &dialog.error {
        lines.push(Line::from(Span::styled(
            format!(" {error}"),
            theme[Role::Error],
        )));
    }
    lines.push(Line::from(""));
    lines.push(hints(
        state,
        Place::Form,
        &[
            (Intent::NextField, "next field"),
            (Intent::SwitchChoice, "call back or e-mail"),
            (Intent::Choose, "opens it"),
            (Intent::Close, "closes"),
        ],
    ));
    let title = match &dialog.reference {
        Some(reference) => format!(" Ticket {reference} "),
        None => " Open a ticket ".to_string(),
    };
    boxed(frame, area, 72, title, lines);
}
