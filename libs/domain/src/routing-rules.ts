import { assertNever } from './assert-never.util.js';
import { isPriority, type Priority } from './request-status.js';

/** Rule kinds in precedence order (reference/routing.json `resolution.precedence`): the first kind with a match wins. */
export const ROUTING_RULE_KINDS = [
  'requestTypeOverride',
  'requestTypeDefault',
  'topicFamily',
  'familyDefault',
  'fallback',
] as const;
export type RoutingRuleKind = (typeof ROUTING_RULE_KINDS)[number];

/** Request facts a modifier may depend on. */
export const ROUTING_MODIFIER_FLAGS = ['involvesMexicanOfficials', 'usPersonnelOnMexicanSoil'] as const;
export type RoutingModifierFlag = (typeof ROUTING_MODIFIER_FLAGS)[number];

/** The hub: intake and owner of every folio; never a support, lead only where a rule says so. */
export const HUB_AGENCY = 'SRE-SSAN';
/** The ministry the hub belongs to: copied as the hub, so never routed to as a separate agency. */
export const MINISTRY_AGENCY = 'SRE';
/** The federal judiciary: reached through FGR, never routed to. */
export const JUDICIARY_AGENCY = 'PJF';
/** Who grants prior authorization for `authorization` types and US personnel on Mexican soil. */
export const AUTHORIZER_AGENCY = 'GANS';

export interface RoutingRule {
  id: string;
  kind: RoutingRuleKind;
  topic: string | null;
  family: string | null;
  requestType: string | null;
  lead: string;
  support: string[];
  note?: string | null;
  source?: string | null;
}

export interface RoutingModifier {
  id: string;
  flag: RoutingModifierFlag;
  /** Types for which the flag triggers the modifier; null means every type. */
  appliesToRequestTypes: string[] | null;
  /** Types for which the modifier applies whatever the flag says (verification always puts US personnel on soil). */
  alwaysForRequestTypes?: string[];
  addSupport: string[];
  priorityFloor: Priority | null;
  requiresAuthorizationBy: string | null;
  condition?: string;
  note?: string | null;
  source?: string | null;
}

export interface RoutingRuleSetDocument {
  rules: RoutingRule[];
  modifiers: RoutingModifier[];
}

/** Reference facts the validator and resolver need. */
export interface RoutingAgency {
  code: string;
  country: string;
  /** hub | receiving | oversight | requesting */
  role: string;
}

export interface RoutingReference {
  agencies: RoutingAgency[];
  requestTypes: { code: string; family: string }[];
  topics: string[];
  /** Known request families; when absent, the families of `requestTypes`. */
  families?: string[];
}

export interface FieldProblem {
  field: string;
  code: string;
}

/** Every code `validateRuleSetDocument` and `checkRoutePlan` can return; each needs an en and es message. */
export const ROUTING_PROBLEM_CODES = [
  'required',
  'invalid_type',
  'invalid_value',
  'must_be_null',
  'duplicate_id',
  'unknown_kind',
  'unknown_flag',
  'unknown_agency',
  'unknown_request_type',
  'unknown_topic',
  'unknown_family',
  'invalid_priority',
  'us_agency',
  'judiciary',
  'hub_not_allowed',
  'not_receiving_agency',
  'duplicate',
  'lead_in_support',
  'duplicate_match',
  'fallback_missing',
  'fallback_duplicate',
] as const;
export type RoutingProblemCode = (typeof ROUTING_PROBLEM_CODES)[number];

export function isRoutingRuleKind(value: unknown): value is RoutingRuleKind {
  return typeof value === 'string' && (ROUTING_RULE_KINDS as readonly string[]).includes(value);
}

export function isRoutingModifierFlag(value: unknown): value is RoutingModifierFlag {
  return typeof value === 'string' && (ROUTING_MODIFIER_FLAGS as readonly string[]).includes(value);
}

/** An agency outside Mexico, or one that only sends requests: never routed to. */
export function isForeignAgency(agency: RoutingAgency): boolean {
  return agency.country !== 'MX' || agency.role === 'requesting';
}

/**
 * Why `code` cannot take routed work in a rule or plan, or null when it can. Only the Mexican-ness and the
 * judiciary are checked here; the hub's place depends on whether the code is a lead or a support.
 */
