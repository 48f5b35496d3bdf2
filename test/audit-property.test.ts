// Property: after any sequence of writes through the API – valid or not, by callers allowed or
// not, with current, stale or missing If-Match – the audit trail holds exactly one record per
// successful write (under that request's id and caller), none for a failed one, and its hash
// chain verifies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type As, auditRows, createTestApp, json, minimalRecord, type TestApp } from './helper.js';

type Precondition = 'star' | 'fresh' | 'stale' | 'none';
interface Command {
  name: string;
  as: As;
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** For PATCH, PUT and DELETE: which If-Match to send. */
  precondition?: Precondition;
}

const caller: fc.Arbitrary<As> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<As>('admin', 'chair') },
  { weight: 1, arbitrary: fc.constantFrom<As>('reader', 'editorNI', 'editorHE', 'anonymous') },
);
const precondition = fc.constantFrom<Precondition>('star', 'fresh', 'fresh', 'fresh', 'stale', 'none');
// Ids run from 1 in a fresh database and mostly name what exists; the rest give 404s.
const mostly = (existing: number[], max: number) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...existing) }, { weight: 1, arbitrary: fc.integer({ min: 1, max }) });
const conferenceNumber = fc.oneof({ weight: 4, arbitrary: fc.constant(20) }, { weight: 1, arbitrary: fc.integer({ min: 21, max: 23 }) });
const resolutionId = mostly([1], 4);
const demandId = mostly([1, 2], 6);
const updateId = mostly([1], 4);
const threadId = mostly([1], 3);

