//! Copies of the database taken while the backend runs, and the checks a copy passes before it
//! is put back.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use rusqlite::{Connection, OpenFlags};

use super::{DATABASE_FILE, MIGRATIONS, WAL_FILE, open};

/// What a copy holds, as read back from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub schema: usize,
    pub chats: i64,
    pub messages: i64,
    /// The id of its last event: streams resume after it.
    pub last_event: i64,
    pub bytes: u64,
}

/// Copies the database in `dir` to the new file `dest` as one consistent snapshot, taken in a
/// single read transaction: the backend goes on writing meanwhile (readers never block the
/// writer in WAL mode) and the copy is the database as it was when the backup began. The copy
/// is one self-contained file, checked before it gets its name.
pub fn backup(dir: &Path, dest: &Path) -> anyhow::Result<Summary> {
    let source = dir.join(DATABASE_FILE);
    if !source.exists() {
        bail!(
            "there is no chatdesk database in {} to back up",
            dir.display()
        );
    }
    if dest.exists() {
        bail!(
            "{} already exists; a backup never overwrites a file",
            dest.display()
        );
    }
    let partial = beside(dest, "partial");
    let _ = std::fs::remove_file(&partial);
    let taken = (|| -> anyhow::Result<Summary> {
        let conn = Connection::open_with_flags(
            &source,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "query_only", "ON")?;
        let mut copy = Connection::open(&partial)
            .with_context(|| format!("cannot write {}", partial.display()))?;
        {
            let backup = rusqlite::backup::Backup::new(&conn, &mut copy)?;
            // Every page in one step: one read transaction, one snapshot, however busy the
            // backend is (copied in several steps, a write in between would start it over).
            backup.step(-1)?;
        }
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        drop(copy);
        check(&partial)
    })();
    match taken {
        Ok(summary) => {
            std::fs::rename(&partial, dest)
                .with_context(|| format!("cannot name the backup {}", dest.display()))?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// Checks that `path` is a whole chatdesk database this version can use: SQLite's integrity
/// check passes, its schema is one this chatdesk knows, and its tables read.
pub fn check(path: &Path) -> anyhow::Result<Summary> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", path.display()))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .with_context(|| format!("{} is not an SQLite database", path.display()))?;
    if integrity != "ok" {
        bail!("{} is damaged: {integrity}", path.display());
    }
    let schema: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let schema = usize::try_from(schema).unwrap_or(0);
    if schema == 0 {
        bail!("{} is not a chatdesk database", path.display());
    }
    if schema > MIGRATIONS.len() {
        bail!(
            "{} was written by a newer chatdesk (schema {schema}, this one knows {})",
            path.display(),
            MIGRATIONS.len()
        );
    }
    let count = |sql: &str| -> anyhow::Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .with_context(|| format!("{} is not a chatdesk database", path.display()))
    };
    Ok(Summary {
        schema,
        chats: count("SELECT COUNT(*) FROM chats")?,
        messages: count("SELECT COUNT(*) FROM messages")?,
        last_event: count("SELECT COALESCE(MAX(seq), 0) FROM events")?,
        bytes: std::fs::metadata(path)?.len(),
    })
}

/// Puts the checked copy `src` in place as the database in `dir`. The database it replaces is
/// kept beside it (folded into one file, renamed `…before-restore-SECONDS`); the backend must
/// not be running. Returns what was restored and where the old database went.
pub fn restore(
    src: &Path,
    dir: &Path,
    now_secs: u64,
) -> anyhow::Result<(Summary, Option<PathBuf>)> {
    let summary = check(src)?;
    std::fs::create_dir_all(dir)?;
    let target = dir.join(DATABASE_FILE);
    let incoming = dir.join(format!("{DATABASE_FILE}.restoring"));
    std::fs::copy(src, &incoming)
        .with_context(|| format!("cannot copy {} into {}", src.display(), dir.display()))?;
    std::fs::File::open(&incoming)?.sync_all()?;
    let kept = match target.exists() {
        true => {
            // Fold the old log into the old database first: a log left beside the restored
            // file would be read as part of it.
            let old = Connection::open(&target)?;
            old.busy_timeout(Duration::from_secs(10))?;
            old.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            old.pragma_update(None, "journal_mode", "DELETE")?;
            drop(old);
            let aside = dir.join(format!("{DATABASE_FILE}.before-restore-{now_secs}"));
            std::fs::rename(&target, &aside)?;
            Some(aside)
        }
        false => None,
    };
    for leftover in [WAL_FILE.to_string(), format!("{DATABASE_FILE}-shm")] {
        let _ = std::fs::remove_file(dir.join(leftover));
    }
    std::fs::rename(&incoming, &target)?;
    std::fs::File::open(dir)?.sync_all()?;
    // Brings an older copy's schema up to date and turns the log on again.
    drop(open(dir)?);
    Ok((summary, kept))
}

/// `path` with `.{suffix}` added to its name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}
