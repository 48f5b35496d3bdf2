import { LAND_CODES, type LandCode, VOTE_LABELS, type Vote } from './vocab.js';

export interface VoteRecord {
  yes: number;
  no: number;
  abstentions: number;
  /** „14 Ja, 1 Nein (BY), 1 Enthaltung (SN)“: Länder named for the minority votes. */
  label: string;
  byLand: { land: LandCode; vote: Vote; voteLabel: string }[];
}

/** The vote record of a resolution from its Länder's votes, in the Länder's usual order; null for none. */
export function voteRecordOf(votes: readonly { land: LandCode; vote: Vote }[]): VoteRecord | null {
  if (votes.length === 0) return null;
  const byLand = [...votes]
    .sort((a, b) => LAND_CODES.indexOf(a.land) - LAND_CODES.indexOf(b.land))
    .map((v) => ({ land: v.land, vote: v.vote, voteLabel: VOTE_LABELS[v.vote] }));
  const lands = (vote: Vote) => byLand.filter((v) => v.vote === vote).map((v) => v.land);
  const no = lands('nein');
  const abstaining = lands('enthaltung');
  const yes = byLand.length - no.length - abstaining.length;
  const parts = [`${yes} Ja`];
  if (no.length) parts.push(`${no.length} Nein (${no.join(', ')})`);
  if (abstaining.length)
    parts.push(`${abstaining.length} ${abstaining.length === 1 ? 'Enthaltung' : 'Enthaltungen'} (${abstaining.join(', ')})`);
  return { yes, no: no.length, abstentions: abstaining.length, label: parts.join(', '), byLand };
}