const commands: fc.Arbitrary<Command>[] = [
  fc.record({ as: caller, number: fc.integer({ min: 20, max: 24 }), year: fc.constantFrom(2025, 2026, 1900) }).map((c) => ({
    name: 'createConference',
    as: c.as,
    method: 'POST',
    url: '/api/v1/conferences',
    body: { number: c.number, year: c.year },
  })),
  fc.record({ as: caller, number: conferenceNumber, place: fc.constantFrom('Kiel', 'Erfurt', ''), precondition }).map((c) => ({
    name: 'updateConference',
    as: c.as,
    method: 'PATCH',
    url: `/api/v1/conferences/${c.number}`,
    body: { place: c.place },
    precondition: c.precondition,
  })),
  fc
    .record({ as: caller, number: conferenceNumber, top: fc.constantFrom('5.1', '5.2', '4.5', 'x y'), title: fc.constantFrom('Neu', '') })
    .map((c) => ({
      name: 'createResolution',
      as: c.as,
      method: 'POST',
      url: `/api/v1/conferences/${c.number}/resolutions`,
      body: { top: c.top, title: c.title, proposers: ['NI'], adoption: 'einstimmig' },
    })),
  fc.record({ as: caller, id: resolutionId, title: fc.constantFrom('Geänderter Titel', 'Anderer Titel', ''), precondition }).map((c) => ({
    name: 'updateResolution',
    as: c.as,
    method: 'PATCH',
    url: `/api/v1/resolutions/${c.id}`,
    body: { title: c.title },
    precondition: c.precondition,
  })),
  fc
    .record({
      as: caller,
      id: resolutionId,
      addressees: fc.constantFrom(['BREG'], ['KMK'], ['UNBEKANNT']),
      responsible: fc.constantFrom([], ['NI'], ['HE']),
      visibility: fc.constantFrom('public', 'internal'),
    })
    .map((c) => ({
      name: 'createDemand',
      as: c.as,
      method: 'POST',
      url: `/api/v1/resolutions/${c.id}/demands`,
      body: {
        kind: 'forderung',
        addressees: c.addressees,
        wording: 'Die IntMK fordert den Bund auf.',
        summary: 'Forderung an den Bund',
        responsible: c.responsible,
        visibility: c.visibility,
      },
    })),
  fc.record({ as: caller, id: demandId, summary: fc.constantFrom('Neue Zusammenfassung', 'Andere', ''), precondition }).map((c) => ({
    name: 'updateDemand',
    as: c.as,
    method: 'PATCH',
    url: `/api/v1/demands/${c.id}`,
    body: { summary: c.summary },
    precondition: c.precondition,
  })),
  fc.record({ as: caller, id: demandId, precondition }).map((c) => ({
    name: 'deleteDemand',
    as: c.as,
    method: 'DELETE',
    url: `/api/v1/demands/${c.id}`,
    precondition: c.precondition,
  })),
  fc
    .record({
      as: fc.oneof(caller, fc.constantFrom<As>('editorNI', 'editorHE')),
      id: demandId,
      asOf: fc.constantFrom('2026-01-10', '2026-03-01', '2031-01-01'),
      reporter: fc.constantFrom('NI', 'HE', 'XX'),
      visibility: fc.constantFrom('public', 'internal'),
    })
    .map((c) => ({
      name: 'createStatusUpdate',
      as: c.as,
      method: 'POST',
      url: `/api/v1/demands/${c.id}/status-updates`,
      body: { status: 'in_progress', asOf: c.asOf, narrative: 'Sachstand aus dem Land.', reporter: c.reporter, visibility: c.visibility },
    })),
  fc.record({ as: caller, id: updateId, reason: fc.constantFrom('Überholt.', '') }).map((c) => ({
    name: 'retractStatusUpdate',
    as: c.as,
    method: 'POST',
    url: `/api/v1/status-updates/${c.id}/retraction`,
    body: { reason: c.reason, reporter: 'NI' },
  })),
  fc.record({ as: caller, title: fc.constantFrom('Neuer Strang', '') }).map((c) => ({
    name: 'createThread',
    as: c.as,
    method: 'POST',
    url: '/api/v1/threads',
    body: { title: c.title },
  })),
  fc.record({ as: caller, id: threadId, title: fc.constantFrom('Umbenannter Strang', ''), precondition }).map((c) => ({
    name: 'updateThread',
    as: c.as,
    method: 'PATCH',
    url: `/api/v1/threads/${c.id}`,
    body: { title: c.title },
    precondition: c.precondition,
  })),
  fc.record({ as: caller, id: threadId, demand: demandId, relation: fc.constantFrom('reiterated', 'extended', 'unbekannt') }).map((c) => ({
    name: 'addThreadMember',
    as: c.as,
    method: 'POST',
    url: `/api/v1/threads/${c.id}/members`,
    body: { demandId: c.demand, relation: c.relation },
  })),
  fc.record({ as: caller, code: fc.constantFrom('LAG-TEST', 'LAG-PROBE', 'klein') }).map((c) => ({
    name: 'createAddressee',
    as: c.as,
    method: 'POST',
    url: '/api/v1/vocab/addressees',
    body: { code: c.code, name: 'Testgremium', kind: 'working_group' },
  })),
];

