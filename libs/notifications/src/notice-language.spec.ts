import { noticeLanguage } from './notice-language.js';

describe('noticeLanguage', () => {
  it("uses the address's configured language first", () => {
    expect(noticeLanguage('es', 'en', 'US')).toBe('es');
    expect(noticeLanguage('en', 'es', 'MX')).toBe('en');
  });

  it('then the language of the user who owns the address', () => {
    expect(noticeLanguage(null, 'es', 'US')).toBe('es');
    expect(noticeLanguage(undefined, 'en', 'MX')).toBe('en');
  });

  it("then the agency's country: Spanish for Mexico, English otherwise", () => {
    expect(noticeLanguage(null, null, 'MX')).toBe('es');
    expect(noticeLanguage(null, null, 'US')).toBe('en');
    expect(noticeLanguage(null, null, null)).toBe('en');
  });

  it('ignores values that are not a supported language', () => {
    expect(noticeLanguage('fr', 'de', 'MX')).toBe('es');
  });
});
