// The reply form as a spreadsheet: many offices answer by Excel. Per group, an XLSX of its
// assignments in a round (context columns locked, a status dropdown with German labels, the
// narrative and evidence to fill in); uploaded again it creates or updates the group's drafts.
// A bad file or row is refused as a whole (422 naming sheet, row and column), nothing written.
import type ExcelJS from 'exceljs';
import type { Ctx } from '../../context.js';
import { DRAFT_STATE_LABELS, type DraftState } from '../../domain/rounds.js';
import { EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, type EvidenceKind, STATUS_LABELS, STATUSES, type Status } from '../../domain/vocab.js';
import { type FieldError, forbidden, unprocessable } from '../../shared/errors.js';
import { seesRoundGroups } from '../../visibility/index.js';
import type { Actor } from '../auth/access.js';
import type { DraftsService } from './drafts.service.js';
import type { RoundsService } from './rounds.service.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_FORM_BYTES = 5 * 1024 * 1024;
const SHEET = 'Antworten';
const LISTS = 'Listen';
/** The columns, in order; `input` columns are unlocked for the office to fill in. */
const COLUMNS = [
  { key: 'demand', header: 'Forderung (Nr.)', width: 12, input: false },
  { key: 'conference', header: 'Konferenz', width: 10, input: false },
  { key: 'top', header: 'TOP', width: 8, input: false },
  { key: 'ziffer', header: 'Ziffer', width: 7, input: false },
  { key: 'summary', header: 'Forderung', width: 50, input: false },
  { key: 'addressees', header: 'Adressaten', width: 18, input: false },
  { key: 'current', header: 'Bisheriger Status', width: 18, input: false },
  { key: 'draftState', header: 'Bearbeitungsstand', width: 16, input: false },
  { key: 'addressee', header: 'Betrifft Adressat (leer: alle)', width: 18, input: true },
  { key: 'status', header: 'Status', width: 20, input: true },
  { key: 'narrative', header: 'Sachstand', width: 60, input: true },
  { key: 'evidence', header: 'Nachweise (je Zeile „Art: Angabe“)', width: 45, input: true },
  { key: 'expected', header: 'Zwischenbericht: Antwort erwartet bis (TT.MM.JJJJ)', width: 20, input: true },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];
const col = (key: ColumnKey) => COLUMNS.findIndex((c) => c.key === key) + 1;
const letter = (key: ColumnKey) => String.fromCharCode(64 + col(key));

const STATUS_BY_LABEL = new Map<string, Status>(STATUSES.map((s) => [STATUS_LABELS[s].toLowerCase(), s]));
const EVIDENCE_BY_LABEL = new Map<string, EvidenceKind>(EVIDENCE_KINDS.map((k) => [EVIDENCE_KIND_LABELS[k].toLowerCase(), k]));

interface ParsedRow {
  row: number;
  demandId: number;
  addressee: string | null;
  status: Status;
  narrative: string;
  evidence: { kind: EvidenceKind; citation: string; date: null; url: null; visibility: 'public' }[];
  expectedDate: string | null;
}

// ExcelJS and what it brings (zip, csv, streams) take a quarter of a second to load: loaded when a
// form is first built or read, not at every start of the server.
let excel: Promise<typeof ExcelJS> | undefined;
const loadExcel = () => {
  excel ??= import('exceljs').then((m) => m.default);
  return excel;
};

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return String(v.result ?? '').trim();
  }
  return String(v).trim();
}

