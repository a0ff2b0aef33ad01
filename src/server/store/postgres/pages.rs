//! Which customer pages are open anywhere in the cluster. Each node knows the pages whose
//! event stream it carries (`server::pages`); a customer who reloads may come back through
//! another node, so before a node ends a chat as "closed the page" it asks the cluster.
//!
//! A node holds, on a session of its own, a shared advisory lock per chat whose page it
//! carries (keyed by the chat's id, in PostgreSQL's one-number lock space, apart from
//! [`super::locks`]'s pairs). Asking "is the page open on some node?" is trying the same lock
//! exclusively, and giving it back at once. A node that dies or loses the database loses its
//! locks with its session; on reconnecting it takes them again for the pages it still carries.

use std::collections::HashSet;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use uuid::Uuid;

use super::{PostgresStore, Session};
use crate::server::store::StoreResult;

enum Change {
    Opened(Uuid),
    Closed(Uuid),
}

/// The lock of a chat's open page.
fn key(chat: Uuid) -> i64 {
    let n = chat.as_u128();
    ((n >> 64) as i64) ^ (n as i64)
}

/// This node's open pages, held as locks by a thread of their own.
pub struct OpenPages {
    changes: Mutex<Option<mpsc::Sender<Change>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl OpenPages {
    pub fn start(store: Arc<PostgresStore>) -> anyhow::Result<OpenPages> {
        let (changes, received) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("chatdesk-pages".into())
            .spawn(move || hold(&store, &received))?;
        Ok(OpenPages {
            changes: Mutex::new(Some(changes)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// The first stream of `chat`'s page opened on this node.
    pub fn opened(&self, chat: Uuid) {
        self.send(Change::Opened(chat));
    }

    /// The last stream of `chat`'s page on this node closed.
    pub fn closed(&self, chat: Uuid) {
        self.send(Change::Closed(chat));
    }

    fn send(&self, change: Change) {
        if let Some(changes) = self.changes.lock().expect("page changes").as_ref() {
            let _ = changes.send(change);
        }
    }

    pub fn finish(&self) {
        self.changes.lock().expect("page changes").take();
        if let Some(thread) = self.thread.lock().expect("page thread").take() {
            let _ = thread.join();
        }
    }
}

/// Whether some node carries `chat`'s page now. Blocks.
pub fn open_on_some_node(store: &PostgresStore, chat: Uuid) -> StoreResult<bool> {
    let _busy = store.busy();
    let mut session = store.take_session()?;
    let key = key(chat);
    let free: bool = session
        .client
        .query_one("SELECT pg_try_advisory_lock($1)", &[&key])?
        .get(0);
    if free {
        session
            .client
            .query_one("SELECT pg_advisory_unlock($1)", &[&key])?;
    }
    store.put_back(session);
    Ok(!free)
}

fn hold(store: &PostgresStore, changes: &mpsc::Receiver<Change>) {
    let mut open: HashSet<Uuid> = HashSet::new();
    let mut session: Option<Session> = None;
    loop {
        let change = match changes.recv_timeout(Duration::from_secs(1)) {
            Ok(change) => Some(change),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        match change {
            Some(Change::Opened(chat)) => {
                open.insert(chat);
            }
            Some(Change::Closed(chat)) => {
                open.remove(&chat);
            }
            None => {}
        }
        let lost = session.as_ref().is_none_or(|s| s.client.is_closed());
        if lost {
            // A new session holds nothing yet: every page still open is locked again.
            session = store.open_session().ok();
            let held = session
                .as_mut()
                .map(|s| open.iter().try_for_each(|chat| lock(s, *chat, true)));
            if !matches!(held, Some(Ok(()))) {
                session = None;
            }
            continue;
        }
        let Some(s) = session.as_mut() else { continue };
        let applied = match change {
            Some(Change::Opened(chat)) => lock(s, chat, true),
            Some(Change::Closed(chat)) => lock(s, chat, false),
            None => Ok(()),
        };
        if let Err(e) = applied {
            tracing::warn!("cannot tell the other nodes about a customer page: {e}");
            session = None;
        }
    }
}

fn lock(session: &mut Session, chat: Uuid, take: bool) -> Result<(), postgres::Error> {
    let sql = match take {
        true => "SELECT pg_advisory_lock_shared($1)",
        false => "SELECT pg_advisory_unlock_shared($1)",
    };
    session.client.query_one(sql, &[&key(chat)]).map(|_| ())
}
