//! The canned-response picker over 10,000 responses in the agent's `canned.toml`: a keystroke
//! in its search box until the frame is drawn.

mod common;

use std::time::{Duration, Instant};

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{State, update};
use chatdesk::console::ui;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What agents look for, typed a letter at a time.
const QUERIES: &[&str] = &[
    "refund",
    "delivery late",
    "password reset",
    "warranty claim",
    "hold",
    "/track",
    "invoice copy",
    "battery",
];

/// Words for the made-up responses: every fourth sensible-length word of the dictionary.
fn vocabulary() -> Vec<String> {
    let text = include_str!("../assets/dictionary/en_US.dic");
    text.lines()
        .skip(1)
        .filter_map(|l| l.split('/').next())
        .filter(|w| (4..=10).contains(&w.len()) && w.chars().all(|c| c.is_ascii_lowercase()))
        .step_by(4)
        .map(str::to_string)
        .collect()
}

/// 10,000 responses as an agent's `canned.toml`: titles of three words, two tags, bodies of
/// about 220 characters with a variable, a few about refunds, deliveries and passwords.
fn agent_file() -> String {
    let words = vocabulary();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut word = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        words[(seed % words.len() as u64) as usize].clone()
    };
    let topics = [
        "refund", "delivery", "password", "warranty", "invoice", "battery",
    ];
    let mut text = String::new();
    for i in 0..10_000 {
        let topic = topics[i % topics.len()];
        let (a, b, c, d, e) = (word(), word(), word(), word(), word());
        let mut body = format!("Hi {{customer.first_name}}, about your Acme Devices {topic}: ");
        while body.len() < 220 {
            body.push_str(&word());
            body.push(' ');
        }
        let title = if i % 10 == 0 {
            format!("{topic} {a} {b}")
        } else {
            format!("{a} {b} {c}")
        };
        text.push_str(&format!(
            "[[response]]\nid = \"r{i}\"\ntitle = \"{title}\"\nshortcode = \"{d}-{i}\"\n\
             tags = [\"{e}\", \"{topic}\"]\nbody = \"{}\"\n\n",
            body.trim_end()
        ));
    }
    text
}

/// Times of one keystroke: until its frame is drawn (the typed query shows), and until the
/// frame with its results is drawn (after the search the keystroke started, run here on the
/// same thread, as the console runs it beside the drawing).
struct Pressed {
    frame: Duration,
    results: Duration,
}

fn press(state: &mut State, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> Pressed {
    let start = Instant::now();
    let commands = update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    terminal.draw(|frame| ui::draw(frame, state)).unwrap();
    let frame = start.elapsed();
    for command in commands {
        if let Command::SearchCanned(search) = command {
            let results = search.run();
            update(
                state,
                Action::CannedFound {
                    generation: search.generation,
                    query: search.query,
                    results,
                },
            );
            terminal.draw(|frame| ui::draw(frame, state)).unwrap();
        }
    }
    Pressed {
        frame,
        results: start.elapsed(),
    }
}

/// Opens the picker afresh, untimed.
fn open(state: &mut State) {
    update(state, common::key(KeyCode::Esc));
    update(state, common::key(KeyCode::F(7)));
}

fn picker(c: &mut Criterion) {
    let mut state = common::state(100);
    let errors = std::sync::Arc::make_mut(&mut state.canned).merge("canned.toml", &agent_file());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(state.canned.len() >= 10_000);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();

    let (mut typed, mut typed_results) = (Vec::new(), Vec::new());
    let (mut erased, mut erased_results) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        for query in QUERIES {
            open(&mut state);
            for ch in query.chars() {
                let pressed = press(&mut state, &mut terminal, KeyCode::Char(ch));
                typed.push(pressed.frame);
                typed_results.push(pressed.results);
            }
            for _ in query.chars() {
                let pressed = press(&mut state, &mut terminal, KeyCode::Backspace);
                erased.push(pressed.frame);
                erased_results.push(pressed.results);
            }
        }
    }
    for (what, times) in [
        ("picker keystroke → frame, typing", &mut typed),
        (
            "picker keystroke → results drawn, typing",
            &mut typed_results,
        ),
        ("picker keystroke → frame, Backspace", &mut erased),
        (
            "picker keystroke → results drawn, Backspace",
            &mut erased_results,
        ),
    ] {
        println!("{}", common::percentiles(what, times));
    }

    let keys: Vec<char> = QUERIES
        .iter()
        .flat_map(|q| q.chars().chain(['\n']))
        .collect();
    c.bench_function("picker keystroke → frame, 10,000 responses", |b| {
        b.iter_custom(|count| {
            let mut spent = Duration::ZERO;
            open(&mut state);
            let (mut pressed, mut next) = (0, 0);
            while pressed < count {
                match keys[next % keys.len()] {
                    '\n' => open(&mut state),
                    ch => {
                        spent += press(&mut state, &mut terminal, KeyCode::Char(ch)).frame;
                        pressed += 1;
                    }
                }
                next += 1;
            }
            spent
        });
    });
}

criterion_group!(benches, picker);
criterion_main!(benches);
