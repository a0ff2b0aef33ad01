//! Key names in the console's text: a scan of its source for literal ones, and the words of a
//! screen that name keys.

use std::path::{Path, PathBuf};

/// Names of keys without modifiers, as `Key` shows them.
const NAMED: &[&str] = &[
    "Esc",
    "Enter",
    "Tab",
    "BackTab",
    "Backspace",
    "Delete",
    "Insert",
    "PageUp",
    "PageDown",
];

/// Whether `word` reads as the name of a key (`F8`, `Esc`, `Ctrl-T`, `Alt-Enter`).
fn names_a_key(word: &str) -> bool {
    NAMED.contains(&word)
        || ["Ctrl-", "Alt-", "Shift-"]
            .iter()
            .any(|p| word.starts_with(p) && word.len() > p.len())
        || word
            .strip_prefix('F')
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=12).contains(&n))
}

/// The words of `text` that name keys.
pub fn key_names(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| names_a_key(w))
        .map(str::to_string)
        .collect();
    for pair in ["←/→", "↑/↓", "Up/Down"] {
        if text.contains(pair) {
            found.push(pair.to_string());
        }
    }
    found
}

/// The string literals of Rust source, comments left out.
fn literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    if let Some(c) = chars.get(i) {
                        text.push(*c);
                    }
                    i += 1;
                }
                out.push(text);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn sources(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.ends_with("keymap") {
            continue;
        }
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn the_console_source_names_no_key_in_its_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/console");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 20, "the console's files are found");
    let mut literal_keys = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for text in literals(&source) {
            let names = key_names(&text);
            if !names.is_empty() {
                literal_keys.push(format!("{}: {text:?} names {names:?}", file.display()));
            }
        }
    }
    assert!(
        literal_keys.is_empty(),
        "text on screen must ask the keymap for its keys:\n{}",
        literal_keys.join("\n")
    );
}

#[test]
fn the_scan_finds_keys_in_text_and_not_in_comments() {
    let source = "// Esc closes\nlet a = \"F8 to wrap up\"; let b = '\"'; let c = \"Endless\";";
    let found: Vec<Vec<String>> = literals(source).iter().map(|t| key_names(t)).collect();
    assert_eq!(found, [vec!["F8".to_string()], Vec::new()]);
    assert_eq!(
        key_names("Ctrl-T takes over · ←/→ switch"),
        ["Ctrl-T", "←/→"]
    );
}
