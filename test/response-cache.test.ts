import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord } from './helper.js';

describe('GET response cache', () => {
  it('serves repeated reads from the cache and drops them after a write', async () => {
    const { app } = await createTestApp({ responseCacheBytes: 1024 * 1024 });
    const { demandId } = await minimalRecord(app);
    const first = await app.inject({ url: `/api/v1/demands/${demandId}`, as: 'anonymous' });
    expect(first.headers['x-cache']).toBe('miss');
    const second = await app.inject({ url: `/api/v1/demands/${demandId}`, as: 'anonymous' });
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toContain('application/json');

    const post = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/demands/${demandId}/status-updates`,
      payload: { status: 'fulfilled', asOf: '2025-06-01', narrative: 'Erledigt', reporter: 'NI' },
    });
    expect(post.statusCode).toBe(201);
    const third = await app.inject({ url: `/api/v1/demands/${demandId}`, as: 'anonymous' });
    expect(third.headers['x-cache']).toBe('miss');
    expect(json(third).status.key).toBe('fulfilled');
  });

  it('notices writes by another process through SQLite data_version', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ek-cache-')), 'db.sqlite');
    const { app } = await createTestApp({ responseCacheBytes: 1024 * 1024, path });
    await minimalRecord(app);
    expect(json(await app.inject({ url: '/api/v1/conferences/20', as: 'anonymous' })).place).toBe('Göttingen');
    expect((await app.inject({ url: '/api/v1/conferences/20', as: 'anonymous' })).headers['x-cache']).toBe('hit');
    const other = new Database(path);
    other.prepare("UPDATE conferences SET place = 'Hannover' WHERE number = 20").run();
    other.close();
    const after = await app.inject({ url: '/api/v1/conferences/20', as: 'anonymous' });
    expect(after.headers['x-cache']).toBe('miss');
    expect(json(after).place).toBe('Hannover');
  });

  it('never caches errors', async () => {
    const { app } = await createTestApp({ responseCacheBytes: 1024 * 1024 });
    await app.inject({ as: 'admin', url: '/api/v1/conferences/99' });
    const again = await app.inject({ as: 'admin', url: '/api/v1/conferences/99' });
    expect(again.statusCode).toBe(404);
    expect(again.headers['x-cache']).toBeUndefined();
  });
});
