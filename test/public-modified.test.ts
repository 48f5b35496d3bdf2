// `modified` (and so the ETag and `modified_since`) of resolutions and threads as anonymous readers
// see it: moved by changes the public can see, never by internal ones alone.
import { describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord } from './helper.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

async function read(t: T, as: 'anonymous' | 'reader', url: string) {
  const res = await t.request(as, url);
  expect(res.statusCode, res.body).toBe(200);
  return { body: json(res), etag: res.headers.etag as string };
}

async function write(t: T, method: 'PATCH' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const res = await t.app.inject({ as: 'admin', method, url, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res;
}

async function internalDemand(t: T, resolutionId: number) {
  const res = await write(t, 'POST', `/api/v1/resolutions/${resolutionId}/demands`, {
    kind: 'forderung',
    addressees: ['BMI'],
    wording: 'Die IntMK bittet vertraulich um einen Bericht.',
    summary: 'Vertraulicher Bericht',
    visibility: 'internal',
  });
  return json(res).id as number;
}

describe('public modified of resolutions', () => {
  it('an internal protocol note moves neither `modified`, the ETag nor `modified_since` for anonymous readers; a public change does', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const url = `/api/v1/resolutions/${resolutionId}`;
    const before = await read(t, 'anonymous', url);
    const readerBefore = await read(t, 'reader', url);

    await write(t, 'PATCH', url, { notes: [{ lands: ['BY'], text: 'Vertrauliche Protokollnotiz', visibility: 'internal' }] });
    const after = await read(t, 'anonymous', url);
    expect(after.body.modified).toBe(before.body.modified);
    expect(after.etag).toBe(before.etag);
    const readerAfter = await read(t, 'reader', url);
    expect(readerAfter.body.modified > readerBefore.body.modified).toBe(true);

    const since = new Date(new Date(before.body.modified).getTime() + 1).toISOString();
    const anonSince = json(await t.request('anonymous', `/api/v1/resolutions?modified_since=${since}`));
    expect(anonSince.total).toBe(0);
    const readerSince = json(await t.request('reader', `/api/v1/resolutions?modified_since=${since}`));
    expect(readerSince.items.map((r: { id: number }) => r.id)).toEqual([resolutionId]);

    // A public note is a change the public sees.
    await write(t, 'PATCH', url, {
      notes: [
        { lands: ['BY'], text: 'Vertrauliche Protokollnotiz', visibility: 'internal' },
        { lands: ['HE'], text: 'Hessen gibt eine Protokollerklärung ab.', visibility: 'public' },
      ],
    });
    const publicChange = await read(t, 'anonymous', url);
    expect(publicChange.body.modified > before.body.modified).toBe(true);
    expect(publicChange.body.modified).toBe((await read(t, 'reader', url)).body.modified);
    expect(publicChange.etag).not.toBe(before.etag);
    expect(json(await t.request('anonymous', `/api/v1/resolutions?modified_since=${since}`)).total).toBe(1);
  });

  it('a resolution that becomes public shows the time it did', async () => {
    const t = await createTestApp();
    const { resolutionId } = await minimalRecord(t.app);
    const url = `/api/v1/resolutions/${resolutionId}`;
    await write(t, 'PATCH', url, { visibility: 'internal' });
    expect((await t.request('anonymous', url)).statusCode).toBe(404);
    await write(t, 'PATCH', url, { title: 'Neuer Titel, noch intern' });
    const hiddenEdit = (await read(t, 'reader', url)).body.modified;
    await write(t, 'PATCH', url, { visibility: 'public' });
    const released = await read(t, 'anonymous', url);
    expect(released.body.modified > hiddenEdit).toBe(true);
    expect(released.body.modified).toBe((await read(t, 'reader', url)).body.modified);
  });
});

describe('public modified of threads', () => {
  async function fixture() {
    const t = await createTestApp();
    const { resolutionId, demandId } = await minimalRecord(t.app);
    const hiddenId = await internalDemand(t, resolutionId);
    const res = await write(t, 'POST', '/api/v1/threads', {
      title: 'Finanzierung der MBE',
      members: [{ demandId, relation: 'raised_first' }],
    });
    return { t, threadId: json(res).id as number, demandId, hiddenId, resolutionId };
  }

  it('adding, relabelling, reordering and removing an internal member leave the public thread unchanged', async () => {
    const { t, threadId, demandId, hiddenId } = await fixture();
    const url = `/api/v1/threads/${threadId}`;
    const before = await read(t, 'anonymous', url);
    const readerBefore = await read(t, 'reader', url);

    await write(t, 'POST', `${url}/members`, { demandId: hiddenId, relation: 'reiterated' });
    await write(t, 'PATCH', `${url}/members/${hiddenId}`, { relation: 'extended' });
    await write(t, 'PUT', `${url}/members/order`, { demandIds: [demandId, hiddenId] });
    let after = await read(t, 'anonymous', url);
    expect(after.body.modified).toBe(before.body.modified);
    expect(after.etag).toBe(before.etag);
    expect(after.body.memberCount).toBe(1);
    const readerAfter = await read(t, 'reader', url);
    expect(readerAfter.body.memberCount).toBe(2);
    expect(readerAfter.body.modified > readerBefore.body.modified).toBe(true);

    // Moving the internal member in front of the public one changes nothing the public sees either:
    // public positions are counted among public members.
    await write(t, 'PUT', `${url}/members/order`, { demandIds: [hiddenId, demandId] });
    await write(t, 'DELETE', `${url}/members/${hiddenId}`);
    after = await read(t, 'anonymous', url);
    expect(after.body.modified).toBe(before.body.modified);
    expect(after.etag).toBe(before.etag);

    const since = new Date(new Date(before.body.modified).getTime() + 1).toISOString();
    expect(json(await t.request('anonymous', `/api/v1/threads?modified_since=${since}`)).total).toBe(0);
    expect(json(await t.request('reader', `/api/v1/threads?modified_since=${since}`)).total).toBe(1);
  });

  it('a new title or a new public member moves it', async () => {
    const { t, threadId, resolutionId } = await fixture();
    const url = `/api/v1/threads/${threadId}`;
    const before = await read(t, 'anonymous', url);

    await write(t, 'PATCH', url, { title: 'Auskömmliche Finanzierung der MBE' });
    const renamed = await read(t, 'anonymous', url);
    expect(renamed.body.modified > before.body.modified).toBe(true);
    expect(renamed.etag).not.toBe(before.etag);

    const other = await write(t, 'POST', `/api/v1/resolutions/${resolutionId}/demands`, {
      kind: 'forderung',
      addressees: ['BREG'],
      wording: 'Die IntMK bekräftigt ihre Forderung.',
      summary: 'Bekräftigung',
    });
    await write(t, 'POST', `${url}/members`, { demandId: json(other).id, relation: 'reiterated' });
    const grown = await read(t, 'anonymous', url);
    expect(grown.body.memberCount).toBe(2);
    expect(grown.body.modified > renamed.body.modified).toBe(true);
    expect(grown.body.modified).toBe((await read(t, 'reader', url)).body.modified);
  });

  it('moves when a member demand goes public, is hidden or deleted, or its resolution is hidden', async () => {
    const { t, threadId, hiddenId, resolutionId } = await fixture();
    const url = `/api/v1/threads/${threadId}`;
    await write(t, 'POST', `${url}/members`, { demandId: hiddenId, relation: 'reiterated' });
    let last = (await read(t, 'anonymous', url)).body.modified as string;
    const since = (m: string) => new Date(new Date(m).getTime() + 1).toISOString();
    const movedSince = async (m: string) => json(await t.request('anonymous', `/api/v1/threads?modified_since=${since(m)}`)).total;

    // The internal member becomes public: the thread shows two members now.
    await write(t, 'PATCH', `/api/v1/demands/${hiddenId}`, { visibility: 'public' });
    let now = await read(t, 'anonymous', url);
    expect(now.body.memberCount).toBe(2);
    expect(now.body.modified > last).toBe(true);
    expect(await movedSince(last)).toBe(1);
    last = now.body.modified;

    // A change of a member that keeps it public is the demand's own change, not the thread's.
    await write(t, 'PATCH', `/api/v1/demands/${hiddenId}`, { dueDate: '2027-06-30' });
    expect((await read(t, 'anonymous', url)).body.modified).toBe(last);

    // Deleting a public member.
    await write(t, 'DELETE', `/api/v1/demands/${hiddenId}`);
    now = await read(t, 'anonymous', url);
    expect(now.body.memberCount).toBe(1);
    expect(now.body.modified > last).toBe(true);
    last = now.body.modified;

    // The resolution goes internal: the thread disappears for the public, and reappears later with
    // the time it did.
    await write(t, 'PATCH', `/api/v1/resolutions/${resolutionId}`, { visibility: 'internal' });
    expect((await t.request('anonymous', url)).statusCode).toBe(404);
    await write(t, 'PATCH', `/api/v1/resolutions/${resolutionId}`, { visibility: 'public' });
    now = await read(t, 'anonymous', url);
    expect(now.body.modified > last).toBe(true);
    expect(await movedSince(last)).toBe(1);
  });
});
