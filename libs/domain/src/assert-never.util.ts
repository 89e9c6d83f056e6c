/**
 * Ends an exhaustive `switch`: the call only type-checks when every member of the union has a case,
 * so adding a status, action or guard without handling it fails the build instead of running silently.
 */
export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}
