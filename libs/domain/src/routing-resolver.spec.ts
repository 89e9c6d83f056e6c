import fc from 'fast-check';
import samplesDoc from '../../../seeds/data/sample-requests.json' with { type: 'json' };
import { PRIORITIES, type Priority } from './request-status.js';
import { agencies, requestTypeFacts, requestTypes, referenceRuleSet, topics } from './routing.fixture.js';
import {
  checkRoutePlan,
  higherPriority,
  matchRule,
  resolveRouting,
  type RoutingInput,
  type RoutingProposal,
} from './routing-resolver.js';
import type { RoutingAgency, RoutingRuleSetDocument } from './routing-rules.js';

const doc = referenceRuleSet();
const VERSION = 3;
const byCode = new Map(agencies.map((a) => [a.code, a]));
const rank = (p: Priority) => PRIORITIES.indexOf(p);

/** A request of `type` about `topics`, with the type's family and authorization class from request-types.json. */
function input(type: string, topicList: string[], extra: Partial<RoutingInput> = {}): RoutingInput {
  const facts = requestTypeFacts(type);
  return {
    requestType: type,
    family: facts.family,
    topics: topicList,
    priority: 'P3',
    involvesMexicanOfficials: false,
    usPersonnelOnMexicanSoil: false,
    typeRequiresAuthorization: facts.requiresAuthorization,
    ...extra,
  };
}

describe('resolveRouting: the sample requests', () => {
  /**
   * Where a sample's expected supports come from the report (expectedSource=report), the report often names fewer
   * supports than the rules built from §6.1 add. These are the supports the rules add on top, and why; the lead,
   * the authorizer and every support the report does name must still come out of the rules.
   */
  const RULE_SUPPORTS_BEYOND_THE_SAMPLE: Record<string, string[]> = {
    // R-010 also copies SSPC and the state prosecutors (eTrace rollout); the sample names only the arms registry.
    'SSAN-2025-004377': ['SSPC', 'STATE-FISC'],
    // R-008 copies FGR (referral), SAT and CNBV from §6.1; the sample names no support.
    'SSAN-2025-004402': ['FGR', 'SAT', 'CNBV'],
    // R-009 picks CONASAMA as lead and so puts SALUD first in support; the sample names only COFEPRIS.
    'SSAN-2025-004455': ['SALUD'],
    // R-016 copies the Security Cabinet on every advance notice; the sample's notes say so.
    'SSAN-2025-004488': ['GABSEG'],
  };
  const EXPECTED_RULE_IDS: Record<string, string[]> = {
    'SSAN-2025-004211': ['R-003'],
    'SSAN-2025-004377': ['R-010'],
    'SSAN-2025-004390': ['R-020', 'M-002'],
    'SSAN-2025-004402': ['R-008'],
    'SSAN-2025-004455': ['R-009'],
    'SSAN-2025-004470': ['R-031'],
    'SSAN-2025-004488': ['R-016', 'M-001'],
    'SSAN-2025-004501': ['R-006'],
  };

  it('covers every sample', () => {
    expect(Object.keys(EXPECTED_RULE_IDS).sort()).toEqual(samplesDoc.requests.map((r) => r.folio).sort());
  });

  it.each(samplesDoc.requests.map((r) => [r.folio, r] as const))('%s', (folio, sample) => {
    const proposal = resolveRouting(
      doc,
      VERSION,
      input(sample.requestType, sample.topics, {
        priority: sample.priority as Priority,
        involvesMexicanOfficials: sample.flags.involvesMexicanOfficials,
        usPersonnelOnMexicanSoil: sample.flags.usPersonnelOnMexicanSoil,
      }),
    );
    expect(proposal.lead).toBe(sample.expected.lead);
    const beyond = RULE_SUPPORTS_BEYOND_THE_SAMPLE[folio] ?? [];
    expect([...proposal.supports].sort()).toEqual([...sample.expected.support, ...beyond].sort());
    expect(proposal.authorizer).toBe(sample.expected.requiresAuthorizationBy);
    expect(proposal.needsAuthorization).toBe(sample.expected.requiresAuthorizationBy !== null);
    expect(proposal.ruleIds).toEqual(EXPECTED_RULE_IDS[folio]);
    expect(proposal.ruleSetVersion).toBe(VERSION);
    // Case-specific supports (the officials' agency, a state prosecutor) are the coordinator's to add.
    for (const code of sample.expected.caseSupport) expect(proposal.supports).not.toContain(code);
    // No sample is below its modifiers' floors, so none changes priority.
    expect(proposal.priority).toBe(sample.priority);
  });

  it('where the report and the matrix disagree (SSAN-2025-004470) the matrix wins, as the sample records', () => {
    const sample = samplesDoc.requests.find((r) => r.folio === 'SSAN-2025-004470')!;
    expect(sample.expectedSource).toBe('rules');
    const proposal = resolveRouting(doc, VERSION, input(sample.requestType, sample.topics, { priority: 'P1' }));
    expect(proposal.lead).not.toBe(sample.reportStated!.lead);
  });
});

