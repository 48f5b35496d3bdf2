// A representation serialised ahead, elsewhere: a 1 MB import's new draft is 2.3 MB of JSON that
// the import worker serialises as UTF-8 bytes. Sent as those bytes, the event loop neither
// serialises it nor encodes a 2.3 MB string for the socket and the ETag (together 40-100 ms).

const serialised = new WeakMap<object, Buffer>();

/**
 * Records that `bytes` are `JSON.stringify(value)` as UTF-8, computed already; `value` must not
 * change afterwards.
 */
export function withJsonBytes<T extends object>(value: T, bytes: Buffer): T {
  serialised.set(value, bytes);
  return value;
}

/** `JSON.stringify(value)`, as the bytes withJsonBytes() recorded when it was given them. */
export function jsonOf(value: unknown): string | Buffer {
  const known = typeof value === 'object' && value !== null ? serialised.get(value) : undefined;
  return known ?? JSON.stringify(value);
}
