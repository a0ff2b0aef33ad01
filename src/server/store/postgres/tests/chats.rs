use uuid::Uuid;

use super::Database;
use crate::protocol::{ChatState, Message, OfferEnd, Party};
use crate::server::store::fixtures::{agent, chat};
use crate::server::store::{ChatRow, OfferRow, OfferState, TokenHash, TransferAsk, timestamp};

fn queued(chat: &ChatRow, queue: &str, queued_ms: i64) -> ChatRow {
    ChatRow {
        id: Uuid::now_v7(),
        token_hash: TokenHash::of(&Uuid::now_v7().to_string()),
        queue: queue.to_string(),
        state: ChatState::Queued,
        agent_id: None,
        accepted_ms: None,
        created_ms: queued_ms,
        queued_ms,
        ..chat.clone()
    }
}

fn message(chat: Uuid, seq: i64, author: Party, client: &str, at_ms: i64) -> Message {
    Message {
        id: Uuid::now_v7(),
        chat_id: chat,
        seq,
        author,
        author_name: "Ana Lima".to_string(),
        body: format!("message {seq}"),
        client_msg_id: Some(client.to_string()),
        at: timestamp(at_ms),
    }
}

/// The queue's line, a customer's place in it, the chats no agent answered, an agent's chats
/// and the count of active chats per agent.
#[test]
fn chats_wait_in_line_and_are_counted_per_agent() {
    let database = Database::start();
    database
        .store
        .write(|tx| {
            let dana = agent(tx);
            let active = chat(tx, &dana);
            let second = chat(tx, &dana);
            let late = queued(&active, "billing", 300);
            let early = queued(&active, "billing", 100);
            let elsewhere = queued(&active, "returns", 200);
            for c in [&late, &early, &elsewhere] {
                tx.insert_chat(c)?;
            }
            let ids = |chats: Vec<ChatRow>| chats.into_iter().map(|c| c.id).collect::<Vec<_>>();

            assert_eq!(ids(tx.queued_chats(Some("billing"))?), [early.id, late.id]);
            assert_eq!(
                ids(tx.queued_chats(None)?),
                [early.id, elsewhere.id, late.id]
            );
            assert_eq!(tx.queue_line("billing")?, [early.id, late.id]);
            assert_eq!(tx.waiting_ahead("billing", 300, late.id)?, 1);
            assert_eq!(tx.waiting_ahead("billing", 100, early.id)?, 0);
            assert_eq!(tx.active_counts()?.get(&dana.id), Some(&2));
            assert_eq!(ids(tx.agent_chats(dana.id)?), [active.id, second.id]);

            // An agent's message answers a waiting chat.
            assert_eq!(
                ids(tx.unanswered_queued_chats(250)?),
                [early.id, elsewhere.id]
            );
            assert_eq!(tx.first_unanswered_queued_ms()?, Some(100));
            tx.insert_message(
                &message(early.id, 1, Party::Agent, "a-1", 150),
                &dana.id.to_string(),
            )?;
            assert_eq!(ids(tx.unanswered_queued_chats(250)?), [elsewhere.id]);
            assert_eq!(tx.first_unanswered_queued_ms()?, Some(200));

            // Ending a chat with its disposition takes it off the agent.
            let ended = ChatRow {
                state: ChatState::Ended,
                ended_ms: Some(400),
                disposition_code: Some("resolved".to_string()),
                ..second.clone()
            };
            tx.update_chat(&ended)?;
            assert_eq!(tx.chat(second.id)?, Some(ended));
            assert_eq!(ids(tx.agent_chats(dana.id)?), [active.id]);
            assert_eq!(tx.active_counts()?.get(&dana.id), Some(&1));
            assert_eq!(tx.chat_id_by_token(&active.token_hash)?, Some(active.id));
            assert_eq!(tx.chat_id_by_token(&TokenHash::of("nobody"))?, None);
            Ok(())
        })
        .unwrap();
}