describe('resolveRouting: precedence', () => {
  it('a request-type override wins whatever the topic', () => {
    for (const topic of topics) {
      expect(resolveRouting(doc, 1, input('mutual_legal_assistance', [topic])).ruleIds[0]).toBe('R-001');
    }
  });

  it('a request-type default wins over the topic × family matrix (maritime interdiction is OPS)', () => {
    const proposal = resolveRouting(doc, 1, input('maritime_interdiction', ['drug_trafficking']));
    expect(proposal).toMatchObject({ lead: 'SEMAR', supports: ['FGR'], ruleIds: ['R-015'] });
  });

  it('only the first topic decides: the others are ignored', () => {
    const a = resolveRouting(doc, 1, input('intelligence', ['firearms', 'fentanyl_synthetics']));
    const b = resolveRouting(doc, 1, input('intelligence', ['fentanyl_synthetics', 'firearms']));
    expect(a.ruleIds).toEqual(['R-025']);
    expect(b.ruleIds).toEqual(['R-019']);
  });

  it('matrix gaps and requests without a topic fall through to the fallback: the hub triages by hand', () => {
    for (const req of [
      input('coordinated_operation', ['fugitives']),
      input('joint_investigation', ['public_health']),
      input('information', []),
    ]) {
      expect(resolveRouting(doc, 1, req)).toMatchObject({ lead: 'SRE-SSAN', supports: [], ruleIds: ['R-070'] });
    }
  });

  it('a family default catches a type no earlier rule names', () => {
    const withoutOverrides: RoutingRuleSetDocument = {
      ...doc,
      rules: doc.rules.filter((r) => r.requestType !== 'mutual_legal_assistance'),
    };
    const proposal = resolveRouting(withoutOverrides, 1, input('mutual_legal_assistance', ['firearms']));
    expect(proposal).toMatchObject({ lead: 'FGR-INT', supports: [], ruleIds: ['R-068'] });
  });

  it('within a kind the first rule in document order wins', () => {
    const twice: RoutingRuleSetDocument = {
      ...doc,
      rules: [{ ...doc.rules.find((r) => r.id === 'R-019')!, id: 'R-000', lead: 'CNI', support: [] }, ...doc.rules],
    };
    expect(matchRule(twice.rules, input('intelligence', ['fentanyl_synthetics'])).id).toBe('R-000');
  });

  it('a rule set with nothing to match and no fallback is an error, not a silent guess', () => {
    const noFallback = { ...doc, rules: doc.rules.filter((r) => r.kind !== 'fallback') };
    expect(() => resolveRouting(noFallback, 1, input('information', []))).toThrow(RangeError);
  });
});

