//! The lead's monitor — the escalation inbox, live chats, agents and queues, most urgent on
//! top of each — and the read-only view of a watched chat ([`watch`]).
//!
//! Every list fits its columns to the width it has and scrolls with the highlight, saying how
//! many rows are above and below. Wide terminals put agents and queues on the left; narrower
//! ones stack the four lists.

mod list;

pub use list::{Column, beyond, cell, first_shown, fit, share};

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::monitor::{ESCALATION_ALERT_SECS, Item, is_off_the_floor, items, shown_agents};
use crate::console::theme::Role;
use crate::console::ui::escalation::state_text;
use crate::console::ui::header::presence_style;
use crate::console::ui::pane::{wait_style, wait_text};
use crate::policy::sla::{SlaPolicy, WaitLevel, clock, queue_wait_flagged, reply_wait};
use crate::protocol::{EscalationState, Floor, Presence};
use list::{List, Row};

/// From this width agents and queues sit beside the inbox and the live chats.
const SIDE_BY_SIDE_FROM: u16 = 110;

const ESCALATION_COLUMNS: [Column; 6] = [
    Column::new("State", 22, 9, 10),
    Column::new("Escalation", 24, 10, 9),
    Column::new("Customer", 16, 8, 8),
    Column::new("Agent", 16, 8, 7),
    Column::new("Chat", 5, 5, 6),
    Column::new("Goes to", 24, 8, 5),
];

const CHAT_COLUMNS: [Column; 5] = [
    // Whole up to an hour's wait past the SLA: `waiting 1:02:03 !`.
    Column::new("Customer waits", 17, 8, 10),
    Column::new("Customer", 16, 8, 9),
    Column::new("Agent", 16, 8, 8),
    Column::new("In chat", 7, 5, 6),
    Column::new("Queue", 14, 6, 5),
];

const QUEUE_COLUMNS: [Column; 3] = [
    Column::new("Queue", 18, 8, 10),
    Column::new("Waiting", 7, 4, 9),
    Column::new("Oldest", 7, 5, 8),
];

/// The agents' columns, the name as wide as the longest name (within reason).
fn agent_columns(floor: &Floor) -> [Column; 6] {
    let longest = floor
        .agents
        .iter()
        .map(|a| a.display_name.width())
        .max()
        .unwrap_or(0);
    let name = u16::try_from(longest.clamp(10, 32)).unwrap_or(32);
    [
        Column::new("Status", 9, 7, 8),
        Column::new("Agent", name, 8, 10),
        Column::new("Chats", 5, 5, 9),
        Column::new("Waits", 9, 5, 7),
        Column::new("Late", 4, 4, 6),
        Column::new("For", 7, 5, 5),
    ]
}

fn secs(now: Timestamp, then: Timestamp) -> u64 {
    u64::try_from(now.as_second() - then.as_second()).unwrap_or(0)
}

/// A section's title with its count and the monitor's hints for it, e.g.
/// `Live chats (12) — Enter watches`.
fn titled(state: &State, name: &str, count: &str, hints: &[(Intent, &str)]) -> String {
    let hint = state.settings.keymap.hints(Place::Monitor, hints);
    if hint.is_empty() {
        format!("{name} ({count})")
    } else {
        format!("{name} ({count}) — {hint}")
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let Some(floor) = &state.floor else {
        frame.render_widget(
            Paragraph::new("Fetching the floor…").block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(state.settings.theme[Role::Muted])
                    .title(" Monitor "),
            ),
            area,
        );
        return;
    };
    let offline = state.monitor.show_offline;
    let selected = items(floor, offline).get(state.monitor.selected).copied();
    let inbox = inbox(state, floor, selected);
    let chats = live_chats(state, floor, selected);
    let agent_columns = agent_columns(floor);
    let agents = agents(state, floor, selected, &agent_columns);
    let queues = queues(state, floor);
    // Borders and the header row.
    let wants = |l: &List| u16::try_from(l.rows.len().max(1)).unwrap_or(u16::MAX) + 3;

    if area.width >= SIDE_BY_SIDE_FROM {
        // Wide enough for the agents' columns and their title with its hint.
        let title = u16::try_from(agents.title.width()).unwrap_or(u16::MAX) + 4;
        let left_width = agents.wanted_width().max(title).clamp(40, area.width / 2);
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_width), Constraint::Min(30)]).areas(area);
        let [inbox_h, chats_h] = share_two(right.height, wants(&inbox), wants(&chats));
        let [queues_h, agents_h] = share_two(left.height, wants(&queues), wants(&agents));
        let [inbox_area, chats_area] =
            Layout::vertical([Constraint::Length(inbox_h), Constraint::Length(chats_h)])
                .areas(right);
        let [agents_area, queues_area] =
            Layout::vertical([Constraint::Length(agents_h), Constraint::Length(queues_h)])
                .areas(left);
        list::draw(frame, inbox_area, &state.settings.theme, inbox);
        list::draw(frame, chats_area, &state.settings.theme, chats);
        list::draw(frame, agents_area, &state.settings.theme, agents);
        list::draw(frame, queues_area, &state.settings.theme, queues);
    } else {
        let heights = share(
            area.height,
            &[wants(&inbox), wants(&chats), wants(&agents), wants(&queues)],
            3,
        );
        let areas = Layout::vertical(heights.iter().map(|h| Constraint::Length(*h))).split(area);
        for (list, area) in [inbox, chats, agents, queues].into_iter().zip(areas.iter()) {
            list::draw(frame, *area, &state.settings.theme, list);
        }
    }
}

