// Rewrites the route table in docs/access-control.md from the routes the server registers (`npm run docs:routes`).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { renderRouteTable } from '../src/server/route-table.js';
import { startServer } from '../src/server/start-server.js';

const BEGIN = '<!-- route-table:begin -->';
const END = '<!-- route-table:end -->';
const dataDir = await mkdtemp(join(tmpdir(), 'riposte-routes-'));
const server = await startServer(loadConfig({ port: 0, data: dataDir }, { RIPOSTE_ADMIN_TOKEN: 'route-table-0123456789', RIPOSTE_LOG_LEVEL: 'silent' }));
const table = renderRouteTable(server.app.routeTable);
await server.stop();
await rm(dataDir, { recursive: true, force: true });
const path = new URL('../docs/access-control.md', import.meta.url);
const doc = await readFile(path, 'utf8');
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start === -1 || end === -1) throw new Error(`docs/access-control.md needs the markers ${BEGIN} and ${END}`);
await writeFile(path, `${doc.slice(0, start + BEGIN.length)}\n${table}\n${doc.slice(end)}`);
console.log(`wrote ${server.app.routeTable.length} routes to docs/access-control.md`);