describe('resolveRouting: modifiers', () => {
  it('M-001 adds CNI and FGR after the rule’s supports and raises P3/P4 to P2', () => {
    for (const priority of ['P3', 'P4'] as const) {
      const proposal = resolveRouting(
        doc,
        1,
        input('intelligence', ['drug_trafficking'], { priority, involvesMexicanOfficials: true }),
      );
      expect(proposal).toMatchObject({
        lead: 'SSPC-SIIP',
        supports: ['DEFENSA', 'SEMAR', 'CNI', 'FGR'],
        priority: 'P2',
        priorityFloor: 'P2',
        ruleIds: ['R-022', 'M-001'],
        needsAuthorization: false,
        authorizer: null,
      });
    }
  });

  it('M-001 leaves P1 and P2 as they are, but still records its floor', () => {
    for (const priority of ['P1', 'P2'] as const) {
      const proposal = resolveRouting(
        doc,
        1,
        input('intelligence', ['drug_trafficking'], { priority, involvesMexicanOfficials: true }),
      );
      expect(proposal.priority).toBe(priority);
      expect(proposal.priorityFloor).toBe('P2');
    }
  });

  it('M-001 skips CNI and FGR when they are already lead or support', () => {
    // R-025 firearms × INTEL: FGR leads. R-019 fentanyl × INTEL: CNI already supports.
    const fgrLeads = resolveRouting(doc, 1, input('intelligence', ['firearms'], { involvesMexicanOfficials: true }));
    expect(fgrLeads).toMatchObject({ lead: 'FGR', supports: ['DEFENSA-DGRFAFYCE', 'SSPC', 'CNI'] });
    const cniSupports = resolveRouting(
      doc,
      1,
      input('intelligence', ['fentanyl_synthetics'], { involvesMexicanOfficials: true }),
    );
    expect(cniSupports.supports).toEqual(['CNI', 'DEFENSA', 'SEMAR', 'COFEPRIS', 'FGR']);
  });

  it('M-002 needs GANS when US personnel go to Mexico for a type it covers', () => {
    for (const type of ['capacity_building', 'coordinated_operation']) {
      const without = resolveRouting(doc, 1, input(type, ['firearms'], { typeRequiresAuthorization: false }));
      expect(without.needsAuthorization).toBe(false);
      const withPersonnel = resolveRouting(
        doc,
        1,
        input(type, ['firearms'], { typeRequiresAuthorization: false, usPersonnelOnMexicanSoil: true }),
      );
      expect(withPersonnel).toMatchObject({ needsAuthorization: true, authorizer: 'GANS' });
      expect(withPersonnel.ruleIds.at(-1)).toBe('M-002');
    }
  });

  it('M-002 ignores the flag on a type it does not cover', () => {
    const proposal = resolveRouting(doc, 1, input('intelligence', ['firearms'], { usPersonnelOnMexicanSoil: true }));
    expect(proposal).toMatchObject({ needsAuthorization: false, authorizer: null, ruleIds: ['R-025'] });
  });

  it('M-002 always applies to verification, flag or not', () => {
    const proposal = resolveRouting(
      doc,
      1,
      input('verification', ['firearms'], { typeRequiresAuthorization: false, usPersonnelOnMexicanSoil: false }),
    );
    expect(proposal).toMatchObject({ needsAuthorization: true, authorizer: 'GANS', ruleIds: ['R-026', 'M-002'] });
  });

  it('an authorization-class type needs GANS without any modifier', () => {
    const proposal = resolveRouting(doc, 1, input('agent_accreditation', []));
    expect(proposal).toMatchObject({ lead: 'SRE-DGAE', needsAuthorization: true, authorizer: 'GANS' });
    expect(proposal.ruleIds).toEqual(['R-005']);
  });

  it('both modifiers together', () => {
    const proposal = resolveRouting(
      doc,
      1,
      input('coordinated_operation', ['corruption'], {
        priority: 'P4',
        involvesMexicanOfficials: true,
        usPersonnelOnMexicanSoil: true,
      }),
    );
    expect(proposal).toEqual({
      lead: 'FGR',
      supports: ['SHCP-UIF', 'CNI'],
      needsAuthorization: true,
      authorizer: 'GANS',
      priority: 'P2',
      priorityFloor: 'P2',
      ruleIds: ['R-056', 'M-001', 'M-002'],
      ruleSetVersion: 1,
    });
  });

  it('the strongest floor wins when several modifiers set one', () => {
    const strict: RoutingRuleSetDocument = {
      ...doc,
      modifiers: [...doc.modifiers, { ...doc.modifiers[0], id: 'M-003', priorityFloor: 'P1', addSupport: [] }],
    };
    const proposal = resolveRouting(strict, 1, input('information', ['firearms'], { involvesMexicanOfficials: true }));
    expect(proposal).toMatchObject({ priority: 'P1', priorityFloor: 'P1', ruleIds: ['R-025', 'M-001', 'M-003'] });
  });

  it('never proposes the hub, SRE, PJF or the lead as a support, even if an edited rule set says so', () => {
    const careless: RoutingRuleSetDocument = {
      rules: [{ ...doc.rules.find((r) => r.id === 'R-070')!, support: ['SRE-SSAN', 'SRE', 'PJF', 'FGR', 'FGR'] }],
      modifiers: [{ ...doc.modifiers[0], addSupport: ['SRE-SSAN', 'CNI', 'FGR'] }],
    };
    const proposal = resolveRouting(careless, 1, input('information', [], { involvesMexicanOfficials: true }));
    expect(proposal).toMatchObject({ lead: 'SRE-SSAN', supports: ['FGR', 'CNI'] });
  });
});

