//! `policy.toml`: routing, reply times, the inactivity clock, the agent's reminders and the
//! verification checklist. An override in the data directory names only the keys it changes;
//! it is laid over the built-in file.

use serde::Deserialize;
use toml::Spanned;

use super::{AssetError, Source, is_identifier};
use crate::protocol::InactivityInfo;

mod inactivity;

use inactivity::{InactivityOverlay, apply_inactivity};

pub(super) const POLICY: &str = include_str!("../../assets/policy.toml");

/// Routing rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingPolicy {
    pub offer_timeout_secs: u64,
    pub max_active_chats: u32,
    pub reoffer_cooldown_secs: u64,
    pub away_after_missed_offer: bool,
}

pub use crate::policy::sla::SlaPolicy;

/// When the console reminds the agent of a step of the procedure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderPolicy {
    pub investigate_after_secs: u64,
    pub ticket_after_secs: u64,
    pub hold_update_secs: u64,
}

/// When a customer nobody answered counts as gone, and how the console shows missed chats
/// waiting for a follow-up.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissedPolicy {
    pub highlight_after_secs: u64,
    /// With no page of the chat open for this long, an unanswered customer has left (0: never).
    pub page_gone_after_secs: u64,
    /// A customer waiting in the queue this long is told so and the chat ends (0: never).
    pub queue_timeout_secs: u64,
    /// What the customer is told then; `{customer.first_name}` is filled in.
    pub queue_timeout_text: String,
}

/// Who the customer is talking to: the name that titles the chat page and signs the messages
/// the backend itself sends (a nudge, a queue time-out), instead of a queue's name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamPolicy {
    pub name: String,
}

/// The longest team name: it must fit the page's heading and a message's signature.
pub const TEAM_NAME_CHARS: usize = 60;

/// One item of the verification checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct VerificationCheck {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub routing: RoutingPolicy,
    pub sla: SlaPolicy,
    pub reminders: ReminderPolicy,
    pub missed: MissedPolicy,
    /// The inactivity clock as enforced, the preset's numbers already applied.
    pub inactivity: InactivityInfo,
    pub verification: Vec<VerificationCheck>,
    pub team: TeamPolicy,
}

