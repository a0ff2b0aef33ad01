//! `[inactivity]` of `policy.toml`: a preset of the procedures this backend follows, or the
//! team's own numbers, and the texts the backend posts.

use serde::Deserialize;
use toml::Spanned;

use super::super::{AssetError, Source};
use super::at_least_one;
use crate::protocol::InactivityInfo;

/// The inactivity presets of the procedures this backend follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Preset {
    Cxone,
    Omni,
    Livehelp,
    Custom,
}

impl Preset {
    fn name(self) -> &'static str {
        match self {
            Preset::Cxone => "cxone",
            Preset::Omni => "omni",
            Preset::Livehelp => "livehelp",
            Preset::Custom => "custom",
        }
    }

    /// Seconds before the nudge (none: a hard time-out) and before the end; none for custom.
    fn numbers(self) -> Option<(Option<u64>, u64)> {
        match self {
            Preset::Cxone => Some((Some(120), 240)),
            Preset::Omni => Some((Some(180), 300)),
            Preset::Livehelp => Some((None, 240)),
            Preset::Custom => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct InactivityOverlay {
    preset: Option<Spanned<Preset>>,
    nudge_after_secs: Option<Spanned<u64>>,
    end_after_secs: Option<Spanned<u64>>,
    nudge_text: Option<Spanned<String>>,
    disconnect_text: Option<Spanned<String>>,
}

/// Lays `overlay` over `base` (none for the built-in file). Naming a preset takes its numbers;
/// naming a number replaces the preset's, and the result is reported as `custom`.
pub(super) fn apply_inactivity(
    base: Option<&InactivityInfo>,
    overlay: InactivityOverlay,
    source: &Source,
) -> Result<InactivityInfo, AssetError> {
    let (mut preset, mut nudge, mut end) = match (&overlay.preset, base) {
        (Some(named), _) => {
            let preset = *named.get_ref();
            match preset.numbers() {
                Some((nudge, end)) => (preset.name().to_string(), nudge, Some(end)),
                None => (preset.name().to_string(), None, None),
            }
        }
        (None, Some(base)) => (
            base.preset.clone(),
            base.nudge_after_secs,
            Some(base.end_after_secs),
        ),
        (None, None) => {
            let (nudge, end) = Preset::Cxone.numbers().unwrap_or((None, 240));
            (Preset::Cxone.name().to_string(), nudge, Some(end))
        }
    };
    if let Some(value) = &overlay.nudge_after_secs {
        nudge = Some(at_least_one(value, "nudge_after_secs", source)?);
        preset = Preset::Custom.name().to_string();
    }
    if let Some(value) = &overlay.end_after_secs {
        end = Some(at_least_one(value, "end_after_secs", source)?);
        preset = Preset::Custom.name().to_string();
    }
    let section_at = overlay
        .preset
        .as_ref()
        .map(|p| p.span().start)
        .or(overlay.end_after_secs.as_ref().map(|e| e.span().start));
    let Some(end) = end else {
        return Err(source.error_at(
            section_at,
            "inactivity preset \"custom\" needs end_after_secs (and nudge_after_secs, unless the chat should end without a nudge)",
        ));
    };
    if let Some(nudge) = nudge
        && nudge >= end
    {
        let at = overlay
            .nudge_after_secs
            .as_ref()
            .map(|n| n.span().start)
            .or(section_at);
        return Err(source.error_at(
            at,
            format!(
                "nudge_after_secs ({nudge}) must be less than end_after_secs ({end}): the nudge comes before the end"
            ),
        ));
    }
    let text = |given: Option<Spanned<String>>, key: &str, current: Option<&String>| match given {
        Some(text) => {
            let at = Some(text.span().start);
            let text = text.into_inner();
            check_text(&text, key).map_err(|problem| source.error_at(at, problem))?;
            Ok(text)
        }
        None => current
            .cloned()
            .ok_or_else(|| source.error_at(None, format!("inactivity.{key} is missing"))),
    };
    Ok(InactivityInfo {
        preset,
        nudge_after_secs: nudge,
        end_after_secs: end,
        nudge_text: text(
            overlay.nudge_text,
            "nudge_text",
            base.map(|b| &b.nudge_text),
        )?,
        disconnect_text: text(
            overlay.disconnect_text,
            "disconnect_text",
            base.map(|b| &b.disconnect_text),
        )?,
    })
}

/// A message text: not empty, and no field other than the one the backend fills.
fn check_text(text: &str, key: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(format!("{key} must not be empty"));
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let field = &after[..close];
        if field != "customer.first_name" {
            return Err(format!(
                "{key} uses {{{field}}}, but only {{customer.first_name}} is filled in"
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}
