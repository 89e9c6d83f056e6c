import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How much of a file's text is kept and searched (about a hundred pages). */
export const MAX_TEXT_CHARS = 300_000;

export type TextExtraction =
  | { status: 'extracted'; text: string }
  /** Damaged, encrypted, or without a text layer (a scan): simply not searchable by its content. */
  | { status: 'unreadable'; text: null }
  /** A kind whose text is not read (images, audio, video, office formats). */
  | { status: 'unsupported'; text: null };

export interface ExtractionLimits {
  /** The PDF reader is killed after this long. */
  timeoutMs: number;
  /** …or when it grows past this much memory (its V8 heap). */
  memoryMb: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = { timeoutMs: 60_000, memoryMb: 256 };

const isPlainText = (contentType: string) => contentType.startsWith('text/plain');
const isPdf = (contentType: string) => contentType === 'application/pdf';

/** Whether the text of files of this (sniffed) type is read at all. */
export const hasReadableText = (contentType: string): boolean => isPlainText(contentType) || isPdf(contentType);

/** The text of a PDF or UTF-8 plain-text file. Never throws for what the file holds: a bad file is `unreadable`. */
export async function extractText(
  bytes: Buffer,
  contentType: string,
  limits: ExtractionLimits = DEFAULT_LIMITS,
): Promise<TextExtraction> {
  let raw: string | null;
  if (isPlainText(contentType)) raw = bytes.toString('utf8');
  else if (isPdf(contentType)) raw = await pdfText(bytes, limits);
  else return { status: 'unsupported', text: null };
  const text = raw === null ? '' : cleanText(raw);
  return text === '' ? { status: 'unreadable', text: null } : { status: 'extracted', text };
}

/** NFC, no control characters but tab and line breaks, runs of blanks and blank lines squeezed, capped. */
export function cleanText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim()
    .slice(0, MAX_TEXT_CHARS);
}

/** pdf.js in a child process (pdf-text.child.mjs): its answer, or null when it failed, ran out of time or memory. */
function pdfText(bytes: Buffer, limits: ExtractionLimits): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${limits.memoryMb}`, childScript(), String(MAX_TEXT_CHARS)],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    const out: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), limits.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // UTF-8 takes at most four bytes a character: more than that is not a text the child should send.
      if (size > MAX_TEXT_CHARS * 4 + 65_536) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? Buffer.concat(out).toString('utf8') : null);
    });
    // A child that dies before reading everything closes its stdin: that is an answer too (close), not a crash.
    child.stdin.on('error', () => undefined);
    child.stdin.end(bytes);
  });
}

/** Beside this module: `.mjs` in the sources, `.js` once the build has compiled it into dist/. */
function childScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const source = path.join(here, 'pdf-text.child.mjs');
  return existsSync(source) ? source : path.join(here, 'pdf-text.child.js');
}
