import { allowedEdits, fold, readSearchText, withinEdits, withoutWords } from './search-query.js';

describe('reading a search text', () => {
  it('folds case and accents as unaccent does', () => {
    expect(fold('Beltrán ÑOÑO Müller')).toBe('beltran nono muller');
  });

  it('recognises a folio or the start of one, and nothing else', () => {
    expect(readSearchText('SSAN-2026-000123').folioPrefix).toBe('SSAN-2026-000123');
    expect(readSearchText(' ssan-2026 ').folioPrefix).toBe('SSAN-2026');
    expect(readSearchText('ssan-').folioPrefix).toBe('SSAN-');
    expect(readSearchText('ssan').folioPrefix).toBeNull();
    expect(readSearchText('ssan 2026').folioPrefix).toBeNull();
    expect(readSearchText('"ssan-2026"').folioPrefix).toBeNull();
    expect(readSearchText('x%-1').folioPrefix).toBeNull();
  });

  it('offers plain words of four letters or more for fuzzy names, never quoted, excluded or or-ed ones', () => {
    expect(readSearchText('Beltrám, Ochoa de la Cruz').fuzzyWords).toEqual(['beltram', 'ochoa', 'cruz']);
    expect(readSearchText('"Beltran Ochoa" Guzman').fuzzyWords).toEqual(['guzman']);
    expect(readSearchText('Guzman -Loera').fuzzyWords).toEqual(['guzman']);
    expect(readSearchText('Guzman -Guzman').fuzzyWords).toEqual([]);
    expect(readSearchText('Guzman or Loera').fuzzyWords).toEqual([]);
    expect(readSearchText('SSAN-2026 1234 abc12').fuzzyWords).toEqual([]);
  });

  it('takes the words it expands out of the text, leaving phrases and exclusions', () => {
    expect(withoutWords('Beltram "Beltram Ochoa" -Beltram ochoa, Cruz', ['beltram', 'ochoa'])).toBe(
      '"Beltram Ochoa" -Beltram Cruz',
    );
  });
});

describe('edit distance for mistyped names', () => {
  it('counts substitutions, insertions, deletions and swaps of neighbours as one edit', () => {
    expect(withinEdits('beltran', 'beltram', 1)).toBe(true);
    expect(withinEdits('beltran', 'beltrn', 1)).toBe(true);
    expect(withinEdits('beltran', 'beltrann', 1)).toBe(true);
    expect(withinEdits('ochoa', 'ochao', 1)).toBe(true);
    expect(withinEdits('ochoa', 'ocho', 1)).toBe(true);
    expect(withinEdits('ochoa', 'orozco', 1)).toBe(false);
    expect(withinEdits('garcia', 'gracias', 1)).toBe(false);
    expect(withinEdits('hernandez', 'fernandes', 2)).toBe(true);
    expect(withinEdits('hernandez', 'fernandos', 2)).toBe(false);
  });

  it('allows two edits from eight letters on', () => {
    expect(allowedEdits('ochoa')).toBe(1);
    expect(allowedEdits('velazquez')).toBe(2);
  });
});
