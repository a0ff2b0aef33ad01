//! Drawing the two-pane screen at 200×60 with a short and a very long history: the cost of a
//! frame should not depend on how much was said before.

mod common;

use chatdesk::console::ui;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(c: &mut Criterion) {
    for history in [100, 100_000] {
        let state = common::state(history);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        c.bench_function(&format!("two panes 200x60, {history} messages each"), |b| {
            b.iter(|| {
                terminal.draw(|frame| ui::draw(frame, &state)).unwrap();
            });
        });
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
