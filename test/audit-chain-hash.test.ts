// The audit record's hash with the after text serialised ahead (shared/json.ts) is the hash of the
// record as written: the chain verifies the same whichever way it was computed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainHash } from '../src/modules/audit/audit.service.js';
import { JsonTail, jsonOf, quotedJsonOf, withJson } from '../src/shared/json.js';

describe('chain hash of a record whose after text was serialised ahead', () => {
  it('equals the hash of the record as written, for any text and with or without a client request id', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        // Binary: lone surrogates too, which JSON.stringify escapes.
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.option(fc.string(), { nil: null }),
        fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
        (id, rest, actor, clientRequestId, before) => {
          const value = withJson({}, `{"id":${id},`, new JsonTail(rest));
          const record = {
            at: '2026-12-06T07:00:00.000Z',
            user_id: 1,
            actor,
            request_id: 'r',
            client_request_id: clientRequestId,
            action: 'imports.create',
            entity: 'import',
            entity_id: String(id),
            before,
            after: jsonOf(value),
          };
          expect(chainHash('prev', record, quotedJsonOf(value))).toBe(chainHash('prev', record));
        },
      ),
    );
  });

  it('gives the serialisation it was told, and none to hash ahead without a tail', () => {
    const dto = { id: 7, text: '„Zitat“ \\ "quoted"\n\u0001' };
    const head = JSON.stringify(dto);
    expect(jsonOf(withJson({ ...dto }, `{"id":7,`, new JsonTail(head.slice('{"id":7,'.length))))).toBe(head);
    expect(jsonOf(dto)).toBe(head);
    expect(quotedJsonOf(withJson({}, head))).toBeUndefined();
  });
});
