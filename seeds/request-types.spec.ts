import requestTypesDoc from './data/request-types.json' with { type: 'json' };

describe('request types (reference data)', () => {
  it('define every type in English and in Spanish, for the interface in either language', () => {
    const missing = requestTypesDoc.requestTypes
      .filter((t) => !t.definition?.trim() || !t.definitionEs?.trim() || t.definitionEs === t.definition)
      .map((t) => t.code);
    expect(missing).toEqual([]);
  });
});
