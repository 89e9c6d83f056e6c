import type { ApiClient } from './http-client.js';

/** A valid create-request body; override what the test is about. */
export function newRequestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'information',
    topics: ['firearms'],
    title: 'Registry entries for seized firearms',
    summary: 'Fictitious: registry entries for three firearms seized in Sonora.',
    language: 'en',
    classification: 'UNCLASSIFIED//LES',
    handlingCode: 'H1',
    ...overrides,
  };
}

export interface NewUser {
  email: string;
  displayName: string;
  role: string;
  agency?: string;
  /** Without it the server generates a one-time password, to be replaced at first sign-in. */
  password?: string;
}

/** A user created by an administrator through the API; fails the test unless the answer is 201. */
export async function createUser(
  admin: ApiClient,
  body: NewUser,
): Promise<{ user: { id: string; version: number }; oneTimePassword: string | null }> {
  const res = await admin.post('/api/admin/users', { ...body });
  if (res.status !== 201) throw new Error(`creating ${body.email}: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    user: res.body.user as { id: string; version: number },
    oneTimePassword: (res.body.oneTimePassword as string | undefined) ?? null,
  };
}
