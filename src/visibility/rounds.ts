// Who sees what of a reporting round. Drafts, comments, returned items and objections are never
// public: they are seen by the groups assigned to the demand, the chair and the admins; an
// editor sees a round only through its own assignments.
import type { Actor } from '../modules/auth/access.js';

/** The groups (Land and body codes) the actor acts for in a round; `all` for chair and admin. */
export function roundGroupsOf(actor: Actor): 'all' | string[] {
  if (actor.role === 'chair' || actor.role === 'admin') return 'all';
  if (actor.role === 'editor') return [...actor.lands, ...actor.bodies];
  return [];
}

/** Whether the actor may see round items of these groups (any one of them). */
export function seesRoundGroups(actor: Actor, groups: readonly string[]): boolean {
  const own = roundGroupsOf(actor);
  return own === 'all' || groups.some((g) => own.includes(g));
}

/** SQL condition on a group code column, with its parameters: what the actor may see. */
export function roundGroupFilter(actor: Actor, column: string): { sql: string; params: string[] } {
  const own = roundGroupsOf(actor);
  if (own === 'all') return { sql: '1', params: [] };
  if (own.length === 0) return { sql: '0', params: [] };
  return { sql: `${column} IN (${own.map(() => '?').join(', ')})`, params: own };
}
