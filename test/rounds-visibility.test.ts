// Leak scan of the reporting round: every GET operation of the round (rounds, items, progress,
// drafts, comments, objections) called by every kind of caller on the access fixture. Anonymous
// callers, readers and the editors of other groups see none of the drafts, comments and
// objections; the assigned group, the chair and the admins see them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAccessFixture } from './fixtures-access.js';
import type { As } from './helper.js';

const DOCUMENT = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; tags?: string[] }>>;
};
const ROUND_GETS = Object.entries(DOCUMENT.paths).flatMap(([path, item]) =>
  item.get?.tags?.includes('Berichtsrunden') ? [{ path, operationId: item.get.operationId }] : [],
);

describe('reporting round visibility', () => {
  it('drafts, comments and objections reach only the assigned groups, the chair and admins', async () => {
    const fx = await buildAccessFixture();
    const r = fx.round;
    const values: Record<string, string[]> = {
      id: [String(r.id), ...Object.values(r.drafts).map(String), String(r.objection), '987654'],
    };
    const urls = ROUND_GETS.flatMap(({ path }) => {
      const ids = path.includes('{id}') ? values.id : [''];
      return (ids ?? []).map((id) => `${path.replace('{id}', id ?? '').replace('{group}', 'NI')}`);
    });
    expect(ROUND_GETS.length).toBeGreaterThanOrEqual(8);
    const seen = async (as: As) => {
      let text = '';
      const codes = new Map<string, number>();
      for (const url of urls) {
        const res = await fx.t.request(as, url);
        expect.soft(res.statusCode, `${as} ${url}`).toBeLessThan(500);
        codes.set(url, res.statusCode);
        text += `\n${res.body}`;
      }
      return { found: r.markers.filter((m) => text.includes(m)), codes, text };
    };
    const anonymous = await seen('anonymous');
    expect(anonymous.found).toEqual([]);
    expect([...anonymous.codes].filter(([, c]) => c !== 401)).toEqual([]);
    const reader = await seen('reader');
    expect(reader.found).toEqual([]);
    expect([...reader.codes].filter(([, c]) => c !== 403)).toEqual([]);
    // HE is assigned to two demands too, but never sees what NI drafted or was told.
    const he = await seen('editorHE');
    expect(r.niMarkers.filter((m) => he.text.includes(m))).toEqual([]);
    expect(he.found.length).toBeGreaterThan(0);
    // The LAG has no assignment in the round: it does not see the round at all.
    const lag = await seen('editorLAG');
    expect(lag.found).toEqual([]);
    expect(lag.codes.get(`/api/v1/rounds/${r.id}`)).toBe(404);
    // NI sees its own, the chair and the admins everything.
    const ni = await seen('editorNI');
    expect(r.niMarkers.filter((m) => !ni.text.includes(m))).toEqual([]);
    for (const as of ['chair', 'admin'] as const) expect((await seen(as)).found.sort()).toEqual([...r.markers].sort());
  }, 60_000);
});
