// The annex's chase list from the reporting round (issue #17, 2): by assigned Land or working group,
// the demands it leads first, its last released Sachstand, the reply deadline; never by proposer order.
import { describe, expect, it, vi } from 'vitest';
import { releaseFullRound } from '../bench/released-round.js';
import { renderInProcess } from '../src/modules/reports/render/index.js';
import type { Report } from '../src/modules/reports/reports.schemas.js';
import { pdfText } from './documents.js';
import { createTestApp, json, type TestApp } from './helper.js';

vi.setConfig({ testTimeout: 60_000 });

const REPORT = '/api/v1/conferences/20/erfolgskontrolle?asOf=2026-11-20&audience=internal';

async function roundWithAssignments(t: TestApp) {
  const round = json(
    await t.request('chair', {
      method: 'POST',
      url: '/api/v1/rounds',
      payload: { conference: 20, asOf: '2026-11-15', deadline: '2026-12-15' },
    }),
  );
  const items = json(await t.request('chair', { url: `/api/v1/rounds/${round.id}/items?limit=100` })).items as {
    demand: { id: number; conference: number };
  }[];
  const own = items.filter((i) => i.demand.conference === 20).map((i) => i.demand.id);
  const [led, shared, answered] = own as [number, number, number];
  const assign = (demandId: number, groups: { code: string; lead?: boolean }[]) =>
    t.request('chair', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/items/${demandId}/assignments`,
      headers: { 'if-match': '*' },
      payload: { groups },
    });
  expect((await assign(shared, [{ code: 'HE', lead: true }, { code: 'NI' }])).statusCode).toBe(200);
  expect((await assign(led, [{ code: 'NI', lead: true }])).statusCode).toBe(200);
  expect((await assign(answered, [{ code: 'HE', lead: true }])).statusCode).toBe(200);
  // Hessen answers one demand; the chair releases it.
  const draft = json(
    await t.request('editorHE', {
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/drafts`,
      payload: { demandId: answered, group: 'HE', status: 'in_progress', narrative: 'Der Bund hat Gespräche aufgenommen.' },
    }),
  );
  expect((await t.request('editorHE', { method: 'POST', url: `/api/v1/drafts/${draft.id}/submission` })).statusCode).toBe(200);
  expect((await t.request('chair', { method: 'POST', url: `/api/v1/drafts/${draft.id}/acceptance` })).statusCode).toBe(200);
  expect((await t.request('chair', { method: 'POST', url: `/api/v1/rounds/${round.id}/release`, payload: {} })).statusCode).toBe(200);
  return { led, shared, answered };
}

describe('the chase list from the round', () => {
  it('lists each assigned group with the demands it leads first, its last Sachstand and the deadline', async () => {
    const t = await createTestApp({ seed: true });
    const { led, shared, answered } = await roundWithAssignments(t);
    const report = json<Report>(await t.request('chair', { url: REPORT }));
    expect(report.replyDeadline).toBe('2026-12-15');
    const ni = report.missing.find((g) => g.responsible.code === 'NI');
    const he = report.missing.find((g) => g.responsible.code === 'HE');
    // The demands a group leads come first; Niedersachsen leads one and shares one.
    for (const g of report.missing) {
      const leads = g.demands.map((d) => d.lead);
      expect(leads, g.responsible.name).toEqual([...leads].sort((a, b) => Number(b) - Number(a)));
    }
    expect(ni?.demands[0]).toMatchObject({ id: led, lead: true });
    expect(ni?.demands.find((d) => d.id === shared)?.lead).toBe(false);
    expect(ni?.lastReported).toBeNull();
    // Hessen's released Sachstand is no longer owed, and dates its last report.
    expect(he?.demands.find((d) => d.id === shared)?.lead).toBe(true);
    expect(he?.demands.map((d) => d.id)).not.toContain(answered);
    expect(he?.lastReported).toBe('2026-11-15');
    expect(report.missing.flatMap((g) => g.demands.map((d) => d.id))).not.toContain(answered);

    const { text } = await pdfText((await renderInProcess(report, 'pdf')) as Buffer);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Rückmeldefrist: 15. Dezember 2026');
    expect(flat).toContain('zuletzt gemeldet');
    expect(flat).toMatch(/Hessen \d+ federführend: TOP/);
    const md = (await renderInProcess(report, 'md')).toString();
    expect(md).toMatch(/\| Hessen \| \d+ \| federführend: TOP [^|]+\| 15\.11\.2026 \|/);
  });

  it('without a round the list keeps its old form: no deadline, no last-reported column', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.request('chair', { url: REPORT }));
    expect(report.replyDeadline).toBeNull();
    expect(report.missing.every((g) => g.lastReported === null && g.demands.every((d) => !d.lead))).toBe(true);
    const { text } = await pdfText((await renderInProcess(report, 'pdf')) as Buffer);
    expect(text).not.toContain('zuletzt gemeldet');
  });
});

