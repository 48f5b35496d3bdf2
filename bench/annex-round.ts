// A reporting round of the 20th IntMK run to its release through the public API, as people do it,
// on the seeded record: what the annex looks like after a real cycle (issue #17). Used by
// `bench/annex-sample.ts` (the files the office would circulate); bench/released-round.ts writes a
// simpler round straight into the tables for tests and benches.
//
// Every demand in scope gets its lead Land or working group; about two thirds answer (final
// Sachstände in every status, interim reports, answers that differ per addressee, one internal
// one), the office returns one and accepts the rest, the chair releases, and one Land objects.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../src/services.js';

const STATUSES = ['in_progress', 'under_examination', 'partially_fulfilled', 'fulfilled', 'open', 'rejected', 'largely_fulfilled'] as const;

const NARRATIVES: Record<(typeof STATUSES)[number], string> = {
  in_progress:
    'Das zuständige Ressort hat einen Referentenentwurf erarbeitet; die Ressortabstimmung läuft seit September 2026. Die Länder werden im Rahmen der Verbändeanhörung beteiligt.',
  under_examination:
    'Die Prüfung ist noch nicht abgeschlossen. Eine Bund-Länder-Arbeitsgruppe hat sich im Oktober 2026 konstituiert und legt bis zur Vorkonferenz einen Zwischenstand vor.',
  partially_fulfilled:
    'Ein Teil der Forderung ist umgesetzt: Die Mittel für 2026 wurden im parlamentarischen Verfahren aufgestockt, eine überjährige Absicherung (Verpflichtungsermächtigungen) fehlt weiterhin.',
  fulfilled: 'Die Forderung ist umgesetzt. Die Regelung ist mit dem Gesetz vom 14. Oktober 2026 (BGBl. 2026 I Nr. 281) in Kraft getreten.',
  open: 'Bislang keine Reaktion des Adressaten. Die Länder haben die Forderung in der Vorkonferenz erneut angesprochen.',
  rejected: 'Der Adressat hat die Forderung mit Schreiben vom 2. Juli 2026 abgelehnt und auf die Zuständigkeit der Länder verwiesen.',
  largely_fulfilled:
    'Die Forderung ist überwiegend erfüllt; offen ist nur noch die Anpassung der Verwaltungsvorschrift, die für das erste Quartal 2027 angekündigt ist.',
};

export interface ReleasedRound {
  roundId: number;
  items: number;
  released: number;
  interim: number;
  byAddressee: number;
  objections: number;
}

interface Item {
  demand: { id: number; addressees: string[]; visibility?: string };
  assignments: { code: string; lead: boolean }[];
}

/** Runs the round through `app` (the seeded record); accounts are made with `services.auth`. */
export async function releaseRound(
  app: FastifyInstance,
  services: Services,
  round: { conference: number; asOf: string; deadline: string },
): Promise<ReleasedRound> {
  const token = (name: string, role: 'chair' | 'editor', scope: { lands?: string[]; bodies?: string[] } = {}) =>
    services.auth.create({ name, role, ...scope }).token;
  const chair = token('Geschäftsstelle (Beispielrunde)', 'chair');
  const editors = new Map<string, string>();
  const call = async (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${who}`, 'if-match': '*' }, payload: payload as object });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };

  const opened = await call(chair, 'POST', '/api/v1/rounds', round);
  const roundId = opened.id as number;
  const items: Item[] = [];
  for (let offset = 0; ; offset += 100) {
    const res = await call(chair, 'GET', `/api/v1/rounds/${roundId}/items?limit=100&offset=${offset}`);
    items.push(...(res.items as Item[]));
    if (res.next === null) break;
  }

  // The lead: the Land or group the document names, else a Land in turn (the chair decides).
  const lands = ['NI', 'NW', 'BY', 'HE', 'BE', 'SN', 'HH', 'RP'];
  const drafts: number[] = [];
  let interim = 0;
  let byAddressee = 0;
  for (const [i, item] of items.entries()) {
    const lead = item.assignments.find((a) => a.lead)?.code ?? item.assignments[0]?.code ?? (lands[i % lands.length] as string);
    if (item.assignments.length === 0) {
      await call(chair, 'PUT', `/api/v1/rounds/${roundId}/items/${item.demand.id}/assignments`, { groups: [{ code: lead, lead: true }] });
    }
    if (i % 3 === 2) continue; // a third never answers: the chase list
    let editor = editors.get(lead);
    if (!editor) {
      const body = /^[A-Z]{2}$/.test(lead) ? { lands: [lead] } : { bodies: [lead] };
      editor = token(`Arbeitsgruppe ${lead}`, 'editor', body);
      editors.set(lead, editor);
    }
    const status = STATUSES[i % STATUSES.length] as (typeof STATUSES)[number];
    const [first, second] = item.demand.addressees;
    if (second !== undefined && i % 2 === 0) {
      // Two addressees answered differently: one Sachstand each.
      for (const [addressee, s] of [
        [first, 'fulfilled'],
        [second, 'open'],
      ] as const) {
        const d = await call(editor, 'POST', `/api/v1/rounds/${roundId}/drafts`, {
          demandId: item.demand.id,
          group: lead,
          status: s,
          narrative: NARRATIVES[s],
          addressee,
        });
        drafts.push(d.id as number);
      }
      byAddressee++;
      continue;
    }
    const kind = i % 11 === 4 ? 'zwischenbericht' : 'sachstand';
    if (kind === 'zwischenbericht') interim++;
    const d = await call(editor, 'POST', `/api/v1/rounds/${roundId}/drafts`, {
      demandId: item.demand.id,
      group: lead,
      kind,
      status: kind === 'zwischenbericht' ? 'under_examination' : status,
      narrative: NARRATIVES[kind === 'zwischenbericht' ? 'under_examination' : status],
      expectedDate: kind === 'zwischenbericht' ? '2027-03-31' : null,
      visibility: i === 7 ? 'internal' : 'public',
      evidence:
        status === 'fulfilled'
          ? [{ kind: 'gesetz', citation: 'BGBl. 2026 I Nr. 281', date: '2026-10-14', url: 'https://www.recht.bund.de/' }]
          : [],
    });
    drafts.push(d.id as number);
  }
  const editorOf = (draft: Record<string, unknown>) => editors.get(draft.group as string) as string;
  for (const [n, id] of drafts.entries()) {
    const draft = await call(chair, 'GET', `/api/v1/drafts/${id}`);
    await call(editorOf(draft), 'POST', `/api/v1/drafts/${id}/submission`);
    if (n === 0) {
      await call(chair, 'POST', `/api/v1/drafts/${id}/return`, { comment: 'Bitte die Fundstelle nennen.' });
      await call(editorOf(draft), 'POST', `/api/v1/drafts/${id}/submission`);
    }
    await call(chair, 'POST', `/api/v1/drafts/${id}/acceptance`);
  }
  const released = await call(chair, 'POST', `/api/v1/rounds/${roundId}/release`, {});
  // One Land objects to a released Sachstand; the office has not decided yet.
  const first = await call(chair, 'GET', `/api/v1/drafts/${drafts[1]}`);
  await call(token('LAG Hessen (Einspruch)', 'editor', { lands: ['HE'] }), 'POST', `/api/v1/rounds/${roundId}/objections`, {
    statusUpdateId: first.statusUpdateId,
    land: 'HE',
    reason: 'Die Umsetzung ist in Hessen noch nicht angekommen; die Bewertung als erfüllt ist verfrüht.',
  });
  return {
    roundId,
    items: items.length,
    released: (released.updates as unknown[]).length,
    interim,
    byAddressee,
    objections: 1,
  };
}
