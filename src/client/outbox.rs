//! Messages not yet acknowledged by the backend, kept in a JSON-lines file so that a crash or
//! an outage loses none of them. Card numbers are masked before an item is kept: none is ever
//! written to this disk (an older file holding one is rewritten masked when it is opened).

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::policy::cards;
use crate::protocol::NewMessage;

/// One message waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub chat_id: Uuid,
    pub body: String,
    /// Sent with every attempt, so the backend stores the message once however often it is
    /// sent.
    pub client_msg_id: String,
}

impl Outgoing {
    /// A new message with a fresh `client_msg_id`.
    pub fn new(chat_id: Uuid, body: impl Into<String>) -> Outgoing {
        Outgoing {
            chat_id,
            body: body.into(),
            client_msg_id: Uuid::now_v7().to_string(),
        }
    }

    pub fn to_message(&self) -> NewMessage {
        NewMessage {
            body: self.body.clone(),
            client_msg_id: self.client_msg_id.clone(),
        }
    }
}

/// The pending messages, oldest first, mirrored in a file: one JSON object a line.
#[derive(Debug)]
pub struct Outbox {
    path: PathBuf,
    pending: VecDeque<Outgoing>,
}

impl Outbox {
    /// Opens the outbox at `path`, loading what is pending; a missing file is an empty outbox.
    /// A line that cannot be read (e.g. cut short by a crash while it was appended) is skipped,
    /// and the file rewritten without it so that later appends start on a line of their own.
    pub fn open(path: impl Into<PathBuf>) -> io::Result<Outbox> {
        let path = path.into();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut pending = VecDeque::new();
        let mut rewrite = !text.is_empty() && !text.ends_with('\n');
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Outgoing>(line) {
                Ok(mut item) => {
                    let masked = cards::mask(&item.body);
                    if masked.cards() > 0 {
                        item.body = masked.into_string();
                        rewrite = true;
                    }
                    pending.push_back(item);
                }
                Err(e) => {
                    rewrite = true;
                    tracing::warn!(
                        "{}:{}: skipping an unreadable outbox line: {e}",
                        path.display(),
                        number + 1
                    );
                }
            }
        }
        let outbox = Outbox { path, pending };
        if rewrite {
            outbox.rewrite()?;
        }
        Ok(outbox)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What waits to be sent, oldest first.
    pub fn pending(&self) -> impl ExactSizeIterator<Item = &Outgoing> {
        self.pending.iter()
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    pub fn front(&self) -> Option<&Outgoing> {
        self.pending.front()
    }

    /// Appends `item`, its card numbers masked, to the file (flushed to disk) and to the end
    /// of the line. On a write error the item is still kept in memory, so it is sent while
    /// this process lives, and the error is returned.
    pub fn push(&mut self, mut item: Outgoing) -> io::Result<()> {
        item.body = cards::mask(&item.body).into_string();
        let saved = self.append(&item);
        self.pending.push_back(item);
        saved
    }

    /// Removes the oldest item, rewriting the file atomically (temporary file, then rename).
    /// On a write error the item is gone from memory but may still be in the file, and will
    /// be sent again (with the same `client_msg_id`) after a restart.
    pub fn pop_front(&mut self) -> (Option<Outgoing>, io::Result<()>) {
        let item = self.pending.pop_front();
        let saved = if item.is_some() {
            self.rewrite()
        } else {
            Ok(())
        };
        (item, saved)
    }

    fn append(&self, item: &Outgoing) -> io::Result<()> {
        self.ensure_dir()?;
        let mut line = serde_json::to_string(item)?;
        line.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(line.as_bytes())?;
        file.sync_data()
    }

    fn rewrite(&self) -> io::Result<()> {
        self.ensure_dir()?;
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".tmp");
        let temporary = self.path.with_file_name(name);
        let mut text = String::new();
        for item in &self.pending {
            text.push_str(&serde_json::to_string(item)?);
            text.push('\n');
        }
        {
            let mut file = File::create(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
        }
        fs::rename(&temporary, &self.path)?;
        sync_dir(&self.path);
        Ok(())
    }

    fn ensure_dir(&self) -> io::Result<()> {
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => fs::create_dir_all(dir),
            _ => Ok(()),
        }
    }
}

/// Makes a rename durable where the platform allows it (best effort).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_items_survive_a_reopen_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("outbox.jsonl");
        let chat = Uuid::now_v7();
        let mut outbox = Outbox::open(&path).unwrap();
        assert!(outbox.is_empty());
        for n in 1..=3 {
            outbox.push(Outgoing::new(chat, format!("m{n}"))).unwrap();
        }
        let (first, saved) = outbox.pop_front();
        saved.unwrap();
        assert_eq!(first.unwrap().body, "m1");

        let reopened = Outbox::open(&path).unwrap();
        let bodies: Vec<&str> = reopened.pending().map(|o| o.body.as_str()).collect();
        assert_eq!(bodies, ["m2", "m3"]);
        assert!(!path.with_file_name("outbox.jsonl.tmp").exists());
    }

    #[test]
    fn a_line_cut_short_by_a_crash_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.jsonl");
        let item = Outgoing::new(Uuid::now_v7(), "whole");
        let text = format!(
            "{}\n{{\"chat_id\":\"01",
            serde_json::to_string(&item).unwrap()
        );
        fs::write(&path, text).unwrap();
        let mut outbox = Outbox::open(&path).unwrap();
        assert_eq!(outbox.pending().collect::<Vec<_>>(), [&item]);
        let next = Outgoing::new(item.chat_id, "after the crash");
        outbox.push(next.clone()).unwrap();
        let reopened = Outbox::open(&path).unwrap();
        assert_eq!(reopened.pending().collect::<Vec<_>>(), [&item, &next]);
    }

    #[test]
    fn card_numbers_are_masked_before_they_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.jsonl");
        let chat = Uuid::now_v7();
        // A file written before masking was done here.
        let old = Outgoing::new(chat, "old 5555 5555 5555 4444");
        fs::write(&path, format!("{}\n", serde_json::to_string(&old).unwrap())).unwrap();
        let mut outbox = Outbox::open(&path).unwrap();
        outbox
            .push(Outgoing::new(
                chat,
                "card ４１１１.１１１１.１１１１.１１１１ please",
            ))
            .unwrap();
        let bodies: Vec<&str> = outbox.pending().map(|o| o.body.as_str()).collect();
        assert_eq!(
            bodies,
            [
                "old 5555 **** **** 4444",
                "card ４１１１.****.****.１１１１ please"
            ]
        );
        let file = fs::read_to_string(&path).unwrap();
        assert!(!file.contains("5555 5555 5555 4444"), "{file}");
        assert!(!file.contains("１１１１.１１１１.１１１１"), "{file}");
        assert!(file.contains("4444") && file.contains("****"), "{file}");
    }
}
