//! `escalations.toml` (the leads' channels and the templates agents fill in) and
//! `holidays.toml` (the days everything goes to the weekend channel, and the time zone they
//! are counted in). Each override in the data directory replaces its whole file.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Deserialize;
use toml::Spanned;

use super::{AssetError, Source, is_identifier};
use crate::policy::calendar::{Holiday, TeamCalendar, USUAL_WEEKEND};
use crate::protocol::{EscalationTemplate, FieldKind, FieldRule, TemplateField};

pub(super) const ESCALATIONS: &str = include_str!("../../assets/escalations.toml");
pub(super) const HOLIDAYS: &str = include_str!("../../assets/holidays.toml");

/// A place leads answer escalations, e.g. Credits.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    pub id: String,
    pub name: String,
}

/// Everything about escalations the backend reads from data files.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalations {
    pub channels: Vec<Channel>,
    /// Where everything goes on weekends and holidays.
    pub weekend_channel: String,
    /// In file order, each with its channel's name filled in.
    pub templates: Vec<EscalationTemplate>,
    /// The zone days are counted in, the weekend days and the holidays.
    pub calendar: TeamCalendar,
}

impl Escalations {
    pub fn template(&self, id: &str) -> Option<&EscalationTemplate> {
        self.templates.iter().find(|t| t.id == id)
    }

