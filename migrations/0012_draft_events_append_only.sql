-- The history of a round's Sachstand drafts (submissions, returns with the office's comments,
-- edits with notes, acceptance, release) is append-only like the status history (0001): the
-- database itself refuses to change or remove an event. Existing rows are kept as they are.
CREATE TRIGGER `round_draft_events_no_update` BEFORE UPDATE ON `round_draft_events` BEGIN
  SELECT RAISE(ABORT, 'round_draft_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `round_draft_events_no_delete` BEFORE DELETE ON `round_draft_events` BEGIN
  SELECT RAISE(ABORT, 'round_draft_events is append-only');
END;
