//! One chat pane: the customer strip, the timers, the transcript and the composer.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use crate::console::app::State;
use crate::console::chat::ChatView;
use crate::console::draft_spelling::SHOWN_WORDS;
use crate::console::keymap::Intent;
use crate::console::prompts::{Urgency, prompts};
use crate::console::theme::{Role, Theme};
use crate::console::ui::layout::{self, PaneRows};
use crate::console::ui::transcript;
use crate::policy::sla::{WaitLevel, clock, reply_wait};
use crate::protocol::{ChatState, Party};

fn secs_since(now: Timestamp, then: Timestamp) -> u64 {
    u64::try_from(now.as_second() - then.as_second()).unwrap_or(0)
}

/// Fine, close, then past the limit (green, amber, red by default; plain, bold, then bold
/// reversed without colour): how a customer's wait for a reply is shown everywhere.
pub fn wait_style(theme: &Theme, level: WaitLevel) -> Style {
    theme[match level {
        WaitLevel::Fine => Role::Ok,
        WaitLevel::Warning => Role::Warning,
        WaitLevel::Breach => Role::Alert,
    }]
}

/// `waiting 1:10`, with a `!` once past the limit so the breach shows without colour.
pub fn wait_text(waited: u64, level: WaitLevel) -> String {
    let mark = if level == WaitLevel::Breach { " !" } else { "" };
    format!("waiting {}{mark}", clock(waited))
}

fn timers(chat: &ChatView, state: &State, wrap_up: Option<&str>) -> Line<'static> {
    let (now, sla, theme) = (state.now, &state.settings.sla(), &state.settings.theme);
    let mut spans = Vec::new();
    if let Some(accepted) = chat.accepted_at {
        spans.push(Span::raw(format!(
            "in chat {}",
            clock(secs_since(now, accepted))
        )));
    }
    match chat.state {
        ChatState::Ended => {
            let who = match chat.ended_by {
                Some(Party::Customer) => "The customer ended the chat",
                Some(Party::System) => "Ended for inactivity",
                _ => "Chat ended",
            };
            let then = wrap_up.map_or_else(String::new, |key| format!(" — {key} to wrap up"));
            spans.push(Span::styled(format!("  {who}{then}"), theme[Role::Warning]));
        }
        _ => {
            if let Some(since) = chat.waiting_since() {
                let waited = secs_since(now, since);
                let level = reply_wait(waited, sla);
                spans.push(Span::raw("  "));
                spans.push(Span::styled(
                    format!(" {} ", wait_text(waited, level)),
                    wait_style(theme, level),
                ));
            } else {
                spans.push(Span::styled("  answered", theme[Role::Muted]));
            }
            if let Some(since) = chat.on_hold_since {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(
                    format!(" ON HOLD {} ", clock(secs_since(now, since))),
                    theme[Role::Badge],
                ));
            }
        }
    }
    spans.push(Span::raw("  "));
    spans.extend(verification(chat, theme));
    Line::from(spans)
}

/// The verification badge: unmistakable until every item of the checklist is ticked.
fn verification(chat: &ChatView, theme: &Theme) -> Vec<Span<'static>> {
    let total = chat.verification.len();
    if total == 0 {
        return Vec::new();
    }
    let done = chat.verification.iter().filter(|c| c.done).count();
    if done == total {
        return vec![Span::styled(
            "✓ verified",
            theme[Role::Ok].add_modifier(Modifier::BOLD),
        )];
    }
    vec![Span::styled(
        format!(" NOT VERIFIED {done}/{total} "),
        theme[Role::Alert],
    )]
}

/// The procedure's prompts for this chat, the first with a response carrying its key.
fn prompt_lines(chat: &ChatView, state: &State) -> Vec<Line<'static>> {
    let key = state
        .settings
        .keymap
        .keys(state.place(), Intent::InsertSuggested);
    let theme = &state.settings.theme;
    let mut offered = false;
    prompts(chat, &state.settings.procedure, state.now)
        .into_iter()
        .take(2)
        .map(|p| {
            // An alert says so with its mark as well as its look.
            let (mark, role) = match p.urgency {
                Urgency::Alert => ("!", Role::Alert),
                Urgency::Warning => ("»", Role::Warning),
                Urgency::Info => ("»", Role::Info),
            };
            let mut spans = vec![Span::styled(format!("{mark} {}", p.text), theme[role])];
            if let (Some(response), Some(key), false) = (p.response, &key, offered) {
                offered = true;
                spans.push(Span::styled(
                    format!("  {key}: insert “{response}”"),
                    theme[Role::Muted],
                ));
            }
            Line::from(spans)
        })
        .collect()
}

/// Unknown words in the draft as last checked, each with its first suggestion once found; the
/// first suggestion shown carries the key that applies it.
fn spelling_line(chat: &ChatView, state: &State) -> Option<Line<'static>> {
    if !state.settings.spell_check {
        return None;
    }
    let draft = chat.draft();
    let unknown = chat.spelling.unknown_in(&draft);
    if unknown.is_empty() {
        return None;
    }
    let key = state
        .settings
        .keymap
        .keys_in(state.place(), Intent::FixSpelling)
        .into_iter()
        .next();
    let theme = &state.settings.theme;
    let mut offered = false;
    let mut spans = vec![Span::styled("Spelling: ", theme[Role::Muted])];
    for (i, (_, word)) in unknown.into_iter().take(SHOWN_WORDS).enumerate() {
        if i > 0 {
            spans.push(Span::raw(", "));
        }
        spans.push(Span::styled(word.to_string(), theme[Role::Misspelled]));
        if let Some(better) = state.suggestions.first(word) {
            let hint = match (&key, offered) {
                (Some(key), false) => format!(" ({key})"),
                _ => String::new(),
            };
            offered = true;
            spans.push(Span::styled(
                format!(" → {better}{hint}"),
                theme[Role::Muted],
            ));
        }
    }
    Some(Line::from(spans))
}

