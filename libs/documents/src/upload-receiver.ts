import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import type { FieldError } from '@ventanilla/http/app-error.js';
import type { BlobStore } from './blob-store.js';
import { CHUNK_BYTES } from './blob-store.js';
import { judgeFile, SNIFF_BYTES } from './file-policy.js';

/** One file received and stored: everything the metadata row needs. */
export interface ReceivedFile {
  key: string;
  filename: string;
  size: number;
  /** Lowercase hex. */
  sha256: string;
  contentType: string;
}

/** Why an upload was refused; the caller turns it into its problem+json answer. */
export type UploadRefusal =
  { kind: 'invalid'; errors: FieldError[] } | { kind: 'too_large'; maxBytes: number } | { kind: 'type'; found: string };

export class UploadRefused extends Error {
  override name = 'UploadRefused';
  constructor(readonly refusal: UploadRefusal) {
    super(refusal.kind);
  }
}

const MAX_FILENAME = 255;
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f/\\]/;

/** A name that can be saved as it is: no path, no control character, not `.` or `..`, not too long. */
export function filenameProblem(name: string): string | null {
  if (name.trim() === '') return 'required';
  if (name.length > MAX_FILENAME) return 'maxLength';
  if (FORBIDDEN_IN_NAME.test(name) || name === '.' || name === '..') return 'invalid_filename';
  return null;
}

/**
 * Reads a `multipart/form-data` upload as it streams: exactly one part `file` and the text parts named in
 * `fields`. The file's type is judged from its first bytes before anything is stored; its bytes are hashed and
 * written to the store in chunks as they arrive (never held whole in memory), and the upload stops at
 * `maxBytes`. Whatever goes wrong, nothing stays in the store: the caller removes the stored key if it refuses
 * the upload afterwards.
 */
export function receiveUpload(
  req: IncomingMessage,
  opts: { maxBytes: number; store: BlobStore; key: string; fields: readonly string[] },
): Promise<{ fields: Record<string, string>; file: ReceivedFile }> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(
      new UploadRefused({ kind: 'invalid', errors: [{ field: 'file', code: 'multipart_required' }] }),
    );
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // The name as sent, so that one with a path in it is refused rather than quietly cut to its last part.
        preservePath: true,
        // One byte more than allowed: a file of exactly the limit passes, a larger one trips it.
        limits: { fileSize: opts.maxBytes + 1, files: 2, fields: 20, fieldSize: 20_000, parts: 30 },
      });
    } catch {
      reject(new UploadRefused({ kind: 'invalid', errors: [{ field: 'file', code: 'malformed_multipart' }] }));
      return;
    }
    const fields: Record<string, string> = {};
    const errors: FieldError[] = [];
    let stored: Promise<ReceivedFile> | null = null;
    let settled = false;
    const stop = () => {
      req.unpipe(bb);
      // The rest of the body is read and dropped (Node does it once the answer is sent): never stored.
      req.resume();
    };
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      stop();
      // A refused file may still be writing: its store write removes what it wrote on failure.
      void stored?.catch(() => undefined);
      reject(err instanceof Error ? err : new Error(String(err)));
    };

    bb.on('field', (name, value, info) => {
      if (!opts.fields.includes(name)) errors.push({ field: name, code: 'unknown_field' });
      else if (name in fields) errors.push({ field: name, code: 'duplicate_part' });
      else if (info.valueTruncated) errors.push({ field: name, code: 'maxLength', params: { max: 20_000 } });
      else if (value.includes('\u0000')) errors.push({ field: name, code: 'nul_character' });
      else fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      // A form cut short ends its file with an error; the form's own error answers it.
      stream.on('error', () => undefined);
      if (name !== 'file') {
        errors.push({ field: name, code: 'unknown_field' });
        stream.resume();
        return;
      }
      if (stored) {
        errors.push({ field: 'file', code: 'duplicate_part' });
        stream.resume();
        return;
      }
      const problem = filenameProblem(info.filename ?? '');
      if (problem) {
        errors.push({ field: 'file', code: problem, params: problem === 'maxLength' ? { max: MAX_FILENAME } : {} });
        stream.resume();
        stored = Promise.reject(new Error('not stored'));
        void stored.catch(() => undefined);
        return;
      }
      stored = storeFile(stream, info.filename ?? '', opts);
      stored.catch(fail);
    });
    bb.on('partsLimit', () =>
      fail(new UploadRefused({ kind: 'invalid', errors: [{ field: 'file', code: 'too_many_parts' }] })),
    );
    bb.on('filesLimit', () => errors.push({ field: 'file', code: 'duplicate_part' }));
    bb.on('fieldsLimit', () =>
      fail(new UploadRefused({ kind: 'invalid', errors: [{ field: 'file', code: 'too_many_parts' }] })),
    );
    bb.on('error', () =>
      fail(new UploadRefused({ kind: 'invalid', errors: [{ field: 'file', code: 'malformed_multipart' }] })),
    );
    bb.on('close', () => {
      if (settled) return;
      const done = stored ?? Promise.resolve(null);
      done.then(
        async (file) => {
          if (settled) return;
          if (!file) errors.push({ field: 'file', code: 'required' });
          if (errors.length > 0) {
            if (file) await opts.store.remove(file.key).catch(() => undefined);
            fail(new UploadRefused({ kind: 'invalid', errors: dedupe(errors) }));
            return;
          }
          settled = true;
          resolve({ fields, file: file! });
        },
        (err: unknown) =>
          fail(
            errors.length > 0 && !(err instanceof UploadRefused)
              ? new UploadRefused({ kind: 'invalid', errors: dedupe(errors) })
              : err,
          ),
      );
    });
    req.on('aborted', () =>
      fail(new UploadRefused({ kind: 'invalid', errors: [{ field: 'file', code: 'malformed_multipart' }] })),
    );
    req.pipe(bb);
  });
}

