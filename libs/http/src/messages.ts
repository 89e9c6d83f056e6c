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
    en: 'Too many failed sign-in attempts. Try again in {minutes} minutes.',
    es: 'Demasiados intentos fallidos. Intente de nuevo en {minutes} minutos.',
  },
  'AUTH.CSRF': {
    en: 'Missing or wrong X-CSRF-Token header.',
    es: 'Falta el encabezado X-CSRF-Token o no es correcto.',
  },
  'AUTH.FORBIDDEN': { en: 'Your role may not do this.', es: 'Su rol no puede realizar esta acción.' },
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
  'REQUEST.NOT_A_DRAFT': { en: 'Only drafts can be edited.', es: 'Solo se pueden editar borradores.' },
  'REQUEST.UNKNOWN_ACTION': { en: 'Unknown action "{action}".', es: 'Acción desconocida «{action}».' },
  'REQUEST.NOT_YET_AVAILABLE': {
    en: 'The action "{action}" is not available yet.',
    es: 'La acción «{action}» aún no está disponible.',
  },
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
  unknown_code: { en: 'is not a known code: {value}', es: 'no es un código reconocido: {value}' },
  future_required: { en: 'must be in the future', es: 'debe ser una fecha futura' },
  required_for_type: {
    en: 'is required for this request type',
    es: 'es obligatorio para este tipo de solicitud',
  },
  read_only: { en: 'is set by the system and cannot be sent', es: 'lo fija el sistema y no se puede enviar' },
  too_deep: { en: 'is nested more than {max} levels deep', es: 'tiene más de {max} niveles de anidación' },
  invalid: { en: 'is not valid', es: 'no es válido' },
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
