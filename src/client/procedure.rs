//! Calls for the support procedure: the backend's policy, hold, the verification checklist,
//! the wrap-up with its commitment and ticket, and the agent's follow-ups.

use reqwest::Method;
use uuid::Uuid;

use super::{Backend, ClientError};
use crate::protocol::{
    AgentChat, CheckChange, Commitment, FollowUps, HoldChange, NewTicket, ProcedureInfo, Ticket,
    WrapUp,
};

impl Backend {
    /// The timing and checklist this backend enforces.
    pub async fn policy(&self) -> Result<ProcedureInfo, ClientError> {
        self.call(Method::GET, "/api/v1/policy", None::<&()>).await
    }

    /// Puts the customer on hold (after they agreed: in the chat, or as the agent confirms with
    /// `customer_agreed`), or takes them off it.
    pub async fn set_hold(
        &self,
        chat_id: Uuid,
        on_hold: bool,
        customer_agreed: bool,
    ) -> Result<AgentChat, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/hold");
        let change = HoldChange {
            on_hold,
            customer_agreed,
        };
        self.call(Method::PUT, &path, Some(&change)).await
    }

    /// Opens the chat's ticket now (or edits it); the answer carries its reference.
    pub async fn open_ticket(
        &self,
        chat_id: Uuid,
        ticket: &NewTicket,
    ) -> Result<Ticket, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/ticket");
        self.call(Method::PUT, &path, Some(ticket)).await
    }

    /// Ticks (or unticks) one item of the chat's verification checklist.
    pub async fn set_check(
        &self,
        chat_id: Uuid,
        check: &str,
        done: bool,
    ) -> Result<AgentChat, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/verification");
        let change = CheckChange {
            check: check.to_string(),
            done,
        };
        self.call(Method::PUT, &path, Some(&change)).await
    }

    /// Records the wrap-up of an ended chat: disposition, notes, tags, and any commitment or
    /// ticket.
    pub async fn wrap_up(&self, chat_id: Uuid, wrap_up: &WrapUp) -> Result<AgentChat, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/disposition");
        self.call(Method::PUT, &path, Some(wrap_up)).await
    }

    /// The agent's open commitments (soonest due first) and tickets (newest first).
    pub async fn follow_ups(&self) -> Result<FollowUps, ClientError> {
        self.call(Method::GET, "/api/v1/follow-ups", None::<&()>)
            .await
    }

    /// Marks a commitment done.
    pub async fn commitment_done(&self, id: Uuid) -> Result<Commitment, ClientError> {
        let path = format!("/api/v1/commitments/{id}/done");
        self.call(Method::POST, &path, None::<&()>).await
    }
}