export function createFormsService(ctx: Ctx, deps: { rounds: RoundsService; drafts: DraftsService }) {
  const { sqlite } = ctx;

  function assertGroup(roundId: number, group: string, actor: Actor): void {
    deps.rounds.get(roundId, actor);
    if (!seesRoundGroups(actor, [group])) {
      throw forbidden(
        'forms.not_own_group',
        `Das Antwortformular von „${deps.rounds.nameOf(group)}“ erhält nur diese Stelle (oder Vorsitz und Geschäftsstelle).`,
      );
    }
  }

  return {
    /** The form of one group: one row per assigned demand (and per existing addressee-specific draft). */
    async build(roundId: number, group: string, actor: Actor): Promise<{ data: Buffer; fileName: string }> {
      assertGroup(roundId, group, actor);
      const items = deps.rounds.items(roundId, actor, { group });
      const drafts = new Map(deps.drafts.list(roundId, actor, { group }).map((d) => [`${d.demand.id}/${d.addressee ?? ''}`, d]));
      const wb = new (await loadExcel()).Workbook();
      wb.creator = 'Erfolgskontrolle';
      const ws = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
      ws.getRow(1).font = { bold: true };
      const lists = wb.addWorksheet(LISTS, { state: 'veryHidden' });
      STATUSES.forEach((s, i) => {
        lists.getCell(i + 1, 1).value = STATUS_LABELS[s];
      });
      const statusList = `${LISTS}!$A$1:$A$${STATUSES.length}`;
      for (const item of items) {
        const keys = [...drafts.keys()].filter((k) => k.startsWith(`${item.demand.id}/`));
        const rows = keys.length ? keys : [`${item.demand.id}/`];
        for (const key of rows) {
          const d = drafts.get(key);
          const row = ws.addRow({
            demand: item.demand.id,
            conference: item.demand.conference,
            top: item.demand.top,
            ziffer: item.demand.ziffer ?? '',
            summary: item.demand.summary,
            addressees: item.demand.addressees.join(', '),
            current: item.demand.statusLabel,
            draftState: d ? DRAFT_STATE_LABELS[d.state as DraftState] : 'offen',
            addressee: d?.addressee ?? '',
            status: d ? STATUS_LABELS[d.status] : '',
            narrative: d?.narrative ?? '',
            evidence: d ? d.evidence.map((e) => `${e.kindLabel}: ${e.citation}`).join('\n') : '',
            expected: d?.expectedDate ? d.expectedDate.split('-').reverse().join('.') : '',
          });
          row.alignment = { vertical: 'top', wrapText: true };
          for (const c of COLUMNS) row.getCell(c.key).protection = { locked: !c.input };
          row.getCell('status').dataValidation = {
            type: 'list',
            allowBlank: true,
            formulae: [statusList],
            showErrorMessage: true,
            errorTitle: 'Status',
            error: 'Bitte einen Status aus der Liste wählen.',
          };
        }
      }
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
      // Locked context columns: the sheet is protected, the input columns are not locked.
      await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, autoFilter: true, sort: false });
      const data = Buffer.from(await wb.xlsx.writeBuffer());
      return { data, fileName: `antwortformular-runde-${roundId}-${group.toLowerCase()}.xlsx` };
    },

    /** Reads an uploaded form and creates or updates the group's drafts, all or nothing. */
    async parse(roundId: number, group: string, actor: Actor, data: Buffer): Promise<ParsedRow[]> {
      assertGroup(roundId, group, actor);
      const wb = new (await loadExcel()).Workbook();
      try {
        await wb.xlsx.load(data as unknown as ArrayBuffer);
      } catch {
        throw unprocessable('forms.not_xlsx', 'Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx).');
      }
      const ws = wb.getWorksheet(SHEET);
      if (!ws)
        throw unprocessable(
          'forms.no_sheet',
          `Die Arbeitsmappe hat kein Blatt „${SHEET}“; bitte das heruntergeladene Antwortformular verwenden.`,
        );
      const errors: FieldError[] = [];
      const at = (row: number, key: ColumnKey, message: string) => {
        const header = COLUMNS[col(key) - 1]?.header ?? key;
        errors.push({
          field: `${SHEET}!${letter(key)}${row}`,
          message: `Blatt „${SHEET}“, Zeile ${row}, Spalte ${letter(key)} („${header}“): ${message}`,
        });
      };
      COLUMNS.forEach((c, i) => {
        if (text(ws.getRow(1).getCell(i + 1)) !== c.header) at(1, c.key, `Überschrift „${c.header}“ erwartet`);
      });
      const assigned = new Map(deps.rounds.items(roundId, actor, { group }).map((i) => [i.demand.id, i]));
      const out: ParsedRow[] = [];
      const seen = new Set<string>();
      ws.eachRow((r, n) => {
        if (n === 1) return;
        const demandText = text(r.getCell(col('demand')));
        const statusText = text(r.getCell(col('status')));
        const narrative = text(r.getCell(col('narrative')));
        const evidenceText = text(r.getCell(col('evidence')));
        const expectedText = text(r.getCell(col('expected')));
        const addressee = text(r.getCell(col('addressee'))) || null;
        if (!statusText && !narrative && !evidenceText && !expectedText) return;
        const demandId = Number(demandText);
        const item = Number.isInteger(demandId) ? assigned.get(demandId) : undefined;
        if (!item) {
          at(n, 'demand', `„${demandText}“ ist keine Forderung, die ${deps.rounds.nameOf(group)} in dieser Runde zugewiesen ist`);
          return;
        }
        const status = STATUS_BY_LABEL.get(statusText.toLowerCase());
        if (!status)
          at(
            n,
            'status',
            statusText
              ? `„${statusText}“ ist kein zulässiger Status (Liste: ${STATUSES.map((s) => STATUS_LABELS[s]).join(', ')})`
              : 'Status fehlt',
          );
        if (!narrative) at(n, 'narrative', 'Sachstand fehlt');
        if (narrative.length > 20_000) at(n, 'narrative', 'Sachstand ist länger als 20.000 Zeichen');
        if (addressee && !item.demand.addressees.includes(addressee)) {
          at(n, 'addressee', `„${addressee}“ ist kein Adressat dieser Forderung (${item.demand.addressees.join(', ')})`);
        }
        let expectedDate: string | null = null;
        if (expectedText) {
          const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(expectedText) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(expectedText);
          const iso = m ? (m[0].includes('.') ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : m[0]) : '';
          if (!iso || Number.isNaN(new Date(iso).getTime()) || new Date(iso).toISOString().slice(0, 10) !== iso) {
            at(n, 'expected', `„${expectedText}“ ist kein Datum (TT.MM.JJJJ)`);
          } else expectedDate = iso;
        }
        const evidence = evidenceText
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
          .map((line) => {
            const m = /^([^:]{2,20}):\s*(.+)$/.exec(line);
            const kind = m ? EVIDENCE_BY_LABEL.get((m[1] ?? '').trim().toLowerCase()) : undefined;
            return {
              kind: kind ?? ('sonstige' as const),
              citation: (kind ? m?.[2] : line)?.trim() ?? line,
              date: null,
              url: null,
              visibility: 'public' as const,
            };
          });
        if (evidence.some((e) => e.citation.length > 1000)) at(n, 'evidence', 'ein Nachweis ist länger als 1.000 Zeichen');
        const key = `${demandId}/${addressee ?? ''}`;
        if (seen.has(key)) at(n, 'demand', 'dieselbe Forderung und derselbe Adressat stehen in mehr als einer Zeile');
        seen.add(key);
        if (status && narrative) out.push({ row: n, demandId, addressee, status, narrative, evidence, expectedDate });
      });
      if (errors.length) {
        throw unprocessable(
          'forms.invalid',
          `Das Antwortformular enthält ${errors.length === 1 ? 'einen Fehler' : `${errors.length} Fehler`}; nichts wurde übernommen. ${errors[0]?.message ?? ''}`,
          errors.slice(0, 100),
        );
      }
      return out;
    },

    /**
     * Writes the parsed rows (inside the caller's audited transaction): new rows become drafts,
     * changed rows update drafts still with the group; unchanged rows are left alone. A changed row
     * whose draft is already submitted or further is refused, and with it the whole upload.
     */
    apply(roundId: number, group: string, actor: Actor, rows: ParsedRow[]): { created: number[]; updated: number[]; unchanged: number } {
      deps.rounds.assertOpen(roundId);
      const created: number[] = [];
      const updated: number[] = [];
      let unchanged = 0;
      const findStmt = sqlite.prepare(
        'SELECT id FROM round_drafts WHERE round_id = ? AND demand_id = ? AND group_code = ? AND addressee = ?',
      );
      const errors: FieldError[] = [];
      for (const r of rows) {
        const existing = findStmt.get(roundId, r.demandId, group, r.addressee ?? '') as { id: number } | undefined;
        const kind = r.expectedDate ? ('zwischenbericht' as const) : ('sachstand' as const);
        if (!existing) {
          created.push(
            deps.drafts.create(
              roundId,
              {
                demandId: r.demandId,
                group,
                kind,
                status: r.status,
                narrative: r.narrative,
                evidence: r.evidence,
                addressee: r.addressee,
                expectedDate: r.expectedDate,
                visibility: 'public',
              },
              actor,
            ).id,
          );
          continue;
        }
        const d = deps.drafts.get(existing.id, null);
        const same =
          d.status === r.status &&
          d.narrative === r.narrative &&
          d.expectedDate === r.expectedDate &&
          JSON.stringify(d.evidence.map((e) => [e.kind, e.citation])) === JSON.stringify(r.evidence.map((e) => [e.kind, e.citation]));
        if (same) {
          unchanged++;
          continue;
        }
        if (d.state !== 'draft' && d.state !== 'returned') {
          errors.push({
            field: `${SHEET}!${letter('narrative')}${r.row}`,
            message: `Blatt „${SHEET}“, Zeile ${r.row}: der Entwurf ist ${DRAFT_STATE_LABELS[d.state]} und kann über das Formular nicht mehr geändert werden`,
          });
          continue;
        }
        deps.drafts.update(
          existing.id,
          {
            kind,
            status: r.status,
            narrative: r.narrative,
            evidence: r.evidence,
            expectedDate: r.expectedDate,
            ...(actor.role === 'editor' ? {} : { note: 'Über das Antwortformular (Excel) geändert.' }),
          },
          actor,
        );
        updated.push(existing.id);
      }
      if (errors.length)
        throw unprocessable(
          'forms.invalid',
          `Das Antwortformular ändert bereits eingereichte Entwürfe; nichts wurde übernommen. ${errors[0]?.message ?? ''}`,
          errors,
        );
      return { created, updated, unchanged };
    },
  };
}
export type FormsService = ReturnType<typeof createFormsService>;
