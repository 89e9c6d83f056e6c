import fc from 'fast-check';
import routingDoc from '../../../seeds/data/routing.json' with { type: 'json' };
import { agencies, reference, referenceRuleSet } from './routing.fixture.js';
import {
  ROUTING_PROBLEM_CODES,
  ruleSetFromReferenceJson,
  validateRuleSetDocument,
  type RoutingRuleSetDocument,
} from './routing-rules.js';

/** The reference rule set after `corrupt` has changed it, validated against the reference data. */
function problemsAfter(corrupt: (doc: any) => unknown) {
  const doc: any = referenceRuleSet();
  corrupt(doc);
  return validateRuleSetDocument(doc, reference);
}

const ruleIndex = (doc: RoutingRuleSetDocument, id: string) => doc.rules.findIndex((r) => r.id === id);
const modifierIndex = (doc: RoutingRuleSetDocument, id: string) => doc.modifiers.findIndex((m) => m.id === id);
const doc0 = referenceRuleSet();
const R001 = ruleIndex(doc0, 'R-001');
const R019 = ruleIndex(doc0, 'R-019');
const R068 = ruleIndex(doc0, 'R-068');
const R070 = ruleIndex(doc0, 'R-070');
const M001 = modifierIndex(doc0, 'M-001');
const M002 = modifierIndex(doc0, 'M-002');

describe('ruleSetFromReferenceJson', () => {
  it('keeps every rule and modifier of routing.json, with the fields the rule set stores', () => {
    const doc = ruleSetFromReferenceJson(routingDoc);
    expect(doc.rules).toHaveLength(routingDoc.rules.length);
    expect(doc.modifiers.map((m) => m.id)).toEqual(['M-001', 'M-002']);
    expect(doc.rules[R001]).toEqual({
      id: 'R-001',
      kind: 'requestTypeOverride',
      topic: null,
      family: null,
      requestType: 'mutual_legal_assistance',
      lead: 'FGR-INT',
      support: ['SHCP-UIF', 'CNBV'],
      note: expect.any(String),
      source: expect.any(String),
    });
    expect(doc.modifiers[M002]).toMatchObject({
      flag: 'usPersonnelOnMexicanSoil',
      appliesToRequestTypes: ['verification', 'capacity_building', 'coordinated_operation'],
      alwaysForRequestTypes: ['verification'],
      addSupport: [],
      priorityFloor: null,
      requiresAuthorizationBy: 'GANS',
    });
    expect(doc.modifiers[M002]).not.toHaveProperty('holdUntilState');
    expect(doc.modifiers[M001]).not.toHaveProperty('alwaysForRequestTypes');
  });

  it('refuses a document without rules and modifiers arrays', () => {
    expect(() => ruleSetFromReferenceJson(null)).toThrow(TypeError);
    expect(() => ruleSetFromReferenceJson({ rules: [] })).toThrow(TypeError);
    expect(() => ruleSetFromReferenceJson([])).toThrow(TypeError);
  });
});

