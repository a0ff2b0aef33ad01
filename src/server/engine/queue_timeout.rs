//! Nobody waits in a queue for ever: a customer still unanswered after `[missed]
//! queue_timeout_secs` is told so, and the chat ends and is recorded as missed ("timed out"),
//! for the team to follow up by e-mail or phone. Run by the backend between commands, like the
//! inactivity clock, so it holds across restarts.

use crate::assets::MissedPolicy;
use crate::policy::inactivity::fill;
use crate::protocol::EndCause;
use crate::server::engine::Ctx;
use crate::server::engine::chats::end_chat_because;
use crate::server::engine::inactivity::post_system_message;
use crate::server::store::{StoreResult, Tx};

fn limit_ms(policy: &MissedPolicy) -> Option<i64> {
    (policy.queue_timeout_secs > 0)
        .then(|| i64::try_from(policy.queue_timeout_secs.saturating_mul(1000)).unwrap_or(i64::MAX))
}

/// When the longest-waiting customer's time runs out.
pub fn next_due(tx: &mut dyn Tx, policy: &MissedPolicy) -> StoreResult<Option<i64>> {
    let Some(limit) = limit_ms(policy) else {
        return Ok(None);
    };
    // Only customers still waiting for a first answer: a chat sent back to a queue after an
    // agent wrote has someone on it.
    Ok(tx
        .first_unanswered_queued_ms()?
        .map(|started| started.saturating_add(limit)))
}

/// Chats ended in one pass of the timers: when hundreds fall due at once (after a long stop),
/// they end in passes of this many, with the customers' requests committed in between.
const MOST_AT_ONCE: usize = 200;

/// Ends the chats whose customer has waited too long (the longest-waiting first, at most
/// [`MOST_AT_ONCE`]; the rest are due again at once).
pub fn run_due(cx: &mut Ctx) -> StoreResult<()> {
    let catalog = cx.catalog;
    let policy = &catalog.policy.missed;
    let Some(limit) = limit_ms(policy) else {
        return Ok(());
    };
    for chat in cx
        .tx
        .unanswered_queued_chats(cx.now.saturating_sub(limit))?
        .into_iter()
        .take(MOST_AT_ONCE)
    {
        let text = fill(&policy.queue_timeout_text, &chat.customer_name);
        post_system_message(cx, &chat, format!("queue-timeout-{}", cx.now), text)?;
        end_chat_because(cx, chat, EndCause::QueueTimeout)?;
    }
    Ok(())
}
