//! How the console looks. Drawing code never names a colour: it asks the theme for the style
//! of a role (an alert, a muted hint, the customer's name). Themes are data (`themes/*.toml`):
//! `default`, `high-contrast` and `monochrome` are built in, and a theme file of the agent's
//! own is laid over `default` role by role. Without colour (`NO_COLOR`, `--color never`, no
//! terminal) the console uses `monochrome`, which tells every role apart by bold, reverse
//! video, underline, italic and dim.

use std::ffi::OsStr;
use std::ops::Index;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};

use crate::assets::AssetError;

mod file;
mod role;

pub use role::Role;

const DEFAULT: &str = include_str!("../../../themes/default.toml");
const HIGH_CONTRAST: &str = include_str!("../../../themes/high-contrast.toml");
const MONOCHROME: &str = include_str!("../../../themes/monochrome.toml");

/// The themes shipped with chatdesk, by the name `theme = "…"` gives in config.toml.
pub const BUILT_IN: &[&str] = &["default", "high-contrast", "monochrome"];

/// A style for every role.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    styles: Vec<Style>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::builtin("default").expect("the default theme is valid")
    }
}

impl Index<Role> for Theme {
    type Output = Style;

    fn index(&self, role: Role) -> &Style {
        &self.styles[role as usize]
    }
}

impl Theme {
    /// A theme shipped with chatdesk, or `None` when there is none of that name.
    pub fn builtin(name: &str) -> Option<Theme> {
        let text = match name {
            "default" => DEFAULT,
            "high-contrast" => HIGH_CONTRAST,
            "monochrome" => MONOCHROME,
            _ => return None,
        };
        // Each built-in file names every role (a test makes sure), so none inherits colour.
        let mut theme = Theme {
            styles: vec![Style::default(); Role::ALL.len()],
        };
        let file = format!("themes/{name}.toml (built in)");
        theme.lay(&file, text).ok()?;
        Some(theme)
    }

    /// The colourless theme used when colour is off.
    pub fn monochrome() -> Theme {
        Theme::builtin("monochrome").expect("the monochrome theme is valid")
    }

    /// The theme file at `path` laid over `default`.
    pub fn from_file(path: &Path) -> Result<Theme, AssetError> {
        let text = std::fs::read_to_string(path).map_err(|e| AssetError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            problem: format!("cannot be read: {e}"),
        })?;
        let mut theme = Theme::default();
        theme.lay(&path.display().to_string(), &text)?;
        Ok(theme)
    }

    /// What `theme = "…"` in config.toml names: a built-in theme, or a theme file (a path,
    /// relative to `config_dir` unless absolute). `Err` holds the problem in words.
    pub fn chosen(setting: &str, config_dir: Option<&Path>) -> Result<Theme, ThemeProblem> {
        if let Some(theme) = Theme::builtin(setting) {
            return Ok(theme);
        }
        let is_path = setting.ends_with(".toml") || setting.contains(['/', '\\']);
        if !is_path {
            return Err(ThemeProblem::Unknown(format!(
                "there is no theme {setting:?}; choose {}, or give the path of a theme file",
                BUILT_IN.join(", ")
            )));
        }
        let path = match config_dir {
            Some(dir) => dir.join(setting),
            None => Path::new(setting).to_path_buf(),
        };
        Theme::from_file(&path).map_err(ThemeProblem::File)
    }

    /// Whether any role has a colour of its own.
    pub fn has_colour(&self) -> bool {
        self.styles.iter().any(|s| {
            s.fg.is_some_and(|c| c != Color::Reset) || s.bg.is_some_and(|c| c != Color::Reset)
        })
    }

    /// Lays the roles `text` (read from `file`) names over these.
    fn lay(&mut self, file: &str, text: &str) -> Result<(), AssetError> {
        for (role, style) in file::parse(file, text)? {
            self.styles[role as usize] = style.add_modifier(role.always());
        }
        Ok(())
    }
}

/// Why the theme config.toml names cannot be used.
#[derive(Debug)]
pub enum ThemeProblem {
    /// Not a built-in theme, nor a path.
    Unknown(String),
    /// A theme file that is missing or broken.
    File(AssetError),
}

/// `--color`: whether the console draws in colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour even when NO_COLOR is set or standard output is not a terminal.
    Always,
    /// No colour: the monochrome theme.
    Never,
    /// Colour when standard output is a terminal and NO_COLOR is unset or empty.
    #[default]
    Auto,
}

impl ColorChoice {
    /// Whether to draw in colour, given the value of `NO_COLOR` and whether standard output
    /// is a terminal (<https://no-color.org>: set and not empty means no colour).
    pub fn colour(self, no_color: Option<&OsStr>, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && no_color.is_none_or(OsStr::is_empty),
        }
    }

    /// [`ColorChoice::colour`] for this process, told to the terminal library too: crossterm
    /// follows NO_COLOR on its own, so `--color always` has to overrule it there as well.
    pub fn colour_here(self) -> bool {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        let colour = self.colour(std::env::var_os("NO_COLOR").as_deref(), terminal);
        crossterm::style::force_color_output(colour);
        colour
    }
}

/// The theme the console draws with: `theme` (already loaded, so a broken file is reported
/// even when colour is off), or `monochrome` when colour is off.
pub fn for_console(theme: Theme, colour: bool) -> Theme {
    if colour { theme } else { Theme::monochrome() }
}

/// Every modifier a role can name in a theme file.
const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
];

#[cfg(test)]
mod tests;
