// One serialisation of a large representation for everyone who needs it as JSON: the audit record,
// the response body and so its ETag. A 1 MB import's draft is 2.3 MB of JSON, and each
// JSON.stringify of it held the event loop for 15-25 ms.

/**
 * The long rest of a JSON text, serialised ahead of the short head that is known only later (an
 * id from an insert), with what the audit's hash chain needs of it computed ahead too.
 */
export class JsonTail {
  /** `JSON.stringify(text)` without its opening quote, as UTF-8: the text as a JSON string's rest. */
  readonly quoted: Uint8Array;

  /** `quoted`, when given, is what the constructor would compute (elsewhere, e.g. in a worker). */
  constructor(
    readonly text: string,
    quoted?: Uint8Array,
  ) {
    this.quoted = quoted ?? Buffer.from(JSON.stringify(text).slice(1), 'utf8');
  }
}

const serialised = new WeakMap<object, { head: string; tail: JsonTail | null }>();

/**
 * Records that `head` (followed by `tail`) is `JSON.stringify(value)`, computed already; `value`
 * must not change afterwards. `head` must not end in half a surrogate pair (an ASCII head never does).
 */
export function withJson<T extends object>(value: T, head: string, tail: JsonTail | null = null): T {
  serialised.set(value, { head, tail });
  return value;
}

/** `JSON.stringify(value)`, taken from withJson() when it was given. */
export function jsonOf(value: unknown): string {
  const known = typeof value === 'object' && value !== null ? serialised.get(value) : undefined;
  if (!known) return JSON.stringify(value);
  return known.tail ? known.head + known.tail.text : known.head;
}

/**
 * `JSON.stringify(jsonOf(value))` as UTF-8 in pieces, when withJson() gave a tail (whose part was
 * computed ahead); otherwise undefined.
 */
export function quotedJsonOf(value: unknown): [Uint8Array, Uint8Array] | undefined {
  const known = typeof value === 'object' && value !== null ? serialised.get(value) : undefined;
  if (!known?.tail) return undefined;
  return [Buffer.from(JSON.stringify(known.head).slice(0, -1), 'utf8'), known.tail.quoted];
}
