// Starts a real open-source Unleash on loopback for the end-to-end tests.
// scripts/unleash-server.sh runs it; Unleash handles SIGTERM itself.
import { start } from 'unleash-server';

const t0 = Date.now();
const unleash = await start({
  db: {
    host: '127.0.0.1',
    port: Number(process.env.PGPORT || 5432),
    user: process.env.PGUSER || 'unleash_user',
    password: process.env.PGPASSWORD || 'unleash_pw',
    database: process.env.PGDATABASE || 'unleash_tokens_e2e',
    ssl: false,
  },
  server: { host: '127.0.0.1', port: Number(process.env.UNLEASH_PORT || 4242) },
  versionCheck: { enable: false },
  sendTelemetry: false,
});
console.log(`UNLEASH READY ${JSON.stringify(unleash.server.address())} in ${Date.now() - t0} ms`);
