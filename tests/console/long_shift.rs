//! What a long shift throws at the console: floods of blank lines and very long messages from
//! customers, misspelt words in the composer, and a big library of canned responses.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use chatdesk::protocol::{Event, EventBody, Party};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::fixture::{ago, conversation, message, now, render, spelling_answered, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn alt(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// Types `text`, the spelling suggestions it asks for answered as they would be.
fn typed(state: &mut chatdesk::console::app::State, text: &str) {
    for c in text.chars() {
        let commands = update(state, key(KeyCode::Char(c)));
        spelling_answered(state, commands);
    }
}

/// The customer of chat 1 says `body` as message `seq`.
fn customer_says(state: &mut chatdesk::console::app::State, seq: i64, body: &str) {
    let chat = state.chats[0].id;
    update(
        state,
        Action::Backend(Event {
            id: 100 + seq,
            at: now(),
            chat_id: Some(chat),
            body: EventBody::MessageCreated {
                message: message(chat, seq, Party::Customer, body, ago(1)),
            },
        }),
    );
}

#[test]
fn a_flood_of_blank_lines_shows_as_one_blank_line() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    customer_says(
        &mut state,
        4,
        &format!("\n\nAre you there?{}Hello?\n\n", "\n".repeat(500)),
    );
    let screen = render(&state, 120, 40);
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Are you there?"))
        .expect("the message shows");
    assert!(lines[at + 2].contains("Hello?"), "{screen}");
    // What was said before is still on screen.
    assert!(
        screen.contains("it says Premium but I have Basic"),
        "{screen}"
    );
}

#[test]
fn a_very_long_message_folds_and_a_key_from_the_keymap_unfolds_it() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    let long = "my Acme Devices order never arrived and ".repeat(100);
    assert!(long.chars().count() >= 4_000);
    customer_says(&mut state, 4, &long);
    let folded = render(&state, 120, 40);
    assert!(
        folded.contains("more lines (Alt-e shows long messages in full)"),
        "{folded}"
    );
    assert!(
        folded.contains("it says Premium but I have Basic"),
        "{folded}"
    );

    update(&mut state, alt('e'));
    let unfolded = render(&state, 120, 40);
    assert!(!unfolded.contains("more lines"), "{unfolded}");
    update(&mut state, alt('e'));
    assert!(render(&state, 120, 40).contains("more lines"));
}

#[test]
fn the_fold_names_the_key_of_the_keymap_in_use() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    let (_dir, path) = {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, "[composer]\n\"ctrl-e\" = \"unfold\"\n").unwrap();
        (dir, path)
    };
    state.settings.keymap =
        chatdesk::console::keymap::Keymap::load("default", Some(&path)).unwrap();
    customer_says(&mut state, 4, &"line\n".repeat(60));
    let screen = render(&state, 120, 40);
    assert!(
        screen.contains("Ctrl-E shows long messages in full"),
        "{screen}"
    );
}

#[test]
fn a_finished_misspelt_word_gets_a_suggestion_and_a_key_applies_it() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    state.settings.spell_check = true;
    // While the word is being typed it is marked, but no suggestion is looked for.
    typed(&mut state, "Your refnud");
    assert!(state.suggestions.get("refnud").is_none());
    let screen = render(&state, 160, 30);
    assert!(screen.contains("Spelling: refnud"), "{screen}");
    assert!(!screen.contains("→"), "{screen}");

    typed(&mut state, " is on its way");
    let screen = render(&state, 160, 30);
    assert!(
        screen.contains("Spelling: refnud → refund (Alt-s)"),
        "{screen}"
    );

    let commands = update(&mut state, alt('s'));
    assert_eq!(state.chats[0].draft(), "Your refund is on its way");
    assert!(matches!(commands[..], [Command::SaveDraft { .. }]));
    // The cursor stays where the agent was typing.
    typed(&mut state, ".");
    assert_eq!(state.chats[0].draft(), "Your refund is on its way.");
    assert!(!render(&state, 160, 30).contains("Spelling:"));
}

