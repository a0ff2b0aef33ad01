//! Calls for escalations to leads: the templates, sending one about a chat, listing them, and
//! a lead's claim; replies from either side.

use reqwest::Method;
use uuid::Uuid;

use super::{Backend, ClientError};
use crate::protocol::{Escalation, EscalationState, EscalationTemplate, NewEscalation, NewReply};

impl Backend {
    /// The templates to escalate with, each with its fields and their rules (check a filled-in
    /// template with [`crate::policy::escalation::check`] before sending it).
    pub async fn escalation_templates(&self) -> Result<Vec<EscalationTemplate>, ClientError> {
        self.call(Method::GET, "/api/v1/escalation-templates", None::<&()>)
            .await
    }

    /// Sends an escalation about one of the agent's chats. A refusal for the fields is a `422`
    /// whose `detail` names every problem.
    pub async fn escalate(
        &self,
        chat_id: Uuid,
        escalation: &NewEscalation,
    ) -> Result<Escalation, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/escalations");
        self.call(Method::POST, &path, Some(escalation)).await
    }

    /// Escalations, oldest first, in one state or all: every one for a lead, the agent's own
    /// for an agent.
    pub async fn escalations(
        &self,
        state: Option<EscalationState>,
    ) -> Result<Vec<Escalation>, ClientError> {
        let path = match state {
            None => "/api/v1/escalations".to_string(),
            Some(state) => format!("/api/v1/escalations?state={}", state_name(state)),
        };
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// One escalation with its thread.
    pub async fn escalation(&self, id: Uuid) -> Result<Escalation, ClientError> {
        let path = format!("/api/v1/escalations/{id}");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// A lead takes an escalation (refused with the other lead's name when someone has).
    pub async fn claim(&self, id: Uuid) -> Result<Escalation, ClientError> {
        let path = format!("/api/v1/escalations/{id}/claim");
        self.call(Method::POST, &path, None::<&()>).await
    }

    /// A lead closes an ended chat's escalation: it leaves the floor.
    pub async fn close_escalation(&self, id: Uuid) -> Result<Escalation, ClientError> {
        let path = format!("/api/v1/escalations/{id}/close");
        self.call(Method::POST, &path, None::<&()>).await
    }

    /// Writes in an escalation's thread: a lead's answer, or the escalating agent's word back.
    pub async fn reply(&self, id: Uuid, body: &str) -> Result<Escalation, ClientError> {
        let path = format!("/api/v1/escalations/{id}/replies");
        let reply = NewReply {
            body: body.to_string(),
        };
        self.call(Method::POST, &path, Some(&reply)).await
    }
}

fn state_name(state: EscalationState) -> &'static str {
    match state {
        EscalationState::Open => "open",
        EscalationState::Claimed => "claimed",
        EscalationState::Answered => "answered",
    }
}
