//! Reading a theme file: a table per role, each with `fg`, `bg` and `modifiers`. Every problem
//! is named by the file, the line and column, the role and the key.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use toml::{Spanned, Value};

use super::{MODIFIERS, Role};
use crate::assets::AssetError;

type FileShape = BTreeMap<Spanned<String>, Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>;

fn locate(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    )
}

/// The styles `text` (read from `file`) gives, role by role, in file order.
pub(super) fn parse(file: &str, text: &str) -> Result<Vec<(Role, Style)>, AssetError> {
    let error = |offset: usize, problem: String| {
        let (line, column) = locate(text, offset);
        AssetError {
            file: file.to_string(),
            line,
            column,
            problem,
        }
    };
    let parsed: FileShape = toml::from_str(text).map_err(|e| {
        error(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    let mut styles = Vec::new();
    for (name, fields) in parsed {
        let Some(role) = Role::from_name(name.get_ref()) else {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            return Err(error(
                name.span().start,
                format!(
                    "{:?} is not a role; the roles are {}",
                    name.get_ref(),
                    names.join(", ")
                ),
            ));
        };
        let mut style = Style::default();
        for (key, value) in fields.into_inner() {
            let at = value.span().start;
            let role = role.name();
            match key.get_ref().as_str() {
                "fg" => {
                    style.fg = Some(colour(value.get_ref(), role, "fg").map_err(|p| error(at, p))?)
                }
                "bg" => {
                    style.bg = Some(colour(value.get_ref(), role, "bg").map_err(|p| error(at, p))?)
                }
                "modifiers" => {
                    style = style
                        .add_modifier(modifiers(value.get_ref(), role).map_err(|p| error(at, p))?);
                }
                other => {
                    return Err(error(
                        key.span().start,
                        format!("{other:?} in {role} is not a key; use fg, bg and modifiers"),
                    ));
                }
            }
        }
        styles.push((role, style));
    }
    Ok(styles)
}

fn colour(value: &Value, role: &str, key: &str) -> Result<Color, String> {
    let hint = "use a name (red, light-blue, dark-gray, …), #rrggbb, or 0–255";
    let Value::String(text) = value else {
        return Err(format!(
            "{key} of {role} must be a colour in quotes, not {}; {hint}",
            value.type_str()
        ));
    };
    Color::from_str(text).map_err(|_| format!("{text:?} ({key} of {role}) is not a colour; {hint}"))
}

fn modifiers(value: &Value, role: &str) -> Result<Modifier, String> {
    let names: Vec<&str> = MODIFIERS.iter().map(|(n, _)| *n).collect();
    let hint = format!("use a list of {}", names.join(", "));
    let Value::Array(items) = value else {
        return Err(format!(
            "modifiers of {role} must be a list such as [\"bold\"], not {}; {hint}",
            value.type_str()
        ));
    };
    let mut all = Modifier::empty();
    for item in items {
        let found = item
            .as_str()
            .and_then(|name| MODIFIERS.iter().find(|(n, _)| *n == name));
        match found {
            Some((_, modifier)) => all |= *modifier,
            None => {
                return Err(format!(
                    "{item} (in modifiers of {role}) is not a modifier; {hint}"
                ));
            }
        }
    }
    Ok(all)
}
