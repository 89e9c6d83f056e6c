import { ExportFormatError, checkpointLine, parseCheckpointList, parseExportLine } from './audit-export.js';
import type { Checkpoint } from './audit-signing.js';

const cp = (seq: number): Checkpoint => ({
  seq,
  headHash: 'ab'.repeat(32),
  signedAt: '2026-04-01T08:30:00.250Z',
  keyId: '0123456789abcdef',
  signature: 'c2ln',
});

describe('export lines', () => {
  it('reads header, checkpoint and event lines, and says which line is wrong', () => {
    const header = {
      type: 'header',
      format: 'ventanilla-audit-export',
      version: 1,
      exportedAt: '2026-04-01T09:00:00.000Z',
      scope: 'full',
      filters: {},
      headSeq: 1,
      unsealed: 0,
      keyId: null,
    };
    expect(parseExportLine(JSON.stringify(header), 1)).toEqual(header);
    expect(parseExportLine(JSON.stringify(checkpointLine(cp(5))), 2)).toEqual({ type: 'checkpoint', ...cp(5) });
    const event = {
      type: 'event',
      seq: 1,
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
      sealedAt: 'x',
      event: { id: 'e' },
    };
    expect(parseExportLine(JSON.stringify(event), 3)).toEqual(event);

    expect(() => parseExportLine('{oops', 7)).toThrow('line 7: not JSON');
    expect(() => parseExportLine('[1]', 8)).toThrow(ExportFormatError);
    expect(() => parseExportLine(JSON.stringify({ ...header, version: 2 }), 1)).toThrow('version 2');
    expect(() => parseExportLine(JSON.stringify({ ...event, seq: '1' }), 4)).toThrow('line 4: an event line needs');
    expect(() => parseExportLine(JSON.stringify({ type: 'checkpoint', seq: 1 }), 5)).toThrow('line 5: a checkpoint');
  });
});

describe('parseCheckpointList', () => {
  it('reads JSON Lines, a JSON array, saved API pages, or a whole export', () => {
    const lines = [cp(5), cp(10)].map((c) => JSON.stringify(checkpointLine(c))).join('\n');
    expect(parseCheckpointList(lines)).toEqual([cp(5), cp(10)]);
    expect(parseCheckpointList(JSON.stringify([cp(5), cp(10)]))).toEqual([cp(5), cp(10)]);
    const pages = [
      { items: [cp(5)], nextCursor: '5' },
      { items: [cp(10)], nextCursor: null },
    ];
    expect(parseCheckpointList(pages.map((p) => JSON.stringify(p)).join('\n'))).toEqual([cp(5), cp(10)]);
    const exported = [
      JSON.stringify({ type: 'header', format: 'ventanilla-audit-export', version: 1 }),
      JSON.stringify(checkpointLine(cp(5))),
      JSON.stringify({ type: 'event', seq: 1 }),
    ].join('\n');
    expect(parseCheckpointList(exported)).toEqual([cp(5)]);
    expect(parseCheckpointList('  \n')).toEqual([]);
    expect(() => parseCheckpointList(`${lines}\n{"seq": 3}`)).toThrow('line 3: a checkpoint needs');
  });
});
