// Hostile input of issue #13 (item 4): whatever the parser, the router or a route refuses is a German
// problem document, never fastify's English JSON and never a 5xx: NUL and lone surrogates, bad
// percent-encoding, unencoded umlauts in the request line, overlong URLs and headers, wrong methods.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, minimalRecord } from './helper.js';

/** Sends raw bytes (what inject() cannot: invalid request lines) and returns the parsed answer. */
function rawRequest(port: number, request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request, 'latin1'));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') });
    });
  });
}

function expectGermanProblem(res: { status: number; headers: string; body: string }, status: number, code: string) {
  expect(res.status, res.body).toBe(status);
  expect(res.headers).toMatch(/content-type: application\/problem\+json/i);
  const body = JSON.parse(res.body);
  expect(body).toMatchObject({ status, code });
  expect(body.title).not.toMatch(/Bad Request|Too Large|Too Long/);
  expect(typeof body.requestId).toBe('string');
  return body;
}

describe('the request line and headers, as sent over a socket', () => {
  it('an unencoded umlaut, an overlong URL or parameter, huge headers and a bad path are German problems', async () => {
    const { app } = await createTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;

    const umlaut = await rawRequest(port, 'GET /api/v1/search?q=Sprachförderung HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(expectGermanProblem(umlaut, 400, 'request.malformed').detail).toContain('Sprachf%C3%B6rderung');

    const longUrl = await rawRequest(port, `GET /api/v1/demands?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expectGermanProblem(longUrl, 414, 'request.uri_too_long');

    const longParam = await rawRequest(port, `GET /api/v1/conferences/${'1'.repeat(200)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expectGermanProblem(longParam, 414, 'request.uri_too_long');

    const headers = await rawRequest(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectGermanProblem(headers, 431, 'request.headers_too_large');

    const badPath = await rawRequest(port, 'GET /api/v1/conferences/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expectGermanProblem(badPath, 400, 'request.bad_url');
  });
});

describe('NUL, lone surrogates and bad percent-encoding', () => {
  it('NUL in q of search, demands and resolutions is 400, not 500', async () => {
    const { app } = await createTestApp();
    await minimalRecord(app);
    for (const url of ['/api/v1/search?q=a%00b', '/api/v1/demands?q=a%00b', '/api/v1/resolutions?q=a%00b']) {
      const res = await app.inject({ url, as: 'anonymous' });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(json(res).code).toBe('request.invalid_characters');
    }
  });

  it('a lone surrogate in a JSON body or a query is refused, not silently replaced', async () => {
    const { app } = await createTestApp();
    const { resolutionId } = await minimalRecord(app);
    const res = await app.inject({
      as: 'admin',
      method: 'POST',
      url: `/api/v1/resolutions/${resolutionId}/demands`,
      headers: { 'content-type': 'application/json' },
      payload:
        '{"ziffer":"2","kind":"forderung","addressees":["BREG"],"wording":"Halb \\ud800 Zeichen","summary":"x","topics":[],"responsible":[]}',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res)).toMatchObject({ code: 'request.invalid_characters', errors: [{ field: 'body.wording' }] });
    const nul = await app.inject({
      as: 'admin',
      method: 'PATCH',
      url: `/api/v1/resolutions/${resolutionId}`,
      payload: { title: 'Mit \u0000 NUL' },
    });
    expect(nul.statusCode).toBe(400);
    // %ED%A0%80 is a UTF-8-encoded surrogate, %E0%A4%A an incomplete sequence, 100% a bare percent sign.
    for (const q of ['a%ED%A0%80b', '%E0%A4%A', '100%']) {
      const bad = await app.inject({ url: `/api/v1/search?q=${q}`, as: 'anonymous' });
      expect(bad.statusCode, q).toBe(400);
      expect(json(bad).code).toBe('request.bad_encoding');
    }
    expect((await app.inject({ url: '/api/v1/search?q=Sprachf%C3%B6rderung', as: 'anonymous' })).statusCode).toBe(200);
  });

  it('a known path with another method is 405 with Allow; an unknown path stays 404', async () => {
    const { app } = await createTestApp();
    const res = await app.inject({ as: 'admin', method: 'PUT', url: '/api/v1/conferences' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res).code).toBe('route.method_not_allowed');
    const del = await app.inject({ as: 'admin', method: 'POST', url: '/api/v1/demands/5' });
    expect(del.statusCode).toBe(405);
    expect(del.headers.allow).toBe('DELETE, GET, PATCH');
    expect((await app.inject({ as: 'admin', method: 'PUT', url: '/api/v1/nothing' })).statusCode).toBe(404);
  });
});
