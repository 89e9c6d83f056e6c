import { isDependencyUnavailable } from './dependency-unavailable.js';

describe('isDependencyUnavailable', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a server shutting down (57P01)', withCode('57P01')],
    ['a server starting up (57P03)', withCode('57P03')],
    ['a connection exception (08006)', withCode('08006')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['TypeORM wrapping the driver error', Object.assign(new Error('query failed'), { driverError: withCode('57P01') })],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
    ['a cause', new Error('outer', { cause: withCode('ECONNRESET') })],
  ])('is true for %s', (_, err) => {
    expect(isDependencyUnavailable(err)).toBe(true);
  });

  it.each([
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['a unique violation', withCode('23505')],
    ['a serialization failure', withCode('40001')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_, err) => {
    expect(isDependencyUnavailable(err)).toBe(false);
  });
});
