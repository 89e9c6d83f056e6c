import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseWork } from '@ventanilla/database/statement-counter.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem } from '@ventanilla/testing/test-system.js';
import { pct, WorkMeter } from './bench-support.js';

/**
 * Attachments: UPLOADS (default 20) concurrent uploads of FILE_MIB (default 10) MiB each through the whole API
 * (multipart streamed, type sniffed, SHA-256 computed, bytes stored in PostgreSQL in 256 KiB chunks, metadata and
 * audit committed), then the same one at a time, each sent by curl from disk. Memory: the resident size of this
 * process (the API and the worker; the uploads come from curl processes) sampled every 20 ms, peak against the
 * idle baseline. Downloads: the same file streamed back, against reading
 * it from disk. Work per operation from PostgreSQL's own counters (commits) and every statement sent on the pools
 * (bench-support's WorkMeter), with the worker not started, so that only the API's work is counted (the text
 * extraction job each upload queues is the worker's, later).
 * Writes bench/results/attachments.{json,md}.
 */
const UPLOADS = Number(process.env.ATTACHMENT_BENCH_UPLOADS ?? 20);
const FILE_MIB = Number(process.env.ATTACHMENT_BENCH_MIB ?? 10);
const DOWNLOADS = Number(process.env.ATTACHMENT_BENCH_DOWNLOADS ?? 5);
const MIB = 1024 * 1024;
const run = promisify(execFile);

/** Samples the resident set size until stopped; answers the peak in MiB. */
function rssSampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / MIB;
    },
  };
}

/**
 * One upload by curl, in its own process, reading the file from disk as it sends: the memory measured here is
 * the server's, not the load generator's.
 */
async function upload(client: ApiClient, requestId: string, file: string): Promise<number> {
  const t0 = performance.now();
  const { stdout } = await run('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '-H',
    `cookie: ${client.cookieHeader()}`,
    '-H',
    `x-csrf-token: ${client.csrf ?? ''}`,
    '-F',
    'context=request',
    '-F',
    `file=@${file};filename=evidence.txt`,
    `${client.baseUrl}/api/requests/${requestId}/attachments`,
  ]);
  if (stdout.trim() !== '201') throw new Error(`upload: HTTP ${stdout}`);
  return performance.now() - t0;
}

