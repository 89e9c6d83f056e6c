/** Classification markings a request may carry: the Mexican levels and the US markings of the reference data. */
export const CLASSIFICATIONS = [
  'PUBLICO',
  'RESERVADO',
  'CONFIDENCIAL',
  'UNCLASSIFIED//LES',
  'SBU',
  'CONFIDENTIAL',
  'SECRET',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const SUBJECT_KINDS = ['person', 'organization', 'vessel', 'aircraft', 'other'] as const;
export const REQUEST_LANGUAGES = ['en', 'es'] as const;

/** Fields a submitted request must have; a draft may be saved without them. */
export const REQUIRED_ON_SUBMIT = [
  'type',
  'topics',
  'title',
  'summary',
  'language',
  'classification',
  'handlingCode',
] as const;
