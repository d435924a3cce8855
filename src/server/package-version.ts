/** Riposte's own version, from its package.json (for `riposte_info`); read once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './web-ui.js';

let version: string | undefined;

export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  return version;
}
