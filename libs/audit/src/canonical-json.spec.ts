import { CanonicalJsonError, canonicalJson } from './canonical-json.js';

/** The IEEE-754 double with these 64 bits. */
const double = (hex: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

describe('canonicalJson (RFC 8785 style)', () => {
  it('reproduces the example of RFC 8785 §3.2.2', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts member names by UTF-16 code units (RFC 8785 §3.2.3), recursively', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ b: { d: 1, c: [{ z: 1, a: 2 }] }, a: null })).toBe(
      '{"a":null,"b":{"c":[{"a":2,"z":1}],"d":1}}',
    );
  });

  it('writes numbers as the RFC 8785 Appendix B table says', () => {
    const table: Array<[string, string]> = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of table) expect([bits, canonicalJson(double(bits))]).toEqual([bits, text]);
  });

  it('has no insignificant white space and escapes strings as JSON.stringify does', () => {
    expect(canonicalJson({ a: [1, 2, { b: 'x y' }] })).toBe('{"a":[1,2,{"b":"x y"}]}');
    expect(canonicalJson('tab\there\u0001\u001f"\\/é')).toBe('"tab\\there\\u0001\\u001f\\"\\\\/é"');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('gives the same text whatever the member order or formatting of the input', () => {
    const a = JSON.parse('{ "b": [1, {"y": true, "x": false}], "a": "é" }') as unknown;
    const b = JSON.parse('{"a":"\\u00e9","b":[1.0,{"x":false,"y":true}]}') as unknown;
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('writes dates as ISO-8601 UTC and leaves out members that are undefined', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), gone: undefined })).toBe(
      '{"at":"2026-01-02T03:04:05.006Z"}',
    );
  });

  it('refuses what JSON cannot say exactly, naming where', () => {
    const refused: unknown[] = [
      NaN,
      Infinity,
      -Infinity,
      10n,
      () => 1,
      Symbol('s'),
      undefined,
      [undefined],
      '\ud800',
      'a\udc00',
      new Date(NaN),
      new Map(),
      Buffer.from('x'),
    ];
    for (const value of refused) expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: { b: [1, NaN] } })).toThrow('at a.b[1]');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('cycle');
  });

  it('accepts a valid surrogate pair and a shared (not cyclic) sub-object', () => {
    expect(canonicalJson('😀')).toBe('"😀"');
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { k: 'v' }))).toBe('{"k":"v"}');
  });
});
