// The typed client generated from the committed OpenAPI document talks to the real app.
import { describe, expect, it } from 'vitest';
import { createErfolgskontrolleClient } from '../src/client/index.js';
import { createTestApp } from './helper.js';

async function clientFor() {
  const { app } = await createTestApp({ seed: true });
  const fetch = async (input: Request): Promise<Response> => {
    const url = new URL(input.url);
    const body = input.body ? await input.text() : undefined;
    const res = await app.inject({
      as: 'admin',
      method: input.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(input.headers.entries()),
      ...(body !== undefined ? { payload: body } : {}),
    });
    return new Response(res.statusCode === 204 ? null : res.body, {
      status: res.statusCode,
      headers: res.headers as Record<string, string>,
    });
  };
  return createErfolgskontrolleClient({ baseUrl: 'http://localhost', fetch });
}

describe('generated client', () => {
  it('reads the seeded record with typed responses', async () => {
    const client = await clientFor();
    const { data, error } = await client.GET('/api/v1/conferences/{number}', { params: { path: { number: 20 } } });
    expect(error).toBeUndefined();
    expect(data?.place).toBe('Göttingen');
    const demands = await client.GET('/api/v1/demands', { params: { query: { conference: [20], addressee: ['KMK'], limit: 10 } } });
    expect(demands.data?.items.length).toBeGreaterThan(0);
    expect(demands.data?.items.every((d) => d.addressees.some((a) => a.code === 'KMK'))).toBe(true);
  });

  it('returns typed problem documents on errors', async () => {
    const client = await clientFor();
    const { data, error, response } = await client.GET('/api/v1/conferences/{number}', { params: { path: { number: 99 } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error?.code).toBe('conferences.not_found');
  });

  it('creates a status update through the client', async () => {
    const client = await clientFor();
    const list = await client.GET('/api/v1/demands', { params: { query: { conference: [20], limit: 1 } } });
    const id = list.data?.items[0]?.id as number;
    const created = await client.POST('/api/v1/demands/{id}/status-updates', {
      params: { path: { id } },
      body: {
        status: 'under_examination',
        asOf: '2025-10-01',
        narrative: 'Das Ressort prüft.',
        reporter: 'BMI',
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.statusLabel).toBe('in Prüfung');
  });
});
