//! The rows of the support procedure: what the inactivity clock counts from, and the
//! commitments and tickets recorded at wrap-up.

use uuid::Uuid;

use super::tx::PostgresTx;
use crate::policy::cards::mask;
use crate::policy::inactivity::Silence;
use crate::protocol::{Commitment, Party, Ticket};
use crate::server::store::columns::columns;
use crate::server::store::rows::masked;
use crate::server::store::sql::procedure as sql;
use crate::server::store::{ProcedureStore, StoreResult};

impl ProcedureStore for PostgresTx<'_> {
    fn note_last_message(&mut self, chat: Uuid, author: Party, at_ms: i64) -> StoreResult<()> {
        if let Some(statement) = sql::note_last_message(author) {
            self.write(statement, columns![chat, at_ms])?;
        }
        Ok(())
    }

    fn active_silences(&mut self) -> StoreResult<Vec<(Uuid, Silence)>> {
        self.all(sql::ACTIVE_SILENCES, &[], sql::silence_from)
    }

    fn set_chat_commitment(
        &mut self,
        chat: Uuid,
        commitment: Option<&Commitment>,
    ) -> StoreResult<()> {
        let Some(c) = commitment else {
            self.write(sql::DELETE_COMMITMENT, columns![chat])?;
            return Ok(());
        };
        self.write(
            sql::SET_COMMITMENT,
            columns![
                c.id,
                chat,
                c.agent_id,
                c.due_at.as_millisecond(),
                sql::channel_str(c.channel),
                mask(&c.note),
                c.created_at.as_millisecond(),
                c.done_at.map(|d| d.as_millisecond()),
            ],
        )?;
        Ok(())
    }

    fn set_chat_ticket(&mut self, chat: Uuid, ticket: Option<&Ticket>) -> StoreResult<()> {
        let Some(t) = ticket else {
            self.write(sql::DELETE_TICKET, columns![chat])?;
            return Ok(());
        };
        self.write(
            sql::SET_TICKET,
            columns![
                t.id,
                chat,
                t.agent_id,
                mask(&t.subject),
                sql::contact_str(t.contact),
                masked(&t.note),
                t.created_at.as_millisecond(),
            ],
        )?;
        Ok(())
    }

    fn chat_ticket(&mut self, chat: Uuid) -> StoreResult<Option<Ticket>> {
        self.one(sql::TICKET_OF_CHAT, &[&chat.to_string()], |r| {
            sql::ticket_from(r)
        })
    }

    fn commitment(&mut self, id: Uuid) -> StoreResult<Option<Commitment>> {
        self.one(sql::COMMITMENT, &[&id.to_string()], |r| {
            sql::commitment_from(r)
        })
    }

    fn set_commitment_done(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(sql::SET_COMMITMENT_DONE, columns![id, at_ms])?;
        Ok(())
    }

    fn open_commitments(&mut self, agent: Uuid) -> StoreResult<Vec<Commitment>> {
        self.all(sql::OPEN_COMMITMENTS, &[&agent.to_string()], |r| {
            sql::commitment_from(r)
        })
    }

    fn recent_tickets(&mut self, agent: Uuid, limit: usize) -> StoreResult<Vec<Ticket>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.all(sql::RECENT_TICKETS, &[&agent.to_string(), &limit], |r| {
            sql::ticket_from(r)
        })
    }
}
