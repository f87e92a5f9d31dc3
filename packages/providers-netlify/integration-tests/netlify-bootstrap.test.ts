import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { buildApp } from '@shipyard/deploy-core';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppFiles } from '../../deploy-core/integration-tests/fixtures/load-app';
import { buildNetlifyFunction, ENTRY_FILE } from '../src/function-adapter';

type TLambdaHandler = (event: Record<string, unknown>, stream: Writable, context: { awsRequestId: string; getRemainingTimeInMillis(): number }) => Promise<void>;

/**
 * The uploaded zip as Netlify runs it: Lambda calls `___netlify-entry-point.handler`, which is
 * Netlify's own v2 bootstrap (`getLambdaHandler`) around the adapter. Lambda's streaming runtime
 * (`awslambda.streamifyResponse` / `HttpResponseStream`) is the only stand-in.
 */
describe('the Netlify Function zip under Netlify\'s v2 bootstrap', () => {
  let dir: string;
  let handler: TLambdaHandler;

  beforeAll(async () => {
    const built = await buildApp({ files: loadAppFiles() });
    const bundle = buildNetlifyFunction(built.worker, ['SUPPORT_EMAIL']);
    dir = mkdtempSync(path.join(tmpdir(), 'netlify-lambda-'));
    for (const [name, bytes] of Object.entries(unzipSync(bundle.zip))) writeFileSync(path.join(dir, name), bytes);
    (globalThis as Record<string, unknown>).awslambda = {
      streamifyResponse: (fn: TLambdaHandler) => fn,
      HttpResponseStream: { from: (stream: Writable & { meta?: unknown }, meta: unknown) => Object.assign(stream, { meta }) },
    };
    handler = ((await import(pathToFileURL(path.join(dir, ENTRY_FILE)).href)) as { handler: TLambdaHandler }).handler;
  }, 60_000);
  afterAll(() => {
    delete (globalThis as Record<string, unknown>).awslambda;
    rmSync(dir, { recursive: true, force: true });
  });

  async function invoke(method: string, url: string, body?: string) {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(Buffer.from(chunk as Buffer));
        cb();
      },
    }) as Writable & { meta?: { statusCode: number; multiValueHeaders: Record<string, string[]> } };
    const finished = new Promise((resolve) => stream.on('finish', resolve));
    const event = {
      rawUrl: url,
      httpMethod: method,
      headers: { 'content-type': 'application/json', 'x-nf-request-id': 'req-1' },
      body: body === undefined ? '' : Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
      flags: {},
      route: '/api/*',
    };
    await handler(event, stream, { awsRequestId: 'aws-req-1', getRemainingTimeInMillis: () => 10_000 });
    await finished;
    return { status: stream.meta!.statusCode, headers: stream.meta!.multiValueHeaders, body: Buffer.concat(chunks).toString('utf8') };
  }

  it('answers the reference app\'s API through the Lambda entry point', async () => {
    const health = await invoke('GET', 'https://abc--shipyard-tasks.netlify.app/api/health');
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toEqual(['application/json; charset=utf-8']);
    expect(JSON.parse(health.body)).toEqual({ ok: true });

    const bad = await invoke('POST', 'https://abc--shipyard-tasks.netlify.app/api/tasks', JSON.stringify({ title: '' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'A task needs a title of 1 to 200 characters.' });

    const missing = await invoke('GET', 'https://abc--shipyard-tasks.netlify.app/api/nope');
    expect(missing.status).toBe(404);
  });
});
