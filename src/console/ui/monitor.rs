//! The lead's monitor — agents, queues, live chats and the escalation inbox, most urgent on top
//! — and the read-only view of a watched chat with its whisper line.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::monitor::{ESCALATION_ALERT_SECS, Item, Watch, items};
use crate::console::ui::escalation::state_text;
use crate::console::ui::header::presence_style;
use crate::console::ui::pane::wait_style;
use crate::console::ui::transcript;
use crate::policy::sla::{clock, reply_wait};
use crate::protocol::{EscalationState, Presence};

fn secs(now: Timestamp, then: Timestamp) -> u64 {
    u64::try_from(now.as_second() - then.as_second()).unwrap_or(0)
}

/// A section's title with the monitor's hint for it, e.g. `Live chats — Enter watches`.
fn titled(state: &State, name: &str, what: &str) -> String {
    let hint = state
        .settings
        .keymap
        .hints(Place::Monitor, &[(Intent::Choose, what)]);
    if hint.is_empty() {
        name.to_string()
    } else {
        format!("{name} — {hint}")
    }
}

fn section(title: &str) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::DarkGray))
        .title(Span::styled(
            format!(" {title} "),
            Style::default().add_modifier(Modifier::BOLD),
        ))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(floor) = &state.floor else {
        frame.render_widget(
            Paragraph::new("Fetching the floor…").block(section("Monitor")),
            area,
        );
        return;
    };
    let now = state.now;
    let sla = state.settings.sla();
    let selected = items(floor).get(state.monitor.selected).copied();
    let [left, right] =
        Layout::horizontal([Constraint::Length(46), Constraint::Min(30)]).areas(area);
    let [agents_area, queues_area] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(8)]).areas(left);
    let inbox_height = u16::try_from(floor.escalations.len().clamp(1, 10)).unwrap_or(10) + 2;
    let [inbox_area, chats_area] =
        Layout::vertical([Constraint::Length(inbox_height), Constraint::Min(4)]).areas(right);

    let agents: Vec<Line> = floor
        .agents
        .iter()
        .map(|a| {
            let mut spans = vec![
                Span::styled(
                    format!(" {:<9}", a.presence.as_str()),
                    presence_style(a.presence),
                ),
                Span::raw(format!(" {:<14.14}", a.display_name)),
                Span::raw(format!(" {}/{}", a.active_chats, a.capacity)),
            ];
            if let Some(since) = a.longest_wait_since {
                let waited = secs(now, since);
                spans.push(Span::styled(
                    format!(" wait {}", clock(waited)),
                    wait_style(reply_wait(waited, &sla)),
                ));
            }
            if a.sla_breaches_today > 0 {
                spans.push(Span::styled(
                    format!(" ✗{}", a.sla_breaches_today),
                    Style::default().fg(Color::Red),
                ));
            }
            if a.presence == Presence::WrapUp {
                spans.push(Span::styled(
                    format!(" wrap-up {}", clock(secs(now, a.presence_since))),
                    Style::default().fg(Color::Magenta),
                ));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(agents).block(section("Agents")), agents_area);

    let queues: Vec<Line> = floor
        .queues
        .iter()
        .map(|q| {
            let oldest = q.oldest_wait_secs.map(clock).unwrap_or_else(|| "—".into());
            let flagged = q
                .oldest_wait_secs
                .is_some_and(|s| crate::policy::sla::queue_wait_flagged(s, &sla));
            let style = if flagged {
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                format!(
                    " {:<16.16} {:>3} waiting · oldest {oldest}",
                    q.name, q.depth
                ),
                style,
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(queues).block(section("Queues")), queues_area);

    let highlight = |item: Item, base: Style| {
        if selected == Some(item) {
            base.bg(Color::Blue).add_modifier(Modifier::BOLD)
        } else {
            base
        }
    };
    let mut inbox: Vec<Line> = floor
        .escalations
        .iter()
        .map(|e| {
            let late = e.state == EscalationState::Open
                && secs(now, e.created_at) >= ESCALATION_ALERT_SECS;
            let base = if late && !e.chat_ended {
                Style::default().fg(Color::White).bg(Color::Red)
            } else if e.state == EscalationState::Answered || e.chat_ended {
                Style::default().fg(Color::DarkGray)
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                format!(
                    " {:<22.22} {:<24.24} {:<14.14} {:<14.14} {}{}",
                    state_text(e, now),
                    e.template_name,
                    e.agent_name,
                    e.customer_name,
                    e.channel_name,
                    if e.chat_ended { " · chat ended" } else { "" },
                ),
                highlight(Item::Escalation(e.id), base),
            ))
        })
        .collect();
    if inbox.is_empty() {
        inbox.push(Line::from(Span::styled(
            " No escalations waiting.",
            Style::default().fg(Color::DarkGray),
        )));
    }
    frame.render_widget(
        Paragraph::new(inbox).block(section(&titled(state, "Escalations", "claims and answers"))),
        inbox_area,
    );

    let chats: Vec<Line> = floor
        .chats
        .iter()
        .map(|c| {
            let waited = c.waiting_since.map(|t| secs(now, t));
            let wait = waited.map_or_else(
                || "answered".to_string(),
                |w| format!("waiting {}", clock(w)),
            );
            let base = waited.map_or(Style::default().fg(Color::DarkGray), |w| {
                wait_style(reply_wait(w, &sla))
            });
            let in_chat = c
                .chat
                .accepted_at
                .map(|t| clock(secs(now, t)))
                .unwrap_or_default();
            Line::from(Span::styled(
                format!(
                    " {wait:<16} {:<16.16} {:<14.14} {:<14.14} in chat {in_chat}",
                    c.chat.customer.name,
                    c.chat.agent_name.as_deref().unwrap_or("—"),
                    c.chat.queue_name,
                ),
                highlight(Item::Chat(c.chat.id), base),
            ))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(chats).block(section(&titled(state, "Live chats", "watches"))),
        chats_area,
    );
}

/// A watched chat, read-only, over the work area.
pub fn watch(frame: &mut Frame, area: Rect, state: &State, watch: &Watch) {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(
            " Watching {} with {} — read-only ",
            watch.chat.customer.name, watch.agent_name
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [strip, body, whisper, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(format!(
            "{} · {}",
            watch.chat.customer.email, watch.chat.customer.queue_name
        ))
        .style(Style::default().fg(Color::Cyan)),
        strip,
    );
    let keymap = &state.settings.keymap;
    let forward_key = keymap.keys(Place::Watch, Intent::ScrollForward);
    let look = transcript::TranscriptLook {
        zone: &state.settings.time_zone,
        unfold_key: None,
        forward_key: forward_key.as_deref(),
    };
    transcript::draw(frame, body, &watch.chat, &look);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                " Whisper to the agent ",
                Style::default()
                    .fg(Color::Black)
                    .bg(Color::Magenta)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(" {}▏", watch.whisper)),
        ])),
        whisper,
    );
    frame.render_widget(
        Paragraph::new(format!(
            " {}",
            keymap.hints(
                Place::Watch,
                &[
                    (Intent::Send, "whispers (never shown to the customer)"),
                    (Intent::TakeOver, "takes the chat over"),
                    (Intent::Close, "closes"),
                ]
            )
        ))
        .style(Style::default().fg(Color::DarkGray)),
        keys,
    );
}