export function agencyProblem(code: string, agencies: ReadonlyMap<string, RoutingAgency>): RoutingProblemCode | null {
  const agency = agencies.get(code);
  if (!agency) return 'unknown_agency';
  if (isForeignAgency(agency)) return 'us_agency';
  if (code === JUDICIARY_AGENCY) return 'judiciary';
  return null;
}

/** The hub or the ministry it belongs to: both mean "SRE answers itself". */
export function isHubLike(code: string, agencies?: ReadonlyMap<string, RoutingAgency>): boolean {
  return code === HUB_AGENCY || code === MINISTRY_AGENCY || agencies?.get(code)?.role === 'hub';
}

/**
 * Problems with a rule-set document an admin submits, [] when it is valid. Paths name the offending value
 * (`rules[3].lead`, `modifiers[0].priorityFloor`); the document is checked whole rather than stopping at the
 * first problem so the editor can show them all at once.
 */
export function validateRuleSetDocument(doc: unknown, ref: RoutingReference): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isRecord(doc)) return [{ field: '', code: 'invalid_type' }];
  const ctx: Context = {
    problems,
    agencies: new Map(ref.agencies.map((a) => [a.code, a])),
    requestTypes: new Set(ref.requestTypes.map((t) => t.code)),
    topics: new Set(ref.topics),
    families: new Set(ref.families ?? ref.requestTypes.map((t) => t.family)),
  };
  const ids = new Map<string, string>();
  const claimId = (id: unknown, field: string) => {
    if (typeof id !== 'string') return;
    if (ids.has(id)) problems.push({ field, code: 'duplicate_id' });
    else ids.set(id, field);
  };

  if (!Array.isArray(doc.rules)) {
    problems.push({ field: 'rules', code: doc.rules === undefined ? 'required' : 'invalid_type' });
  } else {
    const matchKeys = new Set<string>();
    let fallbacks = 0;
    doc.rules.forEach((raw, i) => {
      const at = `rules[${i}]`;
      if (!isRecord(raw)) {
        problems.push({ field: at, code: 'invalid_type' });
        return;
      }
      checkId(ctx, raw.id, `${at}.id`);
      claimId(raw.id, `${at}.id`);
      const kind = raw.kind;
      if (!isRoutingRuleKind(kind)) {
        problems.push({ field: `${at}.kind`, code: kind === undefined ? 'required' : 'unknown_kind' });
      } else {
        if (kind === 'fallback' && ++fallbacks > 1) problems.push({ field: `${at}.kind`, code: 'fallback_duplicate' });
        const key = checkMatchFields(ctx, raw, kind, at);
        // A second fallback is already reported as such; its match key adds nothing.
        if (key !== null && kind !== 'fallback') {
          if (matchKeys.has(key)) problems.push({ field: at, code: 'duplicate_match' });
          matchKeys.add(key);
        }
      }
      const lead = checkLead(ctx, raw.lead, `${at}.lead`);
      checkSupports(ctx, raw.support, `${at}.support`, lead);
      checkOptionalText(ctx, raw.note, `${at}.note`);
      checkOptionalText(ctx, raw.source, `${at}.source`);
    });
    if (fallbacks === 0) problems.push({ field: 'rules', code: 'fallback_missing' });
  }

  if (!Array.isArray(doc.modifiers)) {
    problems.push({ field: 'modifiers', code: doc.modifiers === undefined ? 'required' : 'invalid_type' });
  } else {
    doc.modifiers.forEach((raw, i) => {
      const at = `modifiers[${i}]`;
      if (!isRecord(raw)) {
        problems.push({ field: at, code: 'invalid_type' });
        return;
      }
      checkId(ctx, raw.id, `${at}.id`);
      claimId(raw.id, `${at}.id`);
      checkModifier(ctx, raw, at);
    });
  }
  return problems;
}

/**
 * The rule set inside a document shaped like reference/routing.json: only the fields the rule set keeps are
 * picked (notes and sources included, `holdUntilState` and the like dropped). Nothing is checked beyond the
 * outer shape: run `validateRuleSetDocument` on the result before using it.
 */
