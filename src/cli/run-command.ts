/** `riposte run` and `riposte validate`: the engine on a definition file, no server needed. */
import { randomUUID } from 'node:crypto';
import { createUndiciHttpClient } from '../adapters/undici-http-client.js';
import { timerSleeper } from '../adapters/timer-sleeper.js';
import { type ValidationIssue, compileWorkflow, resolveParameters, runWorkflow, unconfiguredConnectors } from '../workflows/index.js';
import { type Value } from '../expressions/index.js';
import { systemClock } from '../expressions/environment.js';
import { readWorkflowFile, unwrapParameterValues } from './definition-file.js';
import { readJsonFile } from './json-file.js';

export const ExitCode = { Succeeded: 0, RunFailed: 1, Invalid: 2 } as const;

interface Output {
  out(text: string): void;
  err(text: string): void;
}

function reportIssues(issues: readonly ValidationIssue[], output: Output): void {
  output.err('The workflow definition is not valid:');
  for (const issue of issues) output.err(`  ${issue.path}: ${issue.message}`);
}

export async function validateCommand(file: string, output: Output): Promise<number> {
  const workflowFile = await readWorkflowFile(file);
  const compiled = compileWorkflow(workflowFile.definition);
  if (!compiled.ok) {
    reportIssues(compiled.issues, output);
    return ExitCode.Invalid;
  }
  const { workflow } = compiled;
  output.out(
    `The definition is valid: ${workflow.actionsByName.size} action(s), trigger '${workflow.trigger.name}' (${workflow.trigger.type}).`,
  );
  return ExitCode.Succeeded;
}

export interface RunCommandOptions {
  readonly triggerBody?: string;
  readonly parameters?: string;
}

export async function runCommand(file: string, options: RunCommandOptions, output: Output, signal?: AbortSignal): Promise<number> {
  const workflowFile = await readWorkflowFile(file);
  const compiled = compileWorkflow(workflowFile.definition);
  if (!compiled.ok) {
    reportIssues(compiled.issues, output);
    return ExitCode.Invalid;
  }
  const given = { ...workflowFile.parameters };
  if (options.parameters !== undefined) {
    const parameters = (await readJsonFile(options.parameters, 'parameters', true)) as Value;
    Object.assign(given, unwrapParameterValues(parameters, options.parameters));
  }
  const parameters = resolveParameters(compiled.workflow, given);
  if (!parameters.ok) {
    reportIssues(parameters.issues, output);
    return ExitCode.Invalid;
  }
  const body = options.triggerBody === undefined ? null : ((await readJsonFile(options.triggerBody, 'trigger body', true)) as Value);
  const record = await runWorkflow(
    compiled.workflow,
    {
      runId: randomUUID().replaceAll('-', '').toUpperCase(),
      trigger: { body, headers: { 'Content-Type': 'application/json' } },
      parameters: parameters.values,
      workflow: { name: workflowFile.name ?? file },
      ...(signal ? { signal } : {}),
    },
    {
      clock: systemClock,
      random: Math.random,
      sleeper: timerSleeper,
      http: createUndiciHttpClient(),
      connectors: unconfiguredConnectors,
    },
  );
  output.out(JSON.stringify(record, null, 2));
  return record.status === 'Succeeded' ? ExitCode.Succeeded : ExitCode.RunFailed;
}
