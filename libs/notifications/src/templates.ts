import { ASSIGNMENT_ACTIONS, type AssignmentAction } from '@ventanilla/domain/assignment-transitions.js';
import { ASSIGNMENT_STATUS_LABELS, isAssignmentStatus } from '@ventanilla/domain/assignment-status.js';
import { REQUEST_ACTIONS, type RequestAction } from '@ventanilla/domain/request-transitions.js';
import { isRequestStatus, REQUEST_STATUS_LABELS } from '@ventanilla/domain/request-status.js';
import {
  HUB_NOTICE_KIND_LABELS,
  HUB_NOTICE_KINDS,
  type HubNoticeKind,
} from '@ventanilla/domain/notification-policy.js';

export type NoticeLanguage = 'en' | 'es';
export const NOTICE_LANGUAGES: readonly NoticeLanguage[] = ['en', 'es'];

/** Events that are not transitions: a clock running late raises the escalation level (see the clocks). */
export const CLOCK_EVENTS = ['request.escalated', 'assignment.escalated'] as const;

/**
 * No-surprises events that are not transitions (notification-policy.ts): an assignment delivered to its
 * agency, a notice the hub sends a US agency, a short notice flagged, an exigent action's report filed.
 */
export const NOTICE_EVENTS = [
  'assignment.delivered',
  'request.notice',
  'request.surprise_risk',
  'request.post_action_report',
  'request.attachment_added',
] as const;

/** Every event a notification can be about: one per action of the two transition tables, the clocks' and NS's. */
export type TemplatedEvent =
  | `request.${RequestAction}`
  | `assignment.${AssignmentAction}`
  | (typeof CLOCK_EVENTS)[number]
  | (typeof NOTICE_EVENTS)[number];
export const TEMPLATED_EVENTS: readonly TemplatedEvent[] = [
  ...REQUEST_ACTIONS.map((a) => `request.${a}` as const),
  ...ASSIGNMENT_ACTIONS.map((a) => `assignment.${a}` as const),
  ...CLOCK_EVENTS,
  ...NOTICE_EVENTS,
];

export interface NoticeText {
  subject: string;
  body: string;
}
export type NoticeTemplate = Record<NoticeLanguage, NoticeText>;

/**
 * Placeholders a template may use. `{ref}` is the folio, or the quoted title before registration; `{agency}`
 * the agency an assignment event is about; `{status}` the status label in the template's language; `{level}`
 * the escalation level (L1–L4); `{noticeKind}` what a hub notice is about, in the template's language, and
 * `{text}` its text (or a hand-over's note); `{from}` and `{to}` the hub coordinators of a hand-over.
 */
export const TEMPLATE_PLACEHOLDERS = [
  'ref',
  'title',
  'agency',
  'status',
  'level',
  'noticeKind',
  'text',
  'from',
  'to',
] as const;

