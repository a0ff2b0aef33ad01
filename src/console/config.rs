//! `config.toml` in the platform's config directory: which backend to use, the token, the bell.
//! The command line and the environment (`CHATDESK_SERVER`, `CHATDESK_TOKEN`) win over the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::assets::AssetError;
use crate::console::theme::{Theme, ThemeProblem};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleConfig {
    /// The backend, e.g. `http://127.0.0.1:7878`.
    pub server: Option<String>,
    /// The sign-in token `chatdesk agents add` printed.
    pub token: Option<String>,
    /// Ring the terminal bell once for each new offer.
    #[serde(default = "yes")]
    pub bell: bool,
    /// `default`, or `vim` laid over it; `keymap.toml` beside this file is laid over that in
    /// turn, action by action.
    #[serde(default = "default_keymap")]
    pub keymap: String,
    /// Mark unknown words in the reply being written (English dictionary).
    #[serde(default = "yes")]
    pub spell_check: bool,
    /// `default`, `high-contrast` or `monochrome`, or the path of a theme file (relative to
    /// this file's directory unless absolute).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The line `theme` is on, for errors about it.
    #[serde(skip)]
    pub theme_line: usize,
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_keymap() -> String {
    "default".to_string()
}

fn yes() -> bool {
    true
}

impl Default for ConsoleConfig {
    fn default() -> Self {
        ConsoleConfig {
            server: None,
            token: None,
            bell: true,
            keymap: default_keymap(),
            spell_check: true,
            theme: default_theme(),
            theme_line: 1,
        }
    }
}

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("com", "Acme Devices", "chatdesk")
}

/// Where `config.toml` lives.
pub fn config_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Where the user's `keymap.toml` lives.
pub fn keymap_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("keymap.toml"))
}

/// Where the console keeps drafts, the outbox and its log.
pub fn console_dir() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().join("console"))
}

/// Where the console's log goes: the XDG state directory (`~/.local/state/chatdesk` on Linux),
/// else beside the console's data.
pub fn log_dir() -> Option<PathBuf> {
    dirs()
        .and_then(|d| d.state_dir().map(Path::to_path_buf))
        .or_else(console_dir)
}

/// Reads the file at `path`; a missing file is the defaults.
pub fn load(path: &Path) -> Result<ConsoleConfig, AssetError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConsoleConfig::default()),
        Err(e) => {
            return Err(AssetError {
                file: path.display().to_string(),
                line: 1,
                column: 1,
                problem: format!("cannot be read: {e}"),
            });
        }
    };
    let mut config: ConsoleConfig = toml::from_str(&text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let before = &text[..offset.min(text.len())];
        AssetError {
            file: path.display().to_string(),
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            problem: e.message().trim().to_string(),
        }
    })?;
    config.theme_line = text
        .lines()
        .position(|l| l.trim_start().starts_with("theme"))
        .map_or(1, |i| i + 1);
    Ok(config)
}

/// The theme `config` names, for the console at `path`: an unknown name is an error at the
/// line of `theme` in config.toml, a broken theme file one at its own line.
pub fn theme(config: &ConsoleConfig, path: Option<&Path>) -> Result<Theme, AssetError> {
    let dir = path.and_then(Path::parent);
    Theme::chosen(&config.theme, dir).map_err(|problem| match problem {
        ThemeProblem::File(e) => e,
        ThemeProblem::Unknown(problem) => AssetError {
            file: path.map_or_else(|| "config.toml".to_string(), |p| p.display().to_string()),
            line: config.theme_line,
            column: 1,
            problem,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = load(&dir.path().join("config.toml")).unwrap();
        assert_eq!(config, ConsoleConfig::default());
        assert!(config.bell);
    }

    #[test]
    fn the_bell_can_be_turned_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "server = \"http://127.0.0.1:7878\"\nbell = false\n").unwrap();
        let config = load(&path).unwrap();
        assert!(!config.bell);
        assert_eq!(config.server.as_deref(), Some("http://127.0.0.1:7878"));
    }

    #[test]
    fn a_broken_file_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "server = \"http://x\"\nbel = false\n").unwrap();
        let err = load(&path).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.to_string().contains("config.toml:2:"), "{err}");
        assert!(err.problem.contains("bel"), "{err}");
    }

    #[test]
    fn an_unknown_theme_is_named_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "bell = false\ntheme = \"dark\"\n").unwrap();
        let config = load(&path).unwrap();
        let err = theme(&config, Some(&path)).unwrap_err();
        assert!(err.to_string().contains("config.toml:2:1:"), "{err}");
        assert!(err.problem.contains("\"dark\""), "{err}");
        std::fs::write(dir.path().join("t.toml"), "ok = { fg = \"nope\" }\n").unwrap();
        std::fs::write(&path, "theme = \"t.toml\"\n").unwrap();
        let err = theme(&load(&path).unwrap(), Some(&path)).unwrap_err();
        assert!(err.to_string().contains("t.toml:1:13:"), "{err}");
    }
}
