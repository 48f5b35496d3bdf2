// The reply form as a spreadsheet: download per group, fill in, upload; the round trip keeps
// what was entered, and a bad file or row is refused with sheet, row and column, changing nothing.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord } from './helper.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function setup() {
  const t = await createTestApp();
  const { demandId } = await minimalRecord(t.app);
  const round = json(
    await t.request('chair', {
      method: 'POST',
      url: '/api/v1/rounds',
      payload: { conference: 20, asOf: '2026-11-15', deadline: '2026-12-15' },
    }),
  );
  return { t, demandId, round };
}

async function workbookOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
const bufferOf = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

describe('reply form (XLSX)', () => {
  it('downloads the group form, creates drafts from it, and round-trips what was entered', async () => {
    const { t, demandId, round } = await setup();
    const res = await t.request('editorNI', `/api/v1/rounds/${round.id}/forms/NI`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = await workbookOf(res.rawPayload);
    const ws = wb.getWorksheet('Antworten');
    expect(ws?.getCell('A2').value).toBe(demandId);
    // Context columns locked (the default of a protected sheet), the input columns unlocked.
    expect((ws as any)?.sheetProtection?.sheet).toBe(true);
    expect(ws?.getCell('A2').protection?.locked).not.toBe(false);
    expect(ws?.getCell('J2').protection?.locked).toBe(false);
    expect(ws?.getCell('J2').dataValidation?.type).toBe('list');
    expect(wb.getWorksheet('Listen')?.getCell('A1').value).toBe('offen');

    ws!.getCell('J2').value = 'in Umsetzung';
    ws!.getCell('K2').value = 'Der Bund hat die Mittel für 2027 erhöht.';
    ws!.getCell('L2').value = 'Haushalt: Bundeshaushalt 2027, Kapitel 0603\nEin Schreiben ohne Art';
    const up = await t.request('editorNI', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/forms/NI`,
      headers: { 'content-type': XLSX, 'if-match': '*' },
      payload: await bufferOf(wb),
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(json(up).created).toHaveLength(1);
    const draft = json(await t.request('editorNI', `/api/v1/drafts/${json(up).created[0]}`));
    expect(draft).toMatchObject({ demand: { id: demandId }, group: 'NI', status: 'in_progress', state: 'draft', addressee: null });
    expect(draft.evidence.map((e: any) => [e.kind, e.citation])).toEqual([
      ['haushalt', 'Bundeshaushalt 2027, Kapitel 0603'],
      ['sonstige', 'Ein Schreiben ohne Art'],
    ]);

    // Round trip: the form now carries the draft; uploading it unchanged changes nothing.
    const again = await workbookOf((await t.request('editorNI', `/api/v1/rounds/${round.id}/forms/NI`)).rawPayload);
    const ws2 = again.getWorksheet('Antworten')!;
    expect([ws2.getCell('H2').value, ws2.getCell('J2').value, ws2.getCell('K2').value]).toEqual([
      'Entwurf',
      'in Umsetzung',
      'Der Bund hat die Mittel für 2027 erhöht.',
    ]);
    const same = await t.request('editorNI', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/forms/NI`,
      headers: { 'content-type': XLSX, 'if-match': '*' },
      payload: await bufferOf(again),
    });
    expect(json(same)).toEqual({ created: [], updated: [], unchanged: 1 });
    // An edit through the form updates the draft.
    ws2.getCell('K2').value = 'Der Bund hat die Mittel für 2027 um 10 % erhöht.';
    const edit = await t.request('editorNI', {
      method: 'PUT',
      url: `/api/v1/rounds/${round.id}/forms/NI`,
      headers: { 'content-type': XLSX, 'if-match': '*' },
      payload: await bufferOf(again),
    });
    expect(json(edit).updated).toEqual([draft.id]);

    // Another Land's editor gets neither the form nor the upload.
    expect((await t.request('editorHE', `/api/v1/rounds/${round.id}/forms/NI`)).statusCode).toBe(404);
  });

  it('refuses a bad file or row with sheet, row and column, and writes nothing', async () => {
    const { t, round } = await setup();
    const count = () => (t.database.sqlite.prepare('SELECT count(*) AS n FROM round_drafts').get() as { n: number }).n;
    const auditBefore = t.services.audit.count();
    const put = (payload: Buffer) =>
      t.request('editorNI', {
        method: 'PUT',
        url: `/api/v1/rounds/${round.id}/forms/NI`,
        headers: { 'content-type': XLSX, 'if-match': '*' },
        payload,
      });

    const garbage = await put(Buffer.from('keine Excel-Datei'));
    expect(garbage.statusCode).toBe(422);
    expect(json(garbage).code).toBe('forms.not_xlsx');

    const wb = await workbookOf((await t.request('editorNI', `/api/v1/rounds/${round.id}/forms/NI`)).rawPayload);
    const ws = wb.getWorksheet('Antworten')!;
    ws.getCell('J2').value = 'irgendwie erledigt';
    ws.getCell('K2').value = 'Sachstand';
    ws.getCell('M2').value = '31.02.2027';
    const bad = await put(await bufferOf(wb));
    expect(bad.statusCode).toBe(422);
    const problem = json(bad);
    expect(problem.code).toBe('forms.invalid');
    expect(problem.errors.map((e: any) => e.field)).toEqual(['Antworten!J2', 'Antworten!M2']);
    expect(problem.errors[0].message).toBe(
      'Blatt „Antworten“, Zeile 2, Spalte J („Status“): „irgendwie erledigt“ ist kein zulässiger Status (Liste: offen, in Prüfung, in Umsetzung, teilweise erfüllt, überwiegend erfüllt, erfüllt, abgelehnt, erneut gefordert, gegenstandslos, Bericht vorgelegt)',
    );

    // A row for a demand not assigned to the group, next to a good row: nothing at all is written.
    ws.getCell('J2').value = 'in Prüfung';
    ws.getCell('M2').value = null;
    const extra = ws.getRow(3);
    extra.getCell(1).value = 99999;
    extra.getCell(10).value = 'erfüllt';
    extra.getCell(11).value = 'Erledigt.';
    const mixed = await put(await bufferOf(wb));
    expect(mixed.statusCode).toBe(422);
    expect(json(mixed).errors[0].field).toBe('Antworten!A3');
    expect(count()).toBe(0);
    expect(t.services.audit.count()).toBe(auditBefore);
  });
});
