/** Engine benchmarks: expression evaluation and in-memory workflow runs. */
import { type JsonObject, type WorkflowHost, compileExpression, createEnvironment } from '../src/expressions/index.js';
import { compileWorkflow, runWorkflow, unconfiguredConnectors, type ExecutorPorts } from '../src/workflows/index.js';
import { measure, type Measurement } from './measure.js';

const alert: JsonObject = {
  AlertDisplayName: 'Suspicious login',
  Severity: 'High',
  properties: { metadata: { severity: 'High' }, resourceDetails: { id: '/subscriptions/s/resourceGroups/rg/providers/x/vm' } },
  Entities: [{ Type: 'ip', Address: '10.0.0.1' }, { Type: 'host', HostName: 'vm1' }],
};

const host: WorkflowHost = {
  trigger: () => ({ name: 'manual', outputs: { headers: {}, body: alert } }),
  action: () => undefined,
  result: () => undefined,
  variable: () => undefined,
  parameter: () => undefined,
  item: () => undefined,
  iterationIndex: () => undefined,
  workflow: () => ({}),
  listCallbackUrl: () => null,
};

/** Ten actions of the kinds a notification workflow uses, no I/O. */
export const tenActionWorkflow = {
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: {
    Init_count: { type: 'InitializeVariable', inputs: { variables: [{ name: 'count', type: 'integer', value: 0 }] } },
    Severity: { type: 'Compose', inputs: "@toLower(triggerBody()?['Severity'])", runAfter: { Init_count: ['Succeeded'] } },
    Resource_parts: { type: 'Compose', inputs: "@split(triggerBody()?['properties']?['resourceDetails']?['id'], '/')", runAfter: { Init_count: ['Succeeded'] } },
    Entities: { type: 'Select', inputs: { from: "@triggerBody()?['Entities']", select: { kind: "@item()?['Type']" } }, runAfter: { Severity: ['Succeeded'] } },
    Ips: { type: 'Query', inputs: { from: "@triggerBody()?['Entities']", where: "@equals(item()?['Type'], 'ip')" }, runAfter: { Severity: ['Succeeded'] } },
    Count: { type: 'IncrementVariable', inputs: { name: 'count', value: "@length(body('Ips'))" }, runAfter: { Ips: ['Succeeded'] } },
    Is_high: {
      type: 'If',
      expression: { and: [{ equals: ["@outputs('Severity')", 'high'] }] },
      actions: { Subject: { type: 'Compose', inputs: "[@{outputs('Severity')}] @{triggerBody()?['AlertDisplayName']} on @{outputs('Resource_parts')?[4]}" } },
      else: { actions: {} },
      runAfter: { Count: ['Succeeded'], Entities: ['Succeeded'], Resource_parts: ['Succeeded'] },
    },
    Ip_list: { type: 'Join', inputs: { from: "@body('Ips')", joinWith: ', ' }, runAfter: { Is_high: ['Succeeded'] } },
    Summary: { type: 'Compose', inputs: { ips: "@variables('count')", list: "@body('Ip_list')", kinds: "@body('Entities')" }, runAfter: { Ip_list: ['Succeeded'] } },
  },
};

function inMemoryPorts(): ExecutorPorts {
  return {
    clock: { now: () => Date.now() },
    random: () => 0.5,
    sleeper: { sleep: async () => undefined },
    http: { send: () => Promise.reject(new Error('no HTTP in this benchmark')) },
    connectors: unconfiguredConnectors,
  };
}

export const EXPRESSION_BENCH = 'expression: property path evaluations/s';
export const WORKFLOW_BENCH = 'workflow: 10-action in-memory runs/s';

export async function engineBenchmarks(): Promise<Measurement[]> {
  const env = createEnvironment({ host, now: 0 });
  const path = compileExpression("triggerBody()?['properties']?['metadata']?['severity']");
  const evaluations = await measure(EXPRESSION_BENCH, () => path.evaluate(env), { batch: 10_000 });

  const call = compileExpression("concat(toLower(triggerBody()?['Severity']), '-', string(length(triggerBody()?['Entities'])))");
  const calls = await measure('expression: function-call evaluations/s', () => call.evaluate(env), { batch: 10_000 });

  const compiled = compileWorkflow(tenActionWorkflow);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const ports = inMemoryPorts();
  if (compiled.workflow.actionsByName.size !== 10) throw new Error('the benchmark workflow must have 10 actions');
  let run = 0;
  const runs = await measure(
    WORKFLOW_BENCH,
    async () => {
      const record = await runWorkflow(compiled.workflow, { runId: `R${run++}`, trigger: { body: alert }, parameters: new Map() }, ports);
      if (record.status !== 'Succeeded') throw new Error(`run failed: ${JSON.stringify(record.error)}`);
    },
    { batch: 100 },
  );
  return [evaluations, calls, runs];
}
