//! The review view on screen: the list with its filters, or one review opened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::filter::summary;
use super::view::{ReviewView, flag_label, raised};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::frame::{boxed, dim, position, rows_for_entries, window};
use crate::console::theme::Role;
use crate::console::ui::transcript::author_style;
use crate::policy::review::SCORES;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &ReviewView) {
    let theme = &state.settings.theme;
    let lead = state.me.role == crate::protocol::Role::Lead;
    let zone = &state.settings.time_zone;
    let mut lines = Vec::new();
    if let Some(detail) = &view.open {
        let r = &detail.review;
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} with {} ", r.customer_name, r.agent_name),
                theme[Role::Heading],
            ),
            dim(
                theme,
                format!(
                    "ended {} · {}",
                    r.ended_at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M"),
                    r.disposition.as_deref().unwrap_or("no disposition")
                ),
            ),
        ]));
        let flags: Vec<&str> = raised(r).into_iter().map(flag_label).collect();
        lines.push(Line::from(Span::styled(
            if flags.is_empty() {
                " No flags.".to_string()
            } else {
                format!(" Flags: {}", flags.join(", "))
            },
            theme[Role::Warning],
        )));
        for m in &detail.messages {
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {} ", m.author_name),
                    author_style(theme, m.author),
                ),
                dim(
                    theme,
                    m.at.to_zoned(zone.clone()).strftime("%H:%M").to_string(),
                ),
                Span::raw(format!("  {}", m.body.replace('\n', " "))),
            ]));
            for mark in detail.marks.iter().filter(|k| k.message_id == m.id) {
                lines.push(Line::from(Span::styled(
                    format!("   ⚑ {}: {}", flag_label(mark.flag), mark.note),
                    theme[Role::Error],
                )));
            }
        }
        lines.push(Line::from(""));
        let scored = r
            .score
            .map(|s| {
                format!(
                    " Score {s}/{} by {}",
                    SCORES.end(),
                    r.scored_by_name.as_deref().unwrap_or("a lead")
                )
            })
            .unwrap_or_else(|| " Not scored yet".into());
        lines.push(Line::from(vec![
            Span::styled(scored, theme[Role::Heading]),
            Span::raw(
                r.comment
                    .as_deref()
                    .map(|c| format!(" — {c}"))
                    .unwrap_or_default(),
            ),
        ]));
        let saves = state.settings.keymap.keys(Place::Review, Intent::Choose);
        let scores = format!("{}–{}", SCORES.start(), SCORES.end());
        if lead {
            let typed = match (view.score, &saves) {
                (None, Some(key)) => format!(" Type a score {scores}, then a comment; {key} saves"),
                (None, None) => format!(" Type a score {scores}, then a comment"),
                (Some(s), Some(key)) => format!(" Score {s}: {}▏ ({key} saves)", view.comment),
                (Some(s), None) => format!(" Score {s}: {}▏", view.comment),
            };
            lines.push(Line::from(Span::styled(typed, theme[Role::Marker])));
        }
        lines.push(Line::from(dim(
            theme,
            format!(
                " {}",
                state
                    .settings
                    .keymap
                    .hints(Place::Review, &[(Intent::Close, "back to the list")])
            ),
        )));
        boxed(frame, area, 110, " Review ".into(), lines);
        return;
    }
    let keymap = &state.settings.keymap;
    let keys = |intent| keymap.keys_in(Place::Reviews, intent).join("/");
    let active = summary(&view.filters);
    let own = if lead { "" } else { " (your own chats)" };
    let by = if lead { "agent, days" } else { "days" };
    if active.is_empty() {
        lines.push(Line::from(dim(
            theme,
            format!(
                " Showing every review{own} · {} filters by {by}, disposition or flag · {} flag",
                keys(Intent::FilterReviews),
                keys(Intent::SwitchChoice)
            ),
        )));
    } else {
        lines.push(Line::from(Span::styled(
            format!(" Showing{own}: {}", active.join(" · ")),
            theme[Role::Warning],
        )));
        lines.push(Line::from(dim(
            theme,
            format!(
                " {} changes the filters · {} clears them · {} flag",
                keys(Intent::FilterReviews),
                keys(Intent::ClearFilters),
                keys(Intent::SwitchChoice)
            ),
        )));
    }
    let mut shown = String::new();
    match (&view.list, &view.refused) {
        (_, Some(why)) => lines.push(Line::from(Span::styled(
            format!(" Not listed: {why}"),
            theme[Role::Error],
        ))),
        (None, None) => lines.push(Line::from(" Fetching…")),
        (Some(list), None) if list.is_empty() => {
            lines.push(Line::from(dim(theme, " No reviews match.")));
        }
        (Some(list), None) => {
            let (start, end) = window(
                view.selected,
                list.len(),
                rows_for_entries(area, lines.len() + 1),
            );
            shown = position(start, end, list.len());
            for (i, r) in list.iter().enumerate().skip(start).take(end - start) {
                let flags: Vec<&str> = raised(r).into_iter().map(flag_label).collect();
                let style = if i == view.selected {
                    theme[Role::Highlight]
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    format!(
                        " {} {:<12.12} {:<16.16} {:<14.14} {:>4} {}",
                        r.ended_at.to_zoned(zone.clone()).strftime("%m-%d %H:%M"),
                        r.agent_name,
                        r.customer_name,
                        r.disposition.as_deref().unwrap_or("—"),
                        r.score
                            .map(|s| format!("{s}/{}", SCORES.end()))
                            .unwrap_or_default(),
                        flags.join(", ")
                    ),
                    style,
                )));
            }
        }
    }
    lines.push(Line::from(dim(
        theme,
        format!(
            " {}{shown}",
            keymap.hints(
                Place::Reviews,
                &[
                    (Intent::Choose, "opens the transcript"),
                    (Intent::Close, "closes"),
                ],
            )
        ),
    )));
    let count = view
        .list
        .as_ref()
        .filter(|_| view.refused.is_none())
        .map(|l| format!(" ({})", l.len()))
        .unwrap_or_default();
    let title = if active.is_empty() {
        format!(" Reviews{count} ")
    } else {
        format!(" Reviews{count} · filtered ")
    };
    boxed(frame, area, 110, title, lines);
    if let Some(form) = &view.form {
        super::filter_draw::draw(frame, area, state, form);
    }
}
