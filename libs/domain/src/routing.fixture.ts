// Reference data for the routing specs, read from the seed copies of reference/*.json (tests only).
import agenciesDoc from '../../../seeds/data/agencies.json' with { type: 'json' };
import requestTypesDoc from '../../../seeds/data/request-types.json' with { type: 'json' };
import routingDoc from '../../../seeds/data/routing.json' with { type: 'json' };
import topicsDoc from '../../../seeds/data/topics.json' with { type: 'json' };
import { ruleSetFromReferenceJson, type RoutingAgency, type RoutingReference } from './routing-rules.js';

export const agencies: RoutingAgency[] = agenciesDoc.agencies.map((a) => ({
  code: a.code,
  country: a.country,
  role: a.role,
}));

export const requestTypes = requestTypesDoc.requestTypes.map((t) => ({
  code: t.code,
  family: t.family,
  requiresAuthorization: t.noSurprises === 'authorization',
}));

export const topics: string[] = topicsDoc.topics.map((t) => t.code);

export const reference: RoutingReference = {
  agencies,
  requestTypes: requestTypes.map(({ code, family }) => ({ code, family })),
  topics,
  families: requestTypesDoc.families.map((f) => f.code),
};

/** A fresh copy on every call, so that a spec may corrupt it freely. */
export function referenceRuleSet() {
  return ruleSetFromReferenceJson(structuredClone(routingDoc));
}

export function requestTypeFacts(code: string) {
  const type = requestTypes.find((t) => t.code === code);
  if (!type) throw new Error(`Unknown request type ${code}`);
  return type;
}
