//! Which chats have a customer page open right now, told by the page's event stream: the
//! stream opens as the page loads and closes with it. When the last page of a chat nobody has
//! answered stays closed for `[missed] page_gone_after_secs`, the customer has left and the
//! chat ends as missed ("closed the page"). A reload reconnects within a second or two, well
//! inside that grace, so it changes nothing.
//!
//! This is knowledge of the moment, kept in memory: after a restart no page is open, and every
//! unanswered chat gets the same grace to reconnect (pages reconnect by themselves).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use uuid::Uuid;

use crate::server::AppState;
use crate::server::engine::chats;

#[derive(Debug, Default)]
struct Page {
    streams: usize,
    /// Changes whenever a stream opens or the last one closes, so a grace timer can tell
    /// whether the page came back while it slept.
    generation: u64,
}

/// Open customer pages per chat.
#[derive(Debug, Default)]
pub struct CustomerPages {
    chats: Mutex<HashMap<Uuid, Page>>,
}

impl CustomerPages {
    fn with<T>(&self, work: impl FnOnce(&mut HashMap<Uuid, Page>) -> T) -> T {
        let mut chats = self.chats.lock().unwrap_or_else(PoisonError::into_inner);
        work(&mut chats)
    }

    /// Whether this was the chat's first open page here.
    fn opened(&self, chat: Uuid) -> bool {
        self.with(|chats| {
            let page = chats.entry(chat).or_default();
            page.streams += 1;
            page.generation += 1;
            page.streams == 1
        })
    }

    /// The generation to check after the grace, when this was the chat's last open page.
    fn closed(&self, chat: Uuid) -> Option<u64> {
        self.with(|chats| {
            let page = chats.entry(chat).or_default();
            page.streams = page.streams.saturating_sub(1);
            (page.streams == 0).then(|| {
                page.generation += 1;
                page.generation
            })
        })
    }

    /// Whether no page of the chat opened since `generation`; forgets the chat if so.
    fn still_gone(&self, chat: Uuid, generation: u64) -> bool {
        self.with(|chats| match chats.get(&chat) {
            Some(page) if page.streams > 0 || page.generation != generation => false,
            _ => {
                chats.remove(&chat);
                true
            }
        })
    }
}

/// A customer page's event stream, for as long as it is open.
pub struct PageVisit {
    state: AppState,
    chat: Uuid,
}

impl PageVisit {
    pub fn begin(state: &AppState, chat: Uuid) -> PageVisit {
        if state.pages.opened(chat) {
            state.store.page_opened(chat);
        }
        PageVisit {
            state: state.clone(),
            chat,
        }
    }
}

impl Drop for PageVisit {
    fn drop(&mut self) {
        if let Some(generation) = self.state.pages.closed(self.chat) {
            self.state.store.page_closed(self.chat);
            wait_for_return(&self.state, self.chat, generation);
        }
    }
}

/// Gives the customer the grace to come back to the chat, then ends it if nobody answered.
pub fn wait_for_return(state: &AppState, chat: Uuid, generation: u64) {
    let grace = state.catalog.policy.missed.page_gone_after_secs;
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return; // the server is going away; the next start gives the grace again
    };
    if grace == 0 {
        return;
    }
    let state = state.clone();
    runtime.spawn(async move {
        let mut shutdown = state.shutdown.clone();
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(grace)) => {}
            _ = shutdown.wait_for(|stopped| *stopped) => return,
        }
        // The customer may have come back through another node (several nodes on PostgreSQL).
        if !state.pages.still_gone(chat, generation) || state.store.page_open_elsewhere(chat).await
        {
            return;
        }
        if let Err(e) = state.write(move |cx| chats::page_gone(cx, chat)).await {
            tracing::warn!("could not end chat {chat} after its page closed: {e:?}");
        }
    });
}

/// At start no page is open: every chat nobody has answered gets the grace to reconnect.
pub fn wait_for_all(state: &AppState, unanswered: &[Uuid]) {
    for &chat in unanswered {
        wait_for_return(state, chat, 0);
    }
}

/// Shared between the routes and the streams.
pub type Pages = Arc<CustomerPages>;