#[test]
fn suggestions_are_looked_for_beside_the_console_once_per_word() {
    /// The words whose suggestions `commands` ask for.
    fn asks(commands: &[Command]) -> Vec<String> {
        commands
            .iter()
            .filter_map(|c| match c {
                Command::SuggestSpelling(word) => Some(word.clone()),
                _ => None,
            })
            .collect()
    }
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    state.settings.spell_check = true;
    for c in "Your refnud".chars() {
        assert!(asks(&update(&mut state, key(KeyCode::Char(c)))).is_empty());
    }
    // The space finishes the word: the key asks for the look-up instead of doing it.
    let asked = update(&mut state, key(KeyCode::Char(' ')));
    assert_eq!(asks(&asked), ["refnud"]);
    assert!(state.suggestions.get("refnud").is_none());
    assert!(!render(&state, 160, 30).contains("→"));
    // Asked once, whatever is typed while it runs.
    assert!(asks(&update(&mut state, key(KeyCode::Char('i')))).is_empty());
    spelling_answered(&mut state, asked);
    let screen = render(&state, 160, 30);
    assert!(screen.contains("Spelling: refnud → refund"), "{screen}");
    // Written again later, it is not looked for again.
    for c in "s fine, the refnud".chars() {
        update(&mut state, key(KeyCode::Char(c)));
    }
    assert!(asks(&update(&mut state, key(KeyCode::Char(' ')))).is_empty());
}

#[test]
fn the_spelling_key_also_fixes_the_word_being_typed() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    state.settings.spell_check = true;
    typed(&mut state, "Thanks for wiating");
    update(&mut state, alt('s'));
    assert_eq!(state.chats[0].draft(), "Thanks for waiting");
}

/// `count` responses whose titles and bodies differ, as an agent's `canned.toml`.
fn many_responses(count: usize) -> String {
    let topics = ["refund", "delivery", "password", "warranty", "invoice"];
    (0..count)
        .map(|i| {
            let topic = topics[i % topics.len()];
            format!(
                "[[response]]\nid = \"r{i}\"\ntitle = \"{topic} case {i}\"\n\
                 shortcode = \"{topic}-{i}\"\ntags = [\"{topic}\"]\n\
                 body = \"About your Acme Devices {topic}, number {i}.\"\n\n"
            )
        })
        .collect()
}

#[test]
fn typing_in_the_picker_finds_what_a_fresh_search_finds() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    assert!(
        std::sync::Arc::make_mut(&mut state.canned)
            .merge("canned.toml", &many_responses(400))
            .is_empty()
    );
    update(&mut state, key(KeyCode::F(7)));
    let mut query = String::new();
    for c in "refund 12".chars() {
        update(&mut state, key(KeyCode::Char(c)));
        query.push(c);
        assert_eq!(listed(&state), fresh(&state, &query), "after {query:?}");
    }
    assert!(listed(&state).contains(&"r120".to_string()));
    for _ in 0..4 {
        update(&mut state, key(KeyCode::Backspace));
        query.pop();
        assert_eq!(listed(&state), fresh(&state, &query), "after {query:?}");
    }
    // Not a plain word: searched afresh.
    typed(&mut state, " !case");
    assert_eq!(listed(&state), fresh(&state, "refun !case"));
    assert!(!listed(&state).contains(&"r0".to_string()));
}

/// The ids of the responses the picker lists.
fn listed(state: &chatdesk::console::app::State) -> Vec<String> {
    let Overlay::Picker(picker) = &state.overlay else {
        panic!("the picker is open");
    };
    picker
        .results(&state.canned, 0, usize::MAX)
        .iter()
        .map(|r| r.id().to_string())
        .collect()
}

fn fresh(state: &chatdesk::console::app::State, query: &str) -> Vec<String> {
    state
        .canned
        .search(query)
        .iter()
        .map(|r| r.id().to_string())
        .collect()
}

