import { validate } from 'class-validator';
import { IsEmailAddress } from './validation.js';

class Contact {
  @IsEmailAddress() email: unknown;
}

const constraintsOf = async (email: unknown) => {
  const contact = Object.assign(new Contact(), { email });
  return (await validate(contact)).flatMap((e) => Object.keys(e.constraints ?? {}));
};

describe('IsEmailAddress', () => {
  it('takes an address', async () => {
    expect(await constraintsOf('liaison.dea@demo.test')).toEqual([]);
  });

  it('refuses what is not one as isEmail, like class-validator', async () => {
    expect(await constraintsOf('not an address')).toEqual(['isEmail']);
    expect(await constraintsOf(42)).toEqual(['isEmail']);
  });

  it('refuses text with a lone surrogate instead of throwing', async () => {
    expect(await constraintsOf('\ud800')).toEqual(['isEmail']);
    expect(await constraintsOf('a\udc00@demo.test')).toEqual(['isEmail']);
  });

  it('takes characters outside the BMP, whose surrogates come in pairs', async () => {
    expect(await constraintsOf('someone@\u{1D4B6}.test')).toEqual([]);
  });
});
