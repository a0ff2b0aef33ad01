//! The data files an operator edits: queues, dispositions and the policy (routing, reply times,
//! the inactivity clock, reminders, the verification checklist). Each ships in
//! `assets/` (embedded in the binary) and can be overridden by a file of the same name in the
//! backend's data directory. A broken file is reported with its path, line and problem.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::canned::{BUILTIN_NAME, BUILTIN_TEXT, load_layers, read_agent_file};
use crate::policy::disclosure::Pattern;
use crate::protocol::{Check, ProcedureInfo};

mod escalations;
mod policy;

pub use escalations::{Channel, Escalations};
use escalations::{ESCALATIONS, HOLIDAYS, load_escalations};
pub use policy::{
    MissedPolicy, Policy, ReminderPolicy, RoutingPolicy, SlaPolicy, VerificationCheck,
};
use policy::{POLICY, load_policy};

const QUEUES: &str = include_str!("../../assets/queues.toml");
const DISPOSITIONS: &str = include_str!("../../assets/dispositions.toml");

/// A data file that could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub problem: String,
}

impl fmt::Display for AssetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.problem
        )
    }
}

impl std::error::Error for AssetError {}

/// The text of one data file and where it came from.
struct Source {
    name: String,
    text: String,
}

impl Source {
    fn error_at(&self, offset: Option<usize>, problem: impl Into<String>) -> AssetError {
        let (line, column) = match offset {
            Some(offset) => line_and_column(&self.text, offset),
            None => (1, 1),
        };
        AssetError {
            file: self.name.clone(),
            line,
            column,
            problem: problem.into(),
        }
    }

    fn parse<T: DeserializeOwned>(&self) -> Result<T, AssetError> {
        toml::from_str(&self.text)
            .map_err(|e| self.error_at(e.span().map(|s| s.start), e.message().trim().to_string()))
    }
}

/// Reads a file of the data directory: its name as shown in errors and its text; `None` when
/// there is no such file.
pub(crate) fn read_data_file(path: &Path) -> Result<Option<(String, String)>, AssetError> {
    if !path.exists() {
        return Ok(None);
    }
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some((name, text))),
        Err(e) => Err(AssetError {
            file: name,
            line: 1,
            column: 1,
            problem: format!("cannot be read: {e}"),
        }),
    }
}

/// A problem at byte `offset` of the file `name` whose text is `text` (its start when `None`).
pub(crate) fn error_in(
    name: &str,
    text: &str,
    offset: Option<usize>,
    problem: String,
) -> AssetError {
    let (line, column) = offset.map_or((1, 1), |at| line_and_column(text, at));
    AssetError {
        file: name.to_string(),
        line,
        column,
        problem,
    }
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The override in `dir` when it exists, else the embedded default.
/// The canned responses not tagged `needs-verification`, as patterns. The team's file is the
/// one the backend serves to consoles; a broken one stops the backend with its line.
fn harmless_replies(dir: Option<&Path>) -> Result<Vec<Pattern>, AssetError> {
    let mut layers = vec![(BUILTIN_NAME.to_string(), BUILTIN_TEXT.to_string())];
    if let Some(dir) = dir
        && let Some(team) = read_agent_file(dir)?
    {
        layers.push(team);
    }
    let (library, mut errors) = load_layers(&layers);
    if !errors.is_empty() {
        return Err(errors.swap_remove(0));
    }
    Ok(library
        .responses()
        .iter()
        .filter(|r| !r.needs_verification())
        .map(|r| Pattern::from_template(r.template()))
        .collect())
}

fn source(dir: Option<&Path>, file: &str, embedded: &str) -> Result<Source, AssetError> {
    if let Some(path) = dir.map(|d| d.join(file))
        && path.exists()
    {
        let text = std::fs::read_to_string(&path).map_err(|e| AssetError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            problem: format!("cannot be read: {e}"),
        })?;
        return Ok(Source {
            name: path.display().to_string(),
            text,
        });
    }
    Ok(Source {
        name: format!("assets/{file} (built in)"),
        text: embedded.to_string(),
    })
}

