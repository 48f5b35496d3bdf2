// Who may do what. Every route declares one access level (route config `access`); the auth
// plugin refuses to start with a route that declares none, so a new route is closed until it
// says otherwise.

import { ROLES } from '../../db/schema.js';
import type { LandCode } from '../../domain/vocab.js';

export { ROLES };
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Geschäftsstelle (Administration)',
  chair: 'Vorsitz',
  editor: 'Bearbeitung (Land oder Arbeitsgruppe)',
  reader: 'Lesen (intern)',
};

/** Who is acting: the user behind a valid token. Anonymous requests have no actor. */
export interface Actor {
  userId: number;
  name: string;
  role: Role;
  lands: LandCode[];
  bodies: string[];
  /** The token of the request; null when signed in with a browser session. */
  tokenId: number | null;
  /** The browser session of the request (issue #15); null or unset with a token. */
  sessionId?: number | null;
}

/**
 * Access levels, from open to closed:
 * - `public`: anyone; anonymous callers get the public view (only what the public minutes release).
 * - `internal`: any signed-in user (reader, editor, chair, admin) – internal content.
 * - `status`: log status updates and evidence – editors (for demands their Land or working group
 *   follows; checked per demand), chair and admin.
 * - `round`: take part in a reporting round (drafts, forms, objections) – editors (for their
 *   assignments; checked per item), chair and admin. Readers do not see drafts.
 * - `curate`: change the record (conferences, resolutions, demands, threads, addressees, imports)
 *   and retract updates – chair and admin.
 * - `admin`: accounts and the audit trail – admin only.
 */
export const ACCESS_LEVELS = ['public', 'internal', 'status', 'round', 'curate', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const ALLOWED: Record<Access, readonly Role[]> = {
  public: ROLES,
  internal: ROLES,
  status: ['editor', 'chair', 'admin'],
  round: ['editor', 'chair', 'admin'],
  curate: ['chair', 'admin'],
  admin: ['admin'],
};

export const ACCESS_DESCRIPTIONS: Record<Access, string> = {
  public: 'Öffentlich lesbar; ohne Token nur öffentliche Inhalte, mit Token auch interne.',
  internal: 'Nur mit Token (alle Rollen).',
  status:
    'Nur mit Token: Bearbeitung (für Forderungen, die das eigene Land oder die eigene Arbeitsgruppe verfolgt), Vorsitz, Administration.',
  round:
    'Nur mit Token: Bearbeitung (nur für die eigenen Zuweisungen der Berichtsrunde; Entwürfe anderer Länder und Arbeitsgruppen bleiben unsichtbar), Vorsitz, Administration.',
  curate: 'Nur mit Token: Vorsitz und Administration.',
  admin: 'Nur mit Token: Administration.',
};

export function allows(access: Access, role: Role): boolean {
  return ALLOWED[access].includes(role);
}

/** Whether an editor acts for one of the given Länder or bodies (chair and admin act for all). */
export function actsFor(actor: Actor, codes: readonly string[]): boolean {
  if (actor.role === 'chair' || actor.role === 'admin') return true;
  if (actor.role !== 'editor') return false;
  return codes.some((c) => (actor.lands as string[]).includes(c) || actor.bodies.includes(c));
}
