/** SIGTERM and SIGINT stop a long-running command gracefully: exit 0 once stopped, 1 if stopping failed. */
export function shutdownOnSignals(stop: () => Promise<void>, output: { err(text: string): void }): void {
  const shutdown = (signal: string) => {
    output.err(`Received ${signal}: finishing in-flight runs…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        output.err(`Shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
