//! Escalations in a chat's pane: the strip with each escalation's state, the latest answer and
//! whispers (the dialog is a room, [`crate::console::rooms::escalation`]).

use jiff::Timestamp;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::console::chat::ChatView;
use crate::console::theme::{Role, Theme};
use crate::console::wrap::wrap;
use crate::policy::sla::clock;
use crate::protocol::{Escalation, EscalationState, Whisper};
use jiff::tz::TimeZone;

pub fn dim(theme: &Theme, text: impl Into<String>) -> Span<'static> {
    Span::styled(text.into(), theme[Role::Muted])
}

pub fn bold(theme: &Theme, text: impl Into<String>) -> Span<'static> {
    Span::styled(text.into(), theme[Role::Heading])
}

/// `open 1:20`, `claimed by Lee`, `answered by Lee`.
pub fn state_text(e: &Escalation, now: Timestamp) -> String {
    let by = e.claimed_by_name.as_deref().unwrap_or("a lead");
    match e.state {
        EscalationState::Open => format!(
            "open {}",
            clock(u64::try_from(now.as_second() - e.created_at.as_second()).unwrap_or(0))
        ),
        EscalationState::Claimed => format!("claimed by {by}"),
        EscalationState::Answered => format!("answered by {by}"),
    }
}

/// A whisper as the lines it takes at `width`: who sent it (and when, given a time zone) in
/// bold, then the whole text, wrapped.
pub fn whisper_lines(
    theme: &Theme,
    whisper: &Whisper,
    zone: Option<&TimeZone>,
    width: u16,
) -> Vec<Line<'static>> {
    let when = zone.map_or_else(String::new, |z| {
        format!(" {}", whisper.at.to_zoned(z.clone()).strftime("%H:%M"))
    });
    let head = format!("🔒 whisper from {}{when}: ", whisper.lead_name);
    let text = format!("{head}{}", whisper.body.replace('\n', " "));
    let head_style = theme[Role::Note].add_modifier(Modifier::BOLD);
    let body_style = theme[Role::Note];
    wrap(&text, width)
        .into_iter()
        .enumerate()
        .map(|(i, line)| match line.strip_prefix(head.trim_end()) {
            Some(rest) if i == 0 => Line::from(vec![
                Span::styled(head.trim_end().to_string(), head_style),
                Span::styled(rest.to_string(), body_style),
            ]),
            _ => Line::from(Span::styled(line, body_style)),
        })
        .collect()
}

/// Rows the escalations take at most: the newest two, with their latest answers.
const ESCALATION_ROWS: usize = 3;

/// The rows over a pane's transcript that escalations and the latest whisper may take in a
/// pane `height` rows high (inside its border): three, or half of a taller pane, so that a
/// lead's long whisper shows whole beside an escalation even at 80×24 with a notice on screen.
/// They take only the rows they need.
pub fn strip_room(height: u16) -> usize {
    usize::from(height / 2).max(ESCALATION_ROWS)
}

/// Up to `room` lines for a chat pane `width` columns wide: the newest whisper whole (wrapped;
/// it is what a lead just said), then escalations with their state and latest answer in the
/// lines left (at most [`ESCALATION_ROWS`], and one at least when there are any).
pub fn strip(
    theme: &Theme,
    chat: &ChatView,
    now: Timestamp,
    room: usize,
    width: u16,
) -> Vec<Line<'static>> {
    let whisper = chat
        .whispers
        .last()
        .map(|w| whisper_lines(theme, w, None, width))
        .unwrap_or_default();
    let mut lines = Vec::new();
    for e in chat.escalations.iter().rev().take(2) {
        let look = theme[match e.state {
            EscalationState::Open => Role::Warning,
            EscalationState::Claimed => Role::Info,
            EscalationState::Answered => Role::Ok,
        }];
        lines.push(Line::from(vec![
            Span::styled(
                format!("⇡ {} → {}: ", e.template_name, e.channel_name),
                look.add_modifier(Modifier::BOLD),
            ),
            Span::styled(state_text(e, now), look),
        ]));
        if let Some(reply) = e.replies.last() {
            lines.push(Line::from(vec![
                bold(theme, format!("  {}: ", reply.author_name)),
                Span::raw(reply.body.replace('\n', " ")),
            ]));
        }
    }
    // The escalations keep a line when there are any; the whisper gets the rest, and the
    // escalations what is left of their own rows.
    let keep = usize::from(!lines.is_empty());
    let for_whisper = whisper.len().min(room.saturating_sub(keep).max(1));
    let for_escalations = ESCALATION_ROWS
        .saturating_sub(for_whisper)
        .max(keep)
        .min(room.saturating_sub(for_whisper));
    lines.truncate(for_escalations);
    lines.extend(whisper.into_iter().take(for_whisper));
    lines.truncate(room);
    lines
}
