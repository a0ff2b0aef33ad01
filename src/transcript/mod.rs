//! A chat's transcript as a file a person keeps or receives by e-mail: plain text, Markdown or
//! JSON. Pure: the chat and a time zone in, text out.
//!
//! Everything in a transcript came from somewhere else, mostly from customers, so it is made
//! harmless before it is written: in text and Markdown, control and bidi-override characters
//! become visible placeholders ([`crate::policy::sanitize`]), and in Markdown every character
//! that could start a heading, a list, a link, an image, emphasis or HTML is escaped, so what a
//! customer typed is shown exactly as typed and never becomes markup.

use std::fmt;
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::policy::sanitize::{sanitize, sanitize_line};
use crate::protocol::{ChatDetail, Party};

/// The kinds of transcript file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = TranscriptFormat)]
pub enum Format {
    /// Plain text (`.txt`).
    #[default]
    #[serde(alias = "txt")]
    Text,
    /// Markdown (`.md`), with everything the participants wrote escaped.
    #[serde(alias = "md")]
    Markdown,
    /// The chat and its messages as the API gives them (`.json`).
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Text, Format::Markdown, Format::Json];

    /// `text`/`txt`, `markdown`/`md` or `json`, in any case, with or without a leading dot.
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.trim();
        let name = name.strip_prefix('.').unwrap_or(name).to_ascii_lowercase();
        match name.as_str() {
            "text" | "txt" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The format a file name asks for by its extension, e.g. `chat.md`.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::parse(path.extension()?.to_str()?)
    }

    /// The name used on the wire: `text`, `markdown` or `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }

    /// The media type a file of this format is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        Format::parse(text).ok_or_else(|| {
            format!("{text:?} is not a transcript format; use text, markdown or json")
        })
    }
}

/// The chat as a customer may read it: the conversation, without the team's notes — no
/// disposition or notes, transfer note, checklist, escalations or whispers.
pub fn customer_copy(mut detail: ChatDetail) -> ChatDetail {
    let chat = &mut detail.chat;
    chat.disposition = None;
    chat.transfer_note = None;
    chat.verification.clear();
    chat.verified_at = None;
    chat.on_hold_since = None;
    chat.nudged_at = None;
    detail.escalations.clear();
    detail.whispers.clear();
    detail
}

/// The transcript of `detail` in `format`, with times shown in `zone`.
pub fn render(detail: &ChatDetail, format: Format, zone: &TimeZone) -> String {
    match format {
        Format::Text => text(detail, zone),
        Format::Markdown => markdown(detail, zone),
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(detail).expect("a chat always serialises as JSON");
            json.push('\n');
            json
        }
    }
}

/// The day the chat started, in `zone`.
pub fn chat_date(detail: &ChatDetail, zone: &TimeZone) -> Date {
    detail.chat.created_at.to_zoned(zone.clone()).date()
}

/// A file name that is safe everywhere: `chat-2025-03-14-ana-lima.txt`.
pub fn file_name(detail: &ChatDetail, format: Format, zone: &TimeZone) -> String {
    format!(
        "chat-{}-{}.{}",
        chat_date(detail, zone),
        name_slug(&detail.chat.customer.name),
        format.extension()
    )
}

/// Lower-case ASCII letters and digits joined by `-`, at most 40 characters.
fn name_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = fold_latin(c);
        if c.is_ascii_alphanumeric() {
            if slug.len() >= 40 {
                break;
            }
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "customer".to_string()
    } else {
        slug.to_string()
    }
}

/// The plain letter under a common accented Latin letter (`é` → `e`); others unchanged.
fn fold_latin(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// `2025-03-14 09:30:05 +00:00`.
fn date_time(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

fn clock(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone()).strftime("%H:%M:%S").to_string()
}

fn ended_by(party: Option<Party>) -> &'static str {
    match party {
        Some(Party::Customer) => ", by the customer",
        Some(Party::Agent) => ", by the agent",
        Some(Party::System) => ", by the system",
        None => "",
    }
}

