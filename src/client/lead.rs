//! Calls for leads: the floor, any chat's detail, whispers to a chat's agent, take-over.

use reqwest::Method;
use uuid::Uuid;

use super::{Backend, ClientError};
use crate::protocol::{ChatDetail, Floor, NewWhisper, Whisper};

impl Backend {
    /// Everyone working, the queues, every live chat and the escalations, most urgent first.
    pub async fn floor(&self) -> Result<Floor, ClientError> {
        self.call(Method::GET, "/api/v1/floor", None::<&()>).await
    }

    /// A chat with its transcript, whispers and escalations (a lead may read any chat).
    pub async fn chat_detail(&self, chat_id: Uuid) -> Result<ChatDetail, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/detail");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// A note to the chat's agent that the customer never sees.
    pub async fn whisper(&self, chat_id: Uuid, body: &str) -> Result<Whisper, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/whispers");
        let new = NewWhisper {
            body: body.to_string(),
        };
        self.call(Method::POST, &path, Some(&new)).await
    }

    /// Takes the chat from its agent; it is the lead's from now on.
    pub async fn take_over(&self, chat_id: Uuid) -> Result<ChatDetail, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/takeover");
        self.call(Method::POST, &path, None::<&()>).await
    }
}
