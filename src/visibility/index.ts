// The one home of "what the public may see": the view of a request or report (view.ts), the SQL
// views that anonymous reads go through (views.ts), and the helper that moves a record's public
// `modified` when a write changes what the public sees (public-modified.ts), the same rule for rows
// in hand (rules.ts) and the change feed's `public` flag (change-feed.ts); and who sees the
// never-public items of a reporting round: drafts, comments, objections (rounds.ts); whether the
// public sees one record by id (lookups.ts).

export { type PublicLookup, publicLookup } from './lookups.js';
export { type PublicModifiedTracker, publicModifiedTracker } from './public-modified.js';
export { roundGroupFilter, roundGroupsOf, seesRoundGroups } from './rounds.js';
export { isPublicResolution, isPublicUpdate, markedPublic, NOT_PUBLIC_ADOPTIONS } from './rules.js';
export { VIEWS, type View, viewOf } from './view.js';
export { createPublicViews, dropPublicViews, perView, type RecordTables, TABLES } from './views.js';
