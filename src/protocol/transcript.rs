//! Transcripts: the file an agent downloads, and the e-mail the backend sends with it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::transcript::Format as TranscriptFormat;

/// `POST /api/v1/chats/{id}/transcript/email`: send the chat's transcript to someone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EmailTranscript {
    /// One e-mail address, without a display name.
    #[schema(format = Email, max_length = 254, example = "ana@example.com")]
    pub to: String,
    /// The e-mail's text is always the plain-text transcript; `markdown` or `json` also attach
    /// the transcript in that format. `text` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<TranscriptFormat>,
    /// An IANA time zone for the times in the transcript, e.g. `Europe/Lisbon`; UTC when left
    /// out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Europe/Lisbon")]
    pub zone: Option<String>,
}

/// The answer once the mail relay has accepted the e-mail for delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TranscriptEmailed {
    pub to: String,
    pub subject: String,
    pub format: TranscriptFormat,
    /// The file attached, when `format` is `markdown` or `json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<String>,
}
