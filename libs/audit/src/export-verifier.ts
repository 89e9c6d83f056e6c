import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ChainVerifier, type VerifyOutcome } from './audit-chain.js';
import { ExportFormatError, entryOfLine, parseExportLine, type ExportHeader } from './audit-export.js';
import type { Checkpoint } from './audit-signing.js';

export interface ExportVerdict extends VerifyOutcome {
  header: ExportHeader;
  /** Checkpoints from the separately kept list that were signed after the export was taken (not applicable). */
  laterCheckpoints: number;
}

/**
 * The offline check: reads an export line by line and recomputes its chain, against the checkpoints inside
 * it and, above all, against `kept` (the checkpoints the auditor saved earlier, outside the system), every
 * signature checked with `publicKey`. A chain rewritten in the database together with its checkpoints still
 * passes the in-database check; it cannot pass this one, because the kept checkpoints name the old hashes.
 */
export async function verifyExportFile(
  file: string,
  kept: Checkpoint[],
  publicKey: KeyObject | null,
): Promise<ExportVerdict> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: ExportHeader | null = null;
  const inFile: Checkpoint[] = [];
  let verifier: ChainVerifier | null = null;
  let laterCheckpoints = 0;
  let n = 0;
  const start = (h: ExportHeader): ChainVerifier => {
    // A checkpoint kept from after the export may lie beyond its head; one signed before it may not.
    const applicable = kept.filter((cp) => {
      const later = cp.seq > h.headSeq && Date.parse(cp.signedAt) > Date.parse(h.exportedAt);
      if (later) laterCheckpoints++;
      return !later;
    });
    const all = new Map<string, Checkpoint>();
    for (const cp of [...applicable, ...inFile]) all.set(`${cp.seq}/${cp.signature}`, cp);
    return new ChainVerifier(h.scope, [...all.values()], publicKey);
  };
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    const line = parseExportLine(text, n);
    if (line.type === 'header') {
      if (header) throw new ExportFormatError('a second header', n);
      header = line;
      continue;
    }
    if (!header) throw new ExportFormatError('the export must start with its header line', n);
    if (line.type === 'checkpoint') {
      if (verifier) throw new ExportFormatError('checkpoints must come before the events', n);
      inFile.push(line);
      continue;
    }
    verifier ??= start(header);
    if (!verifier.add(entryOfLine(line))) break;
  }
  lines.close();
  if (!header) throw new ExportFormatError('empty export: no header line', 1);
  verifier ??= start(header);
  return { ...verifier.finish(), header, laterCheckpoints };
}
