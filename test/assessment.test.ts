// The Bewertung scale of the annex, derived from the detailed status by one mapping.
import { describe, expect, it } from 'vitest';
import { ASSESSMENT_LABELS, assessmentOf } from '../src/domain/assessment.js';
import { STATUSES } from '../src/domain/vocab.js';

describe('Bewertung', () => {
  it('maps every status to one step of the offices’ scale; an unfinished self-commitment is a Daueraufgabe', () => {
    const label = (s: (typeof STATUSES)[number], kind: 'forderung' | 'selbstverpflichtung' = 'forderung') =>
      ASSESSMENT_LABELS[assessmentOf(s, kind)];
    expect(Object.fromEntries(STATUSES.map((s) => [s, label(s)]))).toEqual({
      open: 'offen',
      under_examination: 'offen',
      in_progress: 'offen',
      partially_fulfilled: 'teilweise erledigt',
      largely_fulfilled: 'teilweise erledigt',
      fulfilled: 'erledigt',
      rejected: 'offen',
      reiterated: 'offen',
      obsolete: 'überholt',
      report_delivered: 'erledigt',
    });
    expect(label('open', 'selbstverpflichtung')).toBe('Daueraufgabe');
    expect(label('in_progress', 'selbstverpflichtung')).toBe('Daueraufgabe');
    expect(label('fulfilled', 'selbstverpflichtung')).toBe('erledigt');
  });
});
