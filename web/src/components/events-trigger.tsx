/**
 * "Trigger workflow" (the portal's "Trigger logic app") on an alert, recommendation or compliance assessment: pick
 * one of the workflows that can receive the event (its Defender trigger of that kind, or a Request trigger; enabled),
 * Run, then follow the new run. Run is disabled with the reason when the user may not run the chosen workflow
 * (`Microsoft.Logic/workflows/triggers/run/action` on it) or read the event.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { parseArmId } from '../api/arm-id';
import { ApiError, errorMessage } from '../api/client';
import { ALLOWED, type Check, check, useCan } from '../api/permissions';
import { type Subscription, subscriptionLabel } from '../api/subscriptions';
import { useLoad } from '../api/use-load';
import { triggerKindLabels } from '../api/workflow-trigger';
import { ActionButton } from './ActionButton';
import { Field, SelectField } from './Field';
import { InlineAlert } from './InlineAlert';
import { StatusBadge } from './StatusBadge';
import { type EventKind, RUN_ACTION, type RunSummary, type TriggeredRun, getRun, ineligibility, isUnfinished, listWorkflows, triggerWorkflow } from './events-api';
import { runPagePath } from './events-run-link';
import { RefreshWorkflowsButton, WorkflowOptions } from './workflow-choice';

const NOUN: Readonly<Record<EventKind, string>> = { Alert: 'alerts', Assessment: 'recommendations', RegulatoryComplianceAssessment: 'regulatory compliance assessments' };

export interface TriggerWorkflowProps {
  readonly kind: EventKind;
  readonly eventId: string;
  /** Whether the user may read the event (the pane could load it). */
  readonly readCheck: Check;
  readonly subscriptions: readonly Subscription[];
}

