//! A keystroke in the composer until its frame is drawn, with spell check on, beside two chats
//! of 10,000 messages each: typing a 20-letter word the dictionary does not know, then the
//! space that finishes it (when its suggestions are asked for, once, and looked for beside the
//! console: timed here too, on the same thread, until the suggestion is drawn).

mod common;

use std::time::{Duration, Instant};

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{State, update};
use chatdesk::console::draft_spelling::suggestions_for;
use chatdesk::console::ui;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

/// Twenty letters, no English word.
const WORD: &str = "acmedevicesrefnudqzx";

/// One keystroke and the frame after it.
fn press(state: &mut State, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> Duration {
    press_and_answer(state, terminal, code).0
}

/// One keystroke and the frame after it; then the spelling look-ups it asked for, and the
/// frame that shows them: the time until that frame.
fn press_and_answer(
    state: &mut State,
    terminal: &mut Terminal<TestBackend>,
    code: KeyCode,
) -> (Duration, Duration) {
    let start = Instant::now();
    let commands = update(state, common::key(code));
    terminal.draw(|frame| ui::draw(frame, state)).unwrap();
    let frame = start.elapsed();
    for command in commands {
        if let Command::SuggestSpelling(word) = command {
            let suggestions = suggestions_for(&word);
            update(state, Action::SpellingFound { word, suggestions });
            terminal.draw(|frame| ui::draw(frame, state)).unwrap();
        }
    }
    (frame, start.elapsed())
}

/// Empties the composer, untimed.
fn clear(state: &mut State) {
    while state.chats[state.focus].draft().chars().next().is_some() {
        update(state, common::key(KeyCode::Backspace));
    }
}

fn typing(c: &mut Criterion) {
    let mut state = common::state(10_000);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    assert_eq!(WORD.chars().count(), 20);

    // The dictionary is read at the first keystroke (the console reads it as it starts).
    update(&mut state, common::key(KeyCode::Char('a')));
    clear(&mut state);

    // The figures the issue asks for: every keystroke of the word, many times over.
    let mut letters = Vec::new();
    let mut spaces = Vec::new();
    let mut suggested = Vec::new();
    for round in 0..50 {
        clear(&mut state);
        // A different word each round, so no suggestion found earlier is reused.
        let word = format!("{}{}", &WORD[..19], char::from(b'a' + (round % 26) as u8));
        for ch in word.chars() {
            letters.push(press(&mut state, &mut terminal, KeyCode::Char(ch)));
        }
        let (frame, answered) = press_and_answer(&mut state, &mut terminal, KeyCode::Char(' '));
        spaces.push(frame);
        suggested.push(answered);
    }
    println!(
        "{}",
        common::percentiles("keystroke → frame, typing the word", &mut letters)
    );
    println!(
        "{}",
        common::percentiles("keystroke → frame, the space that finishes it", &mut spaces)
    );
    println!(
        "{}",
        common::percentiles(
            "the space → its suggestion drawn (looked for beside the console)",
            &mut suggested
        )
    );

    clear(&mut state);
    c.bench_function(
        "keystroke → frame, 20-letter unknown word, 2×10,000 messages",
        |b| {
            b.iter_custom(|keys| {
                let mut spent = Duration::ZERO;
                for i in 0..keys {
                    if i % 20 == 0 {
                        clear(&mut state);
                    }
                    let ch = WORD.chars().nth((i % 20) as usize).unwrap_or('x');
                    spent += press(&mut state, &mut terminal, KeyCode::Char(ch));
                }
                spent
            });
        },
    );
}

criterion_group!(benches, typing);
criterion_main!(benches);
