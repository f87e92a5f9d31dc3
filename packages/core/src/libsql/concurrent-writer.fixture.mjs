// A second "process" for libsql.test.ts: a worker thread with its own connection, which writes
// one row when told to and reports how it went.
import { parentPort, workerData } from 'node:worker_threads';
import { PrismaLibSql } from '@prisma/adapter-libsql';

const adapter = await new PrismaLibSql({ url: workerData.url, timeout: 5_000 }).connect();
parentPort.on('message', async (sql) => {
  try {
    await adapter.executeRaw({ sql, args: [], argTypes: [] });
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error?.cause?.message ?? error?.message) });
  }
});
parentPort.postMessage('ready');
