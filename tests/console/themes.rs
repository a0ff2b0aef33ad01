//! Themes on screen: the monochrome theme draws no colour at all while every alert keeps bold
//! and reverse video, and in every theme an alert never depends on colour alone.

use chatdesk::console::action::Action;
use chatdesk::console::app::{State, update};
use chatdesk::console::theme::Theme;
use chatdesk::protocol::{Floor, Party};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use uuid::Uuid;

use crate::fixture::{ago, chat, message, offer, queues, state};
use crate::monitor::{busy_floor, many_escalations, with_floor};

fn buffer(state: &State, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| chatdesk::console::ui::draw(frame, state))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// Where `text` starts on screen, as a cell index.
fn find(buffer: &Buffer, text: &str) -> usize {
    let symbols: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    let wanted: Vec<String> = text.chars().map(|c| c.to_string()).collect();
    (0..symbols.len())
        .find(|&i| {
            wanted
                .iter()
                .enumerate()
                .all(|(k, s)| symbols.get(i + k).is_some_and(|x| x == s))
        })
        .unwrap_or_else(|| panic!("{text:?} is not on screen"))
}

/// The modifiers of every cell of `text` on screen (the same for all of them).
fn modifiers_of(buffer: &Buffer, text: &str) -> Modifier {
    let at = find(buffer, text);
    let cells = &buffer.content()[at..at + text.chars().count()];
    let first = cells[0].modifier;
    assert!(
        cells.iter().all(|c| c.modifier == first),
        "{text:?} is styled unevenly"
    );
    first
}

/// Cells with a colour of their own: none may have one without colour.
fn coloured_cells(buffer: &Buffer) -> Vec<(u16, u16, Color, Color, String)> {
    let width = buffer.area.width;
    buffer
        .content()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fg != Color::Reset || c.bg != Color::Reset)
        .map(|(i, c)| {
            let i = u16::try_from(i).unwrap();
            (i % width, i / width, c.fg, c.bg, c.symbol().to_string())
        })
        .collect()
}

fn themed(mut state: State, theme: Theme) -> State {
    state.settings.theme = theme;
    state
}

/// Two chats: Ana unverified with a reply due soon (50 s), Bo past the reply limit (70 s) with
/// a masked card number unanswered, so the procedure raises an alert; an offer and a queue too.
fn busy_agent() -> State {
    let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
    let first = chat(
        1,
        "Ana Lima",
        vec![message(
            a,
            1,
            Party::Customer,
            "Is my refund coming?",
            ago(50),
        )],
    );
    let second = chat(
        2,
        "Bo Chen",
        vec![message(
            b,
            3,
            Party::Customer,
            "My card is 4111 11** **** 1111",
            ago(70),
        )],
    );
    state(
        vec![first, second],
        vec![offer(9)],
        queues(&[("Cleo Park", 41)]),
    )
}

fn lead_screens() -> Vec<State> {
    let mut floor: Floor = busy_floor();
    floor.escalations = many_escalations(12).escalations;
    let mut monitor = with_floor(floor);
    update(&mut monitor, Action::Tick(crate::fixture::now()));
    vec![monitor]
}

#[test]
fn monochrome_draws_no_colour_and_keeps_alerts_bold_and_reversed() {
    let agent = themed(busy_agent(), Theme::monochrome());
    let shown = buffer(&agent, 170, 40);
    assert_eq!(coloured_cells(&shown), Vec::new());
    let alert = Modifier::BOLD | Modifier::REVERSED;
    assert!(modifiers_of(&shown, " NOT VERIFIED 0/3 ").contains(alert));
    // Past the reply limit: reversed and marked; due soon: bold only; the two differ.
    assert!(modifiers_of(&shown, " waiting 1:10 ! ").contains(alert));
    let soon = modifiers_of(&shown, " waiting 0:50 ");
    assert!(soon.contains(Modifier::BOLD) && !soon.contains(Modifier::REVERSED));
    // The procedure's alert, with its mark.
    let at = find(&shown, "! A card number was masked");
    assert!(shown.content()[at].modifier.contains(alert));

    for state in lead_screens() {
        let state = themed(state, Theme::monochrome());
        let shown = buffer(&state, 160, 40);
        assert_eq!(coloured_cells(&shown), Vec::new());
        // An escalation waiting too long is marked and reversed.
        let at = find(&shown, "! open");
        assert!(shown.content()[at].modifier.contains(alert));
    }
}

#[test]
fn the_same_screens_in_colour_have_colour() {
    // The check above would find colour if there were any.
    let shown = buffer(&busy_agent(), 170, 40);
    assert!(!coloured_cells(&shown).is_empty());
    let shown = buffer(
        &themed(busy_agent(), Theme::builtin("high-contrast").unwrap()),
        170,
        40,
    );
    assert!(!coloured_cells(&shown).is_empty());
}

#[test]
fn in_every_theme_alerts_are_marked_and_bold_not_only_coloured() {
    for name in chatdesk::console::theme::BUILT_IN {
        let state = themed(busy_agent(), Theme::builtin(name).unwrap());
        let shown = buffer(&state, 170, 40);
        for alert in [
            " NOT VERIFIED 0/3 ",
            " waiting 1:10 ! ",
            "! A card number was masked",
        ] {
            let at = find(&shown, alert);
            assert!(
                shown.content()[at].modifier.contains(Modifier::BOLD),
                "{name}: {alert:?} is not bold"
            );
        }
        let soon = modifiers_of(&shown, " waiting 0:50 ");
        let late = modifiers_of(&shown, " waiting 1:10 ! ");
        assert!(soon.contains(Modifier::BOLD), "{name}");
        // Told apart by the mark even where the look differs only in colour.
        assert_eq!(late, modifiers_of(&shown, " waiting 1:10 ! "));
    }
}
