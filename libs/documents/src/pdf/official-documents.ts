import type { Readable } from 'node:stream';
import { REQUEST_STATUS_LABELS, type RequestStatus } from '@ventanilla/domain/request-status.js';
import { PdfWriter } from './pdf-writer.js';

export type DocLanguage = 'en' | 'es';

/** The request as the caller may see it (the fields of RequestView the documents print). */
export interface DocRequest {
  id: string;
  folio: string | null;
  status: string;
  type: string;
  topics: string[];
  priority: string;
  title: string;
  summary: string;
  language: string;
  classification: string;
  handlingCode: string;
  legalBasis: string | null;
  subjects: Array<{ kind: string; name: string; nationality?: string; isMexicanOfficial?: boolean }>;
  locations: string[];
  neededBy: string | null;
  proposedActionAt: string | null;
  actionKind: string | null;
  usPersonnelOnMexicanSoil: boolean;
  diplomaticNoteNumber: string | null;
  requestingAgency: string;
  escalationLevel: string;
  submittedAt: string | null;
  registeredAt: string | null;
  closedAt: string | null;
  createdAt: string;
  response: {
    text: string;
    answers: Array<{ id?: string; agency: string; role: string; text: string; respondedAt: string }>;
  } | null;
  responseReleasedAt: string | null;
  clarifications?: Array<{
    id: string;
    question: string;
    askedAt: string;
    answer: string | null;
    answeredAt: string | null;
  }>;
}

export interface DocTranslation {
  ofKind: string;
  ofId: string;
  language: string;
  text: string;
  createdAt: string;
}

export interface DocFile {
  filename: string;
  size: number;
  sha256: string;
  context: string;
  uploadedAt: string;
  uploadedBy: { role: string; agency: string | null };
}

export interface DocIssue {
  issuedAt: Date;
  /** Who asked for the document: e-mail and role. */
  issuedTo: string;
  /** The sealed audit chain's head when the document was issued, so that an auditor can check it later. */
  chainHead: { seq: string; hash: string } | null;
}

const EN = {
  recordTitle: 'Record of the request',
  replyTitle: 'Reply to the request',
  institution: 'Ministry of Foreign Affairs of Mexico — Undersecretariat for North America (SRE-SSAN)',
  window: 'Single window for security cooperation',
  folio: 'Folio',
  noFolio: 'not assigned yet',
  status: 'Status',
  parties: 'Parties',
  requestingAgency: 'Requesting agency',
  hub: 'Single window',
  assigned: 'Agencies routed to',
  fields: 'The request',
  type: 'Type',
  topics: 'Topics',
  priority: 'Priority',
  title: 'Title',
  summary: 'Summary',
  language: 'Language',
  classification: 'Classification',
  handling: 'Handling code',
  legalBasis: 'Legal basis',
  subjects: 'Subjects',
  locations: 'Places',
  neededBy: 'Needed by',
  proposedActionAt: 'Proposed action at',
  actionKind: 'Kind of action',
  usPersonnel: 'US personnel on Mexican soil',
  note: 'Diplomatic note',
  escalation: 'Escalation level',
  submitted: 'Submitted',
  registered: 'Registered',
  closed: 'Closed',
  yes: 'yes',
  no: 'no',
  clarifications: 'Clarifications',
  question: 'Question',
  answer: 'Answer',
  pending: 'pending',
  reply: 'Consolidated reply',
  released: 'Released',
  history: 'History',
  when: 'When',
  what: 'What',
  who: 'Who',
  files: 'Files',
  file: 'File',
  size: 'Size',
  kind: 'Kind',
  sha256: 'SHA-256',
  none: '—',
  noFiles: 'No files.',
  issued: 'Issued {at} to {to}.',
  chain: 'Audit chain at issue: sequence {seq}, head {hash}.',
  noChain: 'Audit chain at issue: nothing sealed yet.',
  page: 'Page {n} of {of}',
  to: 'To',
  date: 'Date',
  subject: 'Subject',
  letterOpening: 'The single window of SRE-SSAN replies to the request above as follows.',
  agencyAnswer: 'Answer of {agency} ({role}), {date}',
  lead: 'lead',
  support: 'support',
  translation: 'Translation by SRE-SSAN, {date}',
  releasedFiles: 'Files released with this reply',
  closing: 'SRE-SSAN single window',
  bytes: '{n} bytes',
};

