import { DomainError } from './errors.js';

/**
 * What the public sees of a record, without its own `modified`: compared before and after a write
 * to tell whether the public `modified` has to move. Null when the public cannot see the record.
 */
export function publicShape(read: () => { modified: string }): string | null {
  try {
    const { modified: _own, ...rest } = read();
    return JSON.stringify(rest);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return null;
    throw error;
  }
}
