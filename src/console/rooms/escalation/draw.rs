//! Drawing the escalation dialog: the choice of thread or template, the template's fields with
//! each problem named at its field, or the reply being written.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::dialog::{Choice, EscalationDialog, Filling, Stage, choices};
use crate::console::app::State;
use crate::console::keymap::{Intent, Keymap, Place};
use crate::console::rooms::frame::boxed;
use crate::console::theme::{Role, Theme};
use crate::console::ui::escalation::{bold, dim, state_text};
use crate::protocol::{Escalation, FieldKind};

fn fill_lines(filling: &Filling, keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let switch = keymap
        .keys(Place::Escalate, Intent::SwitchChoice)
        .map_or_else(String::new, |keys| format!(" ({keys})"));
    let mut lines = Vec::new();
    for (i, field) in filling.template.fields.iter().enumerate() {
        let on = i == filling.field;
        let label_style = if on {
            theme[Role::Marker]
        } else {
            theme[Role::Heading]
        };
        let value = filling.values.get(i).cloned().unwrap_or_default();
        let shown = match field.kind {
            FieldKind::YesNo if value == "yes" => "[yes] no".to_string(),
            FieldKind::YesNo if value == "no" => "yes [no]".to_string(),
            FieldKind::YesNo => format!("yes / no{switch}"),
            _ => value.clone(),
        };
        let mut spans = vec![
            Span::styled(format!(" {:<22}", field.label), label_style),
            Span::raw(" "),
        ];
        if shown.is_empty() {
            if on {
                spans.push(Span::raw("▏"));
            }
            spans.push(dim(theme, field.hint.clone()));
        } else {
            spans.push(Span::raw(shown));
            if on && field.kind != FieldKind::YesNo {
                spans.push(Span::raw("▏"));
            }
        }
        lines.push(Line::from(spans));
        if let Some(problem) = filling.problem(i) {
            lines.push(Line::from(Span::styled(
                format!("    ⚠ {problem}"),
                theme[Role::Error],
            )));
        }
        if let Some(warning) = filling.warning(i) {
            lines.push(Line::from(Span::styled(
                format!("    ! {warning}"),
                theme[Role::Warning],
            )));
        }
    }
    if filling.tried {
        for problem in filling.general_problems() {
            lines.push(Line::from(Span::styled(
                format!(" ⚠ {problem}"),
                theme[Role::Error],
            )));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(dim(
        theme,
        format!(
            " Goes to {} ({} on weekends and holidays) · {}",
            filling.template.channel_name,
            "the weekend channel",
            keymap.hints(
                Place::Escalate,
                &[
                    (Intent::NextField, "next field"),
                    (Intent::Choose, "sends"),
                    (Intent::Close, "closes"),
                ],
            )
        ),
    )));
    lines
}

/// The escalation a reply is for, wherever the console knows it from.
fn known(state: &State, id: uuid::Uuid) -> Option<&Escalation> {
    state
        .chats
        .iter()
        .flat_map(|c| c.escalations.iter())
        .chain(state.floor.iter().flat_map(|f| f.escalations.iter()))
        .find(|e| e.id == id)
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, dialog: &EscalationDialog) {
    let theme = &state.settings.theme;
    let keymap = &state.settings.keymap;
    let chat = state.chats.iter().find(|c| c.id == dialog.chat);
    let (title, lines) = match &dialog.stage {
        Stage::Choose { selected } => {
            let escalations = chat.map(|c| c.escalations.as_slice()).unwrap_or_default();
            let mut lines = Vec::new();
            if state.templates.is_empty() {
                lines.push(Line::from(" Fetching the templates…"));
            }
            let all = choices(escalations, &state.templates);
            // The rows the box has for choices: inside its border, less the blank line and the
            // keys under them. A longer list scrolls with the highlight and says what is hidden.
            let room = usize::from(area.height.saturating_sub(4)).max(1) - lines.len().min(1);
            let (first, shown) = if all.len() > room {
                let shown = room.saturating_sub(1).max(1);
                ((selected + 1).saturating_sub(shown), shown)
            } else {
                (0, all.len())
            };
            for (i, choice) in all.iter().enumerate().skip(first).take(shown) {
                let text = match choice {
                    Choice::Answer(e) => format!(
                        " Answer in {} ({})",
                        e.template_name,
                        state_text(e, state.now)
                    ),
                    Choice::Template(t) => format!(" {} → {}", t.name, t.channel_name),
                };
                let style = if i == *selected {
                    theme[Role::Highlight]
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
            if shown < all.len() {
                let below = all.len() - first - shown;
                lines.push(Line::from(dim(
                    theme,
                    format!(" ↑ {first} above · ↓ {below} below"),
                )));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(dim(
                theme,
                format!(
                    " {}",
                    keymap.hints(
                        Place::Escalate,
                        &[(Intent::Choose, "chooses"), (Intent::Close, "closes")],
                    )
                ),
            )));
            (" Escalate to a lead ".to_string(), lines)
        }
        Stage::Fill(filling) => (
            format!(" {} ", filling.template.name),
            fill_lines(filling, keymap, theme),
        ),
        Stage::Reply { escalation, text } => {
            let mut lines = Vec::new();
            let mut title = " Escalation ".to_string();
            if let Some(e) = known(state, *escalation) {
                title = format!(
                    " {} — {} for {} ",
                    e.template_name, e.agent_name, e.customer_name
                );
                for (label, value) in &e.fields {
                    lines.push(Line::from(vec![
                        bold(theme, format!(" {label}: ")),
                        Span::raw(value.replace('\n', " ")),
                    ]));
                }
                for warning in &e.warnings {
                    lines.push(Line::from(Span::styled(
                        format!(" ! {warning}"),
                        theme[Role::Warning],
                    )));
                }
                lines.push(Line::from(dim(
                    theme,
                    format!(" {} · {}", e.channel_name, state_text(e, state.now)),
                )));
                for reply in &e.replies {
                    lines.push(Line::from(vec![
                        bold(theme, format!(" {}: ", reply.author_name)),
                        Span::raw(reply.body.replace('\n', " ")),
                    ]));
                }
            }
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::styled(" Reply ", theme[Role::Marker]),
                Span::raw(format!(" {text}▏")),
            ]));
            lines.push(Line::from(dim(
                theme,
                format!(
                    " {}",
                    keymap.hints(
                        Place::Escalate,
                        &[(Intent::Choose, "sends"), (Intent::Close, "closes")],
                    )
                ),
            )));
            (title, lines)
        }
    };
    boxed(frame, area, 84, title, lines);
}
