//! Drawing the console: a pure function of the state. The panes, the header, the footer and the
//! lead's monitor are drawn here; the open room draws itself over them.

pub mod escalation;
pub mod footer;
pub mod header;
pub mod layout;
pub mod monitor;
pub mod pane;
pub mod popup;
pub mod rows;
pub mod side;
pub mod transcript;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::app::{Connection, Overlay, State};
use crate::console::keymap::Intent;
use crate::console::rooms::Areas;
use crate::console::theme::Role;
use crate::policy::sla::clock;
use layout::{Screen, Waiting, focused_pane, pane_areas};

pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let Screen {
        header: top,
        banner: warning,
        waiting,
        work,
        notice,
        footer,
        monitor: lead_monitor,
    } = layout::screen(state, area);
    header::draw(frame, top, state);
    draw_banner(frame, warning, state);
    match waiting {
        // The monitor lists the queues itself and needs the width.
        Waiting::None => {}
        Waiting::List(list) => side::list(frame, list, state, None, "Waiting"),
        Waiting::Strip(strip) => side::strip(frame, strip, state),
    }
    if lead_monitor {
        monitor::draw(frame, work, state);
    } else {
        draw_panes(frame, work, state);
    }
    // A dialog about a chat sits over that chat's pane, never over the other chat.
    let chat_area = if lead_monitor {
        work
    } else {
        focused_pane(work, state)
    };

    if let Some(room) = state.overlay.room() {
        let areas = Areas {
            screen: layout::above_notice(state, area),
            work,
            chat: chat_area,
        };
        room.draw(frame, &areas, state);
    }
    if let Some(offer) = state.offers.first()
        && state.overlay == Overlay::None
    {
        popup::offer(frame, work, state, offer);
    }
    footer::notice(frame, notice, state);
    footer::draw(frame, footer, state);
}

fn draw_banner(frame: &mut Frame, area: Rect, state: &State) {
    let text = match &state.connection {
        Connection::Online => return,
        Connection::Reconnecting { reason, since } => {
            let secs = u64::try_from(state.now.as_second() - since.as_second()).unwrap_or(0);
            format!(
                " Reconnecting to the backend ({reason}) for {} — you can keep typing; messages are sent when it is back. ",
                clock(secs)
            )
        }
        Connection::SignedOut(why) => format!(" Signed out: {why} "),
    };
    frame.render_widget(
        Paragraph::new(text).style(state.settings.theme[Role::Alert]),
        area,
    );
}

fn draw_panes(frame: &mut Frame, area: Rect, state: &State) {
    if state.chats.is_empty() {
        let text = vec![
            Line::from(""),
            Line::from(Span::styled(
                "No chat open.",
                state.settings.theme[Role::Heading],
            )),
            Line::from(home_hint(state)),
        ];
        frame.render_widget(
            Paragraph::new(text).alignment(ratatui::layout::Alignment::Center),
            area,
        );
        return;
    }
    for (i, (rect, strip)) in pane_areas(area, state).into_iter().enumerate() {
        let Some(chat) = state.chats.get(i) else {
            continue;
        };
        if strip {
            pane::strip(frame, rect, chat, state);
        } else {
            pane::draw(frame, rect, chat, state.focus == i, state);
        }
    }
}

/// What to do with no chat open, in the keys of the active keymap.
fn home_hint(state: &State) -> String {
    let keymap = &state.settings.keymap;
    let place = state.place();
    let available = keymap.with_key(place, Intent::CyclePresence, "Go available");
    let pick_up = keymap.with_key(place, Intent::ToggleQueue, "pick up a waiting chat");
    format!("{available} to receive offers, or {pick_up}.")
}
