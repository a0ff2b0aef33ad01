//! `chatdesk backup DEST` and `chatdesk restore SRC`, and the lock a running backend holds on
//! its data directory so that nothing is restored under it.

use std::fs::{File, TryLockError};
use std::path::Path;

use super::exit;
use crate::server::store::sqlite::backup::{self, Summary};

/// The file `chatdesk serve` holds locked for as long as it runs.
pub const LOCK_FILE: &str = "chatdesk.lock";

/// Locks `dir` for one backend; the lock goes with the process, however it ends.
pub fn lock(dir: &Path) -> anyhow::Result<File> {
    std::fs::create_dir_all(dir)?;
    let file = File::create(dir.join(LOCK_FILE))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(exit::config(format!(
            "a chatdesk backend is already running on {}; stop it first",
            dir.display()
        ))),
        Err(TryLockError::Error(e)) => Err(e.into()),
    }
}

/// One line about a copy.
pub fn describe(summary: &Summary) -> String {
    format!(
        "{} chats, {} messages, last event {}, schema {}, {:.1} MiB",
        summary.chats,
        summary.messages,
        summary.last_event,
        summary.schema,
        summary.bytes as f64 / (1024.0 * 1024.0)
    )
}

/// Takes a backup of the database in `dir` while the backend may run.
pub fn take(dir: &Path, dest: &Path) -> anyhow::Result<Summary> {
    if !dir
        .join(crate::server::store::sqlite::DATABASE_FILE)
        .exists()
    {
        return Err(exit::config(format!(
            "there is no chatdesk database in {} to back up; check --data-dir",
            dir.display()
        )));
    }
    backup::backup(dir, dest)
}

/// Puts the backup `src` back as the database in `dir`; refused while a backend runs there.
pub fn put_back(src: &Path, dir: &Path) -> anyhow::Result<(Summary, Option<std::path::PathBuf>)> {
    let _held = lock(dir)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    backup::restore(src, dir, now)
}

/// `backup` and `restore` copy SQLite's file: refused, rather than quietly copying an unused
/// file, when the environment says the team is on PostgreSQL.
pub fn sqlite_only(command: &str) -> anyhow::Result<()> {
    match std::env::var("CHATDESK_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Err(crate::cli::exit::config(format!(
            "chatdesk {command} works on the SQLite database of a data directory, and \
             CHATDESK_DATABASE_URL says this team is on PostgreSQL: use PostgreSQL's own tools \
             there (pg_dump and pg_restore, or the server's base backups)"
        ))),
        _ => Ok(()),
    }
}
