// Formatting shared by every renderer: German dates and numbers, labels, file names, colours.
import { format, parseISO } from 'date-fns';
import { de } from 'date-fns/locale';
import type { Status } from '../../../domain/vocab.js';
import type { Report } from '../reports.schemas.js';

/**
 * C0 and C1 control characters other than tab and line breaks, U+FFFE/U+FFFF and lone surrogates:
 * XML, Excel and the PDF fonts refuse them, and a word processor is only confused by them.
 */
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** A deep copy of a report (or any JSON value) with `fn` applied to every string in it. */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out as T;
  }
  return value;
}

/** Shortens by characters, not UTF-16 units, so no emoji is cut in half. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : text;
}

/** "1 Jahr", "3 Jahre". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "23. April 2025". */
export function germanDate(iso: string): string {
  return format(parseISO(iso), 'd. MMMM yyyy', { locale: de });
}

/** "23.04.2025", for dense tables. */
export function germanShortDate(iso: string): string {
  return format(parseISO(iso), 'dd.MM.yyyy', { locale: de });
}

/** "23.–24. April 2025", "30. April – 1. Mai 2025", or one day. */
export function germanDateRange(start: string | null, end: string | null): string | null {
  if (!start) return end ? germanDate(end) : null;
  if (!end || end === start) return germanDate(start);
  const s = parseISO(start);
  const e = parseISO(end);
  if (s.getFullYear() !== e.getFullYear()) return `${germanDate(start)} – ${germanDate(end)}`;
  if (s.getMonth() !== e.getMonth()) return `${format(s, 'd. MMMM', { locale: de })} – ${germanDate(end)}`;
  return `${format(s, 'd.', { locale: de })}–${germanDate(end)}`;
}

/** "20. IntMK, 23.–24. April 2025 in Göttingen". */
export function conferenceLine(c: Report['conference']): string {
  const dates = germanDateRange(c.startDate, c.endDate);
  return [`${c.number}. IntMK`, dates ?? String(c.year)].join(', ') + (c.place ? ` in ${c.place}` : '');
}

const percentFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
/** "12 %" (German spacing), "0 %" for an empty total. */
export function percent(count: number, total: number): string {
  return `${percentFormat.format(total === 0 ? 0 : (100 * count) / total)}\u00a0%`;
}

export function audienceLabel(audience: Report['audience']): string {
  return audience === 'public' ? 'öffentliche Fassung' : 'interne Fassung (nicht zur Veröffentlichung)';
}

/** "TOP 4.5 Ziffer 2" or "TOP 4.5". */
export function topRef(top: string, ziffer: string | null): string {
  return ziffer ? `TOP ${top} Ziffer ${ziffer}` : `TOP ${top}`;
}

export function addresseeList(list: { name: string }[]): string {
  return list.map((a) => a.name).join(', ') || '–';
}

/** File name for `Content-Disposition`, ASCII only: "Erfolgskontrolle_20_IntMK_Stichtag_2026-11-20.docx". */
export function reportFileName(report: Report, ext: string): string {
  const internal = report.audience === 'internal' ? '_intern' : '';
  return `Erfolgskontrolle_${report.conference.number}_IntMK_Stichtag_${report.asOf}${internal}.${ext}`;
}

/** One colour per status, used by every chart and legend (colour-blind friendly order of hues). */
export const STATUS_COLORS: Record<Status, string> = {
  open: '#9e9e9e',
  under_examination: '#f2c14e',
  in_progress: '#f08a24',
  partially_fulfilled: '#8cc084',
  largely_fulfilled: '#4c9f70',
  fulfilled: '#1b6e3a',
  rejected: '#c0392b',
  reiterated: '#7b3f98',
  obsolete: '#5d6d7e',
  report_delivered: '#2e86c1',
};

/** The evidence of a Sachstand, one line each; the date only when the citation does not already say it. */
export function evidenceLines(update: NonNullable<Report['resolutions'][number]['demands'][number]['update']>): string[] {
  return update.evidence.map((e) => {
    const date =
      e.date && !e.citation.includes(germanShortDate(e.date)) && !e.citation.includes(e.date) ? ` (${germanShortDate(e.date)})` : '';
    return `${e.kindLabel}: ${e.citation}${date}`;
  });
}