/// Two stacked lists sharing `total` lines; the second takes what the first leaves (the
/// queues go first on the left so that the agents get the rest).
fn share_two(total: u16, first: u16, second: u16) -> [u16; 2] {
    let heights = share(total, &[first, second], 3);
    let top = heights[0].min(total);
    [top, total.saturating_sub(top)]
}

fn inbox<'a>(state: &State, floor: &Floor, selected: Option<Item>) -> List<'a> {
    let (now, theme) = (state.now, &state.settings.theme);
    let rows: Vec<Row> = floor
        .escalations
        .iter()
        .map(|e| {
            let late = e.state == EscalationState::Open
                && secs(now, e.created_at) >= ESCALATION_ALERT_SECS;
            let alert = late && !e.chat_ended;
            let style = if alert {
                theme[Role::Alert]
            } else if e.state == EscalationState::Answered || e.chat_ended {
                theme[Role::Muted]
            } else {
                Style::default()
            };
            // Waiting too long says so with a mark as well as its look.
            let shown_state = match alert {
                true => format!("! {}", state_text(e, now)),
                false => state_text(e, now),
            };
            Row {
                cells: vec![
                    (shown_state, None),
                    (e.template_name.clone(), None),
                    (e.customer_name.clone(), None),
                    (e.agent_name.clone(), None),
                    ((if e.chat_ended { "ended" } else { "live" }).into(), None),
                    (e.channel_name.clone(), None),
                ],
                style,
            }
        })
        .collect();
    let open = floor
        .escalations
        .iter()
        .filter(|e| e.state != EscalationState::Answered)
        .count();
    List {
        title: titled(
            state,
            "Escalations",
            &format!("{open} open"),
            &inbox_hints(floor),
        ),
        columns: &ESCALATION_COLUMNS,
        selected: floor
            .escalations
            .iter()
            .position(|e| selected == Some(Item::Escalation(e.id))),
        rows,
        empty: "No escalations waiting.",
    }
}

fn live_chats<'a>(state: &State, floor: &Floor, selected: Option<Item>) -> List<'a> {
    let (now, theme) = (state.now, &state.settings.theme);
    let sla = state.settings.sla();
    let rows = floor
        .chats
        .iter()
        .map(|c| {
            let waited = c.waiting_since.map(|t| secs(now, t));
            let level = waited.map(|w| (w, reply_wait(w, &sla)));
            let wait =
                level.map_or_else(|| "answered".to_string(), |(w, level)| wait_text(w, level));
            let style = level.map_or(theme[Role::Muted], |(_, level)| wait_style(theme, level));
            let in_chat = c
                .chat
                .accepted_at
                .map(|t| clock(secs(now, t)))
                .unwrap_or_default();
            Row {
                cells: vec![
                    (wait, None),
                    (c.chat.customer.name.clone(), None),
                    (
                        c.chat.agent_name.clone().unwrap_or_else(|| "—".into()),
                        None,
                    ),
                    (in_chat, None),
                    (c.chat.queue_name.clone(), None),
                ],
                style,
            }
        })
        .collect();
    List {
        title: titled(
            state,
            "Live chats",
            &floor.chats.len().to_string(),
            &[(Intent::Choose, "watches")],
        ),
        columns: &CHAT_COLUMNS,
        selected: floor
            .chats
            .iter()
            .position(|c| selected == Some(Item::Chat(c.chat.id))),
        rows,
        empty: "No live chats.",
    }
}

