/**
 * Every user-facing message, in English and Spanish. Codes are part of the public contract and never change;
 * the texts may. `{name}` placeholders are filled from the error's params.
 */
export const MESSAGES = {
  'VALIDATION.FAILED': { en: 'The request has invalid fields.', es: 'La solicitud tiene campos no válidos.' },
  'VALIDATION.MALFORMED_JSON': { en: 'The body is not valid JSON.', es: 'El cuerpo no es JSON válido.' },
  'VALIDATION.BODY_TOO_LARGE': { en: 'The body is too large.', es: 'El cuerpo es demasiado grande.' },
  'VALIDATION.UNSUPPORTED_MEDIA_TYPE': {
    en: 'Send the body as application/json.',
    es: 'Envíe el cuerpo como application/json.',
  },
  'AUTH.UNAUTHENTICATED': { en: 'Sign in first.', es: 'Inicie sesión primero.' },
  'AUTH.INVALID_CREDENTIALS': { en: 'Wrong e-mail or password.', es: 'Correo o contraseña incorrectos.' },
  'AUTH.THROTTLED': {
    en: 'Too many sign-in attempts from here. Try again in {seconds} s.',
    es: 'Demasiados intentos de inicio de sesión desde aquí. Intente de nuevo en {seconds} s.',
  },
  'AUTH.CSRF': {
    en: 'Missing or wrong X-CSRF-Token header.',
    es: 'Falta el encabezado X-CSRF-Token o no es correcto.',
  },
  'AUTH.FORBIDDEN': { en: 'Your role may not do this.', es: 'Su rol no puede realizar esta acción.' },
  'RATE.LIMITED': {
    en: 'Too many calls. Try again in {seconds} s.',
    es: 'Demasiadas solicitudes. Intente de nuevo en {seconds} s.',
  },
  'AUTH.PASSWORD_CHANGE_REQUIRED': {
    en: 'Set a password of your own first (POST /api/auth/password).',
    es: 'Primero establezca una contraseña propia (POST /api/auth/password).',
  },
  'AUTH.WRONG_PASSWORD': { en: 'The current password is not right.', es: 'La contraseña actual no es correcta.' },
  'REQUEST.NOT_FOUND': { en: 'No such request.', es: 'No existe la solicitud.' },
  'REQUEST.INVALID_TRANSITION': {
    en: 'The request is {status}: "{action}" is not possible now.',
    es: 'La solicitud está {statusEs}: la acción «{action}» no es posible ahora.',
  },
  'REQUEST.FORBIDDEN_ACTION': {
    en: 'Your role may not "{action}" this request.',
    es: 'Su rol no puede ejecutar «{action}» sobre esta solicitud.',
  },
  'REQUEST.GUARD_FAILED': {
    en: 'The action "{action}" needs: {guard}.',
    es: 'La acción «{action}» requiere: {guardEs}.',
  },
  'REQUEST.VERSION_CONFLICT': {
    en: 'The request changed since you loaded it (version {current}). Reload and try again.',
    es: 'La solicitud cambió desde que la cargó (versión {current}). Vuelva a cargarla e intente de nuevo.',
  },
  'REQUEST.NOT_CLAIMED': {
    en: 'Nobody has claimed this request: claim it instead of handing it over.',
    es: 'Nadie ha tomado esta solicitud: tómela en lugar de entregarla.',
  },
  'REQUEST.NOT_CLAIMANT': {
    en: 'Only the hub coordinator who holds this request may hand it over.',
    es: 'Solo quien tiene asignada la solicitud en la ventanilla puede entregarla.',
  },
  'REQUEST.NOT_A_DRAFT': { en: 'Only drafts can be edited.', es: 'Solo se pueden editar borradores.' },
  'REQUEST.UNKNOWN_ACTION': { en: 'Unknown action "{action}".', es: 'Acción desconocida «{action}».' },
  'REQUEST.NOT_YET_AVAILABLE': {
    en: 'The action "{action}" is not available yet.',
    es: 'La acción «{action}» aún no está disponible.',
  },
  'ASSIGNMENT.NOT_FOUND': { en: 'No such assignment.', es: 'No existe el turno.' },
  'ATTACHMENT.NOT_FOUND': { en: 'No such file.', es: 'No existe el archivo.' },
  'ATTACHMENT.TOO_LARGE': {
    en: 'The file is larger than the limit of {max} bytes.',
    es: 'El archivo excede el límite de {max} bytes.',
  },
  'ATTACHMENT.TOO_MANY': {
    en: 'The request already has {max} files, the most it may hold.',
    es: 'La solicitud ya tiene {max} archivos, el máximo permitido.',
  },
  'ATTACHMENT.TYPE_REFUSED': {
    en: 'This kind of file is not accepted: {found}.',
    es: 'No se acepta este tipo de archivo: {found}.',
  },
  'ATTACHMENT.FORBIDDEN_CONTEXT': {
    en: 'Your role may not add a file of the kind "{context}" to this request.',
    es: 'Su rol no puede agregar a esta solicitud un archivo del tipo «{context}».',
  },
  'ATTACHMENT.NOT_NOW': {
    en: 'A file of the kind "{context}" cannot be added now ({status}).',
    es: 'Ahora no se puede agregar un archivo del tipo «{context}» ({status}).',
  },
  'ATTACHMENT.FORBIDDEN_ACTION': {
    en: 'You may not {action} this file.',
    es: 'No puede realizar la acción «{action}» sobre este archivo.',
  },
  'ATTACHMENT.NOT_A_DRAFT': {
    en: "Only a draft's files can be deleted; withdraw it instead.",
    es: 'Solo se pueden borrar los archivos de un borrador; retírelo en su lugar.',
  },
  'ASSIGNMENT.INVALID_TRANSITION': {
    en: 'The assignment is {status}: "{action}" is not possible now.',
    es: 'El turno está {statusEs}: la acción «{action}» no es posible ahora.',
  },
  'ASSIGNMENT.FORBIDDEN_ACTION': {
    en: 'Your role may not "{action}" this assignment.',
    es: 'Su rol no puede ejecutar «{action}» sobre este turno.',
  },
  'ASSIGNMENT.VERSION_CONFLICT': {
    en: 'The assignment changed since you loaded it (version {current}). Reload and try again.',
    es: 'El turno cambió desde que lo cargó (versión {current}). Vuelva a cargarlo e intente de nuevo.',
  },
  'ASSIGNMENT.NOTHING_TO_RELAY': {
    en: 'The agency has no pending question to relay.',
    es: 'La dependencia no tiene una pregunta pendiente que trasladar.',
  },
  'ASSIGNMENT.ALREADY_RELAYED': {
    en: 'This question was already relayed to the requester.',
    es: 'Esta pregunta ya se trasladó a la solicitante.',
  },
  'REQUEST.NO_RELAYED_QUESTION': {
    en: 'There is no open question relayed from the window with that id.',
    es: 'No hay una pregunta abierta trasladada por la ventanilla con ese identificador.',
  },
  'ASSIGNMENT.UNKNOWN_ACTION': { en: 'Unknown action "{action}".', es: 'Acción desconocida «{action}».' },
  'ROUTING.INVALID_PLAN': {
    en: 'The routing plan is not valid.',
    es: 'El plan de turno no es válido.',
  },
  'ROUTING.NO_PROPOSAL': {
    en: 'The request has no routing proposal yet: it is computed at registration.',
    es: 'La solicitud aún no tiene propuesta de turno: se calcula al registrarla.',
  },
  'ROUTING.RULES_INVALID': {
    en: 'The routing rule set is not valid.',
    es: 'El conjunto de reglas de turno no es válido.',
  },
  'ROUTING.RULES_NOT_FOUND': { en: 'No such rule-set version.', es: 'No existe esa versión de las reglas.' },
  'IDEMPOTENCY.KEY_REUSED': {
    en: 'This Idempotency-Key was already used with a different body.',
    es: 'Esta Idempotency-Key ya se usó con un cuerpo distinto.',
  },
  'IDEMPOTENCY.IN_FLIGHT': {
    en: 'A request with this Idempotency-Key is still being processed.',
    es: 'Una solicitud con esta Idempotency-Key aún se está procesando.',
  },
  'IDEMPOTENCY.INVALID_KEY': {
    en: 'Idempotency-Key must be 1 to 200 visible characters.',
    es: 'Idempotency-Key debe tener de 1 a 200 caracteres visibles.',
  },
  'JOB.NOT_FOUND': { en: 'No such job in queue "{queue}".', es: 'No existe ese trabajo en la cola «{queue}».' },
  'JOB.NOT_FAILED': {
    en: 'The job is {state}: only failed jobs can be retried.',
    es: 'El trabajo está en estado {state}: solo se pueden reintentar trabajos fallidos.',
  },
  'JOB.NOT_DELAYED': {
    en: 'The job is {state}: only delayed jobs can be promoted.',
    es: 'El trabajo está en estado {state}: solo se pueden adelantar trabajos diferidos.',
  },
  'QUEUE.DASHBOARD_READ_ONLY': {
    en: 'The queue dashboard is read-only. Retry or promote a job through /api/admin/jobs.',
    es: 'El tablero de colas es de solo lectura. Reintente o adelante un trabajo mediante /api/admin/jobs.',
  },
  'NOTIFICATION.NOT_FOUND': { en: 'No such notification.', es: 'No existe la notificación.' },
  'NOTICE.ACKNOWLEDGEMENTS_PENDING': {
    en: 'The request cannot be cleared for action until every required acknowledgement is recorded. Missing: {missing}.',
    es: 'La solicitud no puede autorizarse para actuar hasta que consten todos los acuses requeridos. Faltan: {missingEs}.',
  },
  'NOTICE.NO_REPORT_OWED': {
    en: 'Only an exigent action owes a post-action report.',
    es: 'Solo una acción urgente debe presentar un informe posterior.',
  },
  'NOTICE.REPORT_NOT_FOUND': {
    en: 'No post-action report has been filed for this request.',
    es: 'No se ha presentado un informe posterior a la acción para esta solicitud.',
  },
  'NOTICE.REPORT_ALREADY_FILED': {
    en: 'The post-action report was already filed.',
    es: 'El informe posterior a la acción ya se presentó.',
  },
  'WEBHOOK.NOT_FOUND': { en: 'No such webhook endpoint.', es: 'No existe el webhook.' },
  'WEBHOOK.VERSION_CONFLICT': {
    en: 'The webhook endpoint changed since you loaded it (version {current}). Reload and try again.',
    es: 'El webhook cambió desde que lo cargó (versión {current}). Vuelva a cargarlo e intente de nuevo.',
  },
  'EMAIL_CONTACT.NOT_FOUND': { en: 'No such e-mail contact.', es: 'No existe el contacto de correo.' },
  'EMAIL_CONTACT.DUPLICATE': {
    en: 'The agency already has this e-mail address.',
    es: 'La dependencia ya tiene esta dirección de correo.',
  },
  'EMAIL_CONTACT.VERSION_CONFLICT': {
    en: 'The e-mail contact changed since you loaded it (version {current}). Reload and try again.',
    es: 'El contacto de correo cambió desde que lo cargó (versión {current}). Vuelva a cargarlo e intente de nuevo.',
  },
  'DEAD_LETTER.NOT_FOUND': { en: 'No such dead letter.', es: 'No existe la entrega fallida.' },
  'DEAD_LETTER.ALREADY_REPLAYED': {
    en: 'This dead letter was already replayed.',
    es: 'Esta entrega fallida ya se reintentó.',
  },
  'DEAD_LETTER.ENDPOINT_INACTIVE': {
    en: 'The webhook endpoint is switched off or gone: activate it before replaying.',
    es: 'El webhook está desactivado o ya no existe: actívelo antes de reintentar.',
  },
  'USER.NOT_FOUND': { en: 'No such user.', es: 'No existe el usuario.' },
  'USER.EMAIL_TAKEN': {
    en: 'A user with this e-mail address already exists.',
    es: 'Ya existe un usuario con este correo electrónico.',
  },
  'USER.VERSION_CONFLICT': {
    en: 'The user changed since you loaded it (version {current}). Reload and try again.',
    es: 'El usuario cambió desde que lo cargó (versión {current}). Vuelva a cargarlo e intente de nuevo.',
  },
  'USER.SELF_CHANGE': {
    en: 'You cannot disable your own account or change your own role or agency.',
    es: 'No puede desactivar su propia cuenta ni cambiar su propio rol o dependencia.',
  },
  'SAVED_VIEW.NOT_FOUND': { en: 'No such saved view.', es: 'No existe la vista guardada.' },
  'SAVED_VIEW.NAME_TAKEN': {
    en: 'You already have a view of this list with that name.',
    es: 'Ya tiene una vista de esta lista con ese nombre.',
  },
  'SAVED_VIEW.TOO_MANY': {
    en: 'You have {max} saved views of this list: delete one first.',
    es: 'Tiene {max} vistas guardadas de esta lista: elimine una primero.',
  },
  'AUDIT.NO_SIGNING_KEY': {
    en: 'No audit signing key is configured, so there is no public key to publish.',
    es: 'No hay una llave de firma de auditoría configurada, así que no hay llave pública que publicar.',
  },
  'AUDIT.CHAIN_INTACT': {
    en: 'The audit trail is intact: {events} sealed events and {checkpoints} signed checkpoints check out.',
    es: 'La bitácora de auditoría está íntegra: {events} eventos sellados y {checkpoints} puntos de control firmados son correctos.',
  },
  'AUDIT.BREAK_CHANGED': {
    en: 'Sequence {seq}: the event was changed after it was sealed.',
    es: 'Secuencia {seq}: el evento se modificó después de sellarse.',
  },
  'AUDIT.BREAK_MISSING': {
    en: 'Sequence {seq}: a sealed event is missing.',
    es: 'Secuencia {seq}: falta un evento sellado.',
  },
  'AUDIT.BREAK_INSERTED': {
    en: 'Sequence {seq}: an event was slipped into the trail without being sealed.',
    es: 'Secuencia {seq}: se introdujo un evento en la bitácora sin sellarlo.',
  },
  'AUDIT.BREAK_RECHAINED': {
    en: 'Sequence {seq}: the chain was rewritten and no longer matches what was sealed or signed.',
    es: 'Secuencia {seq}: la cadena se reescribió y ya no coincide con lo sellado o firmado.',
  },
  'AUDIT.BREAK_BAD_SIGNATURE': {
    en: 'Sequence {seq}: the checkpoint is not signed by the audit key.',
    es: 'Secuencia {seq}: el punto de control no está firmado con la llave de auditoría.',
  },
  'ROUTE.NOT_FOUND': { en: 'No such endpoint.', es: 'No existe el recurso.' },
  'SERVICE.UNAVAILABLE': {
    en: 'A dependency is unavailable. Try again shortly.',
    es: 'Un servicio del que dependemos no está disponible. Intente de nuevo en breve.',
  },
  'INTERNAL.ERROR': {
    en: 'Something went wrong on our side (error id {errorId}).',
    es: 'Algo falló de nuestro lado (id de error {errorId}).',
  },
} as const satisfies Record<string, { en: string; es: string }>;