/// Messages in order, found again by who sent them with which client id, and by time.
#[test]
fn messages_are_found_by_sender_and_client_id() {
    let database = Database::start();
    let second = database
        .store
        .write(|tx| {
            let dana = agent(tx);
            let c = chat(tx, &dana);
            let first = message(c.id, 1, Party::Customer, "c-1", 1_000);
            let reply = message(c.id, 2, Party::Agent, "a-1", 2_000);
            let second = message(c.id, 3, Party::Customer, "c-2", 3_000);
            assert!(!tx.agent_wrote(c.id)?);
            tx.insert_message(&first, "customer")?;
            tx.insert_message(&reply, &dana.id.to_string())?;
            tx.insert_message(&second, "customer")?;
            assert!(tx.agent_wrote(c.id)?);

            assert_eq!(
                tx.messages(c.id)?,
                [first.clone(), reply.clone(), second.clone()]
            );
            assert_eq!(
                tx.message_by_client_id(c.id, "customer", "c-2")?,
                Some(second.clone())
            );
            assert_eq!(tx.message_by_client_id(c.id, "customer", "a-1")?, None);
            assert_eq!(
                tx.messages_from_since(c.id, "customer", 1_500)?,
                std::slice::from_ref(&second)
            );
            Ok(second)
        })
        .unwrap()
        .0;
    // The same client id from the same sender is one message.
    let again = database
        .store
        .write(|tx| tx.insert_message(&second, "customer"));
    assert!(format!("{:#}", again.unwrap_err()).contains("duplicate key"));
}

/// Agents by token and by name, updated whole; a removed agent keeps its row but no longer
/// signs in.
#[test]
fn a_removed_agent_is_kept_but_cannot_sign_in() {
    let database = Database::start();
    database
        .store
        .write(|tx| {
            let dana = agent(tx);
            assert_eq!(tx.agent_by_name("dana")?, Some(dana.clone()));
            let away = crate::server::store::AgentRow {
                display_name: "Dana A.".to_string(),
                presence: crate::protocol::Presence::Away,
                presence_ms: 40,
                queues: vec!["billing".to_string(), "returns".to_string()],
                ..dana.clone()
            };
            tx.update_agent(&away)?;
            assert_eq!(tx.agent(dana.id)?, Some(away.clone()));
            assert_eq!(tx.agents()?, std::slice::from_ref(&away));
            tx.remove_agent(dana.id, 50)?;
            assert_eq!(tx.agent_by_token(&dana.token_hash)?, None);
            assert_eq!(tx.agent_by_name("dana")?, None);
            assert!(tx.agents()?.is_empty());
            let kept = tx.agent(dana.id)?.expect("the row stays");
            assert_eq!(kept.presence, crate::protocol::Presence::Offline);
            Ok(())
        })
        .unwrap();
}

/// Pending offers by expiry, a chat's offers, and when the cool-downs run from.
#[test]
fn offers_expire_and_refusals_start_cool_downs() {
    let database = Database::start();
    database
        .store
        .write(|tx| {
            let dana = agent(tx);
            let active = chat(tx, &dana);
            let waiting = queued(&active, "billing", 100);
            tx.insert_chat(&waiting)?;
            let offer = |expires_ms: i64, transfer: Option<TransferAsk>| OfferRow {
                id: Uuid::now_v7(),
                chat_id: waiting.id,
                agent_id: dana.id,
                state: OfferState::Pending,
                created_ms: 100,
                expires_ms,
                ended_ms: None,
                transfer,
            };
            let later = offer(900, None);
            let sooner = offer(
                500,
                Some(TransferAsk {
                    from: dana.id,
                    note: "billing question".to_string(),
                    notice: Some("bringing in a colleague".to_string()),
                }),
            );
            tx.insert_offer(&later)?;
            tx.insert_offer(&sooner)?;
            assert_eq!(tx.offer(sooner.id)?, Some(sooner.clone()));
            assert_eq!(tx.pending_offers()?, [sooner.clone(), later.clone()]);
            assert_eq!(tx.next_offer_expiry()?, Some(500));
            assert_eq!(tx.earliest_refusal_since(0)?, None);

            let declined = OfferRow {
                state: OfferState::Ended(OfferEnd::Declined),
                ended_ms: Some(300),
                ..sooner.clone()
            };
            tx.update_offer(&declined)?;
            assert_eq!(tx.pending_offers()?, std::slice::from_ref(&later));
            assert_eq!(tx.next_offer_expiry()?, Some(900));
            assert_eq!(tx.earliest_refusal_since(0)?, Some(300));
            assert_eq!(tx.earliest_refusal_since(300)?, None);
            assert_eq!(tx.offers_for_chat(waiting.id)?.len(), 2);
            Ok(())
        })
        .unwrap();
}
