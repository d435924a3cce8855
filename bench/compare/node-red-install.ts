/**
 * Node-RED from the npm registry, installed once per version under the OS temporary directory and reused by later
 * runs. The install goes to a scratch directory renamed into place when complete, so an interrupted install is
 * never mistaken for a finished one.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToEnd } from './child-process.js';

/** The path of Node-RED's `red.js` for `version`, installing it first when it is not cached. */
export async function ensureNodeRed(version: string): Promise<string> {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`Node-RED version '${version}' is not an exact x.y.z version`);
  const dir = join(tmpdir(), `riposte-bench-node-red-${version}`);
  const red = join(dir, 'node_modules', 'node-red', 'red.js');
  if (await installedVersion(dir) === version) return red;
  const scratch = `${dir}.installing-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  console.error(`Installing node-red@${version} into ${dir} (once; later runs reuse it)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await runToEnd(npm, ['install', '--prefix', scratch, `node-red@${version}`, '--no-audit', '--no-fund', '--loglevel=error']);
  if (result.code !== 0) {
    await rm(scratch, { recursive: true, force: true });
    throw new Error(`npm install node-red@${version} failed (${result.code}):\n${result.stderr.slice(-2000)}`);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(scratch, dir);
  if (await installedVersion(dir) !== version || !existsSync(red)) throw new Error(`node-red@${version} did not install into ${dir}`);
  return red;
}

async function installedVersion(dir: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(join(dir, 'node_modules', 'node-red', 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
