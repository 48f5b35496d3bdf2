// The document's skeleton: conference metadata, the agenda table (when the minutes carry one)
// and the blocks of lines that belong to each TOP. Generic over IntMK collections: a TOP starts
// at a line "TOP <id>", an agenda row is a tab-separated line whose first cell is a TOP id.
import type { LandCode } from '../../../domain/vocab.js';
import type { ImportConference } from '../imports.schemas.js';
import { LAND_PATTERN, landCode, parseProposers, splitTitleAndProposers } from './lands.js';

export const TOP_ID = String.raw`(?:[A-Z]|\d{1,2}(?:\.\d{1,2}){0,2}(?:\.[a-z])?)`;
const TOP_HEADING = new RegExp(String.raw`^TOP\s+(${TOP_ID})(?:\s+(.*))?$`);
// "TOP A 3": a letter and a number printed apart are one id (the text itself also writes "TOP A3").
const SPACED_ID = /^TOP\s+([A-Z])\s?(\d{1,2})(?=\s|$)\s*(.*)$/;
// A green-list marker after the id: "TOP 2.2 (G1)", "(GL)".
const GREEN_MARK = /^\((G\d{1,2}|GL)\)\s*(.*)$/;
// A sentence that starts with "TOP 8.2 wird beschlossen …" (a Protokollerklärung) is no heading.
const SENTENCE_REST = /^(?:wird|werden|ist|wurde|und|bis|sowie)\b/;

export interface TopBlock {
  top: string;
  /** Text after the id on the heading line ("Leitantrag"). */
  headingRest: string | null;
  /** A green-list marker printed with the TOP id ("G1", "GL"), if any. */
  greenList?: string | null;
  lines: string[];
}

export interface AgendaRow {
  top: string;
  greenList: boolean;
  title: string;
  proposers: 'all' | LandCode[] | null;
  coordinating: LandCode | null;
  withdrawn: boolean;
  /** „Rücknahme Berlin“: the Land that withdrew the item, when the agenda names it. */
  withdrawnBy: LandCode[] | null;
  mergedInto: string | null;
  /** Set for group rows ("TOP 4  Integration, Teilhabe …") that head the items 4.x. */
  isGroup: boolean;
}

const MONTHS: Record<string, number> = {
  januar: 1,
  februar: 2,
  märz: 3,
  april: 4,
  mai: 5,
  juni: 6,
  juli: 7,
  august: 8,
  september: 9,
  oktober: 10,
  november: 11,
  dezember: 12,
};

