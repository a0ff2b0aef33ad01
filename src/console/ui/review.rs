//! The missed-chat list and the review view on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::console::app::State;
use crate::console::dialogs::review::{MissedView, ReviewView, action_label, flag_label, raised};
use crate::console::dialogs::review_filter::summary;
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::frame::boxed;
use crate::console::theme::{Role, Theme};
use crate::console::ui::transcript::author_style;
use crate::policy::review::SCORES;
use crate::policy::sla::clock;
use crate::protocol::MissedReason;

fn dim(theme: &Theme, text: impl Into<String>) -> Span<'static> {
    Span::styled(text.into(), theme[Role::Muted])
}

fn why(reason: MissedReason) -> &'static str {
    match reason {
        MissedReason::CustomerLeftQueue => "left the queue",
        MissedReason::CustomerLeftUnanswered => "left unanswered",
        MissedReason::PageClosed => "closed the page",
        MissedReason::TimedOut => "timed out",
    }
}

/// The entries `[start, end)` of a list of `len` that fit in `room` entries and show `selected`.
fn window(selected: usize, len: usize, room: usize) -> (usize, usize) {
    let room = room.max(1);
    let start = (selected + 1)
        .saturating_sub(room)
        .min(len.saturating_sub(room));
    (start, (start + room).min(len))
}

/// " 31–60 of 120" when a list does not fit, else nothing.
fn position(start: usize, end: usize, len: usize) -> String {
    if start == 0 && end == len {
        String::new()
    } else {
        format!(" · {}–{end} of {len}", start + 1)
    }
}

/// Rows left for a list's entries in `area` once the box's borders and `other` rows are drawn.
fn rows_for_entries(area: Rect, other: usize) -> usize {
    usize::from(area.height).saturating_sub(2 + other)
}

pub fn missed(frame: &mut Frame, area: Rect, state: &State, view: &MissedView) {
    let theme = &state.settings.theme;
    let now = state.now;
    let old_after = state.settings.procedure.missed_highlight_after_secs;
    let mut lines = Vec::new();
    if state.missed.is_empty() {
        lines.push(Line::from(dim(theme, " Nobody fell through the cracks.")));
    }
    // Each entry takes two rows; below them a gap, the follow-up line and the hint.
    let (start, end) = window(
        view.selected,
        state.missed.len(),
        rows_for_entries(area, 3) / 2,
    );
    let shown = position(start, end, state.missed.len());
    for (i, m) in state
        .missed
        .iter()
        .enumerate()
        .skip(start)
        .take(end - start)
    {
        let age = u64::try_from(now.as_second() - m.created_at.as_second()).unwrap_or(0);
        let who = match (&m.claimed_by, &m.claimed_by_name) {
            (Some(by), _) if *by == state.me.id => "yours".to_string(),
            (Some(_), Some(name)) => name.clone(),
            _ => "unclaimed".to_string(),
        };
        let mut style = Style::default();
        // Left unclaimed too long: marked `!` as well as shown as an alert.
        let old = m.claimed_by.is_none() && age >= old_after;
        if old {
            style = theme[Role::Alert];
        }
        if i == view.selected {
            style = style.patch(theme[Role::Highlight]);
        }
        lines.push(Line::from(Span::styled(
            format!(
                "{}{:>7} ago  {:<16.16} {:<22.22} {:<10.10} {:<16} waited {}",
                if old { "!" } else { " " },
                clock(age),
                m.customer_name,
                m.customer_email,
                m.queue_name,
                why(m.why),
                clock(m.waited_secs)
            ),
            style,
        )));
        lines.push(Line::from(vec![
            dim(theme, format!("          {who:<12} ")),
            Span::raw(m.first_message.clone().unwrap_or_default()),
        ]));
    }
    lines.push(Line::from(""));
    let keymap = &state.settings.keymap;
    let switch = keymap
        .keys(Place::Missed, Intent::SwitchChoice)
        .map_or_else(String::new, |keys| format!(" ({keys})"));
    match &view.follow_up {
        Some(draft) => {
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" Follow-up: {}{switch} ", action_label(draft.action)),
                    theme[Role::Marker],
                ),
                Span::raw(format!(" {}▏", draft.note)),
            ]));
            lines.push(Line::from(dim(
                theme,
                format!(
                    " {}{shown}",
                    keymap.hints(
                        Place::Missed,
                        &[(Intent::Choose, "records it"), (Intent::Close, "goes back")],
                    )
                ),
            )));
        }
        None => lines.push(Line::from(dim(
            theme,
            format!(
                " {}{shown}",
                keymap.hints(
                    Place::Missed,
                    &[
                        (
                            Intent::Choose,
                            "claims the highlighted one and records what you did"
                        ),
                        (Intent::Close, "closes"),
                    ],
                )
            ),
        ))),
    }
    boxed(
        frame,
        area,
        110,
        format!(" Missed chats ({}) ", state.missed.len()),
        lines,
    );
}

pub fn reviews(frame: &mut Frame, area: Rect, state: &State, view: &ReviewView) {
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
        super::review_filter::draw(frame, area, state, form);
    }
}
