import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../shared/api.js';
import { notAcceptable, unauthorized } from '../../shared/errors.js';
import { reportFileName } from './render/format.js';
import { HTML_CSP } from './render/html.js';
import { contentTypeOf, MEDIA_TYPES } from './render/index.js';
import type { RenderPool } from './render/pool.js';
import { createRenders, type RenderOptions } from './render/renders.js';
import { REPORT_FORMATS, type Report, type ReportFormat, reportParams, reportQuery, reportSchema } from './reports.schemas.js';

const BY_MEDIA_TYPE = new Map<string, ReportFormat>(Object.entries(MEDIA_TYPES).map(([format, type]) => [type, format as ReportFormat]));
BY_MEDIA_TYPE.set('text/x-markdown', 'md');
BY_MEDIA_TYPE.set('application/xhtml+xml', 'html');

/**
 * The format the Accept header asks for: the acceptable media type with the highest quality, in
 * the client's order on ties; wildcards match JSON first. Null when nothing offered is acceptable.
 */
export function negotiate(accept: string | undefined): ReportFormat | null {
  if (!accept?.trim()) return 'json';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { type, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { type } of ranges) {
    if (type === '*/*' || type === 'application/*') return 'json';
    if (type === 'text/*') return 'html';
    const format = BY_MEDIA_TYPE.get(type);
    if (format) return format;
  }
  return null;
}

export const reportsRoutes: FastifyPluginAsyncZod<{ pool: RenderPool | null; renders?: RenderOptions }> = async (
  app,
  { pool, renders: renderOptions },
) => {
  const service = app.services.reports;
  const renders = createRenders(pool, renderOptions);

  app.get('/conferences/:number/erfolgskontrolle', {
    config: { access: 'public', responseCache: false },
    schema: {
      tags: ['Berichte'],
      operationId: 'getErfolgskontrolle',
      summary: 'Erfolgskontrolle einer Konferenz (JSON, HTML, Markdown, DOCX, PDF, CSV, XLSX)',
      description:
        'Der Bericht des Vorsitzes über die Beschlüsse der Konferenz, vorgelegt zur nächsten Konferenz. Das Format folgt `format` oder dem `Accept`-Header. Stichtag (`asOf`): nur Sachstände mit Datum bis zu diesem Tag zählen, derselbe Stichtag ergibt denselben Bericht. `audience=public` (Standard) lässt alles Interne weg, auch aus Zählungen und Grafiken; `audience=internal` nur mit Anmeldung (ohne Token: 401).',
      params: reportParams,
      querystring: reportQuery,
      response: { 200: reportSchema, ...errorResponses(404, 406, 422, 503) },
    },
    handler: async (req, reply) => {
      const { format: asked, ...reportOptions } = req.query;
      // The route is public (the public report is), so the auth plugin lets anonymous callers
      // through: the internal audience is refused here. This route never uses the response cache.
      if (reportOptions.audience === 'internal' && !req.actor) {
        reply.header('www-authenticate', 'Bearer');
        throw unauthorized(
          'reports.internal_requires_login',
          'Der interne Bericht (audience=internal) ist nur mit Anmeldung abrufbar: Kopf „Authorization: Bearer <Token>“. Ohne Anmeldung gibt es den öffentlichen Bericht (audience=public).',
        );
      }
      const format = asked ?? negotiate(req.headers.accept);
      if (!format) {
        throw notAcceptable(
          'reports.not_acceptable',
          `Der Bericht ist nur lieferbar als ${Object.values(MEDIA_TYPES).join(', ')}. Alternativ „format“ angeben: ${REPORT_FORMATS.join(', ')}.`,
        );
      }
      const headers = (fileName: string) => {
        reply
          .header('vary', 'Accept')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', `${format === 'json' || format === 'html' ? 'inline' : 'attachment'}; filename="${fileName}"`);
        if (format === 'html') reply.header('content-security-policy', HTML_CSP);
      };
      // The zod type provider types JSON bodies only; strings and buffers bypass the serializer.
      const send = (body: Buffer | string, from: string) =>
        reply
          .header('x-render', from)
          .type(contentTypeOf(format))
          .send(body as unknown as Report);
      // The same request while nothing was written: its document, without building the report.
      const versionKey = format === 'json' ? null : service.versionKey(req.params.number, reportOptions);
      const early = format !== 'json' && versionKey ? renders.cached(format, versionKey) : undefined;
      if (early) {
        headers(early.fileName);
        return send(early.body, 'cache');
      }
      const report = service.build(req.params.number, reportOptions);
      const fileName = reportFileName(report, format);
      headers(fileName);
      if (format === 'json') return report;
      // Per caller: the account, or the client address for anonymous requests.
      const caller = req.actor ? `user:${req.actor.userId}` : `ip:${req.ip}`;
      const { body, from } = await renders.render(report, format, caller, versionKey ? { versionKey, fileName } : undefined);
      return send(body, from);
    },
  });
};
