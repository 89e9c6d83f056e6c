import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { IS_EMAIL, ValidateBy, buildMessage, isEmail } from 'class-validator';
import { AppError, type FieldError } from './app-error.js';

/**
 * When a field breaks several constraints, the one reported: first whether it is there and of the right
 * kind, then its value, then its size (`12` as a title is "must be text", not "too long").
 */
const PRECEDENCE = [
  'whitelistValidation',
  'isDefined',
  'nestedValidation',
  'isObject',
  'isArray',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isIn',
  'isIso8601',
  'after_from',
  'isUuid',
  'isEmail',
  'isNotEmpty',
  'arrayUnique',
  'arrayMinSize',
  'arrayMaxSize',
  'min',
  'max',
  'minLength',
  'maxLength',
];
const rank = (constraint: string) => {
  const i = PRECEDENCE.indexOf(constraint);
  return i < 0 ? PRECEDENCE.length : i;
};

/** Flattens class-validator's tree into `{field: 'subjects[0].name', code, params}` entries, one per field. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    const [constraint] = Object.keys(e.constraints ?? {}).sort((a, b) => rank(a) - rank(b));
    if (constraint === 'whitelistValidation') {
      out.push({ field, code: 'unknown_field', params: {} });
    } else if (constraint && e.value === undefined) {
      out.push({ field, code: 'required', params: {} });
    } else if (constraint) {
      out.push({ field, code: constraint, params: paramsFor(constraint, e.constraints![constraint], e) });
    }
    if (e.children?.length) out.push(...toFieldErrors(e.children, field));
  }
  return out;
}

function paramsFor(code: string, text: string, e: ValidationError): Record<string, unknown> {
  const ctx = e.contexts?.[code] as Record<string, unknown> | undefined;
  if (ctx) return ctx;
  // class-validator keeps the bound only in its English text; recover the number for our own messages.
  const n = /(\d+)/.exec(text)?.[1];
  if (['maxLength', 'max', 'arrayMaxSize'].includes(code) && n) return { max: Number(n) };
  if (['minLength', 'min', 'arrayMinSize'].includes(code) && n) return { min: Number(n) };
  if (code === 'isIn') {
    const values = /following values: (.*)$/.exec(text)?.[1];
    return values ? { values } : {};
  }
  return {};
}

/**
 * The largest version (of a request, assignment, user, endpoint or rule set): they are PostgreSQL `integer`
 * columns, so a larger number names nothing and, sent to a query, would fail it (a 500) instead of missing.
 */
export const MAX_VERSION = 2_147_483_647;

/** A lone UTF-16 surrogate: in `u` mode a well-formed pair is one code point and does not match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * class-validator's @IsEmail (same constraint name, so the same message and precedence), except that text
 * with a lone surrogate is simply not an address: validator.js throws a URIError on it, which the problem
 * filter could only answer with a 500.
 */
export function IsEmailAddress(): PropertyDecorator {
  return ValidateBy({
    name: IS_EMAIL,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !LONE_SURROGATE.test(value) && isEmail(value),
      defaultMessage: buildMessage((each) => `${each}$property must be an email`),
    },
  });
}

/**
 * On a range's `to`: when both ends are given, `to` must be later than the field named (`from`). Its constraint
 * name is the error code every range reports (`after_from`); a malformed end is reported by its own check.
 */
export function IsLaterThan(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'after_from',
    constraints: [other],
    validator: {
      validate: (value: unknown, args) => {
        const start = (args?.object as Record<string, unknown> | undefined)?.[other];
        if (typeof value !== 'string' || typeof start !== 'string') return true;
        const [a, b] = [Date.parse(start), Date.parse(value)];
        return Number.isNaN(a) || Number.isNaN(b) || b > a;
      },
      defaultMessage: buildMessage((each) => `${each}$property must be later than ${other}`),
    },
  });
}

/** Far deeper than any real body (request → subjects → subject → field is 3); stops hostile nesting early. */
export const MAX_INPUT_DEPTH = 16;

/**
 * Far longer than any list a body may hold (the DTOs allow at most 50); a longer one is refused before
 * class-validator spends seconds and megabytes reporting every item.
 */
export const MAX_INPUT_ITEMS = 200;

/** Enough to show what is wrong; a hostile body must not turn into a huge answer. */
const MAX_SHAPE_ERRORS = 20;

/** Keys class-transformer drops without a word; they must be refused like any other unknown field. */
const SILENTLY_DROPPED_KEYS = new Set(['__proto__', 'constructor']);

/**
 * Checks the shape of raw input before class-transformer walks it: nesting beyond MAX_INPUT_DEPTH (its
 * recursion would overflow the stack), lists beyond MAX_INPUT_ITEMS, keys it would silently drop, and text
 * holding U+0000, which no text column can store.
 * Iterative, so depth cannot hurt it.
 */
export function inputShapeErrors(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_SHAPE_ERRORS) {
    const { value: v, path, depth } = stack.pop()!;
    // PostgreSQL cannot store U+0000 in text: refuse it here rather than fail in the query (a 500).
    if (typeof v === 'string' && v.includes('\u0000')) errors.push({ field: path, code: 'nul_character', params: {} });
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      errors.push({ field: path, code: 'too_deep', params: { max: MAX_INPUT_DEPTH } });
      continue;
    }
    if (Array.isArray(v)) {
      if (v.length > MAX_INPUT_ITEMS)
        errors.push({ field: path, code: 'arrayMaxSize', params: { max: MAX_INPUT_ITEMS } });
      else v.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const field = path ? `${path}.${key}` : key;
      if (SILENTLY_DROPPED_KEYS.has(key)) errors.push({ field, code: 'unknown_field', params: {} });
      else stack.push({ value: (v as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return errors;
}

/**
 * Checks a body's shape cannot express (reference codes, completeness, dates against the clock), run beside the
 * shape checks so that one answer names every problem. Given the raw body and the fields the shape check named.
 */
export type CrossCheck = (raw: unknown, alreadyNamed: ReadonlySet<string>) => Promise<FieldError[]>;
export type CrossChecks = ReadonlyMap<Function, CrossCheck>;

/** The top-level field an error is about: `topics[0]` and `subjects[1].name` are `topics` and `subjects`. */
const topField = (field: string) => /^[^.[]*/.exec(field)![0];

/** Nest's ValidationPipe, after the shape check above on bodies and query strings, and with cross-checks. */
class InputValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly crossChecks: CrossChecks,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const errors = inputShapeErrors(value);
      if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);
    }
    const cross = metadata.type === 'body' && metadata.metatype ? this.crossChecks.get(metadata.metatype) : undefined;
    if (!cross) return super.transform(value, metadata) as Promise<unknown>;
    let shape: FieldError[] = [];
    let transformed: unknown;
    try {
      transformed = await super.transform(value, metadata);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION.FAILED') throw err;
      shape = err.errors;
    }
    const more = await cross(value, new Set(shape.map((e) => topField(e.field))));
    if (shape.length + more.length > 0)
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [...shape, ...more]);
    return transformed;
  }
}

/**
 * Refuses unknown fields and answers with one problem entry per invalid field. Messages are filled in by
 * the problem filter in the caller's language.
 */
export function createValidationPipe(crossChecks: CrossChecks = new Map()): ValidationPipe {
  return new InputValidationPipe(
    {
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      // Values are read (to tell a missing field from a wrong one) but never copied into the response.
      validationError: { target: false, value: true },
      exceptionFactory: (errors) =>
        new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, toFieldErrors(errors)),
    },
    crossChecks,
  );
}
