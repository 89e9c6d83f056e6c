import { describe, expect, it } from 'vitest';
import { REQUEST_TYPES } from '../test/render';
import { messageFor } from './field-messages';
import { emptyRequestForm, emptySubject, formPath, toRequestBody, validateRequestForm } from './request-form-model';

const complete = () => ({
  ...emptyRequestForm('en'),
  type: 'information',
  topics: ['firearms'],
  title: 'Trace of seized firearms',
  summary: 'Trace history of three firearms.',
  classification: 'SBU',
  handlingCode: 'H1',
});

describe('request form model', () => {
  it('finds a complete request valid for submission', () => {
    expect(validateRequestForm(complete(), { submitting: true, type: REQUEST_TYPES[0] })).toEqual([]);
  });

  it('uses the server’s field paths and codes', () => {
    const v = { ...complete(), title: '  ', subjects: [emptySubject()] };
    expect(validateRequestForm(v, { submitting: true, type: REQUEST_TYPES[1] })).toEqual([
      { field: 'title', code: 'required' },
      { field: 'proposedActionAt', code: 'required_for_type' },
      { field: 'actionKind', code: 'required_for_type' },
      { field: 'subjects[0].name', code: 'required' },
    ]);
  });

  it('leaves blank fields and blank locations out of the body', () => {
    const body = toRequestBody({ ...emptyRequestForm('es'), title: ' A ', locations: ['', ' Tijuana '] });
    expect(body).toEqual({ language: 'es', title: 'A', locations: ['Tijuana'] });
  });

  it('maps API paths to form paths and words messages in both languages', () => {
    expect(formPath('subjects[2].name')).toBe('subjects.2.name');
    expect(formPath('topics[1]')).toBe('topics');
    expect(messageFor({ field: 'title', code: 'maxLength', params: { max: 200 } }, 'en')).toBe(
      'Must be at most 200 characters',
    );
    expect(messageFor({ field: 'type', code: 'unknown_code', params: { value: 'x' } }, 'es')).toBe(
      'No es un código reconocido: x',
    );
  });
});
