-- The escalations answered since a moment: the leads' floor reads those of the last hour.
CREATE INDEX escalations_by_answered ON escalations (state, answered_ms);
