import { ASSIGNMENT_ACTIONS } from '@ventanilla/domain/assignment-transitions.js';
import { REQUEST_ACTIONS } from '@ventanilla/domain/request-transitions.js';
import {
  NOTICE_LANGUAGES,
  NOTICE_TEMPLATES,
  TEMPLATE_PLACEHOLDERS,
  noticeAsText,
  renderNotice,
  templateFor,
  FALLBACK_TEMPLATE,
} from './templates.js';

const EVENTS = [
  ...REQUEST_ACTIONS.map((a) => `request.${a}`),
  ...ASSIGNMENT_ACTIONS.map((a) => `assignment.${a}`),
  'request.escalated',
  'assignment.escalated',
  'assignment.delivered',
  'request.notice',
  'request.surprise_risk',
  'request.post_action_report',
  'request.attachment_added',
];
const PARAMS = {
  folio: 'SSAN-2026-000123',
  title: 'Registry entries',
  status: 'registered',
  agency: 'FGR-INT',
  level: 'L2',
  kind: 'expulsion',
  text: 'Two officers leave on Friday.',
};

describe('notice templates', () => {
  it('has exactly one template per request and assignment action, per clock event and per no-surprises event', () => {
    expect(Object.keys(NOTICE_TEMPLATES).sort()).toEqual([...EVENTS].sort());
  });

  describe.each(EVENTS)('%s', (event) => {
    it.each(NOTICE_LANGUAGES)('has a subject and a body in %s that use only known placeholders', (language) => {
      const t = NOTICE_TEMPLATES[event as keyof typeof NOTICE_TEMPLATES][language];
      expect(t.subject.trim()).not.toBe('');
      expect(t.body.trim()).not.toBe('');
      for (const [, name] of `${t.subject} ${t.body}`.matchAll(/\{(\w+)\}/g)) {
        expect(TEMPLATE_PLACEHOLDERS).toContain(name);
      }
    });

    it('renders fully, and differently in English and Spanish', () => {
      const en = renderNotice(event, PARAMS, 'en');
      const es = renderNotice(event, PARAMS, 'es');
      for (const r of [en, es]) expect(`${r.subject} ${r.body}`).not.toMatch(/\{\w+\}/);
      expect(es.subject).not.toBe(en.subject);
      expect(es.body).not.toBe(en.body);
    });
  });

  it('names the request by folio, or by its title before registration', () => {
    expect(renderNotice('request.register', PARAMS, 'en').subject).toBe('Request registered: SSAN-2026-000123');
    expect(renderNotice('request.submit', { title: 'Seized rifles' }, 'es').subject).toBe(
      'Solicitud recibida: «Seized rifles»',
    );
  });

  it('labels statuses in the language of the notice, assignment statuses for assignment events', () => {
    expect(renderNotice('request.claim', { ...PARAMS, status: 'in_analysis' }, 'es').details).toContain(
      'Estado: En análisis',
    );
    expect(renderNotice('assignment.accept', { ...PARAMS, status: 'accepted' }, 'es').details).toContain(
      'Estado: Aceptada',
    );
  });

  it('asks for an acknowledgement only when one is required', () => {
    expect(renderNotice('request.route', PARAMS, 'en', true).details).toContain('Your acknowledgement is required.');
    expect(renderNotice('request.route', PARAMS, 'es', true).details).toContain('Se requiere su acuse de recibo.');
    expect(renderNotice('request.route', PARAMS, 'en', false).details.join(' ')).not.toMatch(/acknowledg/);
  });

  it('falls back to a generic notice for an event without a template, in both languages', () => {
    expect(templateFor('notice.issued')).toBe(FALLBACK_TEMPLATE);
    expect(renderNotice('notice.issued', PARAMS, 'es').subject).toBe('Novedad en la solicitud SSAN-2026-000123');
    expect(renderNotice('notice.issued', {}, 'en').body).toBe('There is news on "untitled" (notice.issued).');
  });

  it('writes the e-mail text as body, details and sign-off', () => {
    const text = noticeAsText(renderNotice('request.register', PARAMS, 'es'));
    expect(text.split('\n').slice(0, 4)).toEqual([
      'La solicitud «Registry entries» quedó registrada con el folio SSAN-2026-000123; sus plazos están corriendo.',
      '',
      'Folio: SSAN-2026-000123',
      'Estado: Registrada',
    ]);
  });
});

describe('a notice from the hub', () => {
  it('names its kind in the reader’s language and carries its text', () => {
    const params = {
      folio: 'SSAN-2026-000123',
      title: 'Registry entries',
      kind: 'expulsion',
      text: 'They leave Friday.',
    };
    expect(renderNotice('request.notice', params, 'es').body).toContain('(expulsión)');
    expect(renderNotice('request.notice', params, 'en').body).toMatch(/\(expulsion\).*They leave Friday\.$/);
    expect(renderNotice('request.notice', { ...params, kind: 'other' }, 'en').subject).toContain('(notice)');
  });
});
