// Starts a real open-source Unleash on loopback for the end-to-end tests.
// scripts/unleash-server.sh runs it from the folder where it installed one
// version (the unleash-server package is resolved from the working directory),
// with that version's own Node. Unleash handles SIGTERM itself.
//
// PostgreSQL is reached over the unix socket in UNLEASH_E2E_PGHOST; the HTTP
// port is UNLEASH_PORT, 0 meaning any free port (the READY line says which).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { start } = createRequire(join(process.cwd(), 'package.json'))('unleash-server');

const t0 = Date.now();
const unleash = await start({
  db: {
    host: process.env.UNLEASH_E2E_PGHOST,
    port: Number(process.env.UNLEASH_E2E_PGPORT),
    user: process.env.UNLEASH_E2E_PGUSER,
    password: 'unused: the socket is the project\'s own and trusts its user',
    database: process.env.UNLEASH_E2E_PGDATABASE,
    ssl: false,
  },
  server: { host: '127.0.0.1', port: Number(process.env.UNLEASH_PORT ?? 0) },
  versionCheck: { enable: false },
  sendTelemetry: false,
});
console.log(`UNLEASH READY ${JSON.stringify(unleash.server.address())} in ${Date.now() - t0} ms`);
