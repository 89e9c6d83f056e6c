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