/** A small record: conference 20, one resolution, demands for NI and HE, one update, one thread. */
async function smallRecord(t: TestApp): Promise<void> {
  const { resolutionId: rid, demandId: did } = await minimalRecord(t.app);
  const post = async (url: string, payload: Record<string, unknown>) => {
    const res = await t.app.inject({ as: 'admin', method: 'POST', url, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  };
  await post(`/api/v1/resolutions/${rid}/demands`, {
    kind: 'bitte',
    addressees: ['BREG'],
    wording: 'Die IntMK bittet den Bund.',
    summary: 'Bitte an den Bund',
    responsible: ['HE'],
  });
  await post(`/api/v1/demands/${did}/status-updates`, {
    status: 'under_examination',
    asOf: '2025-06-01',
    narrative: 'In Prüfung.',
    reporter: 'NI',
  });
  await post('/api/v1/threads', { title: 'Finanzierung der MBE', members: [{ demandId: did, relation: 'raised_first' }] });
}

let run = 0;

describe('audit trail under random write sequences', () => {
  it('holds one record per successful write, none for failed ones, and the chain verifies', async () => {
    const totals = { runs: 0, writes: 0, succeeded: 0 };
    const histogram = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(...commands), { minLength: 1, maxLength: 25, size: 'max' }), async (sequence) => {
        run++;
        const t = await createTestApp();
        try {
          await smallRecord(t);
          const userOf = (as: As): number | null => {
            if (as === 'anonymous') return null;
            const r = t.services.auth.authenticate(t.tokens[as]);
            return 'actor' in r ? r.actor.userId : null;
          };
          const baseline = t.services.audit.count();
          const outcomes: { command: Command; requestId: string; status: number }[] = [];
          for (const [i, command] of sequence.entries()) {
            const requestId = `audit-${run}-${i}`;
            const headers: Record<string, string> = { 'x-request-id': requestId };
            if (command.precondition === 'star') headers['if-match'] = '*';
            if (command.precondition === 'stale') headers['if-match'] = '"stale-version-of-the-resource"';
            if (command.precondition === 'fresh') {
              const current = await t.request('admin', command.url);
              headers['if-match'] = String(current.headers.etag ?? '"no-etag"');
            }
            const res = await t.request(command.as, {
              method: command.method,
              url: command.url,
              headers,
              ...(command.body !== undefined ? { payload: command.body as Record<string, unknown> } : {}),
            });
            outcomes.push({ command, requestId, status: res.statusCode });
            const key = `${command.name} ${res.statusCode}`;
            histogram.set(key, (histogram.get(key) ?? 0) + 1);
          }

          const succeeded = outcomes.filter((o) => o.status >= 200 && o.status < 300);
          totals.runs++;
          totals.writes += outcomes.length;
          totals.succeeded += succeeded.length;
          const wrong: string[] = [];
          for (const o of outcomes) {
            const found = auditRows(t.database, o.requestId);
            const ok = o.status >= 200 && o.status < 300;
            const what = `${o.command.as} ${o.command.name} ${o.command.method} ${o.command.url} [${o.command.precondition ?? '-'}] → ${o.status}`;
            if (ok && found.length !== 1) wrong.push(`${what}: ${found.length} audit records, expected 1`);
            if (!ok && found.length !== 0) wrong.push(`${what}: ${found.length} audit records, expected none`);
            // The ETag a GET just sent is the one the write compares with.
            if (o.command.precondition === 'fresh' && o.status === 412) wrong.push(`${what}: 412 with the ETag of a fresh GET`);
            if (ok && found.length === 1 && found[0]?.user_id !== userOf(o.command.as)) {
              wrong.push(`${what}: recorded user ${found[0]?.user_id}, expected ${userOf(o.command.as)}`);
            }
          }
          expect(wrong).toEqual([]);
          expect(t.services.audit.count() - baseline, 'audit records added').toBe(succeeded.length);
          expect(t.services.audit.verify()).toMatchObject({ ok: true, brokenAt: null });
          // Over HTTP too, as the admin reads it.
          expect(json(await t.request('admin', '/api/v1/audit/verification')).ok).toBe(true);
        } finally {
          await t.app.close();
        }
      }),
      { numRuns: 25, endOnFailure: false },
    );
    console.log(`audit property: ${totals.runs} runs, ${totals.writes} writes, ${totals.succeeded} succeeded`);
    const outcomes = [...histogram].sort().map(([k, n]) => `${k}: ${n}`);
    console.log(`outcomes (operation status: count): ${outcomes.join(', ')}`);
    // Refusals for a missing or stale If-Match happen, so the property covers them.
    expect(outcomes.some((o) => / 428: /.test(o) || / 412: /.test(o))).toBe(true);
    // The generated sequences exercise both outcomes.
    expect(totals.succeeded).toBeGreaterThan(0);
    expect(totals.writes - totals.succeeded).toBeGreaterThan(0);
  }, 180_000);
});