type Labels = Record<keyof typeof EN, string>;

const ES: Labels = {
  recordTitle: 'Expediente de la solicitud',
  replyTitle: 'Respuesta a la solicitud',
  institution: 'Secretaría de Relaciones Exteriores — Subsecretaría para América del Norte (SRE-SSAN)',
  window: 'Ventanilla única de cooperación en seguridad',
  folio: 'Folio',
  noFolio: 'aún sin asignar',
  status: 'Estado',
  parties: 'Partes',
  requestingAgency: 'Dependencia solicitante',
  hub: 'Ventanilla',
  assigned: 'Dependencias turnadas',
  fields: 'La solicitud',
  type: 'Tipo',
  topics: 'Temas',
  priority: 'Prioridad',
  title: 'Título',
  summary: 'Resumen',
  language: 'Idioma',
  classification: 'Clasificación',
  handling: 'Código de manejo',
  legalBasis: 'Fundamento legal',
  subjects: 'Sujetos',
  locations: 'Lugares',
  neededBy: 'Se necesita para',
  proposedActionAt: 'Acción propuesta para',
  actionKind: 'Tipo de acción',
  usPersonnel: 'Personal estadounidense en territorio mexicano',
  note: 'Nota diplomática',
  escalation: 'Nivel de escalamiento',
  submitted: 'Presentada',
  registered: 'Registrada',
  closed: 'Concluida',
  yes: 'sí',
  no: 'no',
  clarifications: 'Prevenciones',
  question: 'Pregunta',
  answer: 'Respuesta',
  pending: 'pendiente',
  reply: 'Respuesta consolidada',
  released: 'Enviada',
  history: 'Historial',
  when: 'Cuándo',
  what: 'Qué',
  who: 'Quién',
  files: 'Archivos',
  file: 'Archivo',
  size: 'Tamaño',
  kind: 'Tipo',
  sha256: 'SHA-256',
  none: '—',
  noFiles: 'Sin archivos.',
  issued: 'Emitido el {at} para {to}.',
  chain: 'Cadena de auditoría al emitir: secuencia {seq}, cabeza {hash}.',
  noChain: 'Cadena de auditoría al emitir: aún nada sellado.',
  page: 'Página {n} de {of}',
  to: 'Para',
  date: 'Fecha',
  subject: 'Asunto',
  letterOpening: 'La ventanilla única de la SRE-SSAN da respuesta a la solicitud citada en los términos siguientes.',
  agencyAnswer: 'Respuesta de {agency} ({role}), {date}',
  lead: 'responsable',
  support: 'apoyo',
  translation: 'Traducción de la SRE-SSAN, {date}',
  releasedFiles: 'Archivos enviados con esta respuesta',
  closing: 'Ventanilla única de la SRE-SSAN',
  bytes: '{n} bytes',
};

const L: Record<DocLanguage, Labels> = { en: EN, es: ES };

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));

/** Dates as officials read them, in Mexico City time, in the document's language. */
function dateTime(iso: string | Date | null, language: DocLanguage): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(language === 'es' ? 'es-MX' : 'en-US', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'America/Mexico_City',
  }).format(new Date(iso));
}

function number(n: number, language: DocLanguage): string {
  return new Intl.NumberFormat(language === 'es' ? 'es-MX' : 'en-US').format(n);
}

function statusLabel(status: string, language: DocLanguage): string {
  return REQUEST_STATUS_LABELS[status as RequestStatus]?.[language] ?? status;
}

