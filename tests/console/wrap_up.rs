//! Moving through the wrap-up form, and the disposition it starts with: none, unless the chat's
//! ending settles it (the rule the backend shares, `policy::wrap_up::disposition_of_ending`).

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, State, update};
use chatdesk::console::rooms::wrap_up::{Field, WrapUpForm};
use chatdesk::protocol::{DispositionCodeInfo, FollowUpChannel, Party};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

pub fn form(state: &State) -> &WrapUpForm {
    match &state.overlay {
        Overlay::WrapUp(form) => form,
        other => panic!("no wrap-up form: {other:?}"),
    }
}

/// An ended chat (ended by `by`) with the built-in disposition codes, its form open.
pub fn wrapping_up(by: Party) -> State {
    let mut state = crate::procedure::ended(1);
    state.chats[0].ended_by = Some(by);
    state.dispositions = ["resolved", "follow-up", "no-response", "not-supported"]
        .iter()
        .map(|code| DispositionCodeInfo {
            code: (*code).into(),
            name: (*code).into(),
            description: "A code".into(),
        })
        .collect();
    update(&mut state, key(KeyCode::F(8)));
    state
}

#[test]
fn up_and_down_stay_in_a_text_field_and_tab_moves_between_fields() {
    let mut state = wrapping_up(Party::Customer);
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(form(&state).field, Field::Notes);
    typed(&mut state, "Refund approved");
    for arrow in [KeyCode::Down, KeyCode::Up, KeyCode::Down] {
        update(&mut state, key(arrow));
        assert_eq!(form(&state).field, Field::Notes, "{arrow:?} left the notes");
    }
    typed(&mut state, ", card unchanged");
    assert_eq!(form(&state).notes, "Refund approved, card unchanged");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(form(&state).field, Field::Tags);
    update(&mut state, key(KeyCode::BackTab));
    assert_eq!(form(&state).field, Field::Notes);
    // In a choice, Up and Down choose; in the list, they move the choice.
    for _ in 0..3 {
        update(&mut state, key(KeyCode::Tab));
    }
    assert_eq!(form(&state).field, Field::FollowUpChannel);
    update(&mut state, key(KeyCode::Down));
    assert_eq!(form(&state).channel, FollowUpChannel::Email);
    assert_eq!(form(&state).field, Field::FollowUpChannel);
    update(&mut state, key(KeyCode::Up));
    assert_eq!(form(&state).channel, FollowUpChannel::Call);
}

#[test]
fn no_disposition_is_chosen_for_the_agent_and_enter_asks_for_one() {
    let mut state = wrapping_up(Party::Customer);
    assert_eq!(form(&state).disposition, None);
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "Refund approved");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(form(&state).field, Field::Disposition);
    assert!(form(&state).error(Field::Disposition).is_some());
    let screen = crate::fixture::render(&state, 120, 40);
    assert!(screen.contains("Choose a disposition."), "{screen}");
    assert!(!screen.contains("◉"), "nothing is shown chosen:\n{screen}");
    update(&mut state, key(KeyCode::Down));
    let commands = update(&mut state, key(KeyCode::Enter));
    let [Command::WrapUp { wrap_up, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(wrap_up.code, "resolved");
}

#[test]
fn a_chat_that_ended_for_inactivity_starts_at_no_response() {
    let mut state = wrapping_up(Party::System);
    assert_eq!(form(&state).disposition, Some(2));
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "Customer went quiet after the first answer");
    let commands = update(&mut state, key(KeyCode::Enter));
    let [Command::WrapUp { wrap_up, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(wrap_up.code, "no-response");
    // Codes without it: no default at all.
    let mut state = crate::procedure::ended(1);
    state.chats[0].ended_by = Some(Party::System);
    update(&mut state, key(KeyCode::F(8)));
    assert_eq!(form(&state).disposition, None);
}

#[test]
fn the_built_in_codes_hold_the_one_an_ending_settles() {
    let catalog = chatdesk::assets::Catalog::builtin();
    assert!(
        catalog
            .dispositions
            .iter()
            .any(|d| d.code == chatdesk::policy::wrap_up::NO_RESPONSE),
        "{:?}",
        catalog.dispositions
    );
}

#[test]
fn shift_tab_as_the_terminal_sends_it_goes_back_a_field() {
    let mut state = wrapping_up(Party::Customer);
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(form(&state).field, Field::Tags);
    // A terminal's Shift-Tab (ESC [ Z) reaches the console as BackTab with Shift held.
    let shift_tab = Action::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    update(&mut state, shift_tab.clone());
    assert_eq!(form(&state).field, Field::Notes);
    update(&mut state, shift_tab);
    assert_eq!(form(&state).field, Field::Disposition);
}

/// An ended chat with the disposition codes the backend ships, its wrap-up form open.
fn wrapping_up_with_the_built_in_codes(by: Party) -> State {
    let mut state = crate::procedure::ended(1);
    state.chats[0].ended_by = Some(by);
    state.dispositions = chatdesk::assets::Catalog::builtin()
        .dispositions
        .iter()
        .map(|d| DispositionCodeInfo {
            code: d.code.clone(),
            name: d.name.clone(),
            description: d.description.clone(),
        })
        .collect();
    update(&mut state, key(KeyCode::F(8)));
    state
}

#[test]
fn at_80_by_24_the_disposition_list_in_hand_shows_its_heading_and_the_chosen_code() {
    // Ended for inactivity: the form opens on the list with "No response" chosen.
    let state = wrapping_up_with_the_built_in_codes(Party::System);
    assert_eq!(form(&state).field, Field::Disposition);
    let screen = crate::fixture::render(&state, 80, 24);
    println!("{screen}");
    assert!(screen.contains(" Disposition ("), "{screen}");
    assert!(screen.contains("◉ No response"), "{screen}");

    // Nothing chosen, a refused Enter sends the agent back to the list: its top shows, and the
    // first code once Up chooses it.
    let mut state = wrapping_up_with_the_built_in_codes(Party::Customer);
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "Refund approved");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(form(&state).field, Field::Disposition);
    let screen = crate::fixture::render(&state, 80, 24);
    println!("{screen}");
    assert!(screen.contains(" Disposition ("), "{screen}");
    assert!(screen.contains("○ Resolved"), "{screen}");
    update(&mut state, key(KeyCode::Up));
    let screen = crate::fixture::render(&state, 80, 24);
    assert!(screen.contains("◉ Resolved"), "{screen}");
}
