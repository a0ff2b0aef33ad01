-- A transfer to a colleague is an offer they accept (or the chat stays with its agent): the
-- offer says who asked and carries the note.
ALTER TABLE offers ADD COLUMN transfer_from TEXT REFERENCES agents (id);
ALTER TABLE offers ADD COLUMN transfer_note TEXT;
