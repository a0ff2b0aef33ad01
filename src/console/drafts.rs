//! Each chat's unsent text, kept in a file per chat so a crash or a closed terminal loses
//! nothing.

use std::path::PathBuf;

use uuid::Uuid;

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

    /// Keeps `text` (written to a temporary file, then renamed); empty text removes the draft.
    pub fn save(&self, chat: Uuid, text: &str) -> std::io::Result<()> {
        let path = self.path(chat);
        if text.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let temporary = path.with_extension("txt.new");
        std::fs::write(&temporary, text)?;
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
}
