//! Each chat's unsent text, and the wrap-up form of an ended chat not yet recorded, kept in a
//! file per chat so a crash or a closed terminal loses nothing. A card number typed in either is
//! masked before the file is written: it never reaches this disk whole.

use std::path::PathBuf;

use uuid::Uuid;

use crate::console::rooms::wrap_up::WrapUpDraft;
use crate::policy::cards;

#[derive(Clone)]
pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    pub fn new(dir: PathBuf) -> std::io::Result<Drafts> {
        std::fs::create_dir_all(&dir)?;
        Ok(Drafts { dir })
    }

    fn path(&self, chat: Uuid) -> PathBuf {
        self.dir.join(format!("{chat}.txt"))
    }

    pub fn load(&self, chat: Uuid) -> Option<String> {
        std::fs::read_to_string(self.path(chat)).ok()
    }

    /// Keeps `text` with its card numbers masked (written to a temporary file, then renamed);
    /// empty text removes the draft.
    pub fn save(&self, chat: Uuid, text: &str) -> std::io::Result<()> {
        let path = self.path(chat);
        if text.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let temporary = path.with_extension("txt.new");
        std::fs::write(&temporary, cards::mask(text).as_str())?;
        std::fs::rename(&temporary, &path)
    }

    fn wrap_up_path(&self, chat: Uuid) -> PathBuf {
        self.dir.join(format!("{chat}.wrap-up.json"))
    }

    /// The wrap-up form of `chat` as it was left (`None` when none was kept or the file is not
    /// one).
    pub fn load_wrap_up(&self, chat: Uuid) -> Option<WrapUpDraft> {
        let text = std::fs::read_to_string(self.wrap_up_path(chat)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Keeps `draft` of `chat`'s wrap-up form with its card numbers masked (written to a
    /// temporary file, then renamed); `None` removes it.
    pub fn save_wrap_up(&self, chat: Uuid, draft: Option<&WrapUpDraft>) -> std::io::Result<()> {
        let path = self.wrap_up_path(chat);
        let Some(draft) = draft else {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        };
        let temporary = self.dir.join(format!("{chat}.wrap-up.json.new"));
        std::fs::write(&temporary, serde_json::to_string(&draft.masked())?)?;
        std::fs::rename(&temporary, &path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_survive_and_empty_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path().join("drafts")).unwrap();
        let chat = Uuid::from_u128(7);
        drafts.save(chat, "half a sentence\nand a line").unwrap();
        let again = Drafts::new(dir.path().join("drafts")).unwrap();
        assert_eq!(
            again.load(chat).as_deref(),
            Some("half a sentence\nand a line")
        );
        again.save(chat, "").unwrap();
        assert_eq!(again.load(chat), None);
    }

    #[test]
    fn a_card_number_in_a_draft_is_masked_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path().join("drafts")).unwrap();
        let chat = Uuid::from_u128(8);
        drafts
            .save(chat, "the customer said 3782 822463 10005\nthen")
            .unwrap();
        let file = std::fs::read_to_string(drafts.path(chat)).unwrap();
        assert_eq!(file, "the customer said 378* ****** *0005\nthen");
        assert_eq!(drafts.load(chat).as_deref(), Some(file.as_str()));
    }

    #[test]
    fn a_wrap_up_draft_is_kept_with_its_card_numbers_masked_and_goes_when_removed() {
        use crate::protocol::{FollowUpChannel, PreferredContact};
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path().join("drafts")).unwrap();
        let chat = Uuid::from_u128(9);
        let draft = WrapUpDraft {
            disposition: Some("resolved".into()),
            notes: "refunded to 3782 822463 10005".into(),
            tags: "refund".into(),
            when: String::new(),
            channel: FollowUpChannel::Call,
            follow_up_note: String::new(),
            subject: "Card 3782 822463 10005 charged twice".into(),
            contact: PreferredContact::Email,
            ticket_note: String::new(),
        };
        drafts.save_wrap_up(chat, Some(&draft)).unwrap();
        let file = std::fs::read_to_string(drafts.wrap_up_path(chat)).unwrap();
        assert!(!file.contains("822463"), "{file}");
        let read = drafts.load_wrap_up(chat).unwrap();
        assert_eq!(read.notes, "refunded to 378* ****** *0005");
        assert_eq!(read.subject, "Card 378* ****** *0005 charged twice");
        assert_eq!(read.disposition.as_deref(), Some("resolved"));
        // The composer's draft of the same chat is a file of its own.
        assert_eq!(drafts.load(chat), None);
        drafts.save_wrap_up(chat, None).unwrap();
        assert_eq!(drafts.load_wrap_up(chat), None);
    }
}
