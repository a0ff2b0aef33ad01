//! Looking for card numbers in files: every run of digits (any script) and separators, read as
//! its digits alone, so a number stored as typed, with other separators, none, or in other
//! digits, shows.

#![allow(dead_code)]

use std::path::Path;

use chatdesk::policy::cards::characters::{decimal_value, is_separator};

/// Every file under `dir`, read whole.
pub fn all_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

/// Every run of digits and separators in `text`, runs apart by `|`: once with the separators
/// dropped and the digits as ASCII, once as it stands.
pub fn number_runs(text: &str) -> (String, String) {
    let (mut digits, mut typed) = (String::new(), String::new());
    for c in text.chars() {
        if let Some(d) = decimal_value(c) {
            digits.push(char::from(b'0' + d));
            typed.push(c);
        } else if is_separator(c) {
            typed.push(c);
        } else if !typed.ends_with('|') {
            digits.push('|');
            typed.push('|');
        }
    }
    (digits, typed)
}

/// Whether some file under `dir` holds `digits` (ASCII) in its runs.
pub fn holds(files: &[(String, Vec<u8>)], digits: &str) -> bool {
    files.iter().any(|(_, bytes)| {
        number_runs(&String::from_utf8_lossy(bytes))
            .0
            .contains(digits)
    })
}

/// Panics naming the file and the text as written when any file holds one of `numbers`
/// (brand, digits).
pub fn assert_none_held(files: &[(String, Vec<u8>)], numbers: &[(&str, &str)]) {
    for (name, bytes) in files {
        let (digits, typed) = number_runs(&String::from_utf8_lossy(bytes));
        let as_typed = |at: usize| {
            let run = digits[..at].matches('|').count();
            typed.split('|').nth(run).unwrap_or_default().to_string()
        };
        for (brand, number) in numbers {
            if let Some(at) = digits.find(number) {
                panic!(
                    "{name} holds the {brand} number {number}: {:?}",
                    as_typed(at)
                );
            }
        }
    }
}
