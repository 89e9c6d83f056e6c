/**
 * Which files the record accepts, judged from their bytes alone (the name and the declared type are never
 * trusted): documents, images, audio and video of the kinds agencies exchange, and plain text. Everything else
 * is refused, so that executables, scripts, markup that can carry scripts, and archives (which could hide
 * any of them) never enter — a default-deny list rather than a list of known dangers.
 */
export const SNIFF_BYTES = 64 * 1024;

/** What `file-type` detected from the first bytes (its `ext` and `mime`), or undefined when it knew nothing. */
export interface Detected {
  ext: string;
  mime: string;
}

export type FileVerdict = { ok: true; contentType: string } | { ok: false; found: string };

const ACCEPTED = new Set([
  'pdf',
  'png',
  'jpg',
  'gif',
  'webp',
  'tif',
  'bmp',
  'heic',
  'avif',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'rtf',
  'mp4',
  'mov',
  'm4a',
  'mp3',
  'wav',
  'ogg',
  'oga',
  'webm',
]);

/** Names for what is refused, so that the answer says what was found. */
const REFUSED_NAMES: Record<string, string> = {
  exe: 'a Windows executable',
  elf: 'a Linux executable',
  macho: 'a macOS executable',
  msi: 'a Windows installer',
  cfb: 'an OLE compound file (legacy Office, MSI or Outlook: save it as PDF, DOCX or XLSX)',
  dex: 'an Android executable',
  apk: 'an Android package',
  class: 'a Java class',
  jar: 'a Java archive',
  wasm: 'WebAssembly code',
  swf: 'a Flash program',
  zip: 'a ZIP archive',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  tar: 'a TAR archive',
  gz: 'a gzip archive',
  bz2: 'a bzip2 archive',
  xz: 'an XZ archive',
  zst: 'a Zstandard archive',
  cab: 'a cabinet archive',
  deb: 'a Debian package',
  rpm: 'an RPM package',
  dmg: 'a disk image',
  iso: 'a disk image',
  docm: 'a macro-enabled Word document',
  xlsm: 'a macro-enabled Excel workbook',
  pptm: 'a macro-enabled PowerPoint presentation',
};

const MARKUP = /<\s*(script|html|svg|iframe|object|embed)\b|<!doctype\s+html|<\?xml/i;

export function judgeFile(head: Buffer, detected: Detected | undefined): FileVerdict {
  if (detected) {
    if (ACCEPTED.has(detected.ext)) return { ok: true, contentType: detected.mime };
    return { ok: false, found: REFUSED_NAMES[detected.ext] ?? `${detected.mime} (.${detected.ext})` };
  }
  const text = asText(head);
  if (text === null) return { ok: false, found: 'binary data of an unknown kind' };
  if (text.startsWith('#!')) return { ok: false, found: 'a script (#!)' };
  if (MARKUP.test(text)) return { ok: false, found: 'markup that can carry scripts (HTML, SVG or XML)' };
  return { ok: true, contentType: 'text/plain; charset=utf-8' };
}

/** The head as text when it is UTF-8 without control bytes other than tab, line breaks and form feed. */
function asText(head: Buffer): string | null {
  // A character cut at the end of the sniffed head is not a reason to refuse.
  let end = head.length;
  for (let back = 0; back < 3 && end > 0 && (head[end - 1] & 0xc0) === 0x80; back++) end--;
  if (end > 0 && head[end - 1] >= 0xc0) end--;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return null;
  }
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(body) ? null : body;
}
