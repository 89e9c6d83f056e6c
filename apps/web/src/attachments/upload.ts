import { activeLanguage } from '../i18n/i18n';
import { cookie, type AttachmentContext, type AttachmentView } from '../api/client';
import { ApiProblem } from '../api/problem';

export interface UploadTarget {
  context: AttachmentContext;
  /** `answer` files: the assignment they belong to. */
  assignmentId?: string;
}

export interface Upload {
  done: Promise<AttachmentView>;
  abort: () => void;
}

/**
 * Sends one file as multipart/form-data with XMLHttpRequest, the one browser API that reports upload progress.
 * The text parts go before the file so the server knows the context before the bytes arrive.
 * A refusal rejects with the server's problem+json (413, 415, 409, 400 naming the field), like every other call.
 */
export function uploadAttachment(
  requestId: string,
  file: File,
  target: UploadTarget,
  onProgress: (fraction: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<AttachmentView>((resolve, reject) => {
    const form = new FormData();
    form.append('context', target.context);
    if (target.assignmentId) form.append('assignmentId', target.assignmentId);
    form.append('file', file, file.name);
    xhr.open('POST', `/api/requests/${encodeURIComponent(requestId)}/attachments`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept-Language', activeLanguage());
    const csrf = cookie('csrf_token');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', decodeURIComponent(csrf));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as AttachmentView);
      } else reject(ApiProblem.from(xhr.status, body));
    };
    xhr.onerror = () => reject(ApiProblem.from(0, { code: 'NETWORK', title: '' }));
    xhr.onabort = () => reject(ApiProblem.from(0, { code: 'ABORTED', title: '' }));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** 1 234 567 bytes → "1.2 MB" in the reader's locale (decimal units, as file managers show them). */
export function formatSize(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
