//! `chatdesk report`: per-agent figures for the chats that ended between two dates, read from
//! the data directory's database without writing to it (the backend may be running).
//!
//! Each person answers for their own part of a chat ([`crate::policy::review::holdings`]: from
//! when it was given to them until it went to someone else or ended), as their reviews do. For
//! each agent, over their parts of the chats that ended in the period:
//! - `chats_handled`: how many chats they held a part of;
//! - `first_reply_median_secs`, `first_reply_p90_secs`: from the start of their part to their
//!   first message in it (nearest-rank percentiles; parts they never wrote in are left out);
//! - `sla_breach_rate`: of the customer's waits in their parts, counted as the review counts
//!   them ([`crate::policy::review::waits`]: a wait open when the part began starts then; one
//!   still open when it ended lasts until then), the share that reached
//!   `sla.reply_breach_secs`;
//! - `verification_rate`: the share of their chats whose checklist was complete by the end of
//!   their part (ticked by them, or before the chat came to them; the last holder's part runs
//!   on into the wrap-up), so a chat verified after it was taken from someone is not theirs;
//! - `review_score_avg`: the average lead score of the agent's scored reviews in the period.
//!
//! A figure with nothing to count is empty (CSV) or `null` (JSON).

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Context;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use uuid::Uuid;

use crate::assets::Catalog;
use crate::policy::review::{Holding, Said, breached, holdings, waits};
use crate::policy::sla::SlaPolicy;
use crate::protocol::Party;
use crate::server::store::postgres::PostgresStore;
use crate::server::store::sqlite::read_only;
use crate::server::store::{AgentRow, ChatRow, MessageTime};

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// One agent's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentFigures {
    pub agent: String,
    pub display_name: String,
    pub chats_handled: usize,
    pub first_reply_median_secs: Option<f64>,
    pub first_reply_p90_secs: Option<f64>,
    pub sla_breach_rate: Option<f64>,
    pub verification_rate: Option<f64>,
    pub review_score_avg: Option<f64>,
}

const HEADER: [&str; 8] = [
    "agent",
    "display_name",
    "chats_handled",
    "first_reply_median_secs",
    "first_reply_p90_secs",
    "sla_breach_rate",
    "verification_rate",
    "review_score_avg",
];

/// A date (`YYYY-MM-DD`) given on the command line.
pub fn parse_date(flag: &str, text: &str) -> anyhow::Result<Date> {
    text.trim()
        .parse::<Date>()
        .with_context(|| format!("{flag} {text:?} is not a date; write it as YYYY-MM-DD"))
}

/// The first and last millisecond of the days `from` to `to` in the local time zone.
pub fn period_ms(from: Date, to: Date, tz: &TimeZone) -> anyhow::Result<(i64, i64)> {
    if from > to {
        return Err(super::exit::usage(format!(
            "--from {from} is after --to {to}"
        )));
    }
    let start = from.to_zoned(tz.clone())?.timestamp().as_millisecond();
    let end = to
        .tomorrow()?
        .to_zoned(tz.clone())?
        .timestamp()
        .as_millisecond()
        - 1;
    Ok((start, end))
}

/// The nearest-rank `p`-th percentile (0 < p ≤ 1) of sorted values.
fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| round(part as f64 / whole as f64, 3))
}

fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

fn secs(ms: i64) -> f64 {
    round(ms as f64 / 1000.0, 1)
}

/// What one chat contributes to its agent's figures.
#[derive(Default)]
struct Tally {
    chats: usize,
    verified: usize,
    first_replies_ms: Vec<i64>,
    waits: usize,
    breaches: usize,
    scores: Vec<u8>,
}

impl Said for MessageTime {
    fn author(&self) -> Party {
        self.author
    }
    fn at_ms(&self) -> i64 {
        self.at_ms
    }
}

/// What one person's part of a chat adds to their figures; `first` says it is their first
/// part of this chat (a chat handed back to them is still one chat, as in their reviews).
fn tally_part(
    tally: &mut Tally,
    part: &Holding<Uuid>,
    first: bool,
    messages: &[&MessageTime],
    sla: &SlaPolicy,
) {
    if first {
        tally.chats += 1;
    }
    let theirs = |m: &MessageTime| {
        m.author == Party::Agent
            && m.agent_id == Some(part.agent)
            && (part.from_ms..=part.to_ms).contains(&m.at_ms)
    };
    if let Some(first) = messages.iter().find(|m| theirs(m)) {
        tally.first_replies_ms.push(first.at_ms - part.from_ms);
    }
    for wait in waits(messages, part.from_ms, part.to_ms) {
        tally.waits += 1;
        if breached(wait.secs, sla) {
            tally.breaches += 1;
        }
    }
}

/// Who held `chat` when: from `given` (who it was given to, and when), or (a chat from before
/// those were kept) its agent from acceptance.
fn chat_holdings(chat: &ChatRow, given: &[(Uuid, i64)]) -> Vec<Holding<Uuid>> {
    let ended = chat.ended_ms.unwrap_or(i64::MAX);
    match (given.is_empty(), chat.agent_id) {
        (false, _) => holdings(given, ended),
        (true, Some(agent)) => holdings(
            &[(agent, chat.accepted_ms.unwrap_or(chat.created_ms))],
            ended,
        ),
        (true, None) => Vec::new(),
    }
}

