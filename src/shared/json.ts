// One serialisation of a large representation for everyone who needs it as JSON: the audit record,
// the response body and so its ETag. A 1 MB import's draft is 2.3 MB of JSON, and each
// JSON.stringify of it held the event loop for 15-25 ms.
const serialised = new WeakMap<object, string>();

/**
 * Records that `json` is `JSON.stringify(value)`, computed already; `value` must not change
 * afterwards (the text would no longer be its serialisation).
 */
export function withJson<T extends object>(value: T, json: string): T {
  serialised.set(value, json);
  return value;
}

/** `JSON.stringify(value)`, taken from withJson() when it was given. */
export function jsonOf(value: unknown): string {
  return (typeof value === 'object' && value !== null ? serialised.get(value) : undefined) ?? JSON.stringify(value);
}
