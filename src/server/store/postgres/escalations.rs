//! The rows of escalations and their threads.

use postgres::types::ToSql;
use uuid::Uuid;

use super::tx::{Param, PostgresTx};
use crate::policy::cards::{mask, mask_json};
use crate::protocol::{Escalation, EscalationReply};
use crate::server::store::columns::columns;
use crate::server::store::sql::escalations::{self as sql, FilterValue};
use crate::server::store::{EscalationFilter, EscalationStore, StoreResult};

impl PostgresTx<'_> {
    /// The escalation with its thread read in.
    fn with_thread(&mut self, mut escalation: Escalation) -> StoreResult<Escalation> {
        escalation.replies = self.all(sql::THREAD, &[&escalation.id.to_string()], |r| {
            sql::reply_from(r)
        })?;
        Ok(escalation)
    }
}

impl EscalationStore for PostgresTx<'_> {
    fn insert_escalation(&mut self, e: &Escalation) -> StoreResult<()> {
        self.write(
            sql::INSERT,
            columns![
                e.id,
                e.chat_id,
                e.agent_id,
                mask(&e.template),
                mask(&e.template_name),
                mask(&e.channel),
                mask(&e.channel_name),
                mask_json(&e.fields)?,
                mask_json(&e.warnings)?,
                sql::state_str(e.state),
                e.claimed_by,
                e.created_at.as_millisecond(),
                e.claimed_at.map(|t| t.as_millisecond()),
                e.answered_at.map(|t| t.as_millisecond()),
            ],
        )?;
        Ok(())
    }

    fn update_escalation(&mut self, e: &Escalation) -> StoreResult<()> {
        self.write(
            sql::UPDATE,
            columns![
                e.id,
                sql::state_str(e.state),
                e.claimed_by,
                e.claimed_at.map(|t| t.as_millisecond()),
                e.answered_at.map(|t| t.as_millisecond()),
                e.closed_at.map(|t| t.as_millisecond()),
                e.closed_by,
            ],
        )?;
        Ok(())
    }

    fn escalation(&mut self, id: Uuid) -> StoreResult<Option<Escalation>> {
        let found = self.one(&sql::by_id(), &[&id.to_string()], |r| {
            sql::escalation_from(r)
        })?;
        found.map(|e| self.with_thread(e)).transpose()
    }

    fn escalations(&mut self, filter: &EscalationFilter) -> StoreResult<Vec<Escalation>> {
        let (statement, values) = sql::filtered(filter);
        let values: Vec<Box<dyn ToSql + Sync>> = values
            .into_iter()
            .map(|v| -> Box<dyn ToSql + Sync> {
                match v {
                    FilterValue::Text(text) => Box::new(text),
                    FilterValue::Int(n) => Box::new(n),
                }
            })
            .collect();
        let params: Vec<Param> = values.iter().map(|v| v.as_ref() as Param).collect();
        let found = self.all(&statement, &params, sql::escalation_from)?;
        found.into_iter().map(|e| self.with_thread(e)).collect()
    }

    fn insert_escalation_reply(
        &mut self,
        escalation: Uuid,
        reply: &EscalationReply,
    ) -> StoreResult<()> {
        self.write(
            sql::INSERT_REPLY,
            columns![
                escalation,
                reply.author_id,
                reply.author_role.as_str(),
                mask(&reply.body),
                reply.at.as_millisecond(),
            ],
        )?;
        Ok(())
    }
}