/** One entry per field: the first problem found. */
function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

/** Sniffs, hashes, counts and re-chunks the file stream into the store. */
async function storeFile(
  stream: Readable & { truncated?: boolean },
  filename: string,
  opts: { maxBytes: number; store: BlobStore; key: string },
): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  let size = 0;
  let overLimit = false;
  stream.on('limit', () => {
    overLimit = true;
  });
  let contentType: string | null = null;

  async function* chunks(): AsyncGenerator<Buffer> {
    const head: Buffer[] = [];
    let headBytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const judge = async () => {
      const sample = Buffer.concat(head).subarray(0, SNIFF_BYTES);
      const verdict = judgeFile(sample, await fileTypeFromBuffer(sample));
      if (!verdict.ok) throw new UploadRefused({ kind: 'type', found: verdict.found });
      contentType = verdict.contentType;
    };
    for await (const piece of stream as AsyncIterable<Buffer>) {
      size += piece.length;
      if (overLimit || size > opts.maxBytes) throw new UploadRefused({ kind: 'too_large', maxBytes: opts.maxBytes });
      hash.update(piece);
      if (contentType === null) {
        head.push(piece);
        headBytes += piece.length;
        if (headBytes < SNIFF_BYTES) continue;
        await judge();
        pending = head;
        pendingBytes = headBytes;
      } else {
        pending.push(piece);
        pendingBytes += piece.length;
      }
      while (pendingBytes >= CHUNK_BYTES) {
        const all = Buffer.concat(pending);
        yield all.subarray(0, CHUNK_BYTES);
        const rest = all.subarray(CHUNK_BYTES);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    }
    if (overLimit || stream.truncated) throw new UploadRefused({ kind: 'too_large', maxBytes: opts.maxBytes });
    if (size === 0) throw new UploadRefused({ kind: 'invalid', errors: [{ field: 'file', code: 'empty_file' }] });
    if (contentType === null) {
      await judge();
      pending = head;
      pendingBytes = headBytes;
    }
    if (pendingBytes > 0) yield Buffer.concat(pending);
  }

  try {
    await opts.store.write(opts.key, chunks());
  } catch (err) {
    // Whatever stopped the store, the rest of this part is read and dropped so the form can finish.
    stream.resume();
    throw err;
  }
  return { key: opts.key, filename, size, sha256: hash.digest('hex'), contentType: contentType! };
}
