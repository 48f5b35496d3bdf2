// The status rule as pure functions: no database, no app.
import { describe, expect, it } from 'vitest';
import {
  compareUpdates,
  demandYearsOpen,
  isOverdue,
  latestMember,
  latestUpdate,
  statusOf,
  threadYearsOpen,
  UPDATE_ORDER,
  updateOrderSql,
} from '../src/domain/status.js';
import type { Status } from '../src/domain/vocab.js';

const u = (id: number, asOf: string, status: Status, extra: { created?: string; retracted?: boolean } = {}) => ({
  id,
  asOf,
  status,
  created: extra.created ?? `${asOf}T10:00:00.000Z`,
  retracted: extra.retracted ?? false,
});

describe('latestUpdate', () => {
  it('is undefined without updates, and the status is then open', () => {
    expect(latestUpdate([])).toBeUndefined();
    expect(statusOf(latestUpdate([]))).toBe('open');
  });

  it('takes the latest as-of date, whatever the order of logging', () => {
    const updates = [u(1, '2025-03-01', 'in_progress'), u(2, '2025-05-01', 'fulfilled'), u(3, '2025-04-01', 'partially_fulfilled')];
    expect(latestUpdate(updates)?.id).toBe(2);
  });

  it('a back-dated update, logged later, does not override a later one', () => {
    const later = u(1, '2025-06-01', 'fulfilled', { created: '2025-06-02T08:00:00.000Z' });
    const backDated = u(2, '2025-01-15', 'in_progress', { created: '2025-07-01T08:00:00.000Z' });
    expect(latestUpdate([later, backDated])?.id).toBe(1);
  });

  it('breaks a tie of the as-of date by the time logged, then by id', () => {
    const a = u(1, '2025-05-01', 'in_progress', { created: '2025-05-01T12:00:00.000Z' });
    const b = u(2, '2025-05-01', 'fulfilled', { created: '2025-05-01T09:00:00.000Z' });
    expect(latestUpdate([a, b])?.id).toBe(1);
    const c = u(3, '2025-05-01', 'rejected', { created: '2025-05-01T12:00:00.000Z' });
    expect(latestUpdate([c, a])?.id).toBe(3);
    expect(latestUpdate([a, c])?.id).toBe(3);
  });

  it('a retracted update does not count; the one before it sets the status again', () => {
    const updates = [u(1, '2025-03-01', 'in_progress'), u(2, '2025-05-01', 'fulfilled', { retracted: true })];
    expect(latestUpdate(updates)?.id).toBe(1);
    expect(statusOf(latestUpdate([u(2, '2025-05-01', 'fulfilled', { retracted: true })]))).toBe('open');
  });

  it('a correction replaces the corrected update (retracted), even when it is dated earlier', () => {
    const corrected = u(1, '2025-05-01', 'fulfilled', { retracted: true });
    const correction = u(2, '2025-04-20', 'partially_fulfilled', { created: '2025-05-10T08:00:00.000Z' });
    expect(latestUpdate([corrected, correction])?.status).toBe('partially_fulfilled');
  });

  it('as known on a day: later updates do not count yet', () => {
    const updates = [u(1, '2025-03-01', 'in_progress'), u(2, '2025-05-01', 'fulfilled')];
    expect(latestUpdate(updates, { asOf: '2025-04-30' })?.id).toBe(1);
    expect(latestUpdate(updates, { asOf: '2025-05-01' })?.id).toBe(2);
    expect(latestUpdate(updates, { asOf: '2025-01-01' })).toBeUndefined();
  });
});

describe('the ordering as SQL', () => {
  it('is generated from the same constant as compareUpdates', () => {
    expect(updateOrderSql('s', 'DESC')).toBe('s.as_of DESC, s.created DESC, s.id DESC');
    expect(updateOrderSql('x', 'ASC')).toBe('x.as_of ASC, x.created ASC, x.id ASC');
    expect(UPDATE_ORDER.map((o) => o.field)).toEqual(['asOf', 'created', 'id']);
    expect(compareUpdates(u(1, '2025-01-01', 'open'), u(2, '2025-01-01', 'open'))).toBeLessThan(0);
  });
});

describe('latestMember', () => {
  const m = (id: number, raisedOn: string, position: number, status: Status) => ({ id, raisedOn, position, status });
  const key = (x: { raisedOn: string; position: number }) => x;

  it('is the member raised last, whatever its position', () => {
    const members = [m(1, '2023-06-01', 2, 'open'), m(2, '2025-06-05', 0, 'fulfilled'), m(3, '2019-04-01', 1, 'in_progress')];
    expect(latestMember(members, key)?.id).toBe(2);
  });

  it('a thread whose latest member is fulfilled is fulfilled, even with earlier open members', () => {
    const members = [m(1, '2011-03-01', 0, 'open'), m(2, '2018-05-01', 1, 'in_progress'), m(3, '2025-06-05', 2, 'fulfilled')];
    const latest = latestMember(members, key);
    expect(latest?.status).toBe('fulfilled');
    expect(threadYearsOpen(latest?.status ?? 'open', 2011, '2026-01-01')).toBeNull();
  });

  it('among members of one conference, the later position', () => {
    const members = [m(1, '2025-06-05', 3, 'open'), m(2, '2025-06-05', 1, 'fulfilled')];
    expect(latestMember(members, key)?.id).toBe(1);
  });

  it('is undefined for a thread without members', () => {
    expect(latestMember([], key)).toBeUndefined();
  });
});

describe('isOverdue', () => {
  const today = '2026-01-15';
  it('open and past its due date', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-01-14', dueConference: null }, today)).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: '2026-01-15', dueConference: null }, today)).toBe(false);
  });
  it('open and its due conference has begun, or its year is over when undated', () => {
    expect(isOverdue({ status: 'in_progress', dueDate: null, dueConference: { startDate: '2025-06-05', year: 2025 } }, today)).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueDate: null, dueConference: { startDate: null, year: 2025 } }, today)).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueDate: null, dueConference: { startDate: null, year: 2026 } }, today)).toBe(false);
  });
  it('never when closed or without a due date', () => {
    expect(isOverdue({ status: 'fulfilled', dueDate: '2020-01-01', dueConference: null }, today)).toBe(false);
    expect(isOverdue({ status: 'open', dueDate: null, dueConference: null }, today)).toBe(false);
  });
});

describe('years open', () => {
  it('of a demand: whole years since it was raised, null once closed', () => {
    expect(demandYearsOpen('open', '2023-06-01', '2026-05-31')).toBe(2);
    expect(demandYearsOpen('open', '2023-06-01', '2026-06-01')).toBe(3);
    expect(demandYearsOpen('rejected', '2023-06-01', '2026-06-01')).toBeNull();
  });
  it('of a thread: calendar years since first raised', () => {
    expect(threadYearsOpen('in_progress', 2011, '2025-01-01')).toBe(14);
    expect(threadYearsOpen('obsolete', 2011, '2025-01-01')).toBeNull();
  });
});