/// A queue customers can choose.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    pub id: String,
    pub name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueuesFile {
    queue: Vec<QueueEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueueEntry {
    id: Spanned<String>,
    name: String,
}

/// A disposition code an agent can record at wrap-up.
#[derive(Debug, Clone, PartialEq)]
pub struct DispositionCode {
    pub code: String,
    pub name: String,
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DispositionsFile {
    disposition: Vec<DispositionEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DispositionEntry {
    code: Spanned<String>,
    name: String,
    #[serde(default)]
    description: String,
}

/// Everything the backend reads from data files.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub queues: Vec<Queue>,
    pub dispositions: Vec<DispositionCode>,
    pub policy: Policy,
    /// The escalation templates, the leads' channels and the holiday calendar.
    pub escalations: Escalations,
    /// The canned responses (built in, then the team's `canned.toml`) that reveal nothing
    /// about an account: a review does not count them as talking about it before verification.
    pub harmless_replies: Vec<Pattern>,
}

impl Catalog {
    /// Loads the built-in files, each replaced by its override in `dir` when present.
    pub fn load(dir: Option<&Path>) -> Result<Catalog, AssetError> {
        Ok(Catalog {
            queues: load_queues(&source(dir, "queues.toml", QUEUES)?)?,
            dispositions: load_dispositions(&source(dir, "dispositions.toml", DISPOSITIONS)?)?,
            policy: load_policy(&source(dir, "policy.toml", POLICY)?)?,
            escalations: load_escalations(
                &source(dir, "escalations.toml", ESCALATIONS)?,
                &source(dir, "holidays.toml", HOLIDAYS)?,
            )?,
            harmless_replies: harmless_replies(dir)?,
        })
    }

    /// Every problem in the data files of `dir`, each file read on its own so that one broken
    /// file does not hide the next (`chatdesk check`). Empty when [`Catalog::load`] succeeds.
    pub fn problems(dir: &Path) -> Vec<AssetError> {
        let dir = Some(dir);
        let mut problems = Vec::new();
        let mut note = |outcome: Result<(), AssetError>| {
            if let Err(e) = outcome {
                problems.push(e);
            }
        };
        note(source(dir, "queues.toml", QUEUES).and_then(|s| load_queues(&s).map(drop)));
        note(
            source(dir, "dispositions.toml", DISPOSITIONS)
                .and_then(|s| load_dispositions(&s).map(drop)),
        );
        note(source(dir, "policy.toml", POLICY).and_then(|s| load_policy(&s).map(drop)));
        note(
            source(dir, "escalations.toml", ESCALATIONS)
                .and_then(|e| Ok((e, source(dir, "holidays.toml", HOLIDAYS)?)))
                .and_then(|(e, h)| load_escalations(&e, &h).map(drop)),
        );
        if let Some(dir) = dir {
            match read_agent_file(dir) {
                Ok(Some(team)) => {
                    let builtin = (BUILTIN_NAME.to_string(), BUILTIN_TEXT.to_string());
                    problems.extend(load_layers(&[builtin, team]).1);
                }
                Ok(None) => {}
                Err(e) => problems.push(e),
            }
        }
        problems
    }

    /// The built-in files only.
    pub fn builtin() -> Catalog {
        Catalog::load(None).expect("the built-in data files are valid")
    }

    pub fn queue(&self, id: &str) -> Option<&Queue> {
        self.queues.iter().find(|q| q.id == id)
    }

    pub fn queue_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.queue(id).map_or(id, |q| q.name.as_str())
    }

    pub fn disposition(&self, code: &str) -> Option<&DispositionCode> {
        self.dispositions.iter().find(|d| d.code == code)
    }

    /// The procedure's timing and checklist as `GET /api/v1/policy` shows them.
    pub fn procedure(&self) -> ProcedureInfo {
        let policy = &self.policy;
        ProcedureInfo {
            reply_warn_secs: policy.sla.reply_warn_secs,
            reply_breach_secs: policy.sla.reply_breach_secs,
            queue_wait_flag_secs: policy.sla.queue_wait_flag_secs,
            investigate_after_secs: policy.reminders.investigate_after_secs,
            ticket_after_secs: policy.reminders.ticket_after_secs,
            hold_update_secs: policy.reminders.hold_update_secs,
            missed_highlight_after_secs: policy.missed.highlight_after_secs,
            inactivity: policy.inactivity.clone(),
            verification: policy
                .verification
                .iter()
                .map(|c| Check {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    done: false,
                })
                .collect(),
        }
    }
}

fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn load_queues(source: &Source) -> Result<Vec<Queue>, AssetError> {
    let file: QueuesFile = source.parse()?;
    let mut queues: Vec<Queue> = Vec::new();
    for entry in file.queue {
        let at = Some(entry.id.span().start);
        let id = entry.id.into_inner();
        if !is_identifier(&id) {
            return Err(source.error_at(
                at,
                format!("queue id {id:?} must be lower-case letters, digits, '-' or '_'"),
            ));
        }
        if queues.iter().any(|q| q.id == id) {
            return Err(source.error_at(at, format!("queue id {id:?} appears twice")));
        }
        if entry.name.trim().is_empty() {
            return Err(source.error_at(at, format!("queue {id:?} has an empty name")));
        }
        queues.push(Queue {
            id,
            name: entry.name,
        });
    }
    if queues.is_empty() {
        return Err(source.error_at(None, "at least one [[queue]] is needed"));
    }
    Ok(queues)
}

fn load_dispositions(source: &Source) -> Result<Vec<DispositionCode>, AssetError> {
    let file: DispositionsFile = source.parse()?;
    let mut codes: Vec<DispositionCode> = Vec::new();
    for entry in file.disposition {
        let at = Some(entry.code.span().start);
        let code = entry.code.into_inner();
        if !is_identifier(&code) {
            return Err(source.error_at(
                at,
                format!("disposition code {code:?} must be lower-case letters, digits, '-' or '_'"),
            ));
        }
        if codes.iter().any(|d| d.code == code) {
            return Err(source.error_at(at, format!("disposition code {code:?} appears twice")));
        }
        codes.push(DispositionCode {
            code,
            name: entry.name,
            description: entry.description,
        });
    }
    if codes.is_empty() {
        return Err(source.error_at(None, "at least one [[disposition]] is needed"));
    }
    Ok(codes)
}

/// Where the backend keeps its database and overrides unless told otherwise.
pub fn default_data_dir() -> anyhow::Result<PathBuf> {
    directories::ProjectDirs::from("com", "Acme Devices", "chatdesk")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| anyhow::anyhow!("no home directory found; pass --data-dir"))
}

#[cfg(test)]
mod tests;