export type MessageCode = keyof typeof MESSAGES;
export type Language = 'en' | 'es';

/** Field-level messages, keyed by validation constraint (class-validator's names, e.g. `isIso8601`). */
export const FIELD_MESSAGES: Record<string, { en: string; es: string }> = {
  required: { en: 'is required', es: 'es obligatorio' },
  unknown_field: { en: 'is not a known field', es: 'no es un campo reconocido' },
  isString: { en: 'must be text', es: 'debe ser texto' },
  isNotEmpty: { en: 'must not be empty', es: 'no debe estar vacío' },
  maxLength: { en: 'must be at most {max} characters', es: 'debe tener como máximo {max} caracteres' },
  minLength: { en: 'must be at least {min} characters', es: 'debe tener al menos {min} caracteres' },
  isIn: { en: 'must be one of: {values}', es: 'debe ser uno de: {values}' },
  isBoolean: { en: 'must be true or false', es: 'debe ser verdadero o falso' },
  isInt: { en: 'must be a whole number', es: 'debe ser un número entero' },
  min: { en: 'must be at least {min}', es: 'debe ser al menos {min}' },
  max: { en: 'must be at most {max}', es: 'debe ser como máximo {max}' },
  isIso8601: { en: 'must be an ISO-8601 date and time', es: 'debe ser una fecha y hora ISO-8601' },
  isUuid: { en: 'must be a UUID', es: 'debe ser un UUID' },
  isEmail: { en: 'must be an e-mail address', es: 'debe ser un correo electrónico' },
  isArray: { en: 'must be a list', es: 'debe ser una lista' },
  arrayMinSize: { en: 'must have at least {min} items', es: 'debe tener al menos {min} elementos' },
  arrayMaxSize: { en: 'must have at most {max} items', es: 'debe tener como máximo {max} elementos' },
  arrayUnique: { en: 'must not repeat items', es: 'no debe repetir elementos' },
  isObject: { en: 'must be an object', es: 'debe ser un objeto' },
  nestedValidation: { en: 'must be an object', es: 'debe ser un objeto' },
  forbidden_address: {
    en: 'points to {address}, a {kind} address that webhooks may not reach (WEBHOOK_ALLOWED_NETWORKS)',
    es: 'apunta a {address}, una dirección {kind} que los webhooks no pueden alcanzar (WEBHOOK_ALLOWED_NETWORKS)',
  },
  unresolvable_host: {
    en: 'names a host that does not resolve: {host}',
    es: 'nombra un host que no se resuelve: {host}',
  },
  multipart_required: {
    en: 'must be sent as multipart/form-data',
    es: 'debe enviarse como multipart/form-data',
  },
  malformed_multipart: { en: 'is not a well-formed multipart body', es: 'no es un cuerpo multipart bien formado' },
  duplicate_part: { en: 'was sent more than once', es: 'se envió más de una vez' },
  too_many_parts: { en: 'comes with too many parts', es: 'viene con demasiadas partes' },
  empty_file: { en: 'is empty', es: 'está vacío' },
  invalid_filename: {
    en: 'has a name with a path separator or a control character',
    es: 'tiene un nombre con un separador de ruta o un carácter de control',
  },
  only_for_answer: { en: 'goes only with an answer file', es: 'solo acompaña a un archivo de respuesta' },
  wrong_password: { en: 'is not your current password', es: 'no es su contraseña actual' },
  same_password: {
    en: 'must differ from the current password',
    es: 'debe ser distinta de la contraseña actual',
  },
  unknown_code: { en: 'is not a known code: {value}', es: 'no es un código reconocido: {value}' },
  future_required: { en: 'must be in the future', es: 'debe ser una fecha futura' },
  us_requesting_agency: {
    en: 'must be a US requesting agency',
    es: 'debe ser una dependencia solicitante de Estados Unidos',
  },
  required_for_type: {
    en: 'is required for this request type',
    es: 'es obligatorio para este tipo de solicitud',
  },
  read_only: { en: 'is set by the system and cannot be sent', es: 'lo fija el sistema y no se puede enviar' },
  too_deep: { en: 'is nested more than {max} levels deep', es: 'tiene más de {max} niveles de anidación' },
  nul_character: { en: 'must not contain the NUL character', es: 'no debe contener el carácter NUL' },
  invalid: { en: 'is not valid', es: 'no es válido' },
  after_from: { en: 'must be later than from', es: 'debe ser posterior a from' },
  needs_q: { en: 'sorts a search only (give q)', es: 'solo ordena una búsqueda (indique q)' },
  not_with_q: {
    en: 'does not apply to a search (with q: relevance, newest or deadline)',
    es: 'no se aplica a una búsqueda (con q: relevance, newest o deadline)',
  },
  // Notification channels (webhook endpoints).
  http_url: { en: 'must be an http:// or https:// URL', es: 'debe ser una URL http:// o https://' },
  https_required: { en: 'must be an https:// URL', es: 'debe ser una URL https://' },
  // Routing plans and rule sets (libs/domain routing-rules.ts).
  invalid_type: { en: 'has the wrong type', es: 'tiene un tipo incorrecto' },
  invalid_value: { en: 'has a value that is not allowed', es: 'tiene un valor no permitido' },
  must_be_null: { en: 'must be null for this kind of rule', es: 'debe ser nulo para este tipo de regla' },
  duplicate_id: { en: 'repeats an id', es: 'repite un identificador' },
  unknown_kind: { en: 'is not a known rule kind', es: 'no es un tipo de regla reconocido' },
  unknown_flag: { en: 'is not a known modifier flag', es: 'no es un indicador de modificador reconocido' },
  unknown_agency: { en: 'is not a known agency', es: 'no es una dependencia reconocida' },
  unknown_request_type: { en: 'is not a known request type', es: 'no es un tipo de solicitud reconocido' },
  unknown_topic: { en: 'is not a known topic', es: 'no es un tema reconocido' },
  unknown_family: { en: 'is not a known family', es: 'no es una familia reconocida' },
  invalid_priority: { en: 'is not a priority (P1–P4)', es: 'no es una prioridad (P1–P4)' },
  us_agency: {
    en: 'is a US agency: only Mexican agencies receive work',
    es: 'es una agencia de EE. UU.: solo las dependencias mexicanas reciben turnos',
  },
  judiciary: {
    en: 'is the judiciary, reached through FGR: route to FGR instead',
    es: 'es el Poder Judicial, al que se llega por la FGR: turne a la FGR',
  },
  hub_not_allowed: {
    en: 'is the hub, which may lead only where the rules make it so',
    es: 'es la ventanilla, que solo puede ser responsable cuando las reglas lo indican',
  },
  not_receiving_agency: {
    en: 'is not an agency that takes work',
    es: 'no es una dependencia que reciba turnos',
  },
  duplicate: { en: 'is listed twice', es: 'está repetida' },
  lead_in_support: { en: 'is already the lead', es: 'ya es la responsable' },
  required_to_depart: {
    en: 'is required: the plan departs from the routing proposal, say why',
    es: 'es obligatorio: el plan se aparta de la propuesta de turno, diga por qué',
  },
  duplicate_match: { en: 'matches the same case as another rule', es: 'coincide con el mismo caso que otra regla' },
  fallback_missing: { en: 'needs exactly one fallback rule', es: 'necesita exactamente una regla de respaldo' },
  fallback_duplicate: { en: 'has more than one fallback rule', es: 'tiene más de una regla de respaldo' },
  // User accounts (libs/domain user-accounts.ts): the agency a role speaks for.
  agency_not_allowed: {
    en: 'must be empty: this role belongs to no agency',
    es: 'debe quedar vacía: este rol no pertenece a ninguna dependencia',
  },
  agency_not_requesting: { en: 'must be a US requesting agency', es: 'debe ser una agencia solicitante de EE. UU.' },
  agency_not_hub: { en: 'must be the hub (SRE-SSAN)', es: 'debe ser la ventanilla (SRE-SSAN)' },
  agency_not_authorizer: { en: 'must be GANS', es: 'debe ser el GANS' },
  taken: { en: 'is already in use', es: 'ya está en uso' },
  not_your_list: {
    en: 'is a list your role does not have',
    es: 'es una lista que su rol no tiene',
  },
  // Hand-over (issue 14): the colleague who takes a request over.
  not_hub_coordinator: {
    en: 'must be another hub coordinator (GET /api/hub/colleagues)',
    es: 'debe ser otra persona coordinadora de la ventanilla (GET /api/hub/colleagues)',
  },
  inactive_user: { en: 'is a disabled account', es: 'es una cuenta desactivada' },
  self: { en: 'must be someone other than you', es: 'debe ser alguien distinto de usted' },
};

export function interpolate(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined || v === null) return `{${k}}`;
    return Array.isArray(v) ? v.join(', ') : String(v as string);
  });
}

export function message(code: MessageCode, lang: Language, params: Record<string, unknown> = {}): string {
  return interpolate(MESSAGES[code][lang], params);
}

export function fieldMessage(constraint: string, lang: Language, params: Record<string, unknown> = {}): string {
  const m = FIELD_MESSAGES[constraint] ?? FIELD_MESSAGES.invalid;
  return interpolate(m[lang], params);
}

/** `Accept-Language: es-MX,es;q=0.9` → 'es'. English unless Spanish is preferred over it. */
export function pickLanguage(header: string | undefined, fallback: Language = 'en'): Language {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().toLowerCase().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'es' || tag.startsWith('es-')) return 'es';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return fallback;
}