function footer(issue: DocIssue, t: Labels, language: DocLanguage, folio: string | null): string[] {
  return [
    `${t.folio} ${folio ?? t.noFolio} · ${fill(t.issued, { at: dateTime(issue.issuedAt, language)!, to: issue.issuedTo })}`,
    issue.chainHead ? fill(t.chain, { seq: issue.chainHead.seq, hash: issue.chainHead.hash }) : t.noChain,
  ];
}

function filesTable(w: PdfWriter, files: DocFile[], t: Labels, language: DocLanguage): void {
  if (files.length === 0) {
    w.paragraph(t.noFiles, { muted: true });
    return;
  }
  w.table(
    [
      { header: t.file, width: 24 },
      { header: t.kind, width: 9 },
      { header: t.size, width: 11 },
      { header: t.sha256, width: 56, mono: true },
    ],
    files.map((f) => [f.filename, f.context, fill(t.bytes, { n: number(f.size, language) }), f.sha256]),
  );
}

/** The request as the caller may see it: every field, the parties, clarifications, reply, history and files. */
export function recordPdf(input: {
  language: DocLanguage;
  request: DocRequest;
  assigned: Array<{ agency: string; role: string; status: string }> | null;
  history: Array<{
    occurredAt: string;
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    who: string;
    reason: string | null;
  }>;
  files: DocFile[];
  translations: DocTranslation[];
  issue: DocIssue;
}): Readable {
  const { language, request: r, issue } = input;
  const t = L[language];
  const w = new PdfWriter({
    title: `${t.recordTitle} ${r.folio ?? ''}`.trim(),
    marking: r.classification || null,
    footer: footer(issue, t, language, r.folio),
    pageLabel: (n, of) => fill(t.page, { n, of }),
    language,
  });
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  w.title(t.recordTitle, `${t.institution}\n${t.window}`);
  w.fields([
    [t.folio, r.folio ?? t.noFolio],
    [t.status, statusLabel(r.status, language)],
    [t.title, r.title],
  ]);
  w.heading(t.parties);
  w.fields([
    [t.requestingAgency, r.requestingAgency],
    [t.hub, 'SRE-SSAN'],
    ...(input.assigned
      ? ([
          [
            t.assigned,
            input.assigned
              .map((a) => `${a.agency} (${a.role === 'lead' ? t.lead : t.support}, ${a.status})`)
              .join('; '),
          ],
        ] as Array<[string, string]>)
      : []),
  ]);
  w.heading(t.fields);
  w.fields([
    [t.type, r.type],
    [t.topics, r.topics.join(', ')],
    [t.priority, r.priority],
    [t.language, r.language],
    [t.classification, r.classification],
    [t.handling, r.handlingCode],
    [t.legalBasis, r.legalBasis],
    [
      t.subjects,
      r.subjects
        .map(
          (s) =>
            `${s.name} (${s.kind}${s.nationality ? `, ${s.nationality}` : ''}${s.isMexicanOfficial ? ', MX official' : ''})`,
        )
        .join('; '),
    ],
    [t.locations, r.locations.join('; ')],
    [t.neededBy, dateTime(r.neededBy, language)],
    [t.proposedActionAt, dateTime(r.proposedActionAt, language)],
    [t.actionKind, r.actionKind],
    [t.usPersonnel, yesNo(r.usPersonnelOnMexicanSoil)],
    [t.note, r.diplomaticNoteNumber],
    [t.escalation, r.escalationLevel],
    [t.submitted, dateTime(r.submittedAt, language)],
    [t.registered, dateTime(r.registeredAt, language)],
    [t.closed, dateTime(r.closedAt, language)],
  ]);
  w.heading(t.summary);
  w.paragraph(r.summary);
  translationsOf(w, input.translations, 'request', r.id, t, language);

  if (r.clarifications && r.clarifications.length > 0) {
    w.heading(t.clarifications);
    for (const c of r.clarifications) {
      w.paragraph(`${t.question} (${dateTime(c.askedAt, language)}): ${c.question}`);
      w.paragraph(
        `${t.answer}: ${c.answer ?? t.pending}${c.answeredAt ? ` (${dateTime(c.answeredAt, language)})` : ''}`,
        { muted: !c.answer },
      );
      translationsOf(w, input.translations, 'clarification', c.id, t, language);
    }
  }
  if (r.response) {
    w.heading(t.reply);
    w.fields([[t.released, dateTime(r.responseReleasedAt, language)]]);
    w.paragraph(r.response.text);
    translationsOf(w, input.translations, 'reply', r.id, t, language);
    for (const a of r.response.answers) {
      w.paragraph(
        fill(t.agencyAnswer, {
          agency: a.agency,
          role: a.role === 'lead' ? t.lead : t.support,
          date: dateTime(a.respondedAt, language)!,
        }),
        {
          bold: true,
        },
      );
      w.paragraph(a.text);
      if (a.id) translationsOf(w, input.translations, 'answer', a.id, t, language);
    }
  }
  w.heading(t.files);
  filesTable(w, input.files, t, language);
  w.heading(t.history);
  w.table(
    [
      { header: t.when, width: 22 },
      { header: t.what, width: 38 },
      { header: t.who, width: 20 },
      { header: '', width: 20 },
    ],
    input.history.map((h) => [
      dateTime(h.occurredAt, language)!,
      `${h.action}${h.fromStatus || h.toStatus ? ` (${h.fromStatus ? statusLabel(h.fromStatus, language) : '—'} → ${h.toStatus ? statusLabel(h.toStatus, language) : '—'})` : ''}`,
      h.who,
      h.reason ?? '',
    ]),
  );
  return w.finish();
}

