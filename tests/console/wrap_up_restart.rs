//! The wrap-up form's draft outlives the console: every change to it is a command to keep it on
//! disk (card numbers masked, as in the composer's drafts), it is read back when the console
//! starts again, and it goes once the chat is wrapped up.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::update;
use chatdesk::console::drafts::Drafts;
use chatdesk::console::rooms::wrap_up::{self, Field, WrapUpDraft};
use chatdesk::protocol::{FollowUpChannel, Party};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::wrap_up::{form, wrapping_up};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The draft the last of `commands` keeps for `chat`.
fn kept(commands: &[Command], chat: uuid::Uuid) -> Option<WrapUpDraft> {
    commands.iter().rev().find_map(|command| match command {
        Command::SaveWrapUpDraft { chat: of, draft } if *of == chat => draft.clone(),
        _ => None,
    })
}

/// Fills in the open form: the second code, notes, tags and a follow-up by e-mail; returns
/// the draft Esc keeps.
fn fill_in_and_close(state: &mut chatdesk::console::app::State, notes: &str) -> WrapUpDraft {
    let chat = state.chats[0].id;
    update(state, key(KeyCode::Down));
    let commands = update(state, key(KeyCode::Down));
    assert_eq!(
        kept(&commands, chat).and_then(|d| d.disposition).as_deref(),
        Some("follow-up"),
        "choosing a code keeps it: {commands:?}"
    );
    update(state, key(KeyCode::Tab));
    for c in notes.chars() {
        let commands = update(state, key(KeyCode::Char(c)));
        assert!(kept(&commands, chat).is_some(), "typing keeps the form");
    }
    update(state, key(KeyCode::Tab));
    for c in "refund".chars() {
        update(state, key(KeyCode::Char(c)));
    }
    update(state, key(KeyCode::Tab));
    update(state, key(KeyCode::Tab));
    update(state, key(KeyCode::Down));
    assert_eq!(form(state).channel, FollowUpChannel::Email);
    let commands = update(state, key(KeyCode::Esc));
    kept(&commands, chat).expect("Esc keeps the form on disk")
}

#[test]
fn the_save_command_carries_the_form_as_the_agent_left_it() {
    let mut state = wrapping_up(Party::Customer);
    let draft = fill_in_and_close(&mut state, "Refund approved");
    assert_eq!(draft.disposition.as_deref(), Some("follow-up"));
    assert_eq!(draft.notes, "Refund approved");
    assert_eq!(draft.tags, "refund");
    assert_eq!(draft.channel, FollowUpChannel::Email);

    // Recorded: once the backend says so, the kept form goes from the disk.
    let chat = state.chats[0].id;
    let mut detail = crate::fixture::conversation(1, "Ana Lima").chat;
    detail.state = chatdesk::protocol::ChatState::Ended;
    detail.disposition = Some(chatdesk::protocol::Disposition {
        code: "follow-up".into(),
        notes: "Refund approved".into(),
        tags: vec!["refund".into()],
    });
    let commands = update(
        &mut state,
        crate::update::event(
            40,
            Some(detail.id),
            chatdesk::protocol::EventBody::ChatUpdated {
                chat: Box::new(detail),
            },
        ),
    );
    assert!(
        commands.contains(&Command::SaveWrapUpDraft { chat, draft: None }),
        "{commands:?}"
    );
}

#[test]
fn a_kept_wrap_up_is_read_back_when_the_console_starts_again_with_card_numbers_masked() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::new(dir.path().join("drafts")).unwrap();
    let mut before = wrapping_up(Party::Customer);
    let chat = before.chats[0].id;
    let draft = fill_in_and_close(&mut before, "Card 3782 822463 10005 refunded");
    // What the shell does with the command.
    drafts.save_wrap_up(chat, Some(&draft)).unwrap();

    // Ctrl-Q and start again: a new state, the drafts read back from the same directory.
    let drafts = Drafts::new(dir.path().join("drafts")).unwrap();
    let mut after = crate::procedure::ended(1);
    // The codes may come in another order now: the draft names its code, not a place.
    after.dispositions.reverse();
    assert!(after.wrap_up_drafts.is_empty());
    wrap_up::restore(&mut after, &|chat| drafts.load_wrap_up(chat));
    update(&mut after, key(KeyCode::F(8)));
    let form = form(&after);
    assert_eq!(form.notes, "Card 378* ****** *0005 refunded");
    assert_eq!(form.tags, "refund");
    assert_eq!(form.channel, FollowUpChannel::Email);
    assert_eq!(form.field, Field::Disposition);
    let code = form
        .disposition
        .map(|at| after.dispositions[at].code.clone());
    assert_eq!(code.as_deref(), Some("follow-up"));

    // Wrapped up: the file goes, and a later start finds nothing.
    drafts.save_wrap_up(chat, None).unwrap();
    assert_eq!(drafts.load_wrap_up(chat), None);
}
