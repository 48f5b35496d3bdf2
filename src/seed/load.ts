// Reads and cross-checks the seed files. Pure: touches no database.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_BODIES, LAND_CODES } from '../domain/vocab.js';
import { SEEDS_DIR } from '../paths.js';
import {
  type SeedConference,
  type SeedConferenceRecord,
  type SeedStatusUpdate,
  type SeedThread,
  seedConferenceRecordSchema,
  seedConferenceSchema,
  seedStatusUpdateSchema,
  seedThreadSchema,
} from './format.js';

export interface SeedRecord {
  conferences: SeedConference[];
  records: SeedConferenceRecord[];
  threads: SeedThread[];
  statusUpdates: SeedStatusUpdate[];
}

export const DEFAULT_SEED_DIR = SEEDS_DIR;

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new Error(`${file}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export function loadSeedRecord(dir: string = DEFAULT_SEED_DIR): SeedRecord {
  const conferences = readJson(join(dir, 'conferences.json'), z.array(seedConferenceSchema));
  const recordFiles = readdirSync(dir)
    .filter((f) => /^intmk-\d+-\d{4}\.json$/.test(f))
    .sort();
  const records = recordFiles.map((f) => readJson(join(dir, f), seedConferenceRecordSchema));
  const threads = readJson(join(dir, 'threads.json'), z.array(seedThreadSchema));
  const statusUpdates = readJson(join(dir, 'status-updates.json'), z.array(seedStatusUpdateSchema));
  const seed = { conferences, records, threads, statusUpdates };
  const problems = crossCheck(seed);
  if (problems.length > 0) {
    throw new Error(`seed record is inconsistent:\n- ${problems.join('\n- ')}`);
  }
  return seed;
}

/**
 * Words by which a demand's own text says it was raised before: "erneut", "weiterhin",
 * "bekräftigt", "wiederholt", "langjährige Forderung", "mehrfach gefordert", "Beschlusslage",
 * "Forderung aus der 19. IntMK", "Beschluss aus dem Jahr 2019".
 */
export const REITERATION_CUE =
  /\b(erneut\w*|weiterhin|bekräftig\w*|wiederhol(t|en|te|ten)\b|nach wie vor|langjährig\w*|mehrfach|Beschlusslage|\d{1,2}\.\s*(IntMK|Integrationsministerkonferenz)|Beschl(uss|üsse)\w* (aus dem Jahr|der \d))/i;

/** A recalled earlier demand ("Bereits im Jahr 2009 forderte die IntMK …") is a mention, not a demand. */
export const LOOK_BACK =
  /\b(Bereits|Schon) (im Jahr|seit) \d{4}\b|\b(forderte|forderten|bat|baten) (die IntMK|die Länder|die Integrationsministerkonferenz)\b/;

/** Codes that name everybody (or the Bund) and so cannot be the one who follows a demand up. */
const NOT_RESPONSIBLE = new Set(['BUND', 'BREG', 'LAENDER', 'KOMMUNEN']);

/** Every reference between the files must resolve; returns the problems found. */
export function crossCheck(seed: SeedRecord): string[] {
  const problems: string[] = [];
  const conferenceNumbers = new Set(seed.conferences.map((c) => c.number));
  const actors = new Set<string>([...LAND_CODES, ...DEFAULT_BODIES.map((b) => b.code)]);
  for (const r of seed.records) for (const b of r.bodies) actors.add(b.code);
  const demandKeys = new Set<string>();
  const demandInfo = new Map<string, { year: number; conference: number; wording: string }>();
  const yearOf = new Map(seed.conferences.map((c) => [c.number, c.year]));

  for (const record of seed.records) {
    if (!conferenceNumbers.has(record.conference)) {
      problems.push(`conference ${record.conference} is not in conferences.json`);
    }
    const tops = new Set<string>();
    for (const res of record.resolutions) {
      const where = `${record.conference}. IntMK TOP ${res.top}`;
      if (tops.has(res.top)) problems.push(`${where}: duplicate TOP`);
      tops.add(res.top);
      const ziffern = new Set(res.ziffern.map((z) => z.number));
      for (const note of res.notes) {
        if (note.ziffer !== null && !ziffern.has(note.ziffer)) {
          problems.push(`${where}: protocol note on unknown Ziffer ${note.ziffer}`);
        }
      }
      const ownDemands = new Set(res.demands.map((d) => d.key));
      for (const note of res.notes) {
        if (note.demand !== null && !ownDemands.has(note.demand)) {
          problems.push(`${where}: protocol note about ${note.demand}, which is no demand of this resolution`);
        }
      }
      if (res.withdrawnBy !== null && res.adoption !== 'zurueckgezogen') {
        problems.push(`${where}: withdrawnBy is set but the item is not withdrawn`);
      }
      for (const d of res.demands) {
        demandInfo.set(d.key, { year: yearOf.get(record.conference) ?? 0, conference: record.conference, wording: d.wording });
        if (LOOK_BACK.test(d.wording)) {
          problems.push(`${where}: demand ${d.key} recalls an earlier demand; record it as a thread mention or evidence, not as a demand`);
        }
        // Only a Land the document names as coordinating, or the body the demand itself tasks, follows it up.
        const own = d.responsible.filter((a) => a !== res.coordinatingLand && !(d.addressees.includes(a) && !NOT_RESPONSIBLE.has(a)));
        if (own.length > 0) {
          problems.push(
            `${where}: demand ${d.key} names ${own.join(', ')} as responsible, which the document does not (no coordinating Land, not a tasked body)`,
          );
        }
        if (d.leadAddressee !== null && !d.addressees.includes(d.leadAddressee)) {
          problems.push(`${where}: demand ${d.key} has lead ${d.leadAddressee}, which is not one of its addressees`);
        }
        if (demandKeys.has(d.key)) problems.push(`${where}: duplicate demand key ${d.key}`);
        demandKeys.add(d.key);
        const expectedPrefix = `${record.conference}/${res.top}/${d.ziffer ?? 't'}`;
        if (!d.key.startsWith(expectedPrefix)) {
          problems.push(`${where}: demand key ${d.key} should start with ${expectedPrefix}`);
        }
        if (d.ziffer !== null && !ziffern.has(d.ziffer)) {
          problems.push(`${where}: demand ${d.key} on unknown Ziffer ${d.ziffer}`);
        }
        for (const a of [...d.addressees, ...d.responsible]) {
          if (!actors.has(a)) problems.push(`${where}: demand ${d.key} names unknown body ${a}`);
        }
        if (d.dueConference !== null && !conferenceNumbers.has(d.dueConference)) {
          problems.push(`${where}: demand ${d.key} is due at unknown conference ${d.dueConference}`);
        }
      }
    }
  }
  const threadKeys = new Set<string>();
  for (const t of seed.threads) {
    if (threadKeys.has(t.key)) problems.push(`thread ${t.key}: duplicate key`);
    threadKeys.add(t.key);
    // A demand may be in several threads (docs/decisions/0010), but once in each.
    const members = new Set<string>();
    for (const m of t.members) {
      if (!demandKeys.has(m.demand)) problems.push(`thread ${t.key}: unknown demand ${m.demand}`);
      if (members.has(m.demand)) problems.push(`thread ${t.key}: demand ${m.demand} is listed twice`);
      members.add(m.demand);
    }
    // A demand whose own text says it was raised before cannot be the first raising, unless the
    // thread holds that earlier raising (an earlier member or a mention).
    for (const m of t.members) {
      const info = demandInfo.get(m.demand);
      if (m.relation !== 'raised_first' || !info) continue;
      const cue = REITERATION_CUE.exec(info.wording);
      if (!cue) continue;
      const earlierMember = t.members.some((o) => (demandInfo.get(o.demand)?.conference ?? Infinity) < info.conference);
      const earlierMention = t.mentions.some((x) => x.year < info.year || (x.conference !== null && x.conference < info.conference));
      if (!earlierMember && !earlierMention) {
        problems.push(`thread ${t.key}: ${m.demand} says „${cue[0]}“ and so cannot be raised first without an earlier member or mention`);
      }
    }
  }
  for (const u of seed.statusUpdates) {
    if (!demandKeys.has(u.demand)) problems.push(`status update: unknown demand ${u.demand}`);
    if (!actors.has(u.reporter)) problems.push(`status update on ${u.demand}: unknown reporter ${u.reporter}`);
  }
  return problems;
}
