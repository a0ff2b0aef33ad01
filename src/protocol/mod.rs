//! Wire types shared by the backend, the console and integrators: request bodies, responses,
//! events on the streams and `application/problem+json` errors.

mod agent;
mod chat;
mod escalation;
mod event;
mod missed;
mod procedure;
mod review;
mod transcript;

pub use agent::*;
pub use chat::*;
pub use escalation::*;
pub use event::*;
pub use missed::*;
pub use procedure::*;
pub use review::*;
pub use transcript::*;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a chat is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChatState {
    /// Waiting in its queue (possibly offered to an agent right now).
    Queued,
    /// An agent is handling it.
    Active,
    /// Either side ended it; the transcript is final.
    Ended,
}

/// An agent's availability for new chats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    Offline,
    Available,
    Away,
    /// After-chat work: a chat the agent ended still needs its disposition.
    WrapUp,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Offline => "offline",
            Presence::Available => "available",
            Presence::Away => "away",
            Presence::WrapUp => "wrap-up",
        }
    }

    pub fn parse(text: &str) -> Option<Presence> {
        [Self::Offline, Self::Available, Self::Away, Self::WrapUp]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
}

/// What a signed-in person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Lead,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Lead => "lead",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "agent" => Some(Role::Agent),
            "lead" => Some(Role::Lead),
            _ => None,
        }
    }
}

/// Who wrote a message or ended a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Customer,
    Agent,
    System,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Customer => "customer",
            Party::Agent => "agent",
            Party::System => "system",
        }
    }

    pub fn parse(text: &str) -> Option<Party> {
        match text {
            "customer" => Some(Party::Customer),
            "agent" => Some(Party::Agent),
            "system" => Some(Party::System),
            _ => None,
        }
    }
}

/// An error, as `application/problem+json` (RFC 9457).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// A sentence a person can act on.
    pub detail: String,
}

/// `GET /healthz`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}