// Keyed by event so that the type checker insists on a template for every action of both tables.
export const NOTICE_TEMPLATES: Record<TemplatedEvent, NoticeTemplate> = {
  'request.submit': {
    en: {
      subject: 'Request submitted: {ref}',
      body: 'The request "{title}" was submitted to the single window and awaits registration.',
    },
    es: {
      subject: 'Solicitud recibida: {ref}',
      body: 'La solicitud «{title}» se presentó en la ventanilla y está pendiente de registro.',
    },
  },
  'request.withdraw': {
    en: { subject: 'Request withdrawn: {ref}', body: 'The requesting agency withdrew the request "{title}".' },
    es: {
      subject: 'Solicitud desistida: {ref}',
      body: 'La dependencia solicitante desistió de la solicitud «{title}».',
    },
  },
  'request.register': {
    en: {
      subject: 'Request registered: {ref}',
      body: 'The request "{title}" was registered with folio {ref}; its deadlines are running.',
    },
    es: {
      subject: 'Solicitud registrada: {ref}',
      body: 'La solicitud «{title}» quedó registrada con el folio {ref}; sus plazos están corriendo.',
    },
  },
  'request.claim': {
    en: {
      subject: 'Request in analysis: {ref}',
      body: 'A hub coordinator took up the request "{title}" for analysis.',
    },
    es: {
      subject: 'Solicitud en análisis: {ref}',
      body: 'La coordinación de la SSAN tomó la solicitud «{title}» para su análisis.',
    },
  },
  'request.request_clarification': {
    en: {
      subject: 'Clarification requested: {ref}',
      body: 'The hub asked for more information on "{title}". Its deadlines are paused until it is answered.',
    },
    es: {
      subject: 'Prevención: {ref}',
      body: 'La ventanilla solicitó más información sobre «{title}». Sus plazos se suspenden hasta que se responda.',
    },
  },
  'request.answer_clarification': {
    en: {
      subject: 'Clarification answered: {ref}',
      body: 'The requesting agency answered the hub\'s question on "{title}"; its deadlines run again.',
    },
    es: {
      subject: 'Prevención atendida: {ref}',
      body: 'La dependencia solicitante respondió la prevención sobre «{title}»; sus plazos se reanudan.',
    },
  },
  'request.reject': {
    en: { subject: 'Request rejected: {ref}', body: 'The hub found the request "{title}" inadmissible.' },
    es: {
      subject: 'Solicitud improcedente: {ref}',
      body: 'La ventanilla determinó improcedente la solicitud «{title}».',
    },
  },
  'request.request_authorization': {
    en: {
      subject: 'Authorization requested: {ref}',
      body: 'The request "{title}" needs the GANS authorization before it can be routed.',
    },
    es: {
      subject: 'Autorización solicitada: {ref}',
      body: 'La solicitud «{title}» requiere la autorización del GANS antes de turnarse.',
    },
  },
  'request.authorize': {
    en: {
      subject: 'Request authorized: {ref}',
      body: 'GANS authorized the request "{title}"; the hub may now route it.',
    },
    es: {
      subject: 'Solicitud autorizada: {ref}',
      body: 'El GANS autorizó la solicitud «{title}»; la ventanilla ya puede turnarla.',
    },
  },
  'request.deny': {
    en: {
      subject: 'Authorization denied: {ref}',
      body: 'GANS denied the authorization for "{title}"; the request goes no further.',
    },
    es: {
      subject: 'Autorización negada: {ref}',
      body: 'El GANS negó la autorización de «{title}»; la solicitud no continúa.',
    },
  },
  'request.route': {
    en: {
      subject: 'Request routed: {ref}',
      body: 'The hub routed the request "{title}" to the agencies that will answer it.',
    },
    es: {
      subject: 'Solicitud turnada: {ref}',
      body: 'La ventanilla turnó la solicitud «{title}» a las dependencias que la atenderán.',
    },
  },
  'request.reroute': {
    en: { subject: 'Request re-routed: {ref}', body: 'The hub changed the agencies working on "{title}".' },
    es: {
      subject: 'Solicitud returnada: {ref}',
      body: 'La ventanilla modificó las dependencias que atienden «{title}».',
    },
  },
  'request.start_progress': {
    en: {
      subject: 'Request in progress: {ref}',
      body: 'The lead agency accepted "{title}" and is working on it.',
    },
    es: {
      subject: 'Solicitud en atención: {ref}',
      body: 'La dependencia responsable aceptó «{title}» y la está atendiendo.',
    },
  },
  'request.complete_responses': {
    en: {
      subject: 'Responses received: {ref}',
      body: 'Every agency has answered on "{title}"; the hub is consolidating the reply.',
    },
    es: {
      subject: 'Respuestas recibidas: {ref}',
      body: 'Todas las dependencias respondieron sobre «{title}»; la ventanilla integra la respuesta.',
    },
  },
  'request.release_response': {
    en: {
      subject: 'Response sent: {ref}',
      body: 'The hub released the consolidated response to "{title}".',
    },
    es: {
      subject: 'Respuesta enviada: {ref}',
      body: 'La ventanilla envió la respuesta integrada a «{title}».',
    },
  },
  'request.close': {
    en: { subject: 'Request closed: {ref}', body: 'The request "{title}" is closed.' },
    es: { subject: 'Solicitud concluida: {ref}', body: 'La solicitud «{title}» quedó concluida.' },
  },
  'request.hand_over': {
    en: {
      subject: 'Request handed over to {to}: {ref}',
      body: '{from} handed "{title}" over to {to}, who now holds it. Note: {text}',
    },
    es: {
      subject: 'Solicitud entregada a {to}: {ref}',
      body: '{from} entregó «{title}» a {to}, quien ahora la atiende. Nota: {text}',
    },
  },
  'assignment.accept': {
    en: { subject: '{agency} accepted its assignment: {ref}', body: '{agency} accepted its assignment on "{title}".' },
    es: { subject: '{agency} aceptó su turno: {ref}', body: '{agency} aceptó su turno sobre «{title}».' },
  },
  'assignment.decline': {
    en: {
      subject: '{agency} declined its assignment: {ref}',
      body: '{agency} declined its assignment on "{title}"; the hub must route it again.',
    },
    es: {
      subject: '{agency} declinó su turno: {ref}',
      body: '{agency} declinó su turno sobre «{title}»; la ventanilla debe volver a turnarlo.',
    },
  },
  'assignment.request_clarification': {
    en: {
      subject: '{agency} asks the hub for clarification: {ref}',
      body: '{agency} asked the hub for clarification on its assignment on "{title}".',
    },
    es: {
      subject: '{agency} solicita una aclaración: {ref}',
      body: '{agency} pidió a la ventanilla una aclaración sobre su turno de «{title}».',
    },
  },
  'assignment.answer_clarification': {
    en: {
      subject: 'Clarification answered for {agency}: {ref}',
      body: 'The hub answered {agency}\'s question on "{title}".',
    },
    es: {
      subject: 'Aclaración atendida para {agency}: {ref}',
      body: 'La ventanilla respondió la consulta de {agency} sobre «{title}».',
    },
  },
  'assignment.respond': {
    en: { subject: '{agency} responded: {ref}', body: '{agency} sent the hub its response on "{title}".' },
    es: { subject: '{agency} respondió: {ref}', body: '{agency} envió a la ventanilla su respuesta sobre «{title}».' },
  },
  'assignment.cancel': {
    en: {
      subject: 'Assignment cancelled for {agency}: {ref}',
      body: 'The assignment of {agency} on "{title}" was cancelled.',
    },
    es: {
      subject: 'Turno cancelado para {agency}: {ref}',
      body: 'Se canceló el turno de {agency} sobre «{title}».',
    },
  },
  'request.escalated': {
    en: {
      subject: 'Escalated to {level}: {ref}',
      body: 'A deadline of "{title}" is running late; the request is escalated to level {level}.',
    },
    es: {
      subject: 'Escalada a {level}: {ref}',
      body: 'Un plazo de «{title}» va retrasado; la solicitud se escala al nivel {level}.',
    },
  },
  'assignment.escalated': {
    en: {
      subject: 'Assignment escalated to {level}: {ref}',
      body: 'An assignment on "{title}" is running late; it is escalated to level {level}.',
    },
    es: {
      subject: 'Turno escalado a {level}: {ref}',
      body: 'Un turno de «{title}» va retrasado; se escala al nivel {level}.',
    },
  },
  'assignment.delivered': {
    en: {
      subject: 'New assignment for {agency}: {ref}',
      body: 'The hub routed "{title}" to {agency}; it is in the agency\'s inbox.',
    },
    es: {
      subject: 'Nuevo turno para {agency}: {ref}',
      body: 'La ventanilla turnó «{title}» a {agency}; está en su bandeja de turnos.',
    },
  },
  'request.notice': {
    en: {
      subject: 'Notice from the single window ({noticeKind}): {ref}',
      body: 'The SRE-SSAN single window gives your agency notice ({noticeKind}) concerning "{title}": {text}',
    },
    es: {
      subject: 'Aviso de la ventanilla ({noticeKind}): {ref}',
      body: 'La ventanilla única de la SRE-SSAN da aviso a su dependencia ({noticeKind}) sobre «{title}»: {text}',
    },
  },
  'request.surprise_risk': {
    en: {
      subject: 'Short notice flagged: {ref}',
      body: 'The action proposed in "{title}" was notified with less than the minimum advance notice; the request is escalated to level {level}.',
    },
    es: {
      subject: 'Aviso con antelación insuficiente: {ref}',
      body: 'La acción propuesta en «{title}» se notificó con menos antelación de la mínima; la solicitud se escala al nivel {level}.',
    },
  },
  'request.post_action_report': {
    en: {
      subject: 'Post-action report filed: {ref}',
      body: 'The requesting agency filed the report that followed the exigent action of "{title}".',
    },
    es: {
      subject: 'Informe posterior a la acción: {ref}',
      body: 'La dependencia solicitante presentó el informe posterior a la acción urgente de «{title}».',
    },
  },
  'request.attachment_added': {
    en: {
      subject: 'File added: {ref}',
      body: '{agency} added the file "{text}" to "{title}".',
    },
    es: {
      subject: 'Archivo agregado: {ref}',
      body: '{agency} agregó el archivo «{text}» a «{title}».',
    },
  },
};

