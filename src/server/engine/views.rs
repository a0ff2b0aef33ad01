//! Rows turned into what the API shows each kind of caller.

use uuid::Uuid;

use crate::protocol::{
    AgentChat, AgentSummary, ChatDetail, ChatState, Check, Customer, CustomerChat, Disposition, Me,
    Offer, OfferedTransfer, QueueListing, QueuedChat,
};
use crate::server::engine::Ctx;
use crate::server::store::{AgentRow, ChatRow, OfferRow, StoreResult, timestamp};

fn waited_secs(now: i64, since: i64) -> u64 {
    u64::try_from((now - since) / 1000).unwrap_or(0)
}

impl Ctx<'_> {
    /// 1-based place of a waiting chat in its queue.
    pub fn position(&mut self, chat: &ChatRow) -> StoreResult<u32> {
        let ahead = self
            .tx
            .waiting_ahead(&chat.queue, chat.queued_ms, chat.id)?;
        Ok(ahead.saturating_add(1))
    }

    fn agent_name(&mut self, id: Option<Uuid>) -> StoreResult<Option<String>> {
        Ok(match id {
            Some(id) => self.tx.agent(id)?.map(|a| a.display_name),
            None => None,
        })
    }

    pub fn customer_chat(&mut self, chat: &ChatRow) -> StoreResult<CustomerChat> {
        let position = match chat.state {
            ChatState::Queued => Some(self.position(chat)?),
            _ => None,
        };
        Ok(CustomerChat {
            id: chat.id,
            state: chat.state,
            queue: chat.queue.clone(),
            queue_name: self.catalog.queue_name(&chat.queue).to_string(),
            position,
            agent_name: self.agent_name(chat.agent_id)?,
            created_at: timestamp(chat.created_ms),
            ended_at: chat.ended_ms.map(timestamp),
            ended_by: chat.ended_by,
        })
    }

    pub fn agent_chat(&mut self, chat: &ChatRow) -> StoreResult<AgentChat> {
        Ok(AgentChat {
            id: chat.id,
            state: chat.state,
            queue: chat.queue.clone(),
            queue_name: self.catalog.queue_name(&chat.queue).to_string(),
            customer: customer(chat),
            agent_id: chat.agent_id,
            agent_name: self.agent_name(chat.agent_id)?,
            created_at: timestamp(chat.created_ms),
            queued_at: timestamp(chat.queued_ms),
            accepted_at: chat.accepted_ms.map(timestamp),
            ended_at: chat.ended_ms.map(timestamp),
            ended_by: chat.ended_by,
            transfer_note: chat.transfer_note.clone(),
            disposition: chat.disposition_code.clone().map(|code| Disposition {
                code,
                notes: chat.disposition_notes.clone().unwrap_or_default(),
                tags: chat.disposition_tags.clone(),
            }),
            verification: self
                .catalog
                .policy
                .verification
                .iter()
                .map(|c| Check {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    done: chat.verification.contains(&c.id),
                })
                .collect(),
            verified_at: chat.verified_ms.map(timestamp),
            on_hold_since: chat.hold_since_ms.map(timestamp),
            nudged_at: chat.nudged_ms.map(timestamp),
            silence_agent_at: chat.last_agent_ms.map(timestamp),
            silence_customer_at: chat.last_customer_ms.map(timestamp),
            last_hold_at: self.tx.hold_starts(chat.id)?.last().copied().map(timestamp),
            ticket: self.tx.chat_ticket(chat.id)?,
        })
    }

    pub fn chat_detail(&mut self, chat: &ChatRow) -> StoreResult<ChatDetail> {
        Ok(ChatDetail {
            chat: self.agent_chat(chat)?,
            messages: self.tx.messages(chat.id)?,
            escalations: super::escalations::of_chat(self, chat.id)?,
            whispers: self.tx.whispers(chat.id)?,
        })
    }

    pub fn offer_view(&mut self, offer: &OfferRow, chat: &ChatRow) -> Offer {
        let transfer = offer.transfer.as_ref().map(|t| OfferedTransfer {
            from_agent_name: self
                .tx
                .agent(t.from)
                .ok()
                .flatten()
                .map_or_else(|| "A colleague".to_string(), |a| a.display_name),
            note: t.note.clone(),
        });
        Offer {
            id: offer.id,
            chat_id: chat.id,
            customer: customer(chat),
            queue: chat.queue.clone(),
            queue_name: self.catalog.queue_name(&chat.queue).to_string(),
            // A colleague's chat waits for you since they asked.
            waiting_since: timestamp(match transfer {
                Some(_) => offer.created_ms,
                None => chat.queued_ms,
            }),
            offered_at: timestamp(offer.created_ms),
            expires_at: timestamp(offer.expires_ms),
            transfer,
        }
    }

    pub fn queued_entry(&self, chat: &ChatRow, position: u32) -> QueuedChat {
        QueuedChat {
            chat_id: chat.id,
            queue: chat.queue.clone(),
            customer_name: chat.customer_name.clone(),
            customer_email: chat.customer_email.clone(),
            queued_at: timestamp(chat.queued_ms),
            waited_secs: waited_secs(self.now, chat.queued_ms),
            position,
        }
    }

    /// The queues `ids` (every queue when empty), in the order of `queues.toml`.
    pub fn queue_listings(&mut self, ids: &[String]) -> StoreResult<Vec<QueueListing>> {
        let waiting = self.tx.queued_chats(None)?;
        let queues = self.catalog.queues.clone();
        Ok(queues
            .iter()
            .filter(|q| ids.is_empty() || ids.contains(&q.id))
            .map(|q| {
                let chats: Vec<QueuedChat> = waiting
                    .iter()
                    .filter(|c| c.queue == q.id)
                    .enumerate()
                    .map(|(i, c)| self.queued_entry(c, u32::try_from(i + 1).unwrap_or(u32::MAX)))
                    .collect();
                QueueListing {
                    id: q.id.clone(),
                    name: q.name.clone(),
                    depth: u32::try_from(chats.len()).unwrap_or(u32::MAX),
                    oldest_wait_secs: chats.first().map(|c| c.waited_secs),
                    chats,
                }
            })
            .collect())
    }

    pub fn me(&mut self, agent: &AgentRow) -> StoreResult<Me> {
        Ok(Me {
            id: agent.id,
            name: agent.name.clone(),
            display_name: agent.display_name.clone(),
            role: agent.role,
            queues: agent.queues.clone(),
            presence: agent.presence,
            active_chats: self.active_chats_of(agent.id)?,
            capacity: self.max_active(),
        })
    }

    pub fn agent_summaries(&mut self) -> StoreResult<Vec<AgentSummary>> {
        let counts = self.tx.active_counts()?;
        let capacity = self.max_active();
        Ok(self
            .tx
            .agents()?
            .into_iter()
            .map(|a| AgentSummary {
                active_chats: counts.get(&a.id).copied().unwrap_or(0),
                id: a.id,
                display_name: a.display_name,
                role: a.role,
                queues: a.queues,
                presence: a.presence,
                capacity,
            })
            .collect())
    }
}

pub fn customer(chat: &ChatRow) -> Customer {
    Customer {
        name: chat.customer_name.clone(),
        email: chat.customer_email.clone(),
        client_id: chat.client_id.clone(),
    }
}