export function ruleSetFromReferenceJson(json: unknown): RoutingRuleSetDocument {
  if (!isRecord(json) || !Array.isArray(json.rules) || !Array.isArray(json.modifiers)) {
    throw new TypeError('Expected a routing document with `rules` and `modifiers` arrays');
  }
  const rules = json.rules.map((raw: unknown) => {
    const r = isRecord(raw) ? raw : {};
    return {
      id: r.id,
      kind: r.kind,
      topic: r.topic ?? null,
      family: r.family ?? null,
      requestType: r.requestType ?? null,
      lead: r.lead,
      support: r.support,
      note: r.note ?? null,
      source: r.source ?? null,
    } as RoutingRule;
  });
  const modifiers = json.modifiers.map((raw: unknown) => {
    const m = isRecord(raw) ? raw : {};
    const modifier = {
      id: m.id,
      flag: m.flag,
      appliesToRequestTypes: m.appliesToRequestTypes ?? null,
      addSupport: m.addSupport,
      priorityFloor: m.priorityFloor ?? null,
      requiresAuthorizationBy: m.requiresAuthorizationBy ?? null,
      note: m.note ?? null,
      source: m.source ?? null,
    } as RoutingModifier;
    if (m.alwaysForRequestTypes !== undefined) modifier.alwaysForRequestTypes = m.alwaysForRequestTypes as string[];
    if (m.condition !== undefined) modifier.condition = m.condition as string;
    return modifier;
  });
  return { rules, modifiers };
}

// ---- checks ----

interface Context {
  problems: FieldProblem[];
  agencies: ReadonlyMap<string, RoutingAgency>;
  requestTypes: ReadonlySet<string>;
  topics: ReadonlySet<string>;
  families: ReadonlySet<string>;
}

/** The fields each kind matches on; the others must be null so that nobody reads a condition that is ignored. */
const MATCH_FIELDS: Record<RoutingRuleKind, readonly ('requestType' | 'topic' | 'family')[]> = {
  requestTypeOverride: ['requestType'],
  requestTypeDefault: ['requestType'],
  topicFamily: ['topic', 'family'],
  familyDefault: ['family'],
  fallback: [],
};

/** Checks the match fields of a rule; returns its match key, or null when a field is unusable. */
function checkMatchFields(
  ctx: Context,
  rule: Record<string, unknown>,
  kind: RoutingRuleKind,
  at: string,
): string | null {
  const used = MATCH_FIELDS[kind];
  let usable = true;
  for (const field of ['requestType', 'topic', 'family'] as const) {
    const value = rule[field];
    const path = `${at}.${field}`;
    if (!used.includes(field)) {
      if (value !== null && value !== undefined) ctx.problems.push({ field: path, code: 'must_be_null' });
      continue;
    }
    if (value === null || value === undefined || value === '') {
      ctx.problems.push({ field: path, code: 'required' });
      usable = false;
    } else if (typeof value !== 'string') {
      ctx.problems.push({ field: path, code: 'invalid_type' });
      usable = false;
    } else if (!knownSet(ctx, field).has(value)) {
      ctx.problems.push({ field: path, code: UNKNOWN_CODE[field] });
    }
  }
  if (!usable) return null;
  return [kind, ...used.map((field) => String(rule[field]))].join('\u0000');
}

const UNKNOWN_CODE = {
  requestType: 'unknown_request_type',
  topic: 'unknown_topic',
  family: 'unknown_family',
} as const;

function knownSet(ctx: Context, field: 'requestType' | 'topic' | 'family'): ReadonlySet<string> {
  switch (field) {
    case 'requestType':
      return ctx.requestTypes;
    case 'topic':
      return ctx.topics;
    case 'family':
      return ctx.families;
    default:
      return assertNever(field);
  }
}

function checkId(ctx: Context, id: unknown, field: string): void {
  if (id === undefined || id === null || id === '') ctx.problems.push({ field, code: 'required' });
  else if (typeof id !== 'string') ctx.problems.push({ field, code: 'invalid_type' });
  else if (id.trim() !== id || id.length > 64) ctx.problems.push({ field, code: 'invalid_value' });
}

