// Turns extracted text into clean lines. PDF extraction leaves artefacts that would otherwise be
// read as content: trailing line numbers ("…der 17 "), running page headers and footers
// ("Seite 2 von 6", the conference banner on every page), link targets on their own line, and
// markdown remnants of converted documents (**bold**, <u>, <p>). Nothing here knows a TOP or a title.

export interface NormalizedText {
  lines: string[];
  /** True when the source numbers its lines (the PDF layout): blank lines then carry no meaning. */
  lineNumbered: boolean;
}

/**
 * Strips trailing blanks without a regex: `/[ \t]+$/` retries from every blank of a long run
 * that does not reach the end of the line, which is quadratic in the run's length.
 */
export function trimEndBlanks(line: string, tabs = true): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c === 32 || (tabs && c === 9)) end--;
    else break;
  }
  return end === line.length ? line : line.slice(0, end);
}

const MONTHS = 'Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember';

/** Lines that repeat on every page and are never content. */
const RUNNING_LINES: RegExp[] = [
  /^Seite\s+\d+\s+(von|\/)\s+\d+$/i,
  /^\d{1,2}\.\s*Integrationsminister\S*konferenz\s+\d{4}$/,
  // The place may be more than one word ("Frankfurt am Main", "Halle (Saale)").
  new RegExp(
    `^(?:Haupt|Sonder)konferenz\\s+(am\\s+)?\\d{1,2}\\.\\s*([\\/–-]\\s*\\d{1,2}\\.\\s*)?(${MONTHS})\\s+\\d{4}\\s+(?:in\\s+\\p{Lu}[\\p{L}\\s().-]{0,40}|(?:per|als)\\s+Video\\S*konferenz|digital|online)$`,
    'u',
  ),
  /^(file|https?):\/\/\S+$/,
  // A conference held by video: "Hauptkonferenz am 29. April 2021 per Videokonferenz".
  new RegExp(`^(?:Haupt|Sonder)konferenz\\s+(am\\s+)?\\d{1,2}\\.\\s*(${MONTHS})\\s+\\d{4}\\s+(?:per|als)\\s+Video\\S*konferenz$`, 'u'),
];

/** The first letters a running line can start with (each pattern above is anchored at ^). */
const RUNNING_FIRST = /^[SsHhf0-9]/;

export function isRunningLine(line: string): boolean {
  return RUNNING_FIRST.test(line) && RUNNING_LINES.some((r) => r.test(line));
}

/** What stripMarkup changes; most lines have none of it. */
const MARKUP = /[<*\u00a0\u2010\u2011]|^ /;

/** Removes markdown and HTML remnants that converted documents carry. */
function stripMarkup(line: string): string {
  if (!MARKUP.test(line)) return trimEndBlanks(line);
  const cleaned = line
    .replace(/<\/?(p|u|b|i|strong|em|br)\s*\/?>/gi, '')
    .replace(/\*\*/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/^[ ]+/, '');
  return trimEndBlanks(cleaned);
}

const TRAILING_NUMBER = /^(.*?)(\s?)(\d{1,3})$/;

/**
 * Strips trailing line numbers. A PDF numbers the lines of each resolution 1, 2, 3 …; a number
 * is only taken for a line number when it continues that count (or starts a new one at 1), so
 * a sentence that happens to end in a figure keeps it.
 */
function stripLineNumbers(lines: string[]): { lines: string[]; lineNumbered: boolean } {
  const candidates = lines.filter((l) => TRAILING_NUMBER.test(l)).length;
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  if (nonEmpty === 0 || candidates / nonEmpty < 0.3) return { lines, lineNumbered: false };
  let last = 0;
  const out = lines.map((line) => {
    // Headings carry their own ids ("TOP 1.1"), which are no line numbers.
    if (/^\s*TOP\s/.test(line)) return line;
    const lead = /^\s*(\d{1,3}) (\p{Ll}.*)$/u.exec(line);
    if (lead && Number(lead[1]) === last + 1) {
      // Some lines carry their number in front ("21 gierung, sich …").
      last += 1;
      return lead[2] ?? '';
    }
    const m = TRAILING_NUMBER.exec(line);
    if (!m) return line;
    const n = Number(m[3]);
    const body = m[1] ?? '';
    // A glued number ("an42") is only accepted when it continues the count exactly.
    const fits = n === last + 1 || (n === 1 && body.length > 0) || (m[2] === ' ' && n > last && n - last <= 3);
    if (!fits || body.trim() === '') return line;
    last = n;
    return body.trimEnd();
  });
  return { lines: out, lineNumbered: true };
}

export function normalizeText(input: string): NormalizedText {
  const text = input.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\f/g, '\n');
  // Running lines go first: "Seite 2 von 6" must not lose its "6" to the line-number rule.
  const raw = text
    .split('\n')
    .map((l) => trimEndBlanks(l.replace(/\t+/g, '\t'), false))
    .filter((l) => !isRunningLine(stripMarkup(l).trim()));
  const { lines: numbered, lineNumbered } = stripLineNumbers(raw);
  const lines = numbered.map(stripMarkup).filter((l) => !isRunningLine(l.trim()));
  return { lines, lineNumbered: lineNumbered || blankAfterEveryLine(lines) };
}

/**
 * Some conversions put a blank line after every printed line (the 16th IntMK's text): then blank
 * lines, like in a line-numbered text, carry no meaning and paragraphs follow from line lengths.
 * Counted over lines that end inside a sentence, which a real paragraph break never does.
 */
function blankAfterEveryLine(lines: string[]): boolean {
  let inside = 0;
  let blankAfter = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || /[.:;!?]["“”)]?$/.test(line)) continue;
    inside++;
    if (lines[i + 1]!.trim() === '') blankAfter++;
  }
  return inside >= 20 && blankAfter / inside > 0.6;
}

const KEEP_HYPHEN_BEFORE = /^(und|oder|bzw\.?|sowie|als|noch|wie)\b/;
/** Foreign prefixes that keep their hyphen ("non-formal"); German syllables never end a line like this. */
const HYPHEN_PREFIX = /(?:^|[\s(])(non|ex)-$/i;

/**
 * Joins wrapped lines into running text, undoing hyphenation: "Ministe-" + "rinnen" gives
 * "Ministerinnen", "Mecklenburg-" + "Vorpommern" keeps its hyphen, "Aus-" + "und Weiterbildung"
 * keeps hyphen and space.
 */
export function joinLines(lines: string[]): string {
  // Parts are collected and joined once: growing one string and looking at its end each time
  // flattens it on every line, which makes long texts quadratic.
  const parts: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const prev = parts[parts.length - 1];
    if (prev === undefined) {
      parts.push(line);
      continue;
    }
    if (/(\p{L})[-‐]$/u.test(prev)) {
      if (KEEP_HYPHEN_BEFORE.test(line)) parts.push(' ', line);
      else if (/^\p{Lu}/u.test(line) || /^\d/.test(line) || HYPHEN_PREFIX.test(prev)) parts.push(line);
      else {
        parts[parts.length - 1] = prev.slice(0, -1);
        parts.push(line);
      }
    } else if (prev.endsWith('/') && /^\p{Ll}/u.test(line)) {
      parts.push(line);
    } else {
      parts.push(' ', line);
    }
  }
  return parts
    .join('')
    .replace(/[ ]{2,}/g, ' ')
    .trim();
}
