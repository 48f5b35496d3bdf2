// Integrator sync (issue #13, item 3): a change feed ordered by a monotonic sequence that a client can
// resume without gaps, and tombstones for modified_since; the public sees only what it could see.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord } from './helper.js';

interface Change {
  seq: number;
  kind: string;
  id: number;
  change: 'changed' | 'deleted';
  href: string;
}

/** Reads the whole feed from `after` by following `next`, `limit` at a time. */
async function readFeed(app: Awaited<ReturnType<typeof createTestApp>>['app'], as: 'admin' | 'anonymous', after = 0, limit = 3) {
  const all: Change[] = [];
  let url: string | null = `/api/v1/changes?after=${after}&limit=${limit}`;
  let last = after;
  for (let i = 0; i < 200 && url; i++) {
    const res: LightMyRequestResponse = await app.inject({ url, as });
    expect(res.statusCode, res.body).toBe(200);
    const page = json<{ items: Change[]; last: number; more: boolean; next: string }>(res);
    expect(res.headers.link).toBe(`<${page.next}>; rel="next"`);
    all.push(...page.items);
    last = page.last;
    url = page.more ? page.next : null;
  }
  return { all, last };
}

describe('change feed', () => {
  it('orders every write by a strictly increasing seq; resuming after the last seq misses nothing', async () => {
    const { app } = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(app);
    const first = await readFeed(app, 'admin');
    const seqs = first.all.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(first.all.map((c) => `${c.kind}:${c.id}`)).toEqual(
      expect.arrayContaining(['conference:20', `resolution:${resolutionId}`, `demand:${demandId}`]),
    );
    expect(first.all.find((c) => c.kind === 'demand')?.href).toBe(`http://localhost:80/api/v1/demands/${demandId}`);

    // Writes after the first read come after `last`, and only they.
    await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/demands/${demandId}`, payload: { summary: 'Geändert' } });
    await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'under_examination', asOf: '2025-10-01', narrative: 'Das Ressort prüft.', reporter: 'BMI' },
    });
    const resumed = await readFeed(app, 'admin', first.last);
    expect(resumed.all.every((c) => c.seq > first.last)).toBe(true);
    expect(resumed.all.map((c) => c.kind)).toEqual(expect.arrayContaining(['demand', 'status_update']));
    const whole = await readFeed(app, 'admin', 0, 200);
    expect([...first.all, ...resumed.all].map((c) => c.seq)).toEqual(whole.all.map((c) => c.seq));
  });

  it('the public sees changes of what it sees and deletions of what it could see, nothing internal', async () => {
    const { app } = await createTestApp();
    const { resolutionId } = await minimalRecord(app);
    const internal = json(
      await app.inject({
        as: 'admin',
        method: 'POST',
        url: `/api/v1/resolutions/${resolutionId}/demands`,
        payload: { ziffer: '1', kind: 'bitte', addressees: ['BMI'], wording: 'Vertraulich', summary: 'Intern', visibility: 'internal' },
      }),
    ).id as number;
    const start = (await readFeed(app, 'anonymous')).last;
    const publicFeed = await readFeed(app, 'anonymous');
    expect(publicFeed.all.some((c) => c.kind === 'demand' && c.id === internal)).toBe(false);

    // An internal edit of an internal demand, then its deletion: nothing for the public, a tombstone inside.
    await app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/demands/${internal}`, payload: { summary: 'Intern geändert' } });
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/demands/${internal}` })).statusCode).toBe(204);
    expect((await readFeed(app, 'anonymous', start)).all.map((c) => `${c.kind}:${c.id}:${c.change}:${c.seq}`)).toEqual([]);
    const inside = await readFeed(app, 'admin');
    expect(inside.all.filter((c) => c.id === internal && c.kind === 'demand').map((c) => c.change)).toContain('deleted');

    // Deleting the public resolution takes its public demand: both are public tombstones.
    const demands = json(await app.inject({ as: 'admin', url: `/api/v1/resolutions/${resolutionId}/demands` })).items as { id: number }[];
    expect((await app.inject({ as: 'admin', method: 'DELETE', url: `/api/v1/resolutions/${resolutionId}` })).statusCode).toBe(204);
    const after = await readFeed(app, 'anonymous', start);
    expect(after.all.map((c) => `${c.change} ${c.kind}:${c.id}`)).toEqual([
      `deleted resolution:${resolutionId}`,
      ...demands.map((d) => `deleted demand:${d.id}`),
    ]);

    const tombstones = json(await app.inject({ url: '/api/v1/deletions?modified_since=2026-01-01T00:00:00Z', as: 'anonymous' }));
    expect(tombstones.items.map((t: { kind: string; id: number }) => `${t.kind}:${t.id}`)).toEqual([
      `resolution:${resolutionId}`,
      ...demands.map((d) => `demand:${d.id}`),
    ]);
    expect(tombstones.items[0].deleted).toMatch(/^2026-11-20T09:\d\d:\d\d\.000Z$/);
    const internalTombstones = json(await app.inject({ as: 'admin', url: '/api/v1/deletions' }));
    expect(internalTombstones.total).toBe(2 + demands.length);
    expect(json(await app.inject({ url: '/api/v1/deletions?modified_since=2027-01-01T00:00:00Z', as: 'anonymous' })).total).toBe(0);
  });
});