/** SRE-SSAN's letter with the consolidated reply, in the requester's language, with each agency's answer and its translation. */
export function replyPdf(input: {
  language: DocLanguage;
  request: DocRequest;
  files: DocFile[];
  translations: DocTranslation[];
  issue: DocIssue;
}): Readable {
  const { language, request: r, issue } = input;
  const t = L[language];
  const response = r.response!;
  const w = new PdfWriter({
    title: `${t.replyTitle} ${r.folio ?? ''}`.trim(),
    marking: r.classification || null,
    footer: footer(issue, t, language, r.folio),
    pageLabel: (n, of) => fill(t.page, { n, of }),
    language,
  });
  w.title(t.institution, t.window);
  w.fields([
    [t.folio, r.folio ?? t.noFolio],
    [t.date, dateTime(r.responseReleasedAt, language)],
    [t.to, r.requestingAgency],
    [t.subject, r.title],
  ]);
  w.heading(t.reply);
  w.paragraph(t.letterOpening);
  w.paragraph(response.text);
  translationsOf(w, input.translations, 'reply', r.id, t, language);
  for (const a of response.answers) {
    w.heading(
      fill(t.agencyAnswer, {
        agency: a.agency,
        role: a.role === 'lead' ? t.lead : t.support,
        date: dateTime(a.respondedAt, language)!,
      }),
      11,
    );
    w.paragraph(a.text);
    if (a.id) translationsOf(w, input.translations, 'answer', a.id, t, language);
  }
  w.heading(t.releasedFiles);
  filesTable(w, input.files, t, language);
  w.paragraph(t.closing, { bold: true });
  return w.finish();
}

/** Beside an original, its translations into the document's language, marked as SRE-SSAN's with their date. */
function translationsOf(
  w: PdfWriter,
  all: DocTranslation[],
  kind: string,
  id: string,
  t: Labels,
  language: DocLanguage,
): void {
  for (const tr of all.filter((x) => x.ofKind === kind && x.ofId === id && x.language === language)) {
    w.paragraph(fill(t.translation, { date: dateTime(tr.createdAt, language)! }), {
      muted: true,
      bold: true,
      size: 8.5,
    });
    w.paragraph(tr.text, { muted: true });
  }
}
