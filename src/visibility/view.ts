// Who sees what: a request, a report or a CLI reads the record in one view. The public view shows
// only what the public minutes release (rules of procedure, 16. IntMK TOP 8.1), through the SQL
// views of ./views.ts; the internal view shows everything. A report's audience is a view too.
import type { Actor } from '../modules/auth/access.js';

export const VIEWS = ['public', 'internal'] as const;
export type View = (typeof VIEWS)[number];

/** The public sees the public view; every signed-in role reads internal content too. */
export const viewOf = (actor: Actor | null): View => (actor ? 'internal' : 'public');