export function TriggerWorkflow({ kind, eventId, readCheck, subscriptions }: TriggerWorkflowProps) {
  const headingId = useId();
  const [subscriptionId, setSubscriptionId] = useState(() => parseArmId(eventId).subscriptionId ?? subscriptions[0]?.subscriptionId ?? '');
  const [workflowId, setWorkflowId] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | undefined>(undefined);
  const [started, setStarted] = useState<readonly TriggeredRun[]>([]);

  const workflows = useLoad(() => (subscriptionId === '' ? Promise.resolve([]) : listWorkflows(subscriptionId)), [subscriptionId]);
  const all = workflows.data ?? [];
  const eligible = all.filter((workflow) => ineligibility(workflow, kind) === undefined);
  const disabled = all.filter((workflow) => ineligibility(workflow, kind) === 'it is disabled').length;
  const incompatible = all.length - eligible.length - disabled;
  const eligibleKey = eligible.map((workflow) => workflow.id).join('\n');
  // Which eligible workflows the user may run, to say so in the list before one is picked.
  const runnable = useLoad(async () => {
    const ids = eligibleKey === '' ? [] : eligibleKey.split('\n');
    const checks = await Promise.all(ids.map((id) => check(RUN_ACTION, [id])));
    return new Map(ids.map((id, index) => [id.toLowerCase(), checks[index]?.state === 'allowed']));
  }, [eligibleKey]);

  // A chosen workflow that is no longer offered (another subscription, refreshed list) is cleared.
  const offered = workflowId === '' || workflows.loading || eligible.some((workflow) => workflow.id === workflowId);
  useEffect(() => {
    if (!offered) setWorkflowId('');
  }, [offered]);

  const canRunChosen = useCan(RUN_ACTION, workflowId === '' ? undefined : workflowId);
  const runCheck: Check | undefined = useMemo(() => {
    if (readCheck.state !== 'allowed') return readCheck;
    if (workflowId === '') {
      const none = runnable.data !== undefined && eligible.length > 0 && ![...runnable.data.values()].some(Boolean);
      return none ? { state: 'denied', reason: `Needs ${RUN_ACTION} on one of these workflows.` } : undefined;
    }
    return canRunChosen;
  }, [readCheck, workflowId, runnable.data, eligible.length, canRunChosen]);

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      const answer = await triggerWorkflow(eventId, workflowId);
      // Shown (and announced) in the pane, where the user is looking; no toast over it.
      setStarted((current) => [answer, ...current]);
    } catch (failure) {
      setError(failure instanceof ApiError && failure.target === 'workflowId' ? { field: 'workflowId', message: failure.message } : { message: errorMessage(failure) });
    } finally {
      setRunning(false);
    }
  };

  const hint =
    workflows.error !== undefined ? undefined : workflows.loading ? (
      'Loading workflows…'
    ) : eligible.length === 0 ? (
      <>
        No workflow here can receive {NOUN[kind]}. Create one with the matching Defender for Cloud trigger or a Request trigger on the{' '}
        <Link to="/workflows">Workflows</Link> page, then Refresh.
      </>
    ) : incompatible + disabled > 0 ? (
      [
        incompatible === 0 ? '' : `${incompatible} other workflow${incompatible === 1 ? '' : 's'} in this subscription cannot receive ${NOUN[kind]}.`,
        disabled === 0 ? '' : `${disabled} disabled workflow${disabled === 1 ? ' is' : 's are'} not listed.`,
      ]
        .filter(Boolean)
        .join(' ')
    ) : undefined;

  return (
    <section className="events-trigger" aria-labelledby={headingId}>
      <h3 id={headingId}>Trigger workflow</h3>
      <p className="muted small">Run a workflow now with this {kind === 'Alert' ? 'alert' : kind === 'Assessment' ? 'recommendation' : 'assessment'} as its trigger body.</p>
      <SelectField
        label="Show workflows from subscription"
        value={subscriptionId}
        options={subscriptions.map((subscription) => ({ value: subscription.subscriptionId, label: subscriptionLabel(subscription) }))}
        onChange={(value) => {
          setSubscriptionId(value);
          setWorkflowId('');
        }}
      />
      <div className="field-with-button">
        <Field label="Workflow" hint={hint} error={error?.field === 'workflowId' ? error.message : workflows.error}>
          {(control) => (
            <select
              {...control}
              data-trigger-workflow
              className="input"
              value={workflowId}
              onChange={(event) => {
                setWorkflowId(event.target.value);
                setError(undefined);
              }}
            >
              <WorkflowOptions workflows={eligible} describe={(workflow) => `${workflow.name} (${workflow.resourceGroup}) · ${triggerKindLabels[workflow.trigger.kind]}${runnable.data?.get(workflow.id.toLowerCase()) === false ? ' · no run permission' : ''}`} />
            </select>
          )}
        </Field>
        <RefreshWorkflowsButton loading={workflows.loading} onRefresh={workflows.reload} />
      </div>
      {error === undefined || error.field !== undefined ? null : <InlineAlert kind="error">{error.message}</InlineAlert>}
      <div className="events-trigger-run">
        <ActionButton variant="primary" check={runCheck ?? ALLOWED} disabled={workflowId === ''} busy={running} onClick={() => void run()} title={workflowId === '' ? 'Choose a workflow first.' : undefined}>
          Run
        </ActionButton>
      </div>
      {started.length === 0 ? null : (
        <ul className="events-started" aria-label="Runs started here">
          {started.map((item) => (
            <li key={`${item.workflowId}/${item.runId}`}>
              <StartedRun run={item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const POLL_MS = [300, 600, 1000, 1500, 2000, 3000] as const;
const POLL_FOR_MS = 120_000;

/** A run started from here: its status, followed until it finishes, and the link to it on the Runs page. */
function StartedRun({ run }: { readonly run: TriggeredRun }) {
  const [current, setCurrent] = useState<RunSummary | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const shown = useRef<HTMLDivElement>(null);
  // A block body: newer browsers answer scrollIntoView with a promise, which React would take for a cleanup.
  useEffect(() => {
    shown.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const started = Date.now();
    const poll = async (attempt: number) => {
      try {
        const answer = await getRun(run.workflowId, run.runId);
        if (!live) return;
        setCurrent(answer);
        setProblem(undefined);
        if (!isUnfinished(answer.properties.status) || Date.now() - started > POLL_FOR_MS) return;
      } catch (failure) {
        if (!live) return;
        if (failure instanceof ApiError && failure.status === 403) {
          setProblem('You may not read its runs (needs Microsoft.Logic/workflows/runs/read), so its status is not shown.');
          return;
        }
        setProblem(errorMessage(failure));
      }
      timer = window.setTimeout(() => void poll(attempt + 1), POLL_MS[Math.min(attempt, POLL_MS.length - 1)]);
    };
    void poll(0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [run.workflowId, run.runId]);

  const status = current?.properties.status ?? 'Queued';
  const error = current?.properties.error?.message;
  return (
    <div ref={shown} className="events-started-run" role="status">
      <div className="events-started-line">
        <StatusBadge status={status} />
        <span>
          Run <code>{run.runId}</code> of <strong>{parseArmId(run.workflowId).name}</strong>
        </span>
        <Link className="events-run-link" to={runPagePath(run.workflowId, run.runId)}>
          Open the run
        </Link>
      </div>
      {error === undefined ? null : <span className="field-error">{error}</span>}
      {problem === undefined ? null : <span className="muted small">{problem}</span>}
    </div>
  );
}