describe('validateRuleSetDocument', () => {
  it('the reference routing.json validates clean', () => {
    expect(validateRuleSetDocument(referenceRuleSet(), reference)).toEqual([]);
  });

  it('the raw routing.json (extra fields such as holdUntilState) validates clean too', () => {
    expect(validateRuleSetDocument(structuredClone(routingDoc), reference)).toEqual([]);
  });

  it('families default to those of the request types when the reference does not list them', () => {
    const { families: _families, ...withoutFamilies } = reference;
    expect(validateRuleSetDocument(referenceRuleSet(), withoutFamilies)).toEqual([]);
  });

  describe('shapes and types', () => {
    it.each([null, 'rules', 42, []])('a document that is not an object (%p) is one problem at the root', (doc) => {
      expect(validateRuleSetDocument(doc, reference)).toEqual([{ field: '', code: 'invalid_type' }]);
    });

    it('missing lists are required, lists of the wrong type are invalid', () => {
      expect(validateRuleSetDocument({}, reference)).toEqual([
        { field: 'rules', code: 'required' },
        { field: 'modifiers', code: 'required' },
      ]);
      expect(validateRuleSetDocument({ rules: {}, modifiers: 'M-001' }, reference)).toEqual([
        { field: 'rules', code: 'invalid_type' },
        { field: 'modifiers', code: 'invalid_type' },
      ]);
    });

    it('an empty rule list has no fallback', () => {
      expect(validateRuleSetDocument({ rules: [], modifiers: [] }, reference)).toEqual([
        { field: 'rules', code: 'fallback_missing' },
      ]);
    });

    it('a rule or modifier that is not an object', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[3] = 'R-004' as any;
          doc.modifiers[1] = null as any;
        }),
      ).toEqual([
        { field: 'rules[3]', code: 'invalid_type' },
        { field: 'modifiers[1]', code: 'invalid_type' },
      ]);
    });

    it('fields of the wrong type', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].id = 7;
          doc.rules[R001].lead = 42;
          doc.rules[R001].support = 'SHCP-UIF';
          doc.rules[R001].note = 5;
          doc.rules[R019].support = ['CNI', 3];
          doc.rules[R019].topic = ['fentanyl_synthetics'];
          doc.modifiers[M001].addSupport = null;
          doc.modifiers[M001].condition = {};
          doc.modifiers[M002].requiresAuthorizationBy = 1;
          doc.modifiers[M002].appliesToRequestTypes = 'verification';
        }),
      ).toEqual([
        { field: `rules[${R001}].id`, code: 'invalid_type' },
        { field: `rules[${R001}].lead`, code: 'invalid_type' },
        { field: `rules[${R001}].support`, code: 'invalid_type' },
        { field: `rules[${R001}].note`, code: 'invalid_type' },
        { field: `rules[${R019}].topic`, code: 'invalid_type' },
        { field: `rules[${R019}].support[1]`, code: 'invalid_type' },
        { field: `modifiers[${M001}].addSupport`, code: 'required' },
        { field: `modifiers[${M001}].condition`, code: 'invalid_type' },
        { field: `modifiers[${M002}].appliesToRequestTypes`, code: 'invalid_type' },
        { field: `modifiers[${M002}].requiresAuthorizationBy`, code: 'invalid_type' },
      ]);
    });

    it('missing fields are required', () => {
      expect(
        problemsAfter((doc) => {
          delete doc.rules[R001].id;
          delete doc.rules[R001].kind;
          doc.rules[R001].lead = '';
          delete doc.rules[R001].support;
          delete doc.modifiers[M001].flag;
          delete doc.modifiers[M001].priorityFloor;
          delete doc.modifiers[M001].appliesToRequestTypes;
          delete doc.modifiers[M001].requiresAuthorizationBy;
        }),
      ).toEqual([
        { field: `rules[${R001}].id`, code: 'required' },
        { field: `rules[${R001}].kind`, code: 'required' },
        { field: `rules[${R001}].lead`, code: 'required' },
        { field: `rules[${R001}].support`, code: 'required' },
        { field: `modifiers[${M001}].flag`, code: 'required' },
        { field: `modifiers[${M001}].appliesToRequestTypes`, code: 'required' },
        { field: `modifiers[${M001}].priorityFloor`, code: 'required' },
        { field: `modifiers[${M001}].requiresAuthorizationBy`, code: 'required' },
      ]);
    });

    it('an id with surrounding blanks is invalid', () => {
      expect(problemsAfter((doc) => (doc.rules[R001].id = ' R-001'))).toEqual([
        { field: `rules[${R001}].id`, code: 'invalid_value' },
      ]);
    });
  });

  describe('ids', () => {
    it('duplicate rule ids are reported on the later rule', () => {
      expect(problemsAfter((doc) => (doc.rules[R019].id = 'R-001'))).toEqual([
        { field: `rules[${R019}].id`, code: 'duplicate_id' },
      ]);
    });

    it('a modifier may not reuse a rule id: proposals mix both in ruleIds', () => {
      expect(problemsAfter((doc) => (doc.modifiers[M002].id = 'R-070'))).toEqual([
        { field: `modifiers[${M002}].id`, code: 'duplicate_id' },
      ]);
    });
  });

  describe('kinds and match keys', () => {
    it('an unknown kind', () => {
      expect(problemsAfter((doc) => (doc.rules[R019].kind = 'topicOverride'))).toEqual([
        { field: `rules[${R019}].kind`, code: 'unknown_kind' },
      ]);
    });

    it('a topicFamily rule needs both topic and family', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R019].topic = null;
          delete doc.rules[R019].family;
        }),
      ).toEqual([
        { field: `rules[${R019}].topic`, code: 'required' },
        { field: `rules[${R019}].family`, code: 'required' },
      ]);
    });

    it('a request-type rule needs its request type, a family default its family', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].requestType = null;
          doc.rules[R068].family = '';
        }),
      ).toEqual([
        { field: `rules[${R001}].requestType`, code: 'required' },
        { field: `rules[${R068}].family`, code: 'required' },
      ]);
    });

    it('fields the kind does not match on must be null, so that nobody reads an ignored condition', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].topic = 'firearms';
          doc.rules[R068].requestType = 'mutual_legal_assistance';
          doc.rules[R070].family = 'INTEL';
        }),
      ).toEqual([
        { field: `rules[${R001}].topic`, code: 'must_be_null' },
        { field: `rules[${R068}].requestType`, code: 'must_be_null' },
        { field: `rules[${R070}].family`, code: 'must_be_null' },
      ]);
    });

    it('unknown request type, topic and family codes', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].requestType = 'mla';
          doc.rules[R019].topic = 'fentanyl';
          doc.rules[R068].family = 'JUDICIAL';
        }),
      ).toEqual([
        { field: `rules[${R001}].requestType`, code: 'unknown_request_type' },
        { field: `rules[${R019}].topic`, code: 'unknown_topic' },
        { field: `rules[${R068}].family`, code: 'unknown_family' },
      ]);
    });

    it('two rules with the same kind and request type, or kind, topic and family, are ambiguous', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules.push({ ...doc.rules[R001], id: 'R-101', lead: 'FGR' });
          doc.rules.push({ ...doc.rules[R019], id: 'R-102' });
          doc.rules.push({ ...doc.rules[R068], id: 'R-103' });
        }),
      ).toEqual([
        { field: `rules[${doc0.rules.length}]`, code: 'duplicate_match' },
        { field: `rules[${doc0.rules.length + 1}]`, code: 'duplicate_match' },
        { field: `rules[${doc0.rules.length + 2}]`, code: 'duplicate_match' },
      ]);
    });

    it('the same request type under two different kinds is not ambiguous: precedence decides', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules.push({ ...doc.rules[R001], id: 'R-101', kind: 'requestTypeDefault' });
        }),
      ).toEqual([]);
    });

    it('no fallback rule', () => {
      expect(problemsAfter((doc) => doc.rules.splice(R070, 1))).toEqual([{ field: 'rules', code: 'fallback_missing' }]);
    });

    it('more than one fallback rule', () => {
      expect(problemsAfter((doc) => doc.rules.push({ ...doc.rules[R070], id: 'R-071' }))).toEqual([
        { field: `rules[${doc0.rules.length}].kind`, code: 'fallback_duplicate' },
      ]);
    });
  });

  describe('agencies', () => {
    it('an unknown agency as lead or support', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].lead = 'FGR-XYZ';
          doc.rules[R019].support[1] = 'MARINA';
        }),
      ).toEqual([
        { field: `rules[${R001}].lead`, code: 'unknown_agency' },
        { field: `rules[${R019}].support[1]`, code: 'unknown_agency' },
      ]);
    });

    it('a US agency can be neither lead nor support', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].lead = 'DOJ-OIA';
          doc.rules[R019].support.push('DEA');
        }),
      ).toEqual([
        { field: `rules[${R001}].lead`, code: 'us_agency' },
        { field: `rules[${R019}].support[4]`, code: 'us_agency' },
      ]);
    });

    it('the judiciary (PJF) is reached through FGR: never lead nor support', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].lead = 'PJF';
          doc.rules[R019].support.push('PJF');
        }),
      ).toEqual([
        { field: `rules[${R001}].lead`, code: 'judiciary' },
        { field: `rules[${R019}].support[4]`, code: 'judiciary' },
      ]);
    });

    it('the hub and SRE may lead a rule but never support one', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R001].lead = 'SRE-SSAN';
          doc.rules[R019].support.push('SRE-SSAN', 'SRE');
        }),
      ).toEqual([
        { field: `rules[${R019}].support[4]`, code: 'hub_not_allowed' },
        { field: `rules[${R019}].support[5]`, code: 'hub_not_allowed' },
      ]);
    });

    it('a support repeated, or the lead repeated as a support', () => {
      expect(
        problemsAfter((doc) => {
          doc.rules[R019].support.push('CNI', 'SSPC-SIIP');
        }),
      ).toEqual([
        { field: `rules[${R019}].support[4]`, code: 'duplicate' },
        { field: `rules[${R019}].support[5]`, code: 'lead_in_support' },
      ]);
    });
  });

  describe('modifiers', () => {
    it('an unknown flag', () => {
      expect(problemsAfter((doc) => (doc.modifiers[M001].flag = 'involvesOfficials'))).toEqual([
        { field: `modifiers[${M001}].flag`, code: 'unknown_flag' },
      ]);
    });

    it.each(['P0', 'P5', 'p2', 2, 'high'])('a bad priority floor (%p)', (floor) => {
      expect(problemsAfter((doc) => (doc.modifiers[M001].priorityFloor = floor))).toEqual([
        { field: `modifiers[${M001}].priorityFloor`, code: 'invalid_priority' },
      ]);
    });

    it('unknown or repeated request types in its lists', () => {
      expect(
        problemsAfter((doc) => {
          doc.modifiers[M002].appliesToRequestTypes.push('training', 'verification');
          doc.modifiers[M002].alwaysForRequestTypes = ['verify'];
        }),
      ).toEqual([
        { field: `modifiers[${M002}].appliesToRequestTypes[3]`, code: 'unknown_request_type' },
        { field: `modifiers[${M002}].appliesToRequestTypes[4]`, code: 'duplicate' },
        { field: `modifiers[${M002}].alwaysForRequestTypes[0]`, code: 'unknown_request_type' },
      ]);
    });

    it('its supports follow the rules for supports', () => {
      expect(
        problemsAfter((doc) => {
          doc.modifiers[M001].addSupport.push('SRE-SSAN', 'FBI', 'PJF', 'CNI', 'NOPE');
        }),
      ).toEqual([
        { field: `modifiers[${M001}].addSupport[2]`, code: 'hub_not_allowed' },
        { field: `modifiers[${M001}].addSupport[3]`, code: 'us_agency' },
        { field: `modifiers[${M001}].addSupport[4]`, code: 'judiciary' },
        { field: `modifiers[${M001}].addSupport[5]`, code: 'duplicate' },
        { field: `modifiers[${M001}].addSupport[6]`, code: 'unknown_agency' },
      ]);
    });

    it('the authorizer must be a Mexican agency', () => {
      expect(
        problemsAfter((doc) => {
          doc.modifiers[M002].requiresAuthorizationBy = 'NSC';
          doc.modifiers[M001].requiresAuthorizationBy = 'GANZ';
        }),
      ).toEqual([
        { field: `modifiers[${M001}].requiresAuthorizationBy`, code: 'unknown_agency' },
        { field: `modifiers[${M002}].requiresAuthorizationBy`, code: 'us_agency' },
      ]);
    });
  });

  it('every code it reports is one of ROUTING_PROBLEM_CODES (so each has a message)', () => {
    const problems = problemsAfter((doc) => {
      doc.rules[0].lead = 'DEA';
      doc.rules[1].support = ['PJF', 'SRE', 'SRE', 'X'];
      doc.rules[2].kind = 'nope';
      doc.rules[R070].kind = 'topicFamily';
      doc.modifiers[0].flag = 'x';
      doc.modifiers[1].priorityFloor = 'P9';
    });
    expect(problems.length).toBeGreaterThan(5);
    for (const p of problems) expect(ROUTING_PROBLEM_CODES).toContain(p.code);
  });

  // Properties: whichever rule is corrupted, the problem is named on that rule.
  const usAgencies = agencies.filter((a) => a.country !== 'MX').map((a) => a.code);
  const forbiddenSupports = ['SRE-SSAN', 'SRE', 'PJF', ...usAgencies];

  it('property: a US agency put in any rule as lead is reported on that rule', () => {
    fc.assert(
      fc.property(fc.nat({ max: doc0.rules.length - 1 }), fc.constantFrom(...usAgencies), (index, code) => {
        const problems = problemsAfter((doc) => (doc.rules[index].lead = code));
        expect(problems).toEqual([{ field: `rules[${index}].lead`, code: 'us_agency' }]);
      }),
    );
  });

  it('property: a hub, SRE, PJF or US agency added to any rule’s supports is reported at its index', () => {
    fc.assert(
      fc.property(fc.nat({ max: doc0.rules.length - 1 }), fc.constantFrom(...forbiddenSupports), (index, code) => {
        const at = doc0.rules[index].support.length;
        const problems = problemsAfter((doc) => doc.rules[index].support.push(code));
        expect(problems).toHaveLength(1);
        expect(problems[0].field).toBe(`rules[${index}].support[${at}]`);
        expect(['hub_not_allowed', 'judiciary', 'us_agency']).toContain(problems[0].code);
      }),
    );
  });
});
