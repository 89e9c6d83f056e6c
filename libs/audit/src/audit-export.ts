import type { ChainEntry, ChainScope } from './audit-chain.js';
import type { Checkpoint } from './audit-signing.js';
import type { SealedEvent } from './sealed-event.js';

/**
 * The JSON Lines export (GET /api/audit/export), one JSON object per line:
 * 1. a header: what was exported, from which chain, when;
 * 2. the checkpoints that bear on it, in sequence order;
 * 3. the sealed events with their chain fields, in sequence order.
 * The offline verifier (`npm run audit:verify`) reads exactly this, so the member names never change.
 */
export const EXPORT_FORMAT = 'ventanilla-audit-export';
export const EXPORT_VERSION = 1;

export interface ExportFilters {
  requestId?: string;
  /** Inclusive, on the events' occurrence time. */
  from?: string;
  /** Exclusive. */
  to?: string;
}

export interface ExportHeader {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  scope: ChainScope;
  filters: ExportFilters;
  /** The chain's head when the export was taken (not necessarily the last exported event). */
  headSeq: number;
  /** Events committed but not yet sealed at that moment (not exported: they are not yet protected). */
  unsealed: number;
  keyId: string | null;
}

export interface ExportCheckpointLine extends Checkpoint {
  type: 'checkpoint';
}

export interface ExportEventLine {
  type: 'event';
  seq: number;
  prevHash: string;
  hash: string;
  sealedAt: string;
  event: SealedEvent;
}

export type ExportLine = ExportHeader | ExportCheckpointLine | ExportEventLine;

export const checkpointLine = (cp: Checkpoint): ExportCheckpointLine => ({ type: 'checkpoint', ...cp });

/** A chain link as read from the file (a deleted event cannot appear in an export, so `event` is set). */
export function entryOfLine(line: ExportEventLine): ChainEntry {
  return { seq: line.seq, eventId: line.event.id, prevHash: line.prevHash, hash: line.hash, event: line.event };
}

export class ExportFormatError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(`line ${lineNumber}: ${message}`);
    this.name = 'ExportFormatError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and shape-checks one line of an export or of a saved checkpoint list. */
export function parseExportLine(text: string, lineNumber: number): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExportFormatError('not JSON', lineNumber);
  }
  if (!isObject(value)) throw new ExportFormatError('not a JSON object', lineNumber);
  const type = value.type ?? (typeof value.signature === 'string' ? 'checkpoint' : undefined);
  switch (type) {
    case 'header':
      if (value.format !== EXPORT_FORMAT) throw new ExportFormatError(`not a ${EXPORT_FORMAT} file`, lineNumber);
      if (value.version !== EXPORT_VERSION) {
        throw new ExportFormatError(`export version ${String(value.version)} is not supported`, lineNumber);
      }
      return value as unknown as ExportHeader;
    case 'checkpoint':
      return { type: 'checkpoint', ...asCheckpoint(value, lineNumber) };
    case 'event': {
      const ok =
        Number.isSafeInteger(value.seq) &&
        typeof value.prevHash === 'string' &&
        typeof value.hash === 'string' &&
        isObject(value.event) &&
        typeof value.event.id === 'string';
      if (!ok) throw new ExportFormatError('an event line needs seq, prevHash, hash and event', lineNumber);
      return value as unknown as ExportEventLine;
    }
    default:
      throw new ExportFormatError(`unknown line type ${JSON.stringify(type)}`, lineNumber);
  }
}

/** A checkpoint from any of the shapes an auditor may have kept (export line, API list item). */
export function asCheckpoint(value: Record<string, unknown>, lineNumber: number): Checkpoint {
  const ok =
    Number.isSafeInteger(value.seq) &&
    typeof value.headHash === 'string' &&
    typeof value.signedAt === 'string' &&
    typeof value.keyId === 'string' &&
    typeof value.signature === 'string';
  if (!ok) throw new ExportFormatError('a checkpoint needs seq, headHash, signedAt, keyId and signature', lineNumber);
  return {
    seq: value.seq as number,
    headHash: value.headHash as string,
    signedAt: value.signedAt as string,
    keyId: value.keyId as string,
    signature: value.signature as string,
  };
}

/**
 * A separately kept list of checkpoints: JSON Lines (as exported), a JSON array, or a saved page of
 * GET /api/audit/checkpoints (`{items: [...]}`), or several such pages one per line.
 */
export function parseCheckpointList(text: string): Checkpoint[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const fromItems = (items: unknown[], lineNumber: number) =>
    items.map((item) => {
      if (!isObject(item)) throw new ExportFormatError('a checkpoint must be a JSON object', lineNumber);
      return asCheckpoint(item, lineNumber);
    });
  if (trimmed.startsWith('[')) return fromItems(JSON.parse(trimmed) as unknown[], 1);
  const out: Checkpoint[] = [];
  trimmed.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ExportFormatError('not JSON', i + 1);
    }
    if (isObject(value) && Array.isArray(value.items)) out.push(...fromItems(value.items, i + 1));
    else if (isObject(value) && (value.type === 'checkpoint' || value.type === undefined)) {
      out.push(asCheckpoint(value, i + 1));
    }
    // Header and event lines are skipped, so a whole export also works as a checkpoint list.
  });
  return out;
}
