// Where the e2e servers run: free ports (so a running `make run`, or another
// checkout's suite, never collides), and PostgreSQL and Redis when CI
// provides them, as the Go suite does: IMBRIDGE_TEST_DATABASE_URL gives each
// server a fresh database of its own, IMBRIDGE_TEST_REDIS_URL a namespace of
// its own on that Redis.
import { execFileSync } from 'node:child_process';

/** A port nobody listens on now, found by binding port 0 in a child process (the config is synchronous). */
export function freePort(): number {
  const out = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ]);
  return Number(String(out).trim());
}

/**
 * The port of a server, fixed once in the runner's process: Playwright loads
 * the config again in every worker, which inherits the environment and so
 * the same ports. IMBRIDGE_E2E_PORT chooses them (the demo server on port+10).
 */
export function ports(): { main: number; demo: number } {
  if (!process.env.IMBRIDGE_E2E_MAIN_PORT) {
    const fixed = process.env.IMBRIDGE_E2E_PORT ? Number(process.env.IMBRIDGE_E2E_PORT) : 0;
    process.env.IMBRIDGE_E2E_MAIN_PORT = String(fixed || freePort());
    process.env.IMBRIDGE_E2E_DEMO_PORT = String(fixed ? fixed + 10 : freePort());
  }
  return { main: Number(process.env.IMBRIDGE_E2E_MAIN_PORT), demo: Number(process.env.IMBRIDGE_E2E_DEMO_PORT) };
}

/**
 * The database and Redis settings of one server named `name`: a fresh
 * PostgreSQL database (dropped first if a killed run left it) when
 * IMBRIDGE_TEST_DATABASE_URL is set, a Redis namespace of its own when
 * IMBRIDGE_TEST_REDIS_URL is; nothing otherwise (embedded SQLite and Redis).
 * Creating the database needs `psql`, as .ci/run does.
 */
export function backends(name: string, port: number): Record<string, string> {
  const env: Record<string, string> = {};
  const pg = process.env.IMBRIDGE_TEST_DATABASE_URL;
  if (pg) {
    const url = new URL(pg);
    const db = `${url.pathname.replace(/^\//, '') || 'imbridge'}_e2e_${name}_${port}`;
    // Only the runner creates it; workers load the config too.
    if (!process.env.TEST_WORKER_INDEX) {
      const admin = new URL(pg);
      admin.pathname = '/postgres';
      psql(admin.toString(), `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`, `CREATE DATABASE ${db}`);
      // Dropped when the runner exits, after it stopped the servers
      // (a globalTeardown would run while they still use it).
      process.once('exit', () => psql(admin.toString(), `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    }
    url.pathname = `/${db}`;
    env.IMBRIDGE_DATABASE_URL = url.toString();
    // Embedded defaults would seed the demo; the suite decides per server.
  }
  const redis = process.env.IMBRIDGE_TEST_REDIS_URL;
  if (redis) {
    env.IMBRIDGE_REDIS_URL = redis;
    env.IMBRIDGE_REDIS_NAMESPACE = `e2e-${name}-${port}`;
  }
  return env;
}

function psql(url: string, ...commands: string[]) {
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', ...commands.flatMap((c) => ['-c', c])], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