describe('the title as the agenda calls it', () => {
  it('names the presenting TOP: from the query, else from the recorded agenda, else the resolutions’ wording', async () => {
    const t = await createTestApp({ seed: true });
    const cover = async (url: string) => {
      const report = json<Report>(await t.request('chair', { url }));
      const { text } = await pdfText((await renderInProcess(report, 'pdf')) as Buffer);
      return { report, first: text.replace(/\s+/g, ' ').slice(0, 400) };
    };
    // The 20th IntMK took note of the annex of the 19th under its TOP 1.3.
    const r19 = await cover('/api/v1/conferences/19/erfolgskontrolle?asOf=2025-04-22');
    expect(r19.report.presentedUnderTop).toBe('1.3');
    expect(r19.first).toContain('Anlage zu TOP 1.3 der 20. IntMK Erfolgskontrolle der 19. IntMK');
    // The agenda of the 21st is not in the record: the office names the TOP, or the title says what the resolutions say.
    const named = await cover('/api/v1/conferences/20/erfolgskontrolle?asOf=2026-11-20&top=1.4');
    expect(named.first).toContain('Anlage zu TOP 1.4 der 21. IntMK Erfolgskontrolle der 20. IntMK');
    const unnamed = await cover('/api/v1/conferences/20/erfolgskontrolle?asOf=2026-11-20');
    expect(unnamed.report.presentedUnderTop).toBeNull();
    expect(unnamed.first).toContain('Anlage zur Erfolgskontrolle der 20. IntMK vorgelegt zur 21. IntMK');
    const bad = await t.request('anonymous', { url: '/api/v1/conferences/20/erfolgskontrolle?top=1.3%3B%20x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});

describe('dates the texts set', () => {
  it('a passed date on a demand still open is noted in every format; only the internal version asks to check it', async () => {
    const t = await createTestApp({ seed: true });
    const internal = json<Report>(await t.request('chair', { url: REPORT }));
    const ukraine = internal.resolutions.find((r) => r.top === '6.6')?.demands.find((d) => d.dueDate === '2026-03-04');
    expect(ukraine?.dueNote).toBe('Frist 04.03.2026 verstrichen – prüfen: überholt?');
    const md = (await renderInProcess(internal, 'md')).toString();
    expect(md).toContain('Frist 04.03.2026 verstrichen – prüfen: überholt?');
    const pub = json<Report>(await t.request('anonymous', { url: REPORT.replace('internal', 'public') }));
    const publicMd = (await renderInProcess(pub, 'md')).toString();
    expect(publicMd).toContain('Frist 04.03.2026 verstrichen');
    expect(publicMd).not.toContain('prüfen: überholt?');
  });
});

describe('changes since the last report', () => {
  it('the reported conference’s own demands in one line per shift of Bewertung; earlier ones in full', async () => {
    const t = await createTestApp({ seed: true });
    releaseFullRound(t.database.sqlite, t.services, t.clock);
    const report = json<Report>(
      await t.request('chair', { url: '/api/v1/conferences/20/erfolgskontrolle?asOf=2026-03-31&audience=internal' }),
    );
    const own = report.changes.filter((c) => c.demand.conference === 20);
    expect(own.length).toBeGreaterThan(20);
    const md = (await renderInProcess(report, 'md')).toString();
    const section = md.slice(md.indexOf('## 4.'), md.indexOf('## 5.'));
    expect(section).toMatch(/\| offen → erledigt \| \d+ \| TOP /);
    // No own demand gets a row of its own in section 4: its Sachstand is in section 2.
    for (const c of own) expect(section).not.toContain(`| 20. IntMK ${c.demand.top}`);
    const ownTable = section.slice(0, section.indexOf('### Forderungen früherer Konferenzen'));
    const counts = [...ownTable.matchAll(/^\| [^|]+ \| (\d+) \| TOP /gm)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(own.length);
  });
});

describe('internal items of the internal version', () => {
  it('a Sachstand the public does not see is marked „nur intern“ in every format, and absent from the public version', async () => {
    const t = await createTestApp({ seed: true });
    const report0 = json<Report>(await t.request('chair', { url: REPORT }));
    const demand = report0.resolutions.flatMap((r) => r.demands).find((d) => d.update === null && !d.internal);
    if (!demand) throw new Error('no public demand without a Sachstand');
    const narrative = 'Vertraulich: Der Bund prüft eine Zwischenlösung, die noch nicht abgestimmt ist.';
    const posted = await t.request('chair', {
      method: 'POST',
      url: `/api/v1/demands/${demand.id}/status-updates`,
      payload: { status: 'under_examination', asOf: '2026-11-01', narrative, reporter: 'NI', visibility: 'internal' },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const internal = json<Report>(await t.request('chair', { url: REPORT }));
    const update = internal.resolutions.flatMap((r) => r.demands).find((d) => d.id === demand.id)?.update;
    expect(update).toMatchObject({ narrative, internal: true });
    const md = (await renderInProcess(internal, 'md')).toString();
    expect(md).toContain(`**nur intern**<br>${narrative}`);
    const html = (await renderInProcess(internal, 'html')).toString().replaceAll('\u00ad', '');
    expect(html).toMatch(/<strong class="internal">nur intern<\/strong><\/p><p>Vertraulich/);
    const { text } = await pdfText((await renderInProcess(internal, 'pdf')) as Buffer);
    expect(text.replace(/\s+/g, ' ')).toContain('nur intern Vertraulich: Der Bund');
    // An earlier conference's demand: its internal Sachstand stands in section 4, marked there too.
    const earlier = internal.earlierOpen[0];
    if (!earlier) throw new Error('no open demand of an earlier conference');
    const earlierNarrative = 'Vertraulich: Gespräche mit dem Bund laufen noch.';
    const second = await t.request('chair', {
      method: 'POST',
      url: `/api/v1/demands/${earlier.id}/status-updates`,
      payload: { status: 'in_progress', asOf: '2026-11-02', narrative: earlierNarrative, reporter: 'NI', visibility: 'internal' },
    });
    expect(second.statusCode, second.body).toBe(201);
    const withEarlier = json<Report>(await t.request('chair', { url: REPORT }));
    const section4 = (await renderInProcess(withEarlier, 'md')).toString().split('## 4.')[1]?.split('## 5.')[0] ?? '';
    expect(section4).toContain(`**nur intern** ${earlierNarrative}`);
    const pub = json<Report>(await t.request('anonymous', { url: REPORT.replace('internal', 'public') }));
    expect(JSON.stringify(pub)).not.toContain('Vertraulich');
    expect(pub.resolutions.flatMap((r) => r.demands).every((d) => d.update === null || d.update.internal === false)).toBe(true);
  });
});

describe('protocol notes', () => {
  it('stand under their TOP in every format, with the Länder and the Ziffer they qualify', async () => {
    const t = await createTestApp({ seed: true });
    const report = json<Report>(await t.request('anonymous', { url: REPORT.replace('internal', 'public') }));
    const top49 = report.resolutions.find((r) => r.top === '4.9');
    expect(top49?.notes).toEqual([expect.objectContaining({ kindLabel: 'Protokollnotiz', lands: 'Bayern', ziffer: '7' })]);
    expect(report.resolutions.find((r) => r.top === '2.1.b')?.notes[0]?.lands).toBe('Bayern, Thüringen');
    const md = (await renderInProcess(report, 'md')).toString();
    expect(md).toContain('*Protokollnotiz Bayern zu Ziffer 7: Zwar bedingen');
    const { text } = await pdfText((await renderInProcess(report, 'pdf')) as Buffer);
    expect(text.replace(/\s+/g, ' ')).toContain('Protokollnotiz Bayern zu Ziffer 7: Zwar bedingen');
  });
});
