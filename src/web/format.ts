import { format, parseISO } from 'date-fns';
import { de } from 'date-fns/locale/de';

/** `2025-04-24` → `24. April 2025`. */
export function dateLong(iso: string | null | undefined): string {
  return iso ? format(parseISO(iso), 'd. MMMM yyyy', { locale: de }) : '–';
}

/** `2025-04-24` → `24.04.2025`. */
export function dateShort(iso: string | null | undefined): string {
  return iso ? format(parseISO(iso), 'dd.MM.yyyy', { locale: de }) : '–';
}

/** A date-time → `24.04.2025, 14:05 Uhr`. */
export function dateTime(iso: string | null | undefined): string {
  return iso ? `${format(parseISO(iso), 'dd.MM.yyyy, HH:mm', { locale: de })} Uhr` : '–';
}

/** `23.–24. April 2025`, `30. April – 2. Mai 2025`, or one day. */
export function dateRange(start: string, end: string | null | undefined): string {
  if (!end || end === start) return dateLong(start);
  const a = parseISO(start);
  const b = parseISO(end);
  if (a.getFullYear() !== b.getFullYear()) return `${dateLong(start)} – ${dateLong(end)}`;
  if (a.getMonth() !== b.getMonth()) return `${format(a, 'd. MMMM', { locale: de })} – ${dateLong(end)}`;
  return `${format(a, 'd.', { locale: de })}–${dateLong(end)}`;
}

export function conferenceName(number: number): string {
  return `${number}. IntMK`;
}
