-- A lead closes an escalation whose chat has ended: it leaves the floor, its thread is kept.
ALTER TABLE escalations ADD COLUMN closed_ms INTEGER;
ALTER TABLE escalations ADD COLUMN closed_by TEXT REFERENCES agents (id);
