//! The review list's filter form on screen, over the list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::filter::{FilterField, ReviewFilterForm};
use super::view::flag_label;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::frame::boxed;
use crate::console::theme::{Role, Theme};

/// The label column.
const LABEL: usize = 12;
/// The value column.
const VALUE: usize = 24;

fn dim(theme: &Theme, text: impl Into<String>) -> Span<'static> {
    Span::styled(text.into(), theme[Role::Muted])
}

/// What a field is for, beside it.
fn about(field: FilterField, switch: &str) -> String {
    match field {
        FilterField::Agent => "sign-in name, e.g. dana".into(),
        FilterField::From => "first day: YYYY-MM-DD, today, yesterday".into(),
        FilterField::To => "last day, included".into(),
        FilterField::Disposition => format!("a code, or {switch} for the team's"),
        FilterField::Flag => format!("{switch} chooses"),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, form: &ReviewFilterForm) {
    let theme = &state.settings.theme;
    let keymap = &state.settings.keymap;
    let keys = |intent| keymap.keys_in(Place::ReviewFilter, intent).join("/");
    let switch = keys(Intent::SwitchChoice);
    let mut lines = vec![Line::from("")];
    for field in form.fields() {
        let here = *field == form.field;
        let label_style = if here {
            theme[Role::Marker]
        } else {
            theme[Role::Heading]
        };
        let value = match (form.text(*field), here) {
            (Some(text), true) => Span::raw(format!("{text}▏")),
            (Some(""), false) => dim(theme, "any"),
            (Some(text), false) => Span::raw(text.to_string()),
            (None, _) => {
                let chosen = form.flag.map_or("any", flag_label);
                Span::raw(if here {
                    format!("◂ {chosen} ▸")
                } else {
                    chosen.to_string()
                })
            }
        };
        let pad = VALUE.saturating_sub(value.width()).max(1);
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(format!(" {:<LABEL$}", field.label()), label_style),
            Span::raw("  "),
            value,
            Span::raw(" ".repeat(pad)),
            dim(theme, about(*field, &switch)),
        ]));
        if let Some((bad, problem)) = &form.error
            && bad == field
        {
            lines.push(Line::from(Span::styled(
                format!("   ⚠ {problem}"),
                theme[Role::Error],
            )));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(dim(
        theme,
        format!(
            " {} shows the reviews · {} next field · {} clears every filter · {} back",
            keys(Intent::Choose),
            keys(Intent::NextField),
            keys(Intent::ClearFilters),
            keys(Intent::Close)
        ),
    )));
    boxed(frame, area, 84, " Filter reviews ".into(), lines);
}
