import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { message, type MessageCode } from '@ventanilla/http/messages.js';
import type { BreakKind } from './audit-chain.js';
import { parseCheckpointList } from './audit-export.js';
import { keyIdOf, publicKeyFromText } from './audit-signing.js';
import { verifyExportFile } from './export-verifier.js';

const USAGE = `usage: npm run audit:verify -- --export <export.jsonl> [--checkpoints <file>] [--public-key <file>] [--json]

  --export       what GET /api/audit/export answered
  --checkpoints  checkpoints kept apart from the system (JSON Lines, a JSON array, or saved pages of
                 GET /api/audit/checkpoints); without it only the export's own checkpoints are used
  --public-key   the key GET /api/audit/public-key published (its JSON or the PEM); without it no
                 signature can be checked
  --json         print the verdict as JSON

Exit status: 0 intact, 1 broken, 2 the files could not be read.`;

const BREAK_MESSAGES: Record<BreakKind, MessageCode> = {
  changed: 'AUDIT.BREAK_CHANGED',
  missing: 'AUDIT.BREAK_MISSING',
  inserted: 'AUDIT.BREAK_INSERTED',
  're-chained': 'AUDIT.BREAK_RECHAINED',
  'bad-signature': 'AUDIT.BREAK_BAD_SIGNATURE',
};

/** `npm run audit:verify`: verifies an export offline, trusting nothing but the files it is given. */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        export: { type: 'string' },
        checkpoints: { type: 'string' },
        'public-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.export) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  const publicKey = args['public-key'] ? publicKeyFromText(readFileSync(args['public-key'], 'utf8')) : null;
  const kept = args.checkpoints ? parseCheckpointList(readFileSync(args.checkpoints, 'utf8')) : [];
  const verdict = await verifyExportFile(args.export, kept, publicKey);

  if (args.json) {
    console.log(JSON.stringify(verdict, null, 2));
  } else {
    const b = verdict.break;
    const range = verdict.firstSeq === null ? 'no sealed events' : `sequences ${verdict.firstSeq}–${verdict.headSeq}`;
    console.log(
      [
        b ? `BROKEN: ${message(BREAK_MESSAGES[b.kind], 'en', { seq: b.seq })}` : 'OK: the export checks out.',
        ...(b ? [`  ${b.kind} at ${b.seq}: ${b.detail}`] : []),
        `  ${verdict.header.scope} export of ${verdict.header.exportedAt}: ${range}, ${verdict.checkedEvents} events checked`,
        `  checkpoints matched: ${verdict.checkpoints.checked} (${kept.length} kept apart, ${verdict.laterCheckpoints} newer than the export)`,
        publicKey
          ? `  signatures checked with key ${keyIdOf(publicKey)}`
          : '  NO public key given: checkpoint signatures were NOT checked',
        ...(verdict.header.scope === 'sparse'
          ? ['  one request only: each event is checked against its sealed hash; links only where consecutive']
          : []),
      ].join('\n'),
    );
  }
  return verdict.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`audit:verify: ${(err as Error).message}`);
    process.exitCode = 2;
  },
);
