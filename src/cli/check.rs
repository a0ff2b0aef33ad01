//! `chatdesk check`: every file a backend in a data directory would read, and any keymap or
//! theme file given, checked before a restart, with every problem named by file, line and column.

use std::path::{Path, PathBuf};

use crate::assets::{AssetError, Catalog};
use crate::console::keymap::Keymap;
use crate::console::theme::Theme;
use crate::server::{mail, settings};

/// The files looked at and the problems found in them.
pub struct Checked {
    pub problems: Vec<String>,
    /// The data files present in the directory (the rest are the built-in ones).
    pub present: Vec<String>,
}

/// The data files a backend reads from its data directory.
pub const DATA_FILES: &[&str] = &[
    "server.toml",
    "mail.toml",
    "queues.toml",
    "dispositions.toml",
    "policy.toml",
    "escalations.toml",
    "holidays.toml",
    "canned.toml",
];

/// Checks the data directory `dir`, the keymap files `keymaps` and the console theme files
/// `themes`, reading and writing nothing else (no database is opened or created).
pub fn run(dir: &Path, keymaps: &[PathBuf], themes: &[PathBuf]) -> Checked {
    let mut problems: Vec<AssetError> = Vec::new();
    if !dir.is_dir() {
        return Checked {
            problems: vec![format!(
                "{}: there is no such directory (check --data-dir)",
                dir.display()
            )],
            present: Vec::new(),
        };
    }
    problems.extend(settings::load(dir).err());
    problems.extend(mail::Mailer::load(dir).err());
    problems.extend(Catalog::problems(dir));
    let mut problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for path in keymaps {
        if !path.is_file() {
            problems.push(format!("{}: there is no such keymap file", path.display()));
            continue;
        }
        if let Err(e) = Keymap::load("default", Some(path)) {
            problems.push(e.to_string());
        }
    }
    for path in themes {
        if !path.is_file() {
            problems.push(format!("{}: there is no such theme file", path.display()));
            continue;
        }
        if let Err(e) = Theme::from_file(path) {
            problems.push(e.to_string());
        }
    }
    let present = DATA_FILES
        .iter()
        .filter(|f| dir.join(f).exists())
        .map(ToString::to_string)
        .collect();
    Checked { problems, present }
}
