import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';
import { POSTGRES_URL, postgresReachable } from './helpers.js';

const pgUp = await postgresReachable();
if (!pgUp) console.warn(`PostgreSQL is not reachable at ${POSTGRES_URL}: the failed-listen scenario on PostgreSQL is skipped`);

/** Occupies a port on 127.0.0.1 so that listening there fails with EADDRINUSE. */
function occupyPort(): Promise<{ port: number; release(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const blocker = net.createServer();
    blocker.once('error', reject);
    blocker.listen(0, '127.0.0.1', () => {
      const { port } = blocker.address() as net.AddressInfo;
      resolve({ port, release: () => new Promise((done) => blocker.close(() => done())) });
    });
  });
}

describe.skipIf(!pgUp)('startServer when listening fails (PostgreSQL)', () => {
  const tag = `rollgate_listen_${process.pid}_${Date.now()}`;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists "${tag}" cascade`);
    await admin.end();
  });

  it('rejects with the listen error and leaves no database connection open behind it', async () => {
    const busy = await occupyPort();
    try {
      const db = `${POSTGRES_URL}?schema=${tag}&application_name=${tag}`;
      await expect(startServer({ db, port: busy.port, logger: false })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // The store ran its migrations before the listen, so its pool held connections; a pool left
      // open keeps the process alive until its idle timeout. A closed connection's server process
      // leaves pg_stat_activity a moment after the client hung up, so the count is read until it
      // reaches 0, for up to 5 s (a pool left open would hold its connections far longer).
      const open = async () =>
        Number((await admin.query<{ open: string }>('select count(*) as open from pg_stat_activity where application_name = $1', [tag])).rows[0]?.open);
      let count = await open();
      for (let waited = 0; count > 0 && waited < 5_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        count = await open();
      }
      expect(count).toBe(0);
    } finally {
      await busy.release();
    }
  });
});
