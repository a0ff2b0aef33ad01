//! Calls for the team's missed chats: the list, claiming one, saying how it was followed up.

use reqwest::Method;
use uuid::Uuid;

use super::{Backend, ClientError};
use crate::protocol::{MissedChat, NewFollowUp};

impl Backend {
    /// Missed chats not yet followed up, newest first; with `include_done`, every one.
    pub async fn missed(&self, include_done: bool) -> Result<Vec<MissedChat>, ClientError> {
        let path = if include_done {
            "/api/v1/missed?include=done"
        } else {
            "/api/v1/missed"
        };
        self.call(Method::GET, path, None::<&()>).await
    }

    /// Takes a missed chat to follow it up (refused when a colleague has it).
    pub async fn claim_missed(&self, id: Uuid) -> Result<MissedChat, ClientError> {
        let path = format!("/api/v1/missed/{id}/claim");
        self.call(Method::POST, &path, None::<&()>).await
    }

    /// Says how the customer of a claimed missed chat was reached.
    pub async fn follow_up_missed(
        &self,
        id: Uuid,
        follow_up: &NewFollowUp,
    ) -> Result<MissedChat, ClientError> {
        let path = format!("/api/v1/missed/{id}/follow-up");
        self.call(Method::POST, &path, Some(follow_up)).await
    }
}