/// The lines over the transcript (the procedure's prompts, then escalations and the latest
/// whisper) and, in the focused pane, the spelling line under the composer. The layout asks
/// for them too: how many there are decides the transcript's height.
pub fn rows_above(
    chat: &ChatView,
    state: &State,
    focused: bool,
    inner: Rect,
) -> (Vec<Line<'static>>, Option<Line<'static>>) {
    use crate::console::ui::escalation::{strip, strip_room};
    let mut prompts = prompt_lines(chat, state);
    prompts.extend(strip(
        &state.settings.theme,
        chat,
        state.now,
        strip_room(inner.height),
        inner.width,
    ));
    let spelling = if focused {
        spelling_line(chat, state)
    } else {
        None
    };
    (prompts, spelling)
}

pub fn draw(frame: &mut Frame, area: Rect, chat: &ChatView, focused: bool, state: &State) {
    let theme = &state.settings.theme;
    let border = if focused {
        theme[Role::Focus]
    } else {
        theme[Role::Muted]
    };
    let marker = if focused { "▶ " } else { "" };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(Span::styled(
            format!(
                " {marker}{} · {} ",
                chat.customer.name, chat.customer.queue_name
            ),
            border,
        ));
    let inner = layout::pane_inner(area);
    frame.render_widget(block, area);

    let (prompts, spelling) = rows_above(chat, state, focused, inner);
    let PaneRows {
        customer: strip,
        timers: timer,
        prompts: prompt_rows,
        note: note_row,
        transcript: body,
        composer,
        spelling: spelling_row,
    } = layout::pane_rows(
        inner,
        prompts.len(),
        chat.transfer_note.is_some(),
        spelling.is_some(),
    );
    frame.render_widget(Paragraph::new(prompts), prompt_rows);
    if let Some(line) = spelling {
        frame.render_widget(Paragraph::new(line), spelling_row);
    }

    let mut details = vec![Span::styled(chat.customer.email.clone(), theme[Role::Info])];
    if let Some(id) = &chat.customer.client_id {
        details.push(Span::raw(format!(" · client {id}")));
    }
    details.push(Span::raw(format!(" · {}", chat.customer.queue_name)));
    if let Some(ticket) = &chat.ticket {
        details.push(Span::styled(
            format!(" · ticket {}", ticket.reference()),
            theme[Role::Ok],
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(details)), strip);
    let wrap_up = state
        .settings
        .keymap
        .keys(state.place(), Intent::EndOrWrapUp);
    frame.render_widget(
        Paragraph::new(timers(chat, state, wrap_up.as_deref())),
        timer,
    );
    if let Some(note) = &chat.transfer_note {
        frame.render_widget(
            Paragraph::new(format!("Transfer note: {}", note.replace('\n', " ")))
                .style(theme[Role::Note].add_modifier(Modifier::ITALIC)),
            note_row,
        );
    }
    let unfold_key = state
        .settings
        .keymap
        .keys_in(state.place(), Intent::Unfold)
        .into_iter()
        .next();
    let forward_key = state
        .settings
        .keymap
        .keys(state.place(), Intent::ScrollForward);
    let look = transcript::TranscriptLook {
        theme,
        zone: &state.settings.time_zone,
        unfold_key: unfold_key.as_deref(),
        forward_key: forward_key.as_deref(),
    };
    transcript::draw(frame, body, chat, &look);

    let mut area = chat.composer.clone();
    let keys = state.settings.keymap.hints(
        state.place(),
        &[(Intent::Send, "sends"), (Intent::Newline, "adds a line")],
    );
    area.set_placeholder_text(if keys.is_empty() {
        "Type a reply".to_string()
    } else {
        format!("Type a reply — {keys}")
    });
    area.set_placeholder_style(theme[Role::Muted]);
    area.set_selection_style(theme[Role::Highlight]);
    area.set_block(
        Block::default()
            .borders(Borders::TOP)
            .border_style(theme[Role::Muted]),
    );
    if !focused {
        area.set_cursor_style(Style::default());
    }
    frame.render_widget(&area, composer);
}

/// A chat folded to one line while the other has the room: who, where, how long the customer
/// has waited for an answer (or that it ended), and the key that brings it up.
pub fn strip(frame: &mut Frame, area: Rect, chat: &ChatView, state: &State) {
    let (now, theme) = (state.now, &state.settings.theme);
    let dim = theme[Role::Muted];
    let mut spans = vec![Span::styled(
        format!("▷ {} · {} ", chat.customer.name, chat.customer.queue_name),
        theme[Role::Heading],
    )];
    match chat.state {
        ChatState::Ended => spans.push(Span::styled(" ended, to wrap up ", theme[Role::Warning])),
        _ => match chat.waiting_since() {
            Some(since) => {
                let waited = secs_since(now, since);
                let level = reply_wait(waited, &state.settings.sla());
                spans.push(Span::styled(
                    format!(" {} ", wait_text(waited, level)),
                    wait_style(theme, level),
                ));
            }
            None => spans.push(Span::styled(" answered ", dim)),
        },
    }
    if chat.on_hold_since.is_some() {
        spans.push(Span::styled(" on hold ", theme[Role::Badge]));
    }
    if let Some(key) = state.settings.keymap.keys(state.place(), Intent::NextPane) {
        spans.push(Span::styled(format!(" {key} to switch"), dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