/** A rule's lead may be the hub (advance notices, protests, the fallback) but never foreign or the judiciary. */
function checkLead(ctx: Context, lead: unknown, field: string): string | null {
  if (lead === undefined || lead === null || lead === '') {
    ctx.problems.push({ field, code: 'required' });
    return null;
  }
  if (typeof lead !== 'string') {
    ctx.problems.push({ field, code: 'invalid_type' });
    return null;
  }
  const problem = agencyProblem(lead, ctx.agencies);
  if (problem) ctx.problems.push({ field, code: problem });
  return lead;
}

function checkSupports(ctx: Context, supports: unknown, field: string, lead: string | null): void {
  if (supports === undefined || supports === null) {
    ctx.problems.push({ field, code: 'required' });
    return;
  }
  if (!Array.isArray(supports)) {
    ctx.problems.push({ field, code: 'invalid_type' });
    return;
  }
  const seen = new Set<string>();
  supports.forEach((code: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof code !== 'string' || code === '') {
      ctx.problems.push({ field: at, code: code === '' ? 'required' : 'invalid_type' });
      return;
    }
    const problem = agencyProblem(code, ctx.agencies);
    if (problem) ctx.problems.push({ field: at, code: problem });
    else if (isHubLike(code, ctx.agencies)) ctx.problems.push({ field: at, code: 'hub_not_allowed' });
    else if (code === lead) ctx.problems.push({ field: at, code: 'lead_in_support' });
    else if (seen.has(code)) ctx.problems.push({ field: at, code: 'duplicate' });
    seen.add(code);
  });
}

function checkModifier(ctx: Context, m: Record<string, unknown>, at: string): void {
  if (m.flag === undefined || m.flag === null) ctx.problems.push({ field: `${at}.flag`, code: 'required' });
  else if (!isRoutingModifierFlag(m.flag)) ctx.problems.push({ field: `${at}.flag`, code: 'unknown_flag' });

  if (m.appliesToRequestTypes === undefined) {
    ctx.problems.push({ field: `${at}.appliesToRequestTypes`, code: 'required' });
  } else if (m.appliesToRequestTypes !== null) {
    checkRequestTypeList(ctx, m.appliesToRequestTypes, `${at}.appliesToRequestTypes`);
  }
  if (m.alwaysForRequestTypes !== undefined) {
    checkRequestTypeList(ctx, m.alwaysForRequestTypes, `${at}.alwaysForRequestTypes`);
  }

  checkSupports(ctx, m.addSupport, `${at}.addSupport`, null);

  if (m.priorityFloor === undefined) ctx.problems.push({ field: `${at}.priorityFloor`, code: 'required' });
  else if (m.priorityFloor !== null && !(typeof m.priorityFloor === 'string' && isPriority(m.priorityFloor))) {
    ctx.problems.push({ field: `${at}.priorityFloor`, code: 'invalid_priority' });
  }

  const authorizer = m.requiresAuthorizationBy;
  const authorizerField = `${at}.requiresAuthorizationBy`;
  if (authorizer === undefined) ctx.problems.push({ field: authorizerField, code: 'required' });
  else if (authorizer !== null) {
    if (typeof authorizer !== 'string') ctx.problems.push({ field: authorizerField, code: 'invalid_type' });
    else {
      const problem = agencyProblem(authorizer, ctx.agencies);
      if (problem) ctx.problems.push({ field: authorizerField, code: problem });
    }
  }

  if (m.condition !== undefined && typeof m.condition !== 'string') {
    ctx.problems.push({ field: `${at}.condition`, code: 'invalid_type' });
  }
  checkOptionalText(ctx, m.note, `${at}.note`);
  checkOptionalText(ctx, m.source, `${at}.source`);
}

function checkRequestTypeList(ctx: Context, list: unknown, field: string): void {
  if (!Array.isArray(list)) {
    ctx.problems.push({ field, code: 'invalid_type' });
    return;
  }
  const seen = new Set<string>();
  list.forEach((code: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof code !== 'string') ctx.problems.push({ field: at, code: 'invalid_type' });
    else if (!ctx.requestTypes.has(code)) ctx.problems.push({ field: at, code: 'unknown_request_type' });
    else if (seen.has(code)) ctx.problems.push({ field: at, code: 'duplicate' });
    else seen.add(code);
  });
}

function checkOptionalText(ctx: Context, value: unknown, field: string): void {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    ctx.problems.push({ field, code: 'invalid_type' });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
