//! Masking card numbers runs on every message: its cost for a typical message, for the longest
//! message full of card numbers, and for the longest message of digits that hold none (the
//! most candidates to try), and the split check on a message that starts with digits.

use chatdesk::policy::cards::{joins_previous, mask};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn texts() -> Vec<(&'static str, String)> {
    let typical = "Hi Dana, my Acme Devices order still shows as processing, could you check \
                   the delivery date? Order AD-2026-000481, placed 2026-11-23."
        .to_string();
    let cards: String = "card 4111 1111 1111 1111 exp 12/29; ".repeat(110);
    let digits: String = "4111 2222 3333 4444 5555 ".repeat(160);
    let full_width: String = "４１１１ １１１１ １１１１ １１１１、".repeat(200);
    vec![
        ("typical message (137 chars)", typical),
        ("4,000 chars, 110 cards", cards),
        ("4,000 chars of digit groups, no card", digits),
        ("4,000 full-width chars, 200 cards", full_width),
    ]
}

fn masking(c: &mut Criterion) {
    for (name, text) in texts() {
        c.bench_function(&format!("mask: {name}"), |b| {
            b.iter(|| mask(black_box(&text)))
        });
    }
    let previous = "Sorry, it is 4111 1111".to_string();
    c.bench_function("joins_previous: 8 digits then 8", |b| {
        b.iter(|| joins_previous(black_box(&previous), black_box("1111 1111")))
    });
}

criterion_group!(benches, masking);
criterion_main!(benches);