/** For events added later (escalations, notices the hub issues) until they get their own wording. */
export const FALLBACK_TEMPLATE: NoticeTemplate = {
  en: { subject: 'Update on request {ref}', body: 'There is news on "{title}" ({event}).' },
  es: { subject: 'Novedad en la solicitud {ref}', body: 'Hay novedades sobre «{title}» ({event}).' },
};

const FOOTER: Record<NoticeLanguage, { folio: string; noFolio: string; status: string; ack: string }> = {
  en: { folio: 'Folio', noFolio: 'not assigned yet', status: 'Status', ack: 'Your acknowledgement is required.' },
  es: { folio: 'Folio', noFolio: 'aún sin asignar', status: 'Estado', ack: 'Se requiere su acuse de recibo.' },
};

const DEFAULTS: Record<NoticeLanguage, { agency: string; title: string }> = {
  en: { agency: 'An agency', title: 'untitled' },
  es: { agency: 'Una dependencia', title: 'sin título' },
};

export function isTemplatedEvent(event: string): event is TemplatedEvent {
  return Object.hasOwn(NOTICE_TEMPLATES, event);
}

export function templateFor(event: string): NoticeTemplate {
  return isTemplatedEvent(event) ? NOTICE_TEMPLATES[event] : FALLBACK_TEMPLATE;
}

