// A WHERE clause built from optional list filters, with positional parameters in the order the
// conditions were added. Replaces the hand-built `where.push(…); params.push(…)` blocks.
import { placeholders } from './statements.js';

type Value = string | number | bigint | null;

export class Filter {
  private readonly conditions: string[] = [];
  /** The parameters of the conditions, in order; append LIMIT and OFFSET after them. */
  readonly params: Value[] = [];

  /** Adds a condition (its `?` take `values` in order). */
  and(sql: string, ...values: Value[]): this {
    this.conditions.push(sql);
    this.params.push(...values);
    return this;
  }

  /** Adds `sql` with `value` for each `?` in it, when the filter is given (not undefined, null or ''). */
  given(value: Value | undefined, sql: string): this {
    if (value === undefined || value === null || value === '') return this;
    const n = sql.split('?').length - 1;
    return this.and(sql, ...Array.from({ length: n }, () => value));
  }

  /** Adds `column IN (?, …)` when the list is given and not empty. */
  in(column: string, values: readonly Value[] | undefined): this {
    if (!values?.length) return this;
    return this.and(`${column} IN (${placeholders(values.length)})`, ...values);
  }

  /** `WHERE …` or '' without conditions. */
  get clause(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

export const filter = () => new Filter();

/** An ISO timestamp of a `modified_since`-like date, for comparison with stored timestamps. */
export const isoOrUndefined = (date: string | undefined): string | undefined => (date ? new Date(date).toISOString() : undefined);
