/** A system doing the bench's job: accept a posted alert; if its severity is High, POST it to the sink. */
import type { LoadTarget } from './load-generator.js';

export const ContenderId = {
  Bare: 'bare',
  /** Riposte testing the severity by the automation's rule, as Defender's workflow automation does. */
  RiposteSqlite: 'riposte-sqlite',
  RipostePostgres: 'riposte-postgres',
  /** The same deployments with the severity tested by an `If` in the workflow: every alert starts a run. */
  RiposteSqliteWorkflowIf: 'riposte-sqlite-if',
  RipostePostgresWorkflowIf: 'riposte-postgres-if',
  NodeRed: 'node-red',
} as const;
export type ContenderId = (typeof ContenderId)[keyof typeof ContenderId];

export interface RunningContender {
  readonly target: LoadTarget;
  /** The processes that make up the contender: their peak memory is its peak memory. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

export interface Contender {
  readonly id: ContenderId;
  readonly label: string;
  /** Starts the contender wired to the sink; throws ContenderUnavailableError when it cannot run on this machine. */
  start(sinkUrl: string): Promise<RunningContender>;
}

/** The contender cannot run here (a missing command, no database): it is skipped with this reason, not failed. */
export class ContenderUnavailableError extends Error {
  override readonly name = 'ContenderUnavailableError';
}
