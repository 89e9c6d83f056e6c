import { assertNever } from './assert-never.util.js';
import { PRIORITIES, type Priority } from './request-status.js';
import {
  AUTHORIZER_AGENCY,
  HUB_AGENCY,
  JUDICIARY_AGENCY,
  MINISTRY_AGENCY,
  ROUTING_RULE_KINDS,
  agencyProblem,
  isHubLike,
  type FieldProblem,
  type RoutingAgency,
  type RoutingModifier,
  type RoutingRule,
  type RoutingRuleKind,
  type RoutingRuleSetDocument,
} from './routing-rules.js';

export interface RoutingInput {
  requestType: string;
  /** The family of the request type (request-types.json). */
  family: string;
  /** In the request's order: the first one decides routing. */
  topics: string[];
  priority: Priority;
  involvesMexicanOfficials: boolean;
  usPersonnelOnMexicanSoil: boolean;
  /** The request type's no-surprises class is `authorization`: GANS decides before anything is routed. */
  typeRequiresAuthorization?: boolean;
}

export interface RoutingProposal {
  lead: string;
  supports: string[];
  needsAuthorization: boolean;
  authorizer: string | null;
  /** The request's priority after modifier floors: never lower than the input's. */
  priority: Priority;
  /** The strongest floor any applied modifier set, or null. */
  priorityFloor: Priority | null;
  /** The matched rule first, then every applied modifier, in document order. */
  ruleIds: string[];
  ruleSetVersion: number;
}

/** Never proposed as a support, whatever a rule or modifier says. */
const NEVER_SUPPORT: ReadonlySet<string> = new Set([HUB_AGENCY, MINISTRY_AGENCY, JUDICIARY_AGENCY]);

/**
 * The routing proposal for a request (DESIGN §3, routing.json `resolution`): the first rule in precedence order
 * that matches gives the lead and supports, then every modifier whose condition holds adds supports, raises the
 * priority to its floor and may require prior authorization. The document is assumed valid
 * (`validateRuleSetDocument`); one without a fallback rule that matches nothing is an error.
 */
export function resolveRouting(
  doc: RoutingRuleSetDocument,
  ruleSetVersion: number,
  input: RoutingInput,
): RoutingProposal {
  const rule = matchRule(doc.rules, input);
  const supports: string[] = [];
  const addSupport = (code: string) => {
    if (code !== rule.lead && !NEVER_SUPPORT.has(code) && !supports.includes(code)) supports.push(code);
  };
  rule.support.forEach(addSupport);

  const ruleIds = [rule.id];
  let priorityFloor: Priority | null = null;
  let authorizer: string | null = null;
  for (const modifier of doc.modifiers) {
    if (!modifierApplies(modifier, input)) continue;
    ruleIds.push(modifier.id);
    modifier.addSupport.forEach(addSupport);
    if (modifier.priorityFloor !== null) {
      priorityFloor =
        priorityFloor === null ? modifier.priorityFloor : higherPriority(priorityFloor, modifier.priorityFloor);
    }
    authorizer ??= modifier.requiresAuthorizationBy;
  }
  if (input.typeRequiresAuthorization) authorizer ??= AUTHORIZER_AGENCY;

  return {
    lead: rule.lead,
    supports,
    needsAuthorization: authorizer !== null,
    authorizer,
    priority: priorityFloor === null ? input.priority : higherPriority(input.priority, priorityFloor),
    priorityFloor,
    ruleIds,
    ruleSetVersion,
  };
}

/** The rule that decides lead and supports: the first kind in precedence order with a match, first match within it. */
export function matchRule(rules: readonly RoutingRule[], input: RoutingInput): RoutingRule {
  for (const kind of ROUTING_RULE_KINDS) {
    const match = rules.find((rule) => rule.kind === kind && ruleMatches(rule, kind, input));
    if (match) return match;
  }
  throw new RangeError(`No routing rule matches request type '${input.requestType}' and the rule set has no fallback`);
}

function ruleMatches(rule: RoutingRule, kind: RoutingRuleKind, input: RoutingInput): boolean {
  switch (kind) {
    case 'requestTypeOverride':
    case 'requestTypeDefault':
      return rule.requestType === input.requestType;
    case 'topicFamily':
      return input.topics.length > 0 && rule.topic === input.topics[0] && rule.family === input.family;
    case 'familyDefault':
      return rule.family === input.family;
    case 'fallback':
      return true;
    default:
      return assertNever(kind);
  }
}

/** The modifier's flag is set for a type it covers, or the type always triggers it. */
export function modifierApplies(modifier: RoutingModifier, input: RoutingInput): boolean {
  if (modifier.alwaysForRequestTypes?.includes(input.requestType)) return true;
  const flagged = input[modifier.flag];
  return (
    flagged && (modifier.appliesToRequestTypes === null || modifier.appliesToRequestTypes.includes(input.requestType))
  );
}

/** P1 is the highest priority: the more urgent of the two. */
export function higherPriority(a: Priority, b: Priority): Priority {
  return PRIORITIES.indexOf(a) <= PRIORITIES.indexOf(b) ? a : b;
}

export interface RoutePlan {
  lead: string;
  supports: string[];
}

const TAKES_WORK: ReadonlySet<string> = new Set(['receiving', 'oversight']);

/**
 * Problems with a coordinator's routing plan, [] when it can be routed: field 'lead' or 'support[i]' with codes such
 * as not_receiving_agency, us_agency, judiciary, duplicate, lead_in_support, hub_not_allowed, required. Every agency
 * must be Mexican and take work (role receiving or oversight); the hub (or SRE) may lead only when the proposal
 * already makes it the lead, and is never a support.
 */
/** True when a plan leads or supports with other agencies than the rules proposed (order aside). */
export function departsFromProposal(plan: RoutePlan, proposal: Pick<RoutingProposal, 'lead' | 'supports'>): boolean {
  return (
    plan.lead !== proposal.lead ||
    plan.supports.length !== proposal.supports.length ||
    plan.supports.some((s) => !proposal.supports.includes(s))
  );
}

export function checkRoutePlan(plan: RoutePlan, proposal: RoutingProposal, agencies: RoutingAgency[]): FieldProblem[] {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const problems: FieldProblem[] = [];
  const roleProblem = (code: string): string | null => {
    const problem = agencyProblem(code, byCode);
    if (problem) return problem;
    if (isHubLike(code, byCode)) return 'hub_not_allowed';
    return TAKES_WORK.has(byCode.get(code)!.role) ? null : 'not_receiving_agency';
  };

  const lead = typeof plan.lead === 'string' ? plan.lead : '';
  if (lead === '') problems.push({ field: 'lead', code: 'required' });
  else if (!(lead === proposal.lead && isHubLike(lead, byCode) && byCode.has(lead))) {
    const problem = roleProblem(lead);
    if (problem) problems.push({ field: 'lead', code: problem });
  }

  if (!Array.isArray(plan.supports)) {
    problems.push({ field: 'supports', code: 'invalid_type' });
    return problems;
  }
  const seen = new Set<string>();
  (plan.supports as unknown[]).forEach((raw, i) => {
    const field = `support[${i}]`;
    const code = typeof raw === 'string' ? raw : '';
    if (code === '') {
      problems.push({ field, code: 'required' });
      return;
    }
    const problem = roleProblem(code);
    if (problem) problems.push({ field, code: problem });
    else if (code === lead) problems.push({ field, code: 'lead_in_support' });
    else if (seen.has(code)) problems.push({ field, code: 'duplicate' });
    seen.add(code);
  });
  return problems;
}
