-- The demand's status as the public sees it (derived from public updates only) and its public
-- `modified`; the views of src/db/views.ts expose them to anonymous reads.
UPDATE `demands` SET `public_modified` = `modified`;
--> statement-breakpoint
UPDATE `demands` SET
  `public_status` = coalesce((SELECT s.status FROM `status_updates` s
     WHERE s.demand_id = demands.id AND s.visibility = 'public'
       AND NOT EXISTS (SELECT 1 FROM `retractions` x WHERE x.status_update_id = s.id)
     ORDER BY s.as_of DESC, s.created DESC, s.id DESC LIMIT 1), 'open'),
  `public_status_as_of` = (SELECT s.as_of FROM `status_updates` s
     WHERE s.demand_id = demands.id AND s.visibility = 'public'
       AND NOT EXISTS (SELECT 1 FROM `retractions` x WHERE x.status_update_id = s.id)
     ORDER BY s.as_of DESC, s.created DESC, s.id DESC LIMIT 1),
  `public_status_update_id` = (SELECT s.id FROM `status_updates` s
     WHERE s.demand_id = demands.id AND s.visibility = 'public'
       AND NOT EXISTS (SELECT 1 FROM `retractions` x WHERE x.status_update_id = s.id)
     ORDER BY s.as_of DESC, s.created DESC, s.id DESC LIMIT 1);
--> statement-breakpoint
-- The audit trail is append-only and a single chain: each record names the hash of the one
-- before it (64 zeros for the first).
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_chain` BEFORE INSERT ON `audit_log`
WHEN NEW.prev_hash IS NOT coalesce((SELECT hash FROM `audit_log` ORDER BY id DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, 'audit_log: prev_hash does not continue the chain');
END;
--> statement-breakpoint
-- Accounts are deactivated and tokens revoked, never deleted: the audit trail names them.
CREATE TRIGGER `users_no_delete` BEFORE DELETE ON `users` BEGIN
  SELECT RAISE(ABORT, 'users are deactivated, not deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `api_tokens_no_delete` BEFORE DELETE ON `api_tokens` BEGIN
  SELECT RAISE(ABORT, 'api tokens are revoked, not deleted');
END;
