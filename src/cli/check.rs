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

/// The data directory to check: `--data-dir` when given, else the `data_dir` of the file given
/// with `--config` (when it can be read), else the default.
pub fn data_dir(given: Option<PathBuf>, config: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    match config.and_then(|file| settings::load_file(file).ok()?.serve.data_dir) {
        Some(dir) => Ok(dir),
        None => crate::assets::default_data_dir(),
    }
}

/// What `chatdesk check` reads besides the data directory.
#[derive(Debug, Default)]
pub struct Extra<'a> {
    /// The backend's configuration file (else `server.toml` in the data directory).
    pub config: Option<&'a Path>,
    pub keymaps: &'a [PathBuf],
    /// Console theme files.
    pub themes: &'a [PathBuf],
}

/// Checks the data directory `dir`, the backend's configuration file, the keymap files and the
/// console theme files, reading and writing nothing else (no database is opened or created).
pub fn run(dir: &Path, extra: &Extra<'_>) -> Checked {
    let (config, keymaps, themes) = (extra.config, extra.keymaps, extra.themes);
    let mut problems: Vec<AssetError> = Vec::new();
    let loaded = match config {
        Some(file) => settings::load_file(file),
        None => settings::load(dir),
    };
    let mail = loaded.as_ref().ok().and_then(|s| s.mail.clone());
    problems.extend(loaded.err());
    if !dir.is_dir() {
        return Checked {
            problems: problems
                .iter()
                .map(ToString::to_string)
                .chain([format!(
                    "{}: there is no such directory (check --data-dir)",
                    dir.display()
                )])
                .collect(),
            present: Vec::new(),
        };
    }
    problems.extend(mail::Mailer::load(dir, mail.as_ref()).err());
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
