import { csvField, csvRow } from './audit-csv.js';

describe('CSV fields (RFC 4180)', () => {
  it('quotes only what needs it and doubles inner quotes', () => {
    expect(csvRow(['a', 'b c', 'x,y', 'say "hi"', 'two\r\nlines', 'ñandú'])).toBe(
      'a,b c,"x,y","say ""hi""","two\r\nlines",ñandú\r\n',
    );
  });

  it('writes null as empty and JSON values as JSON', () => {
    expect(csvRow([null, undefined, 7, { a: [1, 'b'] }])).toBe(',,7,"{""a"":[1,""b""]}"\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const lead of ['+', '-', '@', '\t']) expect(csvField(`${lead}1`)).toBe(`'${lead}1`);
    expect(csvField('a=b')).toBe('a=b');
  });
});
