/**
 * How to start a script relative to the caller: compiled (`.js` under .bench-build, as `npm run bench` runs it)
 * or as TypeScript source through tsx (as the tests run).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface NodeScript {
  readonly execArgv: readonly string[];
  readonly path: string;
}

/** `relative` has no extension: `./sink-process`, `../../src/cli/main`. */
export function siblingScript(callerUrl: string, relative: string): NodeScript {
  const compiled = fileURLToPath(new URL(`${relative}.js`, callerUrl));
  if (existsSync(compiled)) return { execArgv: [], path: compiled };
  return { execArgv: ['--import', 'tsx'], path: fileURLToPath(new URL(`${relative}.ts`, callerUrl)) };
}
