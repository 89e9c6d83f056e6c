/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object members sorted by the UTF-16 code units of their
 * names, no white space, strings escaped as ECMAScript's JSON.stringify does, numbers written as ECMAScript
 * writes them (shortest round-trip form, `-0` as `0`). The same value therefore always gives the same bytes,
 * which is what a hash over it needs.
 *
 * Beyond the RFC: a Date is written as its ISO-8601 UTC string, and an object member whose value is
 * `undefined` is left out (as JSON.stringify does). Anything JSON cannot say exactly (NaN, Infinity, bigint,
 * functions, symbols, lone surrogates, cycles, class instances) is refused rather than guessed.
 */
export class CanonicalJsonError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string = '',
  ) {
    super(`${reason} at ${path || '(root)'}`);
    this.name = 'CanonicalJsonError';
  }

  /** The same error, one level further out (the path is built only when something is wrong). */
  within(segment: string): CanonicalJsonError {
    const rest = this.path === '' || this.path.startsWith('[') ? this.path : `.${this.path}`;
    return new CanonicalJsonError(this.reason, `${segment}${rest}`);
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      // ECMAScript's Number-to-String is the serialization RFC 8785 §3.2.2.3 prescribes; -0 becomes "0".
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new CanonicalJsonError(`${typeof value} has no canonical JSON form`);
  }
  if (value === null) return 'null';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CanonicalJsonError('invalid date');
    return canonicalString(value.toISOString());
  }
  if (open.has(value)) throw new CanonicalJsonError('cycle');
  open.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += member(value[i] as unknown, `[${i}]`, open);
    }
    out += ']';
  } else {
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(`${value.constructor?.name ?? 'object'} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as RFC 8785 §3.2.3 asks.
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const k of keys) {
      const v = record[k];
      if (v === undefined) continue;
      if (!first) out += ',';
      first = false;
      out += `${canonicalString(k)}:${member(v, k, open)}`;
    }
    out += '}';
  }
  open.delete(value);
  return out;
}

function member(value: unknown, segment: string, open: Set<object>): string {
  try {
    return write(value, open);
  } catch (err) {
    throw err instanceof CanonicalJsonError ? err.within(segment) : err;
  }
}

function canonicalString(s: string): string {
  if (SURROGATE.test(s) && LONE_SURROGATE.test(s)) throw new CanonicalJsonError('string with a lone surrogate');
  return JSON.stringify(s);
}