/// The figures of each agent in `agents` (in that order) from the chats that ended in the
/// period, their messages (in order), who they were given to when (`parts`: chat, agent,
/// from) and the review scores `(agent, score)` of the period.
pub fn figures(
    agents: &[AgentRow],
    chats: &[ChatRow],
    messages: &[MessageTime],
    parts: &[(Uuid, Uuid, i64)],
    scores: &[(Uuid, u8)],
    sla: &SlaPolicy,
) -> Vec<AgentFigures> {
    let mut by_chat: HashMap<Uuid, Vec<&MessageTime>> = HashMap::new();
    for message in messages {
        by_chat.entry(message.chat_id).or_default().push(message);
    }
    let mut given: HashMap<Uuid, Vec<(Uuid, i64)>> = HashMap::new();
    for (chat, agent, from) in parts {
        given.entry(*chat).or_default().push((*agent, *from));
    }
    let mut tallies: HashMap<Uuid, Tally> = HashMap::new();
    for chat in chats {
        let chat_messages = by_chat.get(&chat.id).map_or(&[][..], Vec::as_slice);
        let given = given.get(&chat.id).map_or(&[][..], Vec::as_slice);
        let mut counted: HashSet<Uuid> = HashSet::new();
        // The end of each person's last part: the chat counts as verified for them when its
        // checklist was complete by then. The last holder's runs on into the wrap-up.
        let mut held_until: HashMap<Uuid, i64> = HashMap::new();
        let parts = chat_holdings(chat, given);
        for (i, part) in parts.iter().enumerate() {
            tally_part(
                tallies.entry(part.agent).or_default(),
                part,
                counted.insert(part.agent),
                chat_messages,
                sla,
            );
            let until = if i + 1 == parts.len() {
                i64::MAX
            } else {
                part.to_ms
            };
            let latest = held_until.entry(part.agent).or_insert(until);
            *latest = (*latest).max(until);
        }
        for (agent, until) in held_until {
            if chat.verified_ms.is_some_and(|at| at <= until) {
                tallies.entry(agent).or_default().verified += 1;
            }
        }
    }
    for (agent, score) in scores {
        tallies.entry(*agent).or_default().scores.push(*score);
    }
    agents
        .iter()
        .map(|agent| {
            let mut tally = tallies.remove(&agent.id).unwrap_or_default();
            tally.first_replies_ms.sort_unstable();
            let scored = tally.scores.len();
            let total: u32 = tally.scores.iter().map(|s| u32::from(*s)).sum();
            AgentFigures {
                agent: agent.name.clone(),
                display_name: agent.display_name.clone(),
                chats_handled: tally.chats,
                first_reply_median_secs: percentile(&tally.first_replies_ms, 0.5).map(secs),
                first_reply_p90_secs: percentile(&tally.first_replies_ms, 0.9).map(secs),
                sla_breach_rate: share(tally.breaches, tally.waits),
                verification_rate: share(tally.verified, tally.chats),
                review_score_avg: (scored > 0).then(|| round(f64::from(total) / scored as f64, 2)),
            }
        })
        .collect()
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The report as CSV with a header row, lines ending in CRLF.
pub fn csv(rows: &[AgentFigures]) -> String {
    let mut out = HEADER.join(",") + "\r\n";
    for row in rows {
        let fields = [
            csv_field(&row.agent),
            csv_field(&row.display_name),
            row.chats_handled.to_string(),
            number(row.first_reply_median_secs),
            number(row.first_reply_p90_secs),
            number(row.sla_breach_rate),
            number(row.verification_rate),
            number(row.review_score_avg),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Reads the figures for the days `from` to `to` (local time, inclusive) from the team's
/// database: everyone who handled a chat then, or only `agent` (by sign-in name).
pub fn run(
    team: &super::agents::Team,
    from: Date,
    to: Date,
    agent: Option<&str>,
) -> anyhow::Result<Vec<AgentFigures>> {
    let (from_ms, to_ms) = period_ms(from, to, &TimeZone::system())?;
    let catalog = Catalog::load(Some(team.data_dir))?;
    let sla = catalog.policy.sla.clone();
    let read = move |tx: &mut dyn crate::server::store::Tx| {
        let chats = tx.ended_chats_between(from_ms, to_ms)?;
        let parts = tx.parts_of_ended(from_ms, to_ms)?;
        let agents = match agent {
            Some(name) => {
                let Some(found) = tx.agent_by_name(name)? else {
                    return Err(super::exit::usage(format!(
                        "there is no agent named {name:?}; `chatdesk agents list` shows who there is"
                    )));
                };
                vec![found]
            }
            None => {
                let mut seen: BTreeMap<String, AgentRow> = BTreeMap::new();
                let held = chats.iter().filter_map(|c| c.agent_id);
                for id in held.chain(parts.iter().map(|(_, agent, _)| *agent)) {
                    if seen.values().any(|a| a.id == id) {
                        continue;
                    }
                    if let Some(row) = tx.agent(id)? {
                        seen.insert(format!("{}\u{0}{id}", row.name), row);
                    }
                }
                seen.into_values().collect()
            }
        };
        let messages = tx.message_times_of_ended(from_ms, to_ms)?;
        let scores = tx.review_scores(from_ms, to_ms)?;
        Ok(figures(&agents, &chats, &messages, &parts, &scores, &sla))
    };
    match team.database {
        Some(url) => PostgresStore::connect_existing(url)?.read(read),
        None => read_only(team.data_dir, read),
    }
}

#[cfg(test)]
mod tests;
