//! Each chat's unsent text, kept in a file per chat so a crash or a closed terminal loses
//! nothing. A card number typed in it is masked before the file is written: it never reaches
//! this disk whole.

use std::path::PathBuf;

use uuid::Uuid;

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
}
