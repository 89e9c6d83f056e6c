import { expanded } from './search-engine.js';

/** The fuzzy rewrite written as tsquery text, combined as PostgreSQL's `&&` and `||` combine queries. */
describe('expanded queries for possibly mistyped names', () => {
  const lex = (es: string, en = es) => ({ es, en });

  it('ands the rest of the text with each word or its neighbours, left to right', () => {
    const q = expanded(
      lex(`'jose'`),
      { betlran: lex(`'betlran'`), ochao: lex(`'ochao'`) },
      new Map([
        ['betlran', [lex(`'beltran'`), lex(`'bertran'`)]],
        ['ochao', [lex(`'ochoa'`)]],
      ]),
    );
    expect(q.es).toBe(
      `( ( 'jose' ) & ( ( ( 'betlran' ) | ( 'beltran' ) ) | ( 'bertran' ) ) ) & ( ( 'ochao' ) | ( 'ochoa' ) )`,
    );
  });

  it('leaves out an empty side, and a word that is a stop word of a language with its neighbours', () => {
    const q = expanded(lex(''), { para: lex('', `'para'`) }, new Map([['para', [lex(`'pare'`), lex(`'pera'`)]]]));
    expect(q.es).toBe('');
    expect(q.en).toBe(`( ( 'para' ) | ( 'pare' ) ) | ( 'pera' )`);
  });
});
