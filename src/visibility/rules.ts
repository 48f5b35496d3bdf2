// The public rule for rows already in hand, in TypeScript; ./views.ts states the same rule in SQL
// from the same constant. Rules of procedure (16. IntMK TOP 8.1): the public sees adopted
// resolutions marked public and, below them, what is marked public.
import { type Adoption, type Visibility, VOID_ADOPTIONS } from '../domain/vocab.js';

/** Adoptions the public never sees, whatever the resolution is marked. */
export const NOT_PUBLIC_ADOPTIONS: readonly Adoption[] = VOID_ADOPTIONS;

/** An item (demand, status update, evidence, note) marked public; its parents decide too. */
export const markedPublic = (item: { visibility: Visibility | string }): boolean => item.visibility === 'public';

/** A status update the public sees (a draft's once released): marked public, of a demand the public sees. */
export const isPublicUpdate = (u: { visibility: Visibility | string }, demandIsPublic: boolean): boolean =>
  markedPublic(u) && demandIsPublic;

/** A resolution the public sees. */
export const isPublicResolution = (r: { visibility: Visibility | string; adoption: Adoption | string }): boolean =>
  markedPublic(r) && !(NOT_PUBLIC_ADOPTIONS as readonly string[]).includes(r.adoption);