/// Enter claims and answers; while an ended chat's escalation is listed the close key is named
/// too (in few words: the title must fit beside the agents at 120 columns).
fn inbox_hints(floor: &Floor) -> Vec<(Intent, &'static str)> {
    if floor.escalations.iter().any(|e| e.chat_ended) {
        vec![
            (Intent::Choose, "answers"),
            (Intent::CloseEscalation, "closes ended"),
        ]
    } else {
        vec![(Intent::Choose, "claims and answers")]
    }
}

fn agents<'a>(
    state: &State,
    floor: &Floor,
    selected: Option<Item>,
    columns: &'a [Column],
) -> List<'a> {
    let (now, theme) = (state.now, &state.settings.theme);
    let sla: SlaPolicy = state.settings.sla();
    let offline = state.monitor.show_offline;
    let shown: Vec<_> = shown_agents(floor, offline).collect();
    let rows = shown
        .iter()
        .map(|a| {
            let dim = is_off_the_floor(a);
            let style = if dim {
                theme[Role::Muted]
            } else {
                Style::default()
            };
            let waits = a.longest_wait_since.map(|since| {
                let waited = secs(now, since);
                let level = reply_wait(waited, &sla);
                let mark = if level == WaitLevel::Breach { " !" } else { "" };
                (
                    format!("{}{mark}", clock(waited)),
                    Some(wait_style(theme, level)),
                )
            });
            let late = (a.sla_breaches_today > 0).then(|| {
                (
                    format!("✗{}", a.sla_breaches_today),
                    Some(theme[Role::Error]),
                )
            });
            let since = clock(secs(now, a.presence_since));
            let since_style = (a.presence == Presence::WrapUp)
                .then(|| theme[Role::Note].add_modifier(ratatui::style::Modifier::BOLD));
            Row {
                cells: vec![
                    (
                        a.presence.as_str().to_string(),
                        (!dim).then(|| presence_style(theme, a.presence)),
                    ),
                    (a.display_name.clone(), None),
                    (format!("{}/{}", a.active_chats, a.capacity), None),
                    waits.unwrap_or_default(),
                    late.unwrap_or_default(),
                    (since, since_style),
                ],
                style,
            }
        })
        .collect();
    let hidden = floor.agents.iter().filter(|a| is_off_the_floor(a)).count();
    // Few words: the panel is as wide as its title, and the inbox needs the rest.
    let toggle = if offline {
        "hides offline"
    } else {
        "shows offline"
    };
    let hints: Vec<(Intent, &str)> = if hidden > 0 {
        vec![(Intent::ShowOffline, toggle)]
    } else {
        Vec::new()
    };
    let count = if hidden > 0 && !offline {
        format!("{} +{hidden} offline", shown.len())
    } else {
        shown.len().to_string()
    };
    List {
        title: titled(state, "Agents", &count, &hints),
        columns,
        selected: shown
            .iter()
            .position(|a| selected == Some(Item::Agent(a.id))),
        rows,
        empty: "Nobody is signed in.",
    }
}

fn queues<'a>(state: &State, floor: &Floor) -> List<'a> {
    let (sla, theme) = (state.settings.sla(), &state.settings.theme);
    let rows = floor
        .queues
        .iter()
        .map(|q| {
            let flagged = q
                .oldest_wait_secs
                .is_some_and(|s| queue_wait_flagged(s, &sla));
            let style = if flagged {
                theme[Role::Warning]
            } else {
                Style::default()
            };
            Row {
                cells: vec![
                    (q.name.clone(), None),
                    (q.depth.to_string(), None),
                    (
                        q.oldest_wait_secs.map(clock).unwrap_or_else(|| "—".into()),
                        None,
                    ),
                ],
                style,
            }
        })
        .collect();
    List {
        title: format!("Queues ({})", floor.queues.len()),
        columns: &QUEUE_COLUMNS,
        selected: None,
        rows,
        empty: "No queues.",
    }
}