/// The searches a step asked to run beside the console.
fn searches(commands: Vec<Command>) -> Vec<chatdesk::console::rooms::picker::Search> {
    commands
        .into_iter()
        .filter_map(|c| match c {
            Command::SearchCanned(search) => Some(search),
            _ => None,
        })
        .collect()
}

fn answer(
    state: &mut chatdesk::console::app::State,
    search: &chatdesk::console::rooms::picker::Search,
) {
    update(
        state,
        Action::CannedFound {
            generation: search.generation,
            query: search.query.clone(),
            results: search.run(),
        },
    );
}

#[test]
fn a_big_library_is_searched_beside_the_console_and_typing_never_waits() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    let big = chatdesk::console::rooms::picker::SEARCH_AT_ONCE * 2;
    assert!(
        std::sync::Arc::make_mut(&mut state.canned)
            .merge("canned.toml", &many_responses(big))
            .is_empty()
    );
    update(&mut state, key(KeyCode::F(7)));
    let everything = listed(&state);

    // The key shows the query at once; the list is the last query's until the answer comes.
    let asked = searches(update(&mut state, key(KeyCode::Char('r'))));
    assert_eq!(asked.len(), 1, "a search runs beside the console");
    assert_eq!(listed(&state), everything);
    assert!(render(&state, 140, 40).contains("› r▏  searching…"));
    answer(&mut state, &asked[0]);
    assert_eq!(listed(&state), fresh(&state, "r"));
    assert!(!render(&state, 140, 40).contains("searching…"));

    // Typed faster than the searches answer: an answer to an older query is dropped.
    let older = searches(update(&mut state, key(KeyCode::Char('e'))));
    let newer = searches(typed_and_asked(&mut state, "fund 1"));
    answer(&mut state, &older[0]);
    assert_eq!(
        listed(&state),
        fresh(&state, "r"),
        "the older answer was dropped"
    );
    if let Some(last) = newer.last() {
        answer(&mut state, last);
    }
    assert_eq!(listed(&state), fresh(&state, "refund 1"));

    // Backspace back to a query whose answer came restores it: no search.
    for _ in 0.."efund 1".len() - 1 {
        update(&mut state, key(KeyCode::Backspace));
    }
    let asked = searches(update(&mut state, key(KeyCode::Backspace)));
    assert!(asked.is_empty(), "'r' was answered before: {asked:?}");
    assert_eq!(listed(&state), fresh(&state, "r"));

    // Enter before the answer comes inserts the best match of what is typed, not of the list.
    let _pending = searches(typed_and_asked(&mut state, "efund case 45"));
    let best = fresh(&state, "refund case 45")[0].clone();
    assert_ne!(listed(&state).first(), Some(&best));
    update(&mut state, key(KeyCode::Enter));
    let draft = state.chats[0].draft();
    let body = state.canned.get(&best).unwrap().body().to_string();
    assert_eq!(draft, body, "{best}");
}

/// Types `text` into the picker; the searches the keys asked for.
fn typed_and_asked(state: &mut chatdesk::console::app::State, text: &str) -> Vec<Command> {
    text.chars()
        .flat_map(|c| update(state, key(KeyCode::Char(c))))
        .collect()
}

#[test]
fn a_long_transcript_keeps_each_name_once() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    for seq in 1001..=1006 {
        customer_says(&mut state, seq, &format!("Question {seq}"));
    }
    let lines = &state.chats[0].lines;
    let named: Vec<_> = lines
        .iter()
        .filter(|l| l.author == Party::Customer)
        .collect();
    assert!(named.len() >= 6);
    assert!(named.iter().all(|l| &*l.author_name == "Ana Lima"));
    assert!(
        named
            .windows(2)
            .all(|w| std::sync::Arc::ptr_eq(&w[0].author_name, &w[1].author_name)),
        "one name, shared"
    );
}
