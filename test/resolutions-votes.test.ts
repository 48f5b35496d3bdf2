// Votes of the Länder and the reasons given: recorded from the internal minutes, shown to signed-in
// callers and in the internal report, never to the public (rules of procedure, 16. IntMK TOP 8.1).
import { describe, expect, it } from 'vitest';
import { LAND_CODES } from '../src/domain/vocab.js';
import { createTestApp, json } from './helper.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

const REASONING = 'Die bisherigen Mittel decken den Beratungsbedarf nicht; Wartezeiten von bis zu zwölf Wochen.';
const VOTES = [
  ...LAND_CODES.filter((l) => l !== 'BY' && l !== 'SN').map((land) => ({ land, vote: 'ja' })),
  { land: 'SN', vote: 'enthaltung' },
  { land: 'BY', vote: 'nein' },
];

async function fixture() {
  const t = await createTestApp();
  const conf = await t.app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences',
    payload: { number: 20, year: 2025, place: 'Göttingen' },
  });
  expect(conf.statusCode, conf.body).toBe(201);
  const res = await t.app.inject({
    as: 'admin',
    method: 'POST',
    url: '/api/v1/conferences/20/resolutions',
    payload: {
      top: '4.5',
      title: 'Migrationsberatung für Erwachsene (MBE) bedarfsgerecht finanzieren',
      proposers: ['NI'],
      adoption: 'mehrheitlich',
      ziffern: [{ number: '1', text: 'Die IntMK fordert den Bund auf, die MBE auskömmlich zu finanzieren.' }],
      reasoning: REASONING,
      votes: VOTES,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { t, id: json(res).id as number, created: json(res) };
}

const patch = (t: T, id: number, payload: object) =>
  t.app.inject({ as: 'admin', method: 'PATCH', url: `/api/v1/resolutions/${id}`, payload });

describe('votes and reasons of a resolution', () => {
  it('signed-in callers read the vote record and the reasons; the response names minority votes by Land', async () => {
    const { t, id, created } = await fixture();
    expect(created.votes).toMatchObject({ yes: 14, no: 1, abstentions: 1, label: '14 Ja, 1 Nein (BY), 1 Enthaltung (SN)' });
    const read = json(await t.request('reader', `/api/v1/resolutions/${id}`));
    expect(read.reasoning).toBe(REASONING);
    // In the Länder's usual order, whatever order they were sent in.
    expect(read.votes.byLand.map((v: { land: string }) => v.land)).toEqual([...LAND_CODES]);
    expect(read.votes.byLand.find((v: { land: string }) => v.land === 'BY')).toEqual({ land: 'BY', vote: 'nein', voteLabel: 'Nein' });
  });

  it('the public sees neither, and recording them later moves neither `modified` nor the ETag it sees', async () => {
    const { t, id } = await fixture();
    const url = `/api/v1/resolutions/${id}`;
    const anon = await t.request('anonymous', url);
    expect(anon.statusCode).toBe(200);
    expect(json(anon)).toMatchObject({ reasoning: null, votes: null });
    expect(anon.body).not.toContain('Wartezeiten');
    expect(anon.body).not.toMatch(/Enthaltung|"nein"/);

    const changed = await patch(t, id, { reasoning: 'Neue Begründung mit Geheimwort Zwoelfwochen.', votes: VOTES.slice(2) });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json(changed).votes.yes).toBe(12);
    const again = await t.request('anonymous', url);
    expect(again.headers.etag).toBe(anon.headers.etag);
    expect(json(again).modified).toBe(json(anon).modified);
    // Reasons are not searchable by the public.
    expect(json(await t.request('anonymous', '/api/v1/search?q=Zwoelfwochen')).total).toBe(0);
  });

  it('the internal report states the vote; the public report does not, in any format', async () => {
    const { t } = await fixture();
    const report = (audience: string, format: string, as: 'reader' | 'anonymous') =>
      t.request(as, `/api/v1/conferences/20/erfolgskontrolle?audience=${audience}&format=${format}`);
    const internal = await report('internal', 'md', 'reader');
    expect(internal.statusCode, internal.body).toBe(200);
    expect(internal.body).toContain('Abstimmung: 14 Ja, 1 Nein (BY), 1 Enthaltung (SN)');
    const internalJson = json(await report('internal', 'json', 'reader'));
    expect(internalJson.resolutions[0].vote).toBe('14 Ja, 1 Nein (BY), 1 Enthaltung (SN)');
    for (const format of ['md', 'html', 'csv']) {
      const pub = await report('public', format, 'anonymous');
      expect(pub.statusCode, pub.body).toBe(200);
      expect(pub.body).not.toContain('Abstimmung');
      expect(pub.body).not.toContain('Enthaltung');
    }
    expect(json(await report('public', 'json', 'anonymous')).resolutions[0].vote).toBeNull();
  });

  it('a vote record that contradicts itself or the adoption → 422, and nothing changes', async () => {
    const { t, id } = await fixture();
    const before = json(await t.app.inject({ as: 'admin', url: `/api/v1/resolutions/${id}` }));
    const refused = [
      [
        {
          votes: [
            { land: 'HE', vote: 'ja' },
            { land: 'HE', vote: 'nein' },
          ],
        },
        'resolutions.duplicate_vote',
      ],
      // The stored votes include BY's Nein: „einstimmig“ contradicts them.
      [{ adoption: 'einstimmig' }, 'resolutions.vote_contradicts_adoption'],
      [{ votes: LAND_CODES.map((land) => ({ land, vote: 'ja' })) }, 'resolutions.vote_contradicts_adoption'],
      // „mehrheitlich“ needs more Ja than Nein.
      [{ votes: LAND_CODES.map((land) => ({ land, vote: 'nein' })) }, 'resolutions.vote_contradicts_adoption'],
      [
        {
          votes: [
            { land: 'HE', vote: 'ja' },
            { land: 'BY', vote: 'nein' },
          ],
        },
        'resolutions.vote_contradicts_adoption',
      ],
      // Withdrawn, merged or noted items are not voted on.
      [{ adoption: 'zurueckgezogen' }, 'resolutions.vote_contradicts_adoption'],
      [{ adoption: 'zur_kenntnis_genommen' }, 'resolutions.vote_contradicts_adoption'],
      [{ adoption: 'einstimmig', votes: [{ land: 'HE', vote: 'enthaltung' }] }, 'resolutions.vote_contradicts_adoption'],
    ] as const;
    for (const [body, code] of refused) {
      const res = await patch(t, id, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(json(res).code).toBe(code);
    }
    for (const body of [{ votes: [{ land: 'XX', vote: 'ja' }] }, { votes: [{ land: 'HE', vote: 'vielleicht' }] }, { reasoning: '' }]) {
      expect((await patch(t, id, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(json(await t.app.inject({ as: 'admin', url: `/api/v1/resolutions/${id}` }))).toEqual(before);

    // Unanimous with abstentions is fine; an empty list removes the record.
    const unanimous = await patch(t, id, {
      adoption: 'einstimmig',
      votes: [
        { land: 'HE', vote: 'ja' },
        { land: 'SN', vote: 'enthaltung' },
      ],
    });
    expect(unanimous.statusCode, unanimous.body).toBe(200);
    expect(json(unanimous).votes.label).toBe('1 Ja, 1 Enthaltung (SN)');
    const cleared = await patch(t, id, { votes: [], reasoning: null });
    expect(json(cleared)).toMatchObject({ votes: null, reasoning: null });
    // Without votes, any adoption goes; a rejected one may record its vote.
    expect((await patch(t, id, { adoption: 'zurueckgezogen' })).statusCode).toBe(200);
    const rejected = await patch(t, id, {
      adoption: 'abgelehnt',
      votes: [
        { land: 'HE', vote: 'ja' },
        { land: 'BY', vote: 'nein' },
      ],
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
  });
});