describe('higherPriority', () => {
  it('P1 is the highest', () => {
    expect(higherPriority('P3', 'P2')).toBe('P2');
    expect(higherPriority('P1', 'P2')).toBe('P1');
    expect(higherPriority('P4', 'P4')).toBe('P4');
  });
});

describe('resolveRouting: every request type × every topic', () => {
  const ruleIds = new Set(doc.rules.map((r) => r.id));
  const modifierIds = new Set(doc.modifiers.map((m) => m.id));
  const m002 = doc.modifiers.find((m) => m.id === 'M-002')!;
  const isMexicanTakingWork = (a: RoutingAgency | undefined) =>
    a !== undefined && a.country === 'MX' && a.role !== 'requesting' && a.code !== 'PJF';

  /** What is wrong with a proposal, as sentences (plain checks: thousands of cases stay fast). */
  function unsoundness(req: RoutingInput, proposal: RoutingProposal): string[] {
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) wrong.push(`${req.requestType} ${JSON.stringify(req.topics)}: ${what}`);
    };
    // Exactly one lead, Mexican, never the judiciary.
    check(typeof proposal.lead === 'string', 'one lead');
    check(isMexicanTakingWork(byCode.get(proposal.lead)), `lead ${proposal.lead} is a Mexican agency`);
    // Supports: Mexican, never the hub, SRE, PJF or the lead, no repeats.
    for (const code of proposal.supports) {
      check(isMexicanTakingWork(byCode.get(code)), `support ${code} is a Mexican agency`);
      check(!['SRE-SSAN', 'SRE', 'PJF', proposal.lead].includes(code), `support ${code} is allowed`);
    }
    check(new Set(proposal.supports).size === proposal.supports.length, 'no repeated support');
    // Traceable: the matched rule, then modifiers, all in the document.
    check(proposal.ruleIds.length > 0 && ruleIds.has(proposal.ruleIds[0]), 'a matched rule first');
    check(
      proposal.ruleIds.slice(1).every((id) => modifierIds.has(id)),
      'then modifiers of the document',
    );
    check(proposal.ruleSetVersion === VERSION, 'rule-set version');
    // Priority only ever rises.
    check(rank(proposal.priority) <= rank(req.priority), 'priority never lowered');
    // Authorization whenever the type's class or M-002 asks for it, and only then.
    const m002Applies =
      m002.alwaysForRequestTypes!.includes(req.requestType) ||
      (req.usPersonnelOnMexicanSoil && m002.appliesToRequestTypes!.includes(req.requestType));
    const needsIt = Boolean(req.typeRequiresAuthorization) || m002Applies;
    check(proposal.needsAuthorization === needsIt, 'needs authorization exactly when required');
    check(proposal.authorizer === (needsIt ? 'GANS' : null), 'GANS authorizes');
    // Officials involved: CNI and FGR take part, and the request is at least P2.
    const parties = [proposal.lead, ...proposal.supports];
    if (req.involvesMexicanOfficials) {
      check(parties.includes('CNI') && parties.includes('FGR'), 'CNI and FGR take part');
      check(rank(proposal.priority) <= rank('P2'), 'at least P2');
    } else {
      check(proposal.priority === req.priority, 'priority unchanged without a floor');
    }
    // What the resolver proposes, a coordinator can route unchanged.
    const planProblems = checkRoutePlan({ lead: proposal.lead, supports: proposal.supports }, proposal, agencies);
    check(planProblems.length === 0, `routable as proposed: ${JSON.stringify(planProblems)}`);
    return wrong;
  }

  it('exhaustively: every type, every primary topic, every flag combination and priority', () => {
    let cases = 0;
    const wrong: string[] = [];
    for (const type of requestTypes) {
      for (const topic of [...topics, null]) {
        for (const priority of PRIORITIES) {
          for (const involvesMexicanOfficials of [false, true]) {
            for (const usPersonnelOnMexicanSoil of [false, true]) {
              const req = input(type.code, topic === null ? [] : [topic], {
                priority,
                involvesMexicanOfficials,
                usPersonnelOnMexicanSoil,
              });
              wrong.push(...unsoundness(req, resolveRouting(doc, VERSION, req)));
              cases++;
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(cases).toBe(requestTypes.length * (topics.length + 1) * 16);
  });

  it('property: random types, topic lists, flags and priorities', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...requestTypes.map((t) => t.code)),
        fc.array(fc.constantFrom(...topics), { maxLength: 4 }),
        fc.constantFrom(...PRIORITIES),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.boolean(), { nil: undefined }),
        (type, topicList, priority, officials, personnel, typeAuth) => {
          const req = input(type, topicList, {
            priority,
            involvesMexicanOfficials: officials,
            usPersonnelOnMexicanSoil: personnel,
            typeRequiresAuthorization: typeAuth,
          });
          const proposal = resolveRouting(doc, VERSION, req);
          expect(unsoundness(req, proposal)).toEqual([]);
          // Deterministic, and only the first topic matters.
          expect(resolveRouting(doc, VERSION, { ...req, topics: topicList.slice(0, 1) })).toEqual(proposal);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('every rule is reachable from some type and topic, except the family defaults the overrides shadow', () => {
    const reached = new Set<string>();
    for (const type of requestTypes) {
      for (const topic of [...topics, null]) {
        reached.add(resolveRouting(doc, 1, input(type.code, topic === null ? [] : [topic])).ruleIds[0]);
      }
    }
    // routing.json notes: R-068 (JUD) and R-069 (EXT) only catch future types of those families.
    expect(doc.rules.map((r) => r.id).filter((id) => !reached.has(id))).toEqual(['R-068', 'R-069']);
  });
});

describe('checkRoutePlan', () => {
  const intel = resolveRouting(doc, 1, input('intelligence', ['fentanyl_synthetics']));
  const notice = resolveRouting(doc, 1, input('advance_notice', ['corruption'], { involvesMexicanOfficials: true }));

  it('the proposal as it stands is a valid plan', () => {
    expect(checkRoutePlan({ lead: intel.lead, supports: intel.supports }, intel, agencies)).toEqual([]);
  });

  it('a coordinator may change the lead and supports to other Mexican agencies, oversight bodies included', () => {
    expect(checkRoutePlan({ lead: 'SEMAR', supports: ['SSPC-SIIP', 'GABSEG', 'GANS'] }, intel, agencies)).toEqual([]);
  });

  it.each([
    ['', 'required'],
    ['DEA', 'us_agency'],
    ['EMB-MEX', 'us_agency'],
    ['PJF', 'judiciary'],
    ['SRE-SSAN', 'hub_not_allowed'],
    ['SRE', 'hub_not_allowed'],
    ['FGR-UNKNOWN', 'unknown_agency'],
  ])('lead %p: %s', (lead, code) => {
    expect(checkRoutePlan({ lead, supports: [] }, intel, agencies)).toEqual([{ field: 'lead', code }]);
  });

  it('the hub may lead where the rules made it the lead (advance notice), with supports as usual', () => {
    expect(notice.lead).toBe('SRE-SSAN');
    expect(checkRoutePlan({ lead: 'SRE-SSAN', supports: notice.supports }, notice, agencies)).toEqual([]);
    expect(checkRoutePlan({ lead: 'SRE', supports: [] }, notice, agencies)).toEqual([
      { field: 'lead', code: 'hub_not_allowed' },
    ]);
  });

  it('the hub is never a support, not even when it leads', () => {
    expect(checkRoutePlan({ lead: 'SRE-SSAN', supports: ['CNI', 'SRE-SSAN', 'SRE'] }, notice, agencies)).toEqual([
      { field: 'support[1]', code: 'hub_not_allowed' },
      { field: 'support[2]', code: 'hub_not_allowed' },
    ]);
  });

  it('names every bad support by its index', () => {
    const plan = { lead: 'SSPC-SIIP', supports: ['CNI', 'FBI', 'PJF', 'SSPC-SIIP', 'CNI', '', 'NOPE', 'SEMAR'] };
    expect(checkRoutePlan(plan, intel, agencies)).toEqual([
      { field: 'support[1]', code: 'us_agency' },
      { field: 'support[2]', code: 'judiciary' },
      { field: 'support[3]', code: 'lead_in_support' },
      { field: 'support[4]', code: 'duplicate' },
      { field: 'support[5]', code: 'required' },
      { field: 'support[6]', code: 'unknown_agency' },
    ]);
  });

  it('an agency that does not take work (neither receiving nor oversight) is refused', () => {
    const withObserver = [...agencies, { code: 'OBS', country: 'MX', role: 'observer' }];
    expect(checkRoutePlan({ lead: 'OBS', supports: ['OBS2', 'OBS'] }, intel, withObserver)).toEqual([
      { field: 'lead', code: 'not_receiving_agency' },
      { field: 'support[0]', code: 'unknown_agency' },
      { field: 'support[1]', code: 'not_receiving_agency' },
    ]);
  });

  it('supports that are not a list', () => {
    expect(checkRoutePlan({ lead: 'SEMAR', supports: 'CNI' as unknown as string[] }, intel, agencies)).toEqual([
      { field: 'supports', code: 'invalid_type' },
    ]);
  });

  it('property: any plan made of receiving agencies with a distinct lead and distinct supports is valid', () => {
    const receiving = agencies.filter((a) => a.role === 'receiving').map((a) => a.code);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...receiving), { minLength: 1, maxLength: 8 }), ([lead, ...rest]) => {
        expect(checkRoutePlan({ lead, supports: rest }, intel, agencies)).toEqual([]);
      }),
    );
  });

  it('property: a plan with any US agency anywhere is refused at that place', () => {
    const us = agencies.filter((a) => a.country !== 'MX').map((a) => a.code);
    fc.assert(
      fc.property(fc.constantFrom(...us), fc.nat({ max: 3 }), (code, at) => {
        const supports = ['CNI', 'SEMAR', 'DEFENSA'];
        supports.splice(at, 0, code);
        expect(checkRoutePlan({ lead: 'SSPC-SIIP', supports }, intel, agencies)).toEqual([
          { field: `support[${at}]`, code: 'us_agency' },
        ]);
      }),
    );
  });
});
