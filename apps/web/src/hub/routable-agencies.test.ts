import { describe, expect, it } from 'vitest';
import { AGENCIES } from '../test/render';
import { routableAgencies } from './routable-agencies';

const codes = (groups: ReturnType<typeof routableAgencies>) => groups.flatMap((g) => g.items.map((i) => i.value));

describe('routableAgencies', () => {
  it('keeps Mexican agencies that take work, grouped under their ministry, in the language on screen', () => {
    const groups = routableAgencies(AGENCIES, 'es');
    expect(codes(groups)).toEqual(['FGR', 'FGR-INT', 'GANS', 'SSPC']);
    expect(groups[0]).toEqual({
      group: 'FGR · Fiscalía General de la República',
      items: [
        { value: 'FGR', label: 'FGR · Fiscalía General de la República' },
        { value: 'FGR-INT', label: 'FGR-INT · Unidad de Asuntos Internacionales' },
      ],
    });
  });

  it('never offers US agencies or the judiciary, and the hub only where the rules proposed it', () => {
    expect(codes(routableAgencies(AGENCIES, 'en'))).not.toEqual(expect.arrayContaining(['DEA', 'PJF', 'SRE-SSAN']));
    expect(codes(routableAgencies(AGENCIES, 'en', { allowHub: 'SRE-SSAN' }))).toContain('SRE-SSAN');
    expect(codes(routableAgencies(AGENCIES, 'en', { allowHub: 'DEA' }))).not.toContain('DEA');
  });
});