export interface RenderedNotice extends NoticeText {
  language: NoticeLanguage;
  /** Folio, status and, when required, the call to acknowledge: lines an e-mail adds under the body. */
  details: string[];
}

type Params = Record<string, unknown>;

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null;

/** The status label in `language`: assignment statuses for assignment events, request statuses otherwise. */
function statusLabel(event: string, status: string | null, language: NoticeLanguage): string {
  if (!status) return '—';
  if (event.startsWith('assignment.') && isAssignmentStatus(status)) return ASSIGNMENT_STATUS_LABELS[status][language];
  if (isRequestStatus(status)) return REQUEST_STATUS_LABELS[status][language];
  return status;
}

/** A notice's subject, body and detail lines in one language, from its event and the params stored with it. */
export function renderNotice(
  event: string,
  params: Params,
  language: NoticeLanguage,
  ackRequired = false,
): RenderedNotice {
  const folio = text(params.folio);
  const title = text(params.title) ?? DEFAULTS[language].title;
  const status = statusLabel(event, text(params.status), language);
  const values: Record<string, string> = {
    ref: folio ?? (language === 'es' ? `«${title}»` : `"${title}"`),
    title,
    agency: text(params.agency) ?? DEFAULTS[language].agency,
    status,
    level: text(params.level) ?? '—',
    noticeKind: noticeKindLabel(params.kind, language),
    text: text(params.text) ?? '',
    from: text(params.fromName) ?? '—',
    to: text(params.toName) ?? '—',
    event,
  };
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, k: string) => values[k] ?? whole);
  const t = templateFor(event)[language];
  const f = FOOTER[language];
  const details = [`${f.folio}: ${folio ?? f.noFolio}`, `${f.status}: ${status}`];
  if (ackRequired) details.push(f.ack);
  return { language, subject: fill(t.subject), body: fill(t.body), details };
}

const SIGN_OFF: Record<NoticeLanguage, string> = {
  en: 'Sign in to Ventanilla to see the request. This message was sent by the SRE-SSAN single window.',
  es: 'Ingrese a Ventanilla para consultar la solicitud. Este mensaje lo envió la ventanilla única de la SRE-SSAN.',
};

/** The plain-text e-mail for a rendered notice: body, detail lines, sign-off. */
export function noticeAsText(notice: RenderedNotice): string {
  return [notice.body, '', ...notice.details, '', SIGN_OFF[notice.language], ''].join('\n');
}

function noticeKindLabel(kind: unknown, language: NoticeLanguage): string {
  const known = typeof kind === 'string' && (HUB_NOTICE_KINDS as readonly string[]).includes(kind);
  return HUB_NOTICE_KIND_LABELS[known ? (kind as HubNoticeKind) : 'other'][language];
}