    pub fn channel_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.channels
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.name.as_str())
    }

    /// The channel (id and name) an escalation from `template` sent at `at` goes to.
    pub fn route(&self, template: &EscalationTemplate, at: Timestamp) -> Channel {
        let id = self
            .calendar
            .channel_at(at, &template.channel, &self.weekend_channel);
        Channel {
            id: id.to_string(),
            name: self.channel_name(id).to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EscalationsFile {
    weekend_channel: Spanned<String>,
    /// What agents may have checked before escalating; a `listed` field must name one.
    #[serde(default)]
    resources: Vec<String>,
    channel: Vec<ChannelEntry>,
    template: Vec<TemplateEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelEntry {
    id: Spanned<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateEntry {
    id: Spanned<String>,
    name: String,
    channel: Spanned<String>,
    /// Ids of fields that must hold different values.
    #[serde(default)]
    different: Vec<String>,
    field: Vec<FieldEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldEntry {
    id: Spanned<String>,
    label: String,
    kind: FieldKind,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    hint: String,
    rules: Option<Spanned<Vec<FieldRule>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidaysFile {
    time_zone: Option<Spanned<String>>,
    /// The days of the week nobody works, by English name; Saturday and Sunday by default.
    weekend: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    holiday: Vec<HolidayEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    date: Spanned<toml::value::Datetime>,
    name: String,
}

/// The kinds of field a rule makes sense on.
fn rule_fits(rule: FieldRule, kind: FieldKind) -> bool {
    match rule {
        FieldRule::ChatClientId | FieldRule::Place => kind == FieldKind::Line,
        FieldRule::Detailed | FieldRule::Question | FieldRule::Listed => {
            matches!(kind, FieldKind::Line | FieldKind::Text)
        }
        FieldRule::ZeroBalance | FieldRule::Positive => kind == FieldKind::Money,
        FieldRule::MustBeYes => kind == FieldKind::YesNo,
    }
}

fn checked_id(source: &Source, id: Spanned<String>, what: &str) -> Result<String, AssetError> {
    let at = Some(id.span().start);
    let id = id.into_inner();
    if is_identifier(&id) {
        Ok(id)
    } else {
        Err(source.error_at(
            at,
            format!("{what} id {id:?} must be lower-case letters, digits, '-' or '_'"),
        ))
    }
}

pub(super) fn load_escalations(
    source: &Source,
    holidays: &Source,
) -> Result<Escalations, AssetError> {
    let file: EscalationsFile = source.parse()?;
    let mut channels: Vec<Channel> = Vec::new();
    for entry in file.channel {
        let at = Some(entry.id.span().start);
        let id = checked_id(source, entry.id, "channel")?;
        if channels.iter().any(|c| c.id == id) {
            return Err(source.error_at(at, format!("channel id {id:?} appears twice")));
        }
        if entry.name.trim().is_empty() {
            return Err(source.error_at(at, format!("channel {id:?} has an empty name")));
        }
        channels.push(Channel {
            id,
            name: entry.name,
        });
    }
    let known = |id: &Spanned<String>, what: &str| -> Result<String, AssetError> {
        let name = id.get_ref();
        if channels.iter().any(|c| &c.id == name) {
            Ok(name.clone())
        } else {
            let ids: Vec<&str> = channels.iter().map(|c| c.id.as_str()).collect();
            Err(source.error_at(
                Some(id.span().start),
                format!(
                    "{what} {name:?} is not a [[channel]]; the channels are: {}",
                    ids.join(", ")
                ),
            ))
        }
    };
    let weekend_channel = known(&file.weekend_channel, "weekend_channel")?;
    let mut templates: Vec<EscalationTemplate> = Vec::new();
    for entry in file.template {
        let at = Some(entry.id.span().start);
        let channel = known(&entry.channel, "the template's channel")?;
        let id = checked_id(source, entry.id, "template")?;
        if templates.iter().any(|t| t.id == id) {
            return Err(source.error_at(at, format!("template id {id:?} appears twice")));
        }
        if entry.name.trim().is_empty() {
            return Err(source.error_at(at, format!("template {id:?} has an empty name")));
        }
        let mut fields = load_fields(source, &id, entry.field)?;
        if fields.is_empty() {
            return Err(source.error_at(at, format!("template {id:?} has no [[template.field]]")));
        }
        for field in &mut fields {
            if field.rules.contains(&FieldRule::Listed) {
                field.resources = file.resources.clone();
            }
        }
        if let Some(unknown) = entry
            .different
            .iter()
            .find(|d| !fields.iter().any(|f| &f.id == *d))
        {
            return Err(source.error_at(
                at,
                format!("template {id:?} lists {unknown:?} in `different`, which is not one of its fields"),
            ));
        }
        templates.push(EscalationTemplate {
            id,
            name: entry.name,
            channel_name: channels
                .iter()
                .find(|c| c.id == channel)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            channel,
            fields,
            different: entry.different,
        });
    }
    if templates.is_empty() {
        return Err(source.error_at(None, "at least one [[template]] is needed"));
    }
    let calendar = load_holidays(holidays)?;
    Ok(Escalations {
        channels,
        weekend_channel,
        templates,
        calendar,
    })
}

fn load_fields(
    source: &Source,
    template: &str,
    entries: Vec<FieldEntry>,
) -> Result<Vec<TemplateField>, AssetError> {
    let mut fields: Vec<TemplateField> = Vec::new();
    for entry in entries {
        let at = Some(entry.id.span().start);
        let id = checked_id(source, entry.id, "field")?;
        if fields.iter().any(|f| f.id == id) {
            return Err(source.error_at(
                at,
                format!("field id {id:?} appears twice in template {template:?}"),
            ));
        }
        if entry.label.trim().is_empty() {
            return Err(source.error_at(at, format!("field {id:?} has an empty label")));
        }
        let rules = match entry.rules {
            Some(rules) => {
                let rules_at = Some(rules.span().start);
                let rules = rules.into_inner();
                if let Some(rule) = rules.iter().find(|r| !rule_fits(**r, entry.kind)) {
                    return Err(source.error_at(
                        rules_at,
                        format!(
                            "the rule {} does not apply to a {} field ({id:?})",
                            rule_name(*rule),
                            kind_name(entry.kind)
                        ),
                    ));
                }
                rules
            }
            None => Vec::new(),
        };
        fields.push(TemplateField {
            id,
            label: entry.label,
            kind: entry.kind,
            required: entry.required,
            hint: entry.hint,
            rules,
            resources: Vec::new(),
        });
    }
    Ok(fields)
}

fn rule_name(rule: FieldRule) -> &'static str {
    match rule {
        FieldRule::Detailed => "detailed",
        FieldRule::Question => "question",
        FieldRule::Listed => "listed",
        FieldRule::ZeroBalance => "zero_balance",
        FieldRule::Positive => "positive",
        FieldRule::MustBeYes => "must_be_yes",
        FieldRule::ChatClientId => "chat_client_id",
        FieldRule::Place => "place",
    }
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Line => "line",
        FieldKind::Text => "text",
        FieldKind::YesNo => "yes_no",
        FieldKind::Money => "money",
    }
}

/// A day of the week by its English name, any case.
fn weekday_named(name: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::*;
    let days = [
        Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    ];
    days.into_iter()
        .find(|day| format!("{day:?}").eq_ignore_ascii_case(name.trim()))
}

fn load_weekend(
    source: &Source,
    written: Option<Spanned<Vec<String>>>,
) -> Result<Vec<jiff::civil::Weekday>, AssetError> {
    let Some(written) = written else {
        return Ok(USUAL_WEEKEND.to_vec());
    };
    let at = Some(written.span().start);
    let mut days = Vec::new();
    for name in written.into_inner() {
        let day = weekday_named(&name).ok_or_else(|| {
            source.error_at(
                at,
                format!("weekend day {name:?} is not a day of the week; write e.g. \"saturday\""),
            )
        })?;
        if days.contains(&day) {
            return Err(source.error_at(at, format!("weekend lists {name:?} twice")));
        }
        days.push(day);
    }
    Ok(days)
}

fn load_holidays(source: &Source) -> Result<TeamCalendar, AssetError> {
    let file: HolidaysFile = source.parse()?;
    let weekend = load_weekend(source, file.weekend)?;
    let time_zone = match file.time_zone {
        Some(name) => TimeZone::get(name.get_ref()).map_err(|_| {
            source.error_at(
                Some(name.span().start),
                format!(
                    "time_zone {:?} is not a known time zone; use a name such as \"America/Chicago\"",
                    name.get_ref()
                ),
            )
        })?,
        None => TimeZone::system(),
    };
    let mut holidays: Vec<Holiday> = Vec::new();
    for entry in file.holiday {
        let at = Some(entry.date.span().start);
        let written = entry.date.into_inner();
        let date = match (written.date, written.time, written.offset) {
            (Some(d), None, None) => match (
                i16::try_from(d.year),
                i8::try_from(d.month),
                i8::try_from(d.day),
            ) {
                (Ok(year), Ok(month), Ok(day)) => jiff::civil::Date::new(year, month, day).ok(),
                _ => None,
            },
            _ => None,
        }
        .ok_or_else(|| {
            source.error_at(
                at,
                format!("date {written} must be a day such as 2026-12-25, without a time"),
            )
        })?;
        if let Some(other) = holidays.iter().find(|h| h.date == date) {
            return Err(source.error_at(
                at,
                format!("{date} is listed twice (also as {:?})", other.name),
            ));
        }
        if entry.name.trim().is_empty() {
            return Err(source.error_at(at, format!("the holiday on {date} has an empty name")));
        }
        holidays.push(Holiday {
            date,
            name: entry.name,
        });
    }
    Ok(TeamCalendar::usual(time_zone)
        .with_weekend(weekend)
        .with_holidays(holidays))
}

#[cfg(test)]
mod tests;
