//! Where everything goes on screen: a pure function of the state and the terminal's size.
//! Drawing lays the screen out with it, and `update` asks it how wide and tall each transcript
//! is, so scrolling knows its limits without a frame having been drawn first.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders};

use crate::console::app::{Connection, State};
use crate::console::ui::pane;

/// Terminals at least this wide get the waiting list at the side.
const SIDE_LIST_FROM: u16 = 100;
/// Two chats sit side by side from this width; stacked below it.
const SIDE_BY_SIDE_FROM: u16 = 120;
/// A notice wraps onto at most this many rows above the keys (three hold every sentence the
/// console says at 80 columns).
const NOTICE_ROWS: usize = 3;

/// The waiting customers: a list at the side, or a line above the work area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// The lead's monitor lists the queues itself.
    None,
    List(Rect),
    Strip(Rect),
}

/// The screen's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    /// The line that says the backend is out of reach (no height while online).
    pub banner: Rect,
    pub waiting: Waiting,
    /// Where the chats (or the lead's monitor) go.
    pub work: Rect,
    /// The notice on screen, wrapped (no height while none shows).
    pub notice: Rect,
    /// The keys of the moment.
    pub footer: Rect,
    /// A lead's monitor takes the work area instead of the chats.
    pub monitor: bool,
}

pub fn screen(state: &State, area: Rect) -> Screen {
    let banner = u16::from(!matches!(state.connection, Connection::Online));
    let notice = u16::try_from(notice_lines(state, area.width).len()).unwrap_or(0);
    let [header, banner, body, notice, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(3),
        Constraint::Length(notice),
        Constraint::Length(1),
    ])
    .areas(area);
    let monitor = state.monitor_shown();
    let (waiting, work) = if monitor {
        (Waiting::None, body)
    } else if area.width >= SIDE_LIST_FROM {
        let [list, work] =
            Layout::horizontal([Constraint::Length(30), Constraint::Min(20)]).areas(body);
        (Waiting::List(list), work)
    } else {
        let [strip, work] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(body);
        (Waiting::Strip(strip), work)
    };
    Screen {
        header,
        banner,
        waiting,
        work,
        notice,
        footer,
        monitor,
    }
}

/// Where a room may draw on a screen `area`: all of it above the notice and the keys, which a
/// room never covers.
pub fn above_notice(state: &State, area: Rect) -> Rect {
    let Screen { notice, .. } = screen(state, area);
    Rect {
        height: notice.y.saturating_sub(area.y),
        ..area
    }
}

/// The notice showing now, wrapped at word boundaries to `width` columns with a column spare
/// at each side; nothing while none shows. Past [`NOTICE_ROWS`] (only on narrow terminals) the
/// last row ends in "…".
pub fn notice_lines(state: &State, width: u16) -> Vec<String> {
    let Some(notice) = state.notice.as_ref().filter(|_| state.notice_showing()) else {
        return Vec::new();
    };
    let mut lines = crate::console::wrap::wrap(&notice.text, width.saturating_sub(2));
    if lines.len() > NOTICE_ROWS {
        lines.truncate(NOTICE_ROWS);
        if let Some(last) = lines.last_mut() {
            let keep = last.chars().count().saturating_sub(1);
            *last = last.chars().take(keep).chain(['…']).collect();
        }
    }
    lines
}

/// Where each chat's pane goes in `area`: side by side when wide enough; stacked below that,
/// the focused chat gets the room and the other a one-line strip (`true` marks a strip).
pub fn pane_areas(area: Rect, state: &State) -> Vec<(Rect, bool)> {
    match state.chats.len() {
        0 => Vec::new(),
        1 => vec![(area, false)],
        _ if area.width >= SIDE_BY_SIDE_FROM => {
            let [a, b] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(area);
            vec![(a, false), (b, false)]
        }
        _ => {
            let rows = |i: usize| {
                if state.focus == i {
                    Constraint::Min(3)
                } else {
                    Constraint::Length(1)
                }
            };
            let [a, b] = Layout::vertical([rows(0), rows(1)]).areas(area);
            vec![(a, state.focus != 0), (b, state.focus != 1)]
        }
    }
}

/// The focused chat's pane (all of `area` with no chat open).
pub fn focused_pane(area: Rect, state: &State) -> Rect {
    pane_areas(area, state)
        .get(state.focus)
        .map_or(area, |(rect, _)| *rect)
}

/// Inside a chat pane's border.
pub fn pane_inner(area: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(area)
}

/// The rows of a chat pane, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneRows {
    pub customer: Rect,
    pub timers: Rect,
    pub prompts: Rect,
    pub note: Rect,
    pub transcript: Rect,
    pub composer: Rect,
    pub spelling: Rect,
}

/// A pane's rows in `inner`, given how many prompt lines it shows, whether a transfer note and
/// a spelling line show.
pub fn pane_rows(inner: Rect, prompts: usize, note: bool, spelling: bool) -> PaneRows {
    let composer = if inner.height > 12 { 4 } else { 3 };
    let [
        customer,
        timers,
        prompts,
        note,
        transcript,
        composer,
        spelling,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::try_from(prompts).unwrap_or(0)),
        Constraint::Length(u16::from(note)),
        Constraint::Min(0),
        Constraint::Length(composer),
        Constraint::Length(u16::from(spelling)),
    ])
    .areas(inner);
    PaneRows {
        customer,
        timers,
        prompts,
        note,
        transcript,
        composer,
        spelling,
    }
}

/// Where chat `index`'s transcript is drawn on a terminal of `state.screen`'s size, or `None`
/// while it is not (folded to a strip, under the lead's monitor, or no such chat).
pub fn transcript_area(state: &State, index: usize) -> Option<Rect> {
    let screen = screen(state, state.screen);
    if screen.monitor {
        return None;
    }
    let (area, strip) = *pane_areas(screen.work, state).get(index)?;
    let chat = state.chats.get(index)?;
    if strip {
        return None;
    }
    let inner = pane_inner(area);
    let (prompts, spelling) = pane::rows_above(chat, state, state.focus == index, inner);
    let rows = pane_rows(
        inner,
        prompts.len(),
        chat.transfer_note.is_some(),
        spelling.is_some(),
    );
    Some(rows.transcript)
}
