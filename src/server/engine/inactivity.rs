//! The inactivity clock, run by the backend between commands so it holds with no console open
//! and across restarts: a customer silent after the agent wrote is nudged, then the chat ends.
//! When each step is due is [`crate::policy::inactivity`]'s to say.

use uuid::Uuid;

use crate::policy::inactivity::{Silence, Step, fill, next};
use crate::protocol::{EndCause, EventBody, InactivityInfo, Message, Party};
use crate::server::engine::Ctx;
use crate::server::engine::chats::end_chat_because;
use crate::server::store::{Audience, ChatRow, StoreResult, Tx, timestamp};

/// The earliest moment a step falls due in any active chat.
pub fn next_due(tx: &mut dyn Tx, policy: &InactivityInfo) -> StoreResult<Option<i64>> {
    Ok(tx
        .active_silences()?
        .iter()
        .filter_map(|(_, silence)| next(policy, silence))
        .map(|due| due.at_ms)
        .min())
}

/// Nudges, or ends, every chat whose moment has come.
pub fn run_due(cx: &mut Ctx) -> StoreResult<()> {
    let catalog = cx.catalog;
    let policy = &catalog.policy.inactivity;
    for (chat_id, silence) in cx.tx.active_silences()? {
        let Some(due) = next(policy, &silence) else {
            continue;
        };
        if due.at_ms > cx.now {
            continue;
        }
        let Some(chat) = cx.tx.chat(chat_id)? else {
            continue;
        };
        // When the end is due as well (the backend was down through the nudge's moment), a
        // nudge would be followed at once by the goodbye: say only the goodbye.
        let nudged_now = Silence {
            nudged_ms: Some(cx.now),
            ..silence
        };
        let end_due_too = next(policy, &nudged_now).is_some_and(|d| d.at_ms <= cx.now);
        match due.step {
            Step::Nudge if !end_due_too => nudge(cx, chat, policy)?,
            Step::Nudge | Step::End => disconnect(cx, chat, policy)?,
        }
    }
    Ok(())
}

fn nudge(cx: &mut Ctx, mut chat: ChatRow, policy: &InactivityInfo) -> StoreResult<()> {
    let text = fill(&policy.nudge_text, &chat.customer_name);
    post_system_message(cx, &chat, format!("inactivity-nudge-{}", cx.now), text)?;
    chat.nudged_ms = Some(cx.now);
    cx.tx.update_chat(&chat)?;
    if let Some(agent) = chat.agent_id {
        let view = cx.agent_chat(&chat)?;
        cx.emit(
            Audience::agent(agent),
            Some(chat.id),
            EventBody::ChatUpdated {
                chat: Box::new(view),
            },
        )?;
    }
    Ok(())
}

fn disconnect(cx: &mut Ctx, chat: ChatRow, policy: &InactivityInfo) -> StoreResult<()> {
    let text = fill(&policy.disconnect_text, &chat.customer_name);
    post_system_message(cx, &chat, format!("inactivity-end-{}", cx.now), text)?;
    end_chat_because(cx, chat, EndCause::Inactivity)?;
    Ok(())
}

/// A message from the backend itself, signed with the team's name (`[team]` in policy.toml), to
/// both sides.
pub(super) fn post_system_message(
    cx: &mut Ctx,
    chat: &ChatRow,
    client_msg_id: String,
    body: String,
) -> StoreResult<()> {
    let message = Message {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        seq: cx.tx.next_event_id()?,
        author: Party::System,
        author_name: cx.catalog.policy.team.name.clone(),
        body,
        client_msg_id: Some(client_msg_id),
        at: timestamp(cx.now),
    };
    cx.tx.insert_message(&message, "system")?;
    cx.emit(
        Audience::chat(chat.agent_id).and_leads(),
        Some(chat.id),
        EventBody::MessageCreated { message },
    )?;
    Ok(())
}
