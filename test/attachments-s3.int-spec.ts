import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { RetentionService } from '../apps/worker/src/retention/retention.service.js';
import { expectProblem } from './support/problem.js';

jest.setTimeout(120_000);

/**
 * The S3 store against a real S3-compatible server: s3rver (from the npm registry; MinIO is neither on the npm
 * registry nor among Debian's packages here), speaking the S3 REST API on a local port. Uploads stream in
 * 5 MiB parts, downloads stream back, refused uploads leave no object, and the retention job removes objects
 * no row names.
 */
describe(`attachments in S3-compatible storage (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let server: S3rver;
  let dir: string;
  let s3: S3Client;
  let dea: ApiClient;
  const BUCKET = 'ventanilla-test';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ventanilla-s3-'));
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: dir,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = (await server.run()) as { port: number };
    const endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    sys = await startTestSystem({
      env: {
        ATTACHMENT_STORAGE: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: BUCKET,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        ATTACHMENT_MAX_BYTES: String(12 * 1024 * 1024),
      },
    });
    dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await sys?.close();
    s3?.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const objects = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();

  it('streams a file of several parts into the bucket and back, the same bytes', async () => {
    const draft = await dea.post('/api/requests', newRequestBody({ draft: true }));
    const big = Buffer.alloc(11 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7 + 3) % 253;
    Buffer.from('%PDF-1.7\n').copy(big);
    const f = new FormData();
    f.append('file', new Blob([big]), 'expediente.pdf');
    const res = await dea.sendForm('POST', `/api/requests/${draft.body.id}/attachments`, f);
    expect(res.status).toBe(201);
    expect(res.body.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    const [row] = await sys.db.dataSource.query<Array<{ storage: string; storage_key: string }>>(
      `SELECT storage, storage_key FROM attachments WHERE id = $1`,
      [res.body.id],
    );
    expect(row.storage).toBe('s3');
    expect(await objects()).toContain(row.storage_key);
    expect(await sys.db.dataSource.query(`SELECT 1 FROM attachment_blobs`)).toEqual([]);
    const back = await dea.fetchRaw(`/api/attachments/${res.body.id}/content`);
    expect(Buffer.from(await back.arrayBuffer()).equals(big)).toBe(true);
  });

  it('leaves no object behind a refused upload, and removes objects no row names', async () => {
    const draft = await dea.post('/api/requests', newRequestBody({ draft: true }));
    const before = await objects();
    const f = new FormData();
    f.append('file', new Blob([Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)])]), 'setup.pdf');
    expectProblem(
      await dea.sendForm('POST', `/api/requests/${draft.body.id}/attachments`, f),
      415,
      'ATTACHMENT.TYPE_REFUSED',
    );
    expect(await objects()).toEqual(before);

    // What a process killed mid-upload leaves: an object under our prefix that no row names.
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ventanilla/attachments/x/cut-short', Body: 'half' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'someone-else/keep-me', Body: 'theirs' }));
    const removed = await sys.worker!.get(RetentionService).removeOrphans(new Date(Date.now() + 60_000));
    expect(removed).toBe(1);
    const after = await objects();
    expect(after).not.toContain('ventanilla/attachments/x/cut-short');
    expect(after).toContain('someone-else/keep-me');
    expect(after).toEqual(expect.arrayContaining(before));
  });
});