/** Streams a body to nowhere, chunk by chunk; answers MiB/s. */
async function drain(stream: AsyncIterable<Uint8Array>, bytes: number, t0: number): Promise<number> {
  let seen = 0;
  for await (const chunk of stream) seen += chunk.byteLength;
  if (seen !== bytes) throw new Error(`read ${seen} bytes, expected ${bytes}`);
  return bytes / MIB / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ventanilla-bench-'));
  // Text the sniffer accepts as plain text (random bytes would be refused as an unknown binary).
  const file = path.join(dir, 'evidence.txt');
  const line = Buffer.from(`${randomBytes(48).toString('base64')}\n`);
  writeFileSync(
    file,
    Buffer.concat(Array.from({ length: Math.ceil((FILE_MIB * MIB) / line.length) }, () => line)).subarray(
      0,
      FILE_MIB * MIB,
    ),
  );
  const bytes = FILE_MIB * MIB;

  const sys = await startTestSystem({
    worker: false,
    env: { QUEUE_PG_POOL_MAX: process.env.QUEUE_PG_POOL_MAX ?? '4', ATTACHMENT_MAX_FILES: String(UPLOADS * 3 + 10) },
  });
  const meter = await WorkMeter.open(sys.db.url, databaseWork);
  try {
    const dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const draft = await dea.post('/api/requests', newRequestBody({ title: 'Bench attachments', draft: true }));
    const requestId = (draft.body as { id: string }).id;

    // Warm up (code paths, pools, JIT), then the idle baseline.
    await upload(dea, requestId, file);
    global.gc?.();
    await new Promise((r) => setTimeout(r, 500));
    const idleMiB = process.memoryUsage().rss / MIB;

    // One at a time.
    const serialSampler = rssSampler();
    const serial: number[] = [];
    const serialStart = performance.now();
    for (let i = 0; i < Math.min(5, UPLOADS); i++) serial.push(await upload(dea, requestId, file));
    const serialSeconds = (performance.now() - serialStart) / 1000;
    const serialPeakMiB = serialSampler.stop();

    // All at once.
    const idle = await meter.measureIdle(2000);
    const before = await meter.read();
    const sampler = rssSampler();
    const t0 = performance.now();
    const latencies = await Promise.all(Array.from({ length: UPLOADS }, () => upload(dea, requestId, file)));
    const wallSeconds = (performance.now() - t0) / 1000;
    const peakMiB = sampler.stop();
    const perUpload = WorkMeter.perOp(before, await meter.read(), UPLOADS, idle);

    // Downloads: the API streaming the stored chunks, against the disk.
    const list = await dea.get(`/api/requests/${requestId}/attachments`);
    const id = (list.body.items as Array<{ id: string }>)[0].id;
    const download: number[] = [];
    const disk: number[] = [];
    const dlBefore = await meter.read();
    for (let i = 0; i < DOWNLOADS; i++) {
      let t = performance.now();
      const res = await dea.fetchRaw(`/api/attachments/${id}/content`);
      if (res.status !== 200 || !res.body) throw new Error(`download: ${res.status}`);
      download.push(await drain(res.body as unknown as AsyncIterable<Uint8Array>, bytes, t));
      t = performance.now();
      disk.push(await drain(createReadStream(file), bytes, t));
    }
    const perDownload = WorkMeter.perOp(dlBefore, await meter.read(), DOWNLOADS, idle);

    const result = {
      machine: { cpus: cpus().length, node: process.version },
      uploads: UPLOADS,
      fileMiB: FILE_MIB,
      concurrent: {
        wallSeconds: +wallSeconds.toFixed(2),
        throughputMiBps: +((UPLOADS * FILE_MIB) / wallSeconds).toFixed(1),
        latencyMs: { p50: Math.round(pct(latencies, 50)), p99: Math.round(pct(latencies, 99)) },
        rssMiB: { idle: Math.round(idleMiB), peak: Math.round(peakMiB), growth: Math.round(peakMiB - idleMiB) },
        perUpload,
      },
      serial: {
        uploads: serial.length,
        throughputMiBps: +((serial.length * FILE_MIB) / serialSeconds).toFixed(1),
        rssPeakMiB: Math.round(serialPeakMiB),
      },
      download: {
        apiMiBps: Math.round(pct(download, 50)),
        diskMiBps: Math.round(pct(disk, 50)),
        ratio: +(pct(download, 50) / pct(disk, 50)).toFixed(2),
        perDownload,
      },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/attachments.json', `${JSON.stringify(result, null, 2)}\n`);
    const c = result.concurrent;
    writeFileSync(
      'bench/results/attachments.md',
      [
        `# Attachments (${UPLOADS} × ${FILE_MIB} MiB, database storage, ${result.machine.cpus} CPUs, Node ${result.machine.node})`,
        '',
        '| measure | value |',
        '| --- | --- |',
        `| per upload: transactions / statements | ${c.perUpload.transactions} / ${c.perUpload.statements} |`,
        `| concurrent: wall time, throughput | ${c.wallSeconds} s, ${c.throughputMiBps} MiB/s |`,
        `| concurrent: latency p50 / p99 | ${c.latencyMs.p50} / ${c.latencyMs.p99} ms |`,
        `| RSS idle → peak (growth) while ${UPLOADS} upload at once | ${c.rssMiB.idle} → ${c.rssMiB.peak} MiB (+${c.rssMiB.growth}) |`,
        `| RSS peak, ${result.serial.uploads} uploads one at a time | ${result.serial.rssPeakMiB} MiB (${result.serial.throughputMiBps} MiB/s) |`,
        `| download, API vs disk (median of ${DOWNLOADS}) | ${result.download.apiMiBps} vs ${result.download.diskMiBps} MiB/s (ratio ${result.download.ratio}) |`,
        `| per download: transactions / statements | ${result.download.perDownload.transactions} / ${result.download.perDownload.statements} |`,
        '',
      ].join('\n'),
    );
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await meter.close();
    await sys.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
