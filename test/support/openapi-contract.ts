import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ApiResponse } from '@ventanilla/testing/http-client.js';

/** The parts of an OpenAPI 3.0 document that the response check reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: { schemas?: Record<string, unknown> };
}
interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}
type JsonObject = Record<string, unknown>;

/** The id the document is known by to ajv, so `#/components/schemas/X` resolves as `openapi.json#/…`. */
const DOCUMENT_ID = 'openapi.json';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
/** A body worth validating: JSON, including `application/problem+json`. */
const JSON_MEDIA = /^application\/(.+\+)?json$/;

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * One OpenAPI 3.0 schema as the JSON Schema ajv checks:
 * - `nullable: true` becomes "null, or what the rest allows". That is how the document's readers take it
 *   (openapi-typescript types such a field `T | null`, enums and `allOf` references included), whereas
 *   JSON Schema alone would let the field's `enum` or `$ref` refuse the null the server sends.
 * - An object that lists its properties is closed: a field the server sends and the document does not name
 *   is missing from every generated client type, so it counts as a disagreement. Objects that declare
 *   `additionalProperties` (free-form details, job data) keep what they say.
 * - References point into the document as ajv knows it.
 */
function toJsonSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.startsWith('#/') ? DOCUMENT_ID + value : value;
    else if (key === 'properties' && isObject(value))
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s)]));
    else if (['allOf', 'anyOf', 'oneOf'].includes(key) && Array.isArray(value)) out[key] = value.map(toJsonSchema);
    else if (['items', 'additionalProperties', 'not'].includes(key)) out[key] = toJsonSchema(value);
    else out[key] = value;
  }
  if (isObject(out.properties) && !('additionalProperties' in out)) out.additionalProperties = false;
  return schema.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

/** `/api/requests/{id}` as a pattern over a path as sent (segments percent-encoded, never holding `/`). */
function templatePattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

const describeErrors = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? [])
    .slice(0, 6)
    .map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
          : '';
      return `${e.dataPath || '(body)'} ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');

/**
 * Checks answers against the OpenAPI document the server publishes: the status must be one the operation
 * declares, the media type one it declares for that status, and a JSON body must match the declared
 * schema. The document is compiled once; each response schema on first use.
 */
export class ResponseContract {
  private readonly ajv: Ajv.Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  /** Literal segments first, so `/api/requests/queues` is found before `/api/requests/{id}`. */
  private readonly templates: Array<{ path: string; pattern: RegExp; literals: number }>;
  /** `METHOD path status` → how many answers were checked, for the run's summary. */
  readonly seen = new Map<string, number>();
  /** Answers whose JSON body was validated against a schema. */
  bodiesValidated = 0;

  constructor(private readonly doc: OpenApiDocument) {
    // allErrors: report every mismatch at once; formats (date-time, uuid, email…) are checked by ajv's own
    // definitions, and a format it does not know is ignored rather than failing the compilation.
    this.ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore', logger: false });
    const schemas = Object.fromEntries(
      Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(s)]),
    );
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
    this.templates = Object.keys(doc.paths)
      .map((path) => ({
        path,
        pattern: templatePattern(path),
        literals: path.split('/').filter((s) => s && !s.startsWith('{')).length,
      }))
      .sort((a, b) => b.literals - a.literals);
  }

  /**
   * The documented path a call to `url` reaches, if any: after the client resolves dot segments, and
   * without a trailing slash, which the router ignores.
   */
  operationAt(method: string, url: string): string | undefined {
    const path = new URL(url, 'http://localhost').pathname.replace(/(.)\/$/, '$1');
    return this.templates.find((t) => t.pattern.test(path) && this.doc.paths[t.path][method.toLowerCase()])?.path;
  }

  /** Every way `res` (the answer to `method` on the documented `path`) differs from the document. */
  mismatches(method: string, path: string, res: ApiResponse): string[] {
    const operation = this.doc.paths[path]?.[method.toLowerCase()];
    const where = `${method.toUpperCase()} ${path} → ${res.status}`;
    if (!operation || !METHODS.includes(method.toLowerCase())) return [`${where}: no such operation in the document`];
    const responses = operation.responses ?? {};
    const key = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) {
      return [`${where}: status not declared (the document declares ${Object.keys(responses).join(', ')})`];
    }
    const seenKey = `${method.toUpperCase()} ${path} ${res.status}`;
    this.seen.set(seenKey, (this.seen.get(seenKey) ?? 0) + 1);

    const declared = responses[key].content ?? {};
    const media = res.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
    const hasBody = res.body !== null && res.body !== undefined && (res.body as unknown) !== '';
    if (Object.keys(declared).length === 0) {
      return hasBody ? [`${where}: sends ${media ?? 'a body'}, but the document declares no content`] : [];
    }
    const types = Object.keys(declared).join(', ');
    if (!hasBody || !media) return [`${where}: sends no body, but the document declares ${types}`];
    if (!declared[media]) return [`${where}: sends ${media}, but the document declares ${types}`];
    const schema = declared[media].schema;
    if (!JSON_MEDIA.test(media) || schema === undefined) return [];

    const validate = this.validatorFor(`${method} ${path} ${key} ${media}`, schema);
    this.bodiesValidated++;
    return validate(res.body) ? [] : [`${where} (${media}): ${describeErrors(validate.errors)}`];
  }

  /** What was checked: operations and (operation, status) pairs seen, and bodies validated. */
  summary(): string {
    const operations = new Set([...this.seen.keys()].map((k) => k.split(' ').slice(0, 2).join(' ')));
    const answers = [...this.seen.values()].reduce((a, b) => a + b, 0);
    return (
      `${answers} answers checked against the OpenAPI document (${this.bodiesValidated} JSON bodies validated): ` +
      `${operations.size} operations, ${this.seen.size} operation/status pairs`
    );
  }

  private validatorFor(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