/// The built-in file's sections that need no resolving; it is checked in full as an overlay.
#[derive(Deserialize)]
struct BuiltinPolicy {
    routing: RoutingPolicy,
    sla: SlaPolicy,
    reminders: ReminderPolicy,
    missed: MissedPolicy,
    team: TeamPolicy,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyOverlay {
    routing: Option<RoutingOverlay>,
    sla: Option<SlaOverlay>,
    reminders: Option<RemindersOverlay>,
    missed: Option<MissedOverlay>,
    inactivity: Option<InactivityOverlay>,
    verification: Option<VerificationOverlay>,
    team: Option<TeamOverlay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamOverlay {
    name: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SlaOverlay {
    reply_warn_secs: Option<u64>,
    reply_breach_secs: Option<u64>,
    queue_wait_flag_secs: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutingOverlay {
    offer_timeout_secs: Option<Spanned<u64>>,
    max_active_chats: Option<Spanned<u32>>,
    reoffer_cooldown_secs: Option<u64>,
    away_after_missed_offer: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemindersOverlay {
    investigate_after_secs: Option<Spanned<u64>>,
    ticket_after_secs: Option<Spanned<u64>>,
    hold_update_secs: Option<Spanned<u64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MissedOverlay {
    highlight_after_secs: Option<Spanned<u64>>,
    page_gone_after_secs: Option<u64>,
    queue_timeout_secs: Option<u64>,
    queue_timeout_text: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerificationOverlay {
    #[serde(default)]
    check: Vec<CheckEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckEntry {
    id: Spanned<String>,
    label: Spanned<String>,
}

/// The built-in policy with `source` laid over it (the built-in file itself when there is no
/// override, so it passes the same checks).
pub(super) fn load_policy(source: &Source) -> Result<Policy, AssetError> {
    let builtin: BuiltinPolicy = toml::from_str(POLICY).expect("the built-in policy is valid");
    let builtin_overlay: PolicyOverlay =
        toml::from_str(POLICY).expect("the built-in policy is valid");
    let builtin_source = Source {
        name: "assets/policy.toml (built in)".to_string(),
        text: POLICY.to_string(),
    };
    let inactivity = builtin_overlay
        .inactivity
        .ok_or_else(|| builtin_source.error_at(None, "[inactivity] is missing"))?;
    let mut policy = Policy {
        routing: builtin.routing,
        sla: builtin.sla,
        reminders: builtin.reminders,
        missed: builtin.missed,
        team: builtin.team,
        inactivity: apply_inactivity(None, inactivity, &builtin_source)?,
        verification: checklist(
            builtin_overlay
                .verification
                .map(|v| v.check)
                .unwrap_or_default(),
            &builtin_source,
        )?,
    };
    let overlay: PolicyOverlay = source.parse()?;
    if let Some(name) = overlay.team.and_then(|t| t.name) {
        policy.team.name = team_name(name, source)?;
    }
    if let Some(routing) = overlay.routing {
        apply_routing(&mut policy.routing, routing, source)?;
    }
    if let Some(sla) = overlay.sla {
        let target = &mut policy.sla;
        target.reply_warn_secs = sla.reply_warn_secs.unwrap_or(target.reply_warn_secs);
        target.reply_breach_secs = sla.reply_breach_secs.unwrap_or(target.reply_breach_secs);
        target.queue_wait_flag_secs = sla
            .queue_wait_flag_secs
            .unwrap_or(target.queue_wait_flag_secs);
        if target.reply_warn_secs > target.reply_breach_secs {
            return Err(source.error_at(
                None,
                "sla.reply_warn_secs must not be larger than sla.reply_breach_secs",
            ));
        }
    }
    if let Some(reminders) = overlay.reminders {
        let target = &mut policy.reminders;
        let pairs = [
            (
                reminders.investigate_after_secs,
                &mut target.investigate_after_secs,
                "investigate_after_secs",
            ),
            (
                reminders.ticket_after_secs,
                &mut target.ticket_after_secs,
                "ticket_after_secs",
            ),
            (
                reminders.hold_update_secs,
                &mut target.hold_update_secs,
                "hold_update_secs",
            ),
        ];
        for (given, slot, key) in pairs {
            if let Some(value) = given {
                *slot = at_least_one(&value, key, source)?;
            }
        }
    }
    if let Some(missed) = overlay.missed {
        apply_missed(&mut policy.missed, missed, source)?;
    }
    if let Some(inactivity) = overlay.inactivity {
        policy.inactivity = apply_inactivity(Some(&policy.inactivity), inactivity, source)?;
    }
    if let Some(verification) = overlay.verification {
        policy.verification = checklist(verification.check, source)?;
    }
    Ok(policy)
}

fn apply_missed(
    target: &mut MissedPolicy,
    missed: MissedOverlay,
    source: &Source,
) -> Result<(), AssetError> {
    if let Some(value) = missed.highlight_after_secs {
        target.highlight_after_secs = at_least_one(&value, "highlight_after_secs", source)?;
    }
    if let Some(secs) = missed.page_gone_after_secs {
        target.page_gone_after_secs = secs;
    }
    if let Some(secs) = missed.queue_timeout_secs {
        target.queue_timeout_secs = secs;
    }
    if let Some(text) = missed.queue_timeout_text {
        if text.get_ref().trim().is_empty() {
            return Err(source.error_at(
                Some(text.span().start),
                "queue_timeout_text must say something to the customer".to_string(),
            ));
        }
        target.queue_timeout_text = text.into_inner();
    }
    Ok(())
}

/// A team name as given: one line of at most [`TEAM_NAME_CHARS`] characters, not blank.
fn team_name(name: Spanned<String>, source: &Source) -> Result<String, AssetError> {
    let text = name.get_ref().trim();
    let problem = if text.is_empty() {
        Some("team.name must name the team the customer talks to".to_string())
    } else if text.contains(['\n', '\r']) {
        Some("team.name must be one line".to_string())
    } else if text.chars().count() > TEAM_NAME_CHARS {
        Some(format!(
            "team.name is {} characters long; at most {TEAM_NAME_CHARS} fit",
            text.chars().count()
        ))
    } else {
        None
    };
    match problem {
        Some(problem) => Err(source.error_at(Some(name.span().start), problem)),
        None => Ok(text.to_string()),
    }
}

pub(super) fn at_least_one(
    value: &Spanned<u64>,
    key: &str,
    source: &Source,
) -> Result<u64, AssetError> {
    if *value.get_ref() == 0 {
        Err(source.error_at(
            Some(value.span().start),
            format!("{key} must be at least 1"),
        ))
    } else {
        Ok(*value.get_ref())
    }
}

fn apply_routing(
    target: &mut RoutingPolicy,
    routing: RoutingOverlay,
    source: &Source,
) -> Result<(), AssetError> {
    if let Some(v) = routing.offer_timeout_secs {
        target.offer_timeout_secs = at_least_one(&v, "offer_timeout_secs", source)?;
    }
    if let Some(v) = routing.max_active_chats {
        // The procedure caps an agent at two chats at once; a team may choose one.
        if !(1..=2).contains(v.get_ref()) {
            return Err(source.error_at(
                Some(v.span().start),
                "max_active_chats must be 1 or 2: no agent handles more than two chats at once",
            ));
        }
        target.max_active_chats = *v.get_ref();
    }
    if let Some(v) = routing.reoffer_cooldown_secs {
        target.reoffer_cooldown_secs = v;
    }
    if let Some(v) = routing.away_after_missed_offer {
        target.away_after_missed_offer = v;
    }
    Ok(())
}

fn checklist(
    entries: Vec<CheckEntry>,
    source: &Source,
) -> Result<Vec<VerificationCheck>, AssetError> {
    let mut checks: Vec<VerificationCheck> = Vec::new();
    for entry in entries {
        let at = Some(entry.id.span().start);
        let id = entry.id.into_inner();
        if !is_identifier(&id) {
            return Err(source.error_at(
                at,
                format!("check id {id:?} must be lower-case letters, digits, '-' or '_'"),
            ));
        }
        if checks.iter().any(|c| c.id == id) {
            return Err(source.error_at(at, format!("check id {id:?} appears twice")));
        }
        let label_at = Some(entry.label.span().start);
        let label = entry.label.into_inner().trim().to_string();
        if label.is_empty() {
            return Err(source.error_at(label_at, format!("check {id:?} has an empty label")));
        }
        checks.push(VerificationCheck { id, label });
    }
    if checks.is_empty() {
        return Err(source.error_at(None, "at least one [[verification.check]] is needed"));
    }
    Ok(checks)
}