/// The header's fields, each already made safe for one line of text (not yet for Markdown).
struct Header {
    /// Label, value, and whether the value came from outside (and needs escaping in Markdown).
    fields: Vec<(&'static str, String, bool)>,
    /// Text that may span lines: the transfer note and the disposition notes.
    notes: Vec<(&'static str, String)>,
}

fn header(detail: &ChatDetail, zone: &TimeZone) -> Header {
    let chat = &detail.chat;
    let customer = &chat.customer;
    let mut who = format!(
        "{} <{}>",
        sanitize_line(&customer.name),
        sanitize_line(&customer.email)
    );
    if let Some(client_id) = customer
        .client_id
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        who.push_str(&format!(", client {}", sanitize_line(client_id)));
    }
    let agent = chat.agent_name.as_deref().map(sanitize_line);
    let ended = match chat.ended_at {
        Some(at) => format!("{}{}", date_time(at, zone), ended_by(chat.ended_by)),
        None => "not yet".to_string(),
    };
    let mut fields = vec![
        ("Customer", who, true),
        ("Queue", sanitize_line(&chat.queue_name), true),
        ("Agent", agent.unwrap_or_else(|| "none".to_string()), true),
        ("Started", date_time(chat.created_at, zone), false),
        ("Ended", ended, false),
    ];
    if let Some(name) = zone.iana_name() {
        fields.push(("Time zone", sanitize_line(name), true));
    }
    let mut notes = Vec::new();
    if let Some(note) = chat
        .transfer_note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        notes.push(("Transfer note", sanitize(note)));
    }
    if let Some(disposition) = &chat.disposition {
        fields.push(("Disposition", sanitize_line(&disposition.code), true));
        if !disposition.notes.trim().is_empty() {
            notes.push(("Notes", sanitize(&disposition.notes)));
        }
    }
    Header { fields, notes }
}

/// Width of the label column in the text header.
const LABEL_WIDTH: usize = 15;

fn text(detail: &ChatDetail, zone: &TimeZone) -> String {
    let mut out = String::from("Chat transcript\n===============\n\n");
    let header = header(detail, zone);
    let fields = header.fields.iter().map(|(label, value, _)| (label, value));
    let notes = header.notes.iter().map(|(label, value)| (label, value));
    for (label, value) in fields.chain(notes) {
        let label = format!("{label}:");
        out.push_str(&format!("{label:<LABEL_WIDTH$}"));
        push_indented(&mut out, value, LABEL_WIDTH);
    }
    out.push('\n');
    if detail.messages.is_empty() {
        out.push_str("(no messages)\n");
    }
    let mut day = chat_date(detail, zone);
    for message in &detail.messages {
        let local = message.at.to_zoned(zone.clone());
        if local.date() != day {
            day = local.date();
            out.push_str(&format!("--- {day} ---\n"));
        }
        let lead = format!(
            "[{}] {}: ",
            clock(message.at, zone),
            sanitize_line(&message.author_name)
        );
        out.push_str(&lead);
        // Continuation lines start under the name, so a body cannot pass for a new message.
        push_indented(&mut out, &sanitize(&message.body), 11);
    }
    out
}

/// Writes `text`'s first line, then each further line indented by `indent` spaces.
fn push_indented(out: &mut String, text: &str, indent: usize) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 && !line.is_empty() {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn markdown(detail: &ChatDetail, zone: &TimeZone) -> String {
    let mut out = String::from("# Chat transcript\n\n");
    let header = header(detail, zone);
    for (label, value, remote) in &header.fields {
        let value = if *remote {
            escape_markdown(value)
        } else {
            value.clone()
        };
        out.push_str(&format!("- **{label}:** {value}\n"));
    }
    for (label, value) in &header.notes {
        out.push('\n');
        push_paragraphs(&mut out, &format!("**{label}:**"), value);
    }
    let mut day = None;
    for message in &detail.messages {
        let local = message.at.to_zoned(zone.clone());
        if day != Some(local.date()) {
            day = Some(local.date());
            out.push_str(&format!("\n## {}\n", local.date()));
        }
        out.push('\n');
        let lead = format!(
            "**{} {}**",
            clock(message.at, zone),
            escape_markdown(&sanitize_line(&message.author_name))
        );
        push_paragraphs(&mut out, &lead, &sanitize(&message.body));
    }
    if detail.messages.is_empty() {
        out.push_str("\n*No messages.*\n");
    }
    out
}

/// Writes `lead` (already Markdown) and then `text` (sanitised, not yet escaped) as
/// paragraphs: lines within a paragraph end in a hard line break, blank lines separate them.
fn push_paragraphs(out: &mut String, lead: &str, text: &str) {
    out.push_str(lead);
    let mut open = true;
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            open = false;
            continue;
        }
        if open {
            out.push_str("\\\n");
        } else {
            out.push_str("\n\n");
            open = true;
        }
        out.push_str(&escape_markdown(line));
    }
    out.push('\n');
}

mod markdown;

use markdown::escape_markdown;

#[cfg(test)]
mod tests;
