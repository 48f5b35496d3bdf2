// Fidelity of the seeded record to the documents in ../shared/documents.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSeedRecord } from '../src/seed/load.js';
import { seedDatabase } from '../src/seed/seed.js';
import { createTestApp, json } from './helper.js';

const DOCUMENTS = new URL('../../shared/documents/', import.meta.url).pathname;
const seed = loadSeedRecord();

/** Removes the PDF and markdown artefacts: line numbers, page headers, hyphenation, markup. */
function cleanDocument(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(Seite \d+ von \d+|\d+\. Integrationsminister(\*innen)?konferenz \d{4}|Hauptkonferenz am .*)\s*$/.test(line))
    .map((line) => line.replace(/\s*\d+\s*$/, '').replace(/^\s*\d{1,3} (?=\p{Ll})/u, ''))
    .join('\n')
    .replace(/<\/?(p|u)>|\*\*/g, '')
    .replace(/(\p{Ll})-\s*\n\s*(\p{Ll})/gu, '$1$2')
    .replace(/\s+/g, ' ');
}

const squash = (s: string) => s.replace(/[\s\-–]/g, '');

describe('seeded record', () => {
  for (const record of seed.records) {
    const raw = readFileSync(`${DOCUMENTS}${record.source}`, 'utf8');
    const doc = cleanDocument(raw);
    const squashed = squash(doc);

    it(`every TOP of the ${record.conference}. IntMK occurs in its document with its title`, () => {
      const missing: string[] = [];
      for (const r of record.resolutions) {
        const topPrinted = new RegExp(`(TOP ${r.top.replaceAll('.', '\\.')}\\b|^${r.top.replaceAll('.', '\\.')}( \\(GL\\))?\\t)`, 'm').test(
          raw,
        );
        if (!topPrinted) missing.push(`TOP ${r.top}`);
        const title = r.title.replace(/\s+/g, ' ');
        if (!doc.includes(title) && !squashed.includes(squash(title))) missing.push(`title of TOP ${r.top}: ${title}`);
      }
      expect(missing).toEqual([]);
    });

    it(`every demand wording of the ${record.conference}. IntMK occurs in its document`, () => {
      const missing = record.resolutions.flatMap((r) =>
        r.demands.filter((d) => !squashed.includes(squash(d.wording.replace(/\s+/g, ' ')))).map((d) => d.key),
      );
      expect(missing).toEqual([]);
    });
  }

  it('holds both conferences with all their resolutions and demands', async () => {
    const { app } = await createTestApp({ seed: true });
    const c18 = json(await app.inject('/api/v1/conferences/18'));
    const c20 = json(await app.inject('/api/v1/conferences/20'));
    expect(c18).toMatchObject({ place: 'Wiesbaden', chairLand: 'HE', startDate: '2023-04-26', endDate: '2023-04-27', resolutionCount: 32 });
    expect(c20).toMatchObject({ place: 'Göttingen', chairLand: 'NI', startDate: '2025-04-23', endDate: '2025-04-24', resolutionCount: 27 });
    expect(json(await app.inject('/api/v1/demands?conference=18&limit=1')).total).toBe(57);
    expect(json(await app.inject('/api/v1/demands?conference=20&limit=1')).total).toBe(99);
    for (const n of [16, 17, 19, 21, 22]) expect((await app.inject(`/api/v1/conferences/${n}`)).statusCode).toBe(200);
    expect(json(await app.inject('/api/v1/conferences/21')).chairLand).toBe('NW');
  });

  it('records the details the documents give', async () => {
    const { app } = await createTestApp({ seed: true });
    const top = async (c: number, t: string) => json(await app.inject(`/api/v1/conferences/${c}/resolutions/${t}`));
    expect(await top(18, '4.1')).toMatchObject({ circular: { number: '01/2023', date: '2023-03-29' } });
    expect(await top(18, '4.2')).toMatchObject({ adoption: 'zurueckgezogen' });
    expect(await top(18, '7.3')).toMatchObject({ adoption: 'zusammengelegt', mergedIntoTop: '7.2' });
    const t31 = await top(20, '3.1');
    expect(t31.budgetReservation).toMatch(/Brandenburg.*Haushaltsvorbehalt/);
    expect(t31.notes.some((n: { lands: string[] }) => n.lands.includes('BB'))).toBe(true);
    const t49 = await top(20, '4.9');
    expect(t49.notes).toContainEqual(expect.objectContaining({ lands: ['BY'], ziffer: '7' }));
    const t21b = await top(20, '2.1.b');
    expect(t21b.notes).toContainEqual(expect.objectContaining({ lands: ['BY', 'TH'] }));
  });

  it('every demand has an addressee and a kind; every status update has evidence', () => {
    for (const r of seed.records.flatMap((x) => x.resolutions)) {
      for (const d of r.demands) {
        expect(d.addressees.length, d.key).toBeGreaterThan(0);
        expect(d.kind, d.key).toBeTruthy();
      }
    }
    expect(seed.statusUpdates.length).toBeGreaterThan(0);
    for (const u of seed.statusUpdates) expect(u.evidence.length, u.demand).toBeGreaterThan(0);
  });

  it('the MBE and the C4 threads span both conferences', async () => {
    const { app } = await createTestApp({ seed: true });
    const threads = json(await app.inject('/api/v1/threads?limit=200')).items as { id: number }[];
    const details = await Promise.all(threads.map(async (t) => json(await app.inject(`/api/v1/threads/${t.id}`))));
    const has = (t: any, c: number, top: string) =>
      t.members.some((m: any) => m.demand.resolution.conference === c && m.demand.resolution.top === top);
    const mbe = details.find((t) => has(t, 18, '4.3') && has(t, 20, '4.5'));
    const toKmk = (t: any) => t.members.some((m: any) => m.demand.addressees.some((a: any) => a.code === 'KMK'));
    const c4 = details.find((t) => has(t, 18, '1.4') && has(t, 20, '3.1') && toKmk(t));
    expect(mbe?.conferences).toEqual([18, 20]);
    expect(c4?.conferences).toEqual([18, 20]);
    expect(c4.members.find((m: any) => m.demand.resolution.conference === 18).demand.addressees.map((a: any) => a.code)).toContain('KMK');
  });

  it('seeding is idempotent and all-or-nothing', async () => {
    const t = await createTestApp({ seed: true });
    const ctx = { db: t.database.db, sqlite: t.database.sqlite, clock: t.clock };
    const count = (table: string) => (t.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = ['conferences', 'resolutions', 'demands', 'threads', 'status_updates'].map(count);
    expect(seedDatabase(ctx, t.services, seed)).toEqual({ conferences: 0, resolutions: 0, demands: 0, threads: 0, statusUpdates: 0 });
    expect(['conferences', 'resolutions', 'demands', 'threads', 'status_updates'].map(count)).toEqual(before);

    const empty = await createTestApp();
    const broken = { ...seed, statusUpdates: [{ ...seed.statusUpdates[0]!, reporter: 'NOBODY' }] };
    expect(() =>
      seedDatabase({ db: empty.database.db, sqlite: empty.database.sqlite, clock: empty.clock }, empty.services, broken),
    ).toThrow();
    expect((empty.database.sqlite.prepare('SELECT count(*) AS n FROM resolutions').get() as { n: number }).n).toBe(0);
  });
});

describe('documented status updates', () => {
  it('carry what the documents say became of the demands', async () => {
    const { app } = await createTestApp({ seed: true });
    const statusOf = async (c: number, top: string, match: RegExp) => {
      const res = json(await app.inject(`/api/v1/conferences/${c}/resolutions/${top}`));
      const d = res.demands.find((x: any) => match.test(x.wording));
      expect(d, `${c}/${top} ${match}`).toBeDefined();
      return json(await app.inject(`/api/v1/demands/${d.id}`));
    };
    const courses = await statusOf(20, '2.1.b', /Zugang aller Zugewanderten zu Integrationskursen/);
    expect(courses.status.key).toBe('largely_fulfilled');
    expect(courses.thread?.id).toBeTruthy();
    const citizenship = await statusOf(20, '2.1.b', /2009/);
    expect(citizenship.status.key).toBe('fulfilled');
    expect(citizenship.statusHistory[0].evidence.map((e: any) => e.date)).toContain('2024-03-22');
    const mbe = await statusOf(18, '4.3', /auskömmliche Finanzierung der Migrationsberatung/);
    expect(mbe.status.key).toBe('reiterated');
    expect(mbe.statusHistory[0].narrative).toMatch(/77,5/);
    const c4 = await statusOf(18, '1.4', /KMK/);
    expect(c4.status.key).toBe('reiterated');
    const threads = json(await app.inject('/api/v1/threads?limit=200')).items;
    const origin2009 = threads.find((t: any) => t.firstRaised === 2009);
    expect(origin2009?.status.key).toBe('fulfilled');
    expect(origin2009?.yearsOpen).toBeNull();
  });
});