export function isoDate(day: string | number, month: string | number, year: string | number): string | null {
  const m = typeof month === 'number' ? month : (MONTHS[month.toLowerCase()] ?? Number(month));
  const d = Number(day);
  const y = Number(year);
  if (!m || !d || !y || m > 12 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "29. März 2023" or "10.05.2023" → ISO date. */
export function parseGermanDate(text: string): string | null {
  const long = /(\d{1,2})\.\s*([A-Za-zäöüÄÖÜ]+)\s+(\d{4})/.exec(text);
  if (long?.[1] && long[2] && long[3] && MONTHS[long[2].toLowerCase()]) return isoDate(long[1], long[2], long[3]);
  const short = /(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(text);
  if (short?.[1] && short[2] && short[3]) return isoDate(short[1], Number(short[2]), short[3]);
  return null;
}

/** Splits the lines at the TOP headings; returns what precedes the first one and the blocks. */
export function splitTops(lines: string[]): { front: string[]; blocks: TopBlock[] } {
  const front: string[] = [];
  const blocks: TopBlock[] = [];
  let current: TopBlock | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    const spaced = line.includes('\t') ? null : SPACED_ID.exec(line);
    const m = line.includes('\t') ? null : TOP_HEADING.exec(line);
    const id = spaced ? `${spaced[1]}${spaced[2]}` : m?.[1];
    let rest = (spaced ? spaced[3] : m?.[2])?.trim() || null;
    // "TOP 4" alone is a heading only when followed by an id-shaped token, never a table row.
    if (id && !(rest && SENTENCE_REST.test(rest))) {
      const green = rest ? GREEN_MARK.exec(rest) : null;
      if (green) rest = green[2]?.trim() || null;
      current = { top: id, headingRest: rest, greenList: green?.[1] ?? null, lines: [] };
      blocks.push(current);
      continue;
    }
    (current ? current.lines : front).push(raw);
  }
  return { front, blocks };
}

const AGENDA_ROW = new RegExp(String.raw`^(?:TOP\s*)?(${TOP_ID})(\s*\(GL\))?\t(.*)$`);

/** True for the lines of an agenda table: its header, its rows and its legend. */
export function isAgendaLine(line: string): boolean {
  const t = line.trim();
  return /^TOP\tThema$/.test(t) || AGENDA_ROW.test(t) || /^\(GL\s*=\s*Grüne Liste\)$/.test(t) || /^Tagesordnung der /.test(t);
}

/** Reads every agenda table row in the document (the agenda and the green list). */
export function parseAgenda(lines: string[]): AgendaRow[] {
  const rows: AgendaRow[] = [];
  for (const raw of lines) {
    const m = AGENDA_ROW.exec(raw.trim());
    if (!m?.[1] || m[3] === undefined) continue;
    let cell = m[3].replace(/\s+/g, ' ').trim();
    if (cell === '') continue;
    let withdrawn = false;
    let withdrawnBy: LandCode[] | null = null;
    let mergedInto: string | null = null;
    const merged = new RegExp(String.raw`\s*Zusammenlegung mit TOP\s+(${TOP_ID})\s*$`).exec(cell);
    if (merged) {
      mergedInto = merged[1] ?? null;
      cell = cell.slice(0, merged.index);
    }
    const withdrawal = new RegExp(String.raw`\s*Rücknahme(?:\s+(?:durch\s+)?${LAND_PATTERN})?\s*$`, 'u').exec(cell);
    if (withdrawal) {
      withdrawn = true;
      const by = landCode(withdrawal[0].replace(/^\s*Rücknahme\s+(?:durch\s+)?/u, '').trim());
      withdrawnBy = by ? [by] : null;
      cell = cell.slice(0, withdrawal.index);
    }
    cell = cell.replace(/\s*\(siehe [^)]*\)\s*$/, '');
    let proposerText: string | null;
    let title: string;
    const labelled = /^(.*?)\s*Antragsteller(?:in)?:\s*(.*)$/.exec(cell);
    if (labelled) {
      title = (labelled[1] ?? '').trim();
      proposerText = (labelled[2] ?? '').trim();
    } else {
      ({ title, proposerText } = splitTitleAndProposers(cell));
    }
    const parsed = proposerText ? parseProposers(proposerText) : null;
    const isGroup = !parsed && /^\d{1,2}$/.test(m[1]) && !withdrawn && !mergedInto;
    rows.push({
      top: m[1],
      greenList: Boolean(m[2]),
      title,
      proposers: parsed?.proposers ?? null,
      coordinating: parsed?.coordinating ?? null,
      withdrawn,
      withdrawnBy,
      mergedInto,
      isGroup,
    });
  }
  return rows;
}

/**
 * Conference number, year, dates, place and kind from the banner that heads every page
 * ("20. Integrationsministerkonferenz 2025", "Hauptkonferenz am 23. – 24. April 2025 in Göttingen").
 * The banner repeats, so the most frequent reading wins over a passing mention ("der 19. IntMK").
 */
export function parseConference(rawText: string): ImportConference {
  // Every space in the patterns below is \s+ or \s*, so the text's own spacing is left as it is
  // (flattening 1 MB of it cost 20 ms); only the captured place is flattened.
  const text = rawText.replace(/\*\*/g, '').replace(/<[^<>]+>/g, '');
  const tally = new Map<string, number>();
  for (const m of text.matchAll(/(\d{1,2})\.\s*(?:IntMK|Integrationsminister\S*konferenz)\s+(\d{4})/g)) {
    const key = `${m[1]}/${m[2]}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const best = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const number = best ? Number(best.split('/')[0]) : null;
  let year = best ? Number(best.split('/')[1]) : null;
  const dates = new Map<string, number>();
  const dateRe =
    /(?:Hauptkonferenz|Sonderkonferenz)(?:\s+am)?(?:\s+der\s+\d{1,2}\.\s*IntMK\s+\d{4})?\s+(\d{1,2})\.\s*(?:[/–-]\s*(\d{1,2})\.\s*)?([A-ZÄÖÜ][a-zäöü]+)\s+(\d{4})\s+in\s+([A-ZÄÖÜ][\p{L}-]+(?:\s+(?:am|an\s+der|ob\s+der|in\s+der)\s+[A-ZÄÖÜ][\p{L}-]+|\s+\([\p{L}\s.-]+\))?)/gu;
  for (const m of text.matchAll(dateRe)) {
    const key = m
      .slice(1)
      .map((g) => g?.replace(/\s+/g, ' '))
      .join('|');
    dates.set(key, (dates.get(key) ?? 0) + 1);
  }
  const bestDate = [...dates.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]?.split('|');
  let startDate: string | null = null;
  let endDate: string | null = null;
  let place: string | null = null;
  if (bestDate) {
    const [d1, d2, month, y, where] = bestDate;
    if (d1 && month && y && MONTHS[month.toLowerCase()]) {
      startDate = isoDate(d1, month, y);
      endDate = isoDate(d2 || d1, month, y);
      place = where || null;
      year ??= Number(y);
    }
  }
  const kind = /Sonderkonferenz/.test(text) && !/Hauptkonferenz/.test(text) ? 'sonderkonferenz' : 'hauptkonferenz';
  return { number, year, kind, startDate, endDate, place, chairLand: null };
}

/** The chair from a participant list: the Land under which "(Vorsitz)" stands. */
export function chairFromParticipants(front: string[]): LandCode | null {
  let land: LandCode | null = null;
  for (const raw of front) {
    const line = raw.trim();
    const code = landCode(line);
    if (code) land = code;
    if (/\(Vorsitz\)/.test(line)) return land;
  }
  return null;
}
