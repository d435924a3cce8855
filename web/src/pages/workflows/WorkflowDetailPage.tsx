/**
 * One workflow: its graph beside its JSON definition (validated live by the server as you type), its parameters
 * and connections, Save, Enable/Disable, Delete and a link to its runs. What the user may not do is disabled with
 * the reason; a Reader sees everything read-only.
 */
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../../api/client';
import { type Check, useCan } from '../../api/permissions';
import { listSubscriptions } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { classifyTrigger, triggerKindLabels } from '../../api/workflow-trigger';
import { ActionButton } from '../../components/ActionButton';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import { WorkflowGraph } from '../../components/workflow-graph/WorkflowGraph';
import '../../styles/workflows.css';
import { ConnectionsSection } from './ConnectionsSection';
import { DefinitionEditor, type DefinitionEditorHandle } from './DefinitionEditor';
import { formatTime } from './format';
import { ParameterInput } from './ParameterInput';
import { type Problem, type Validation, useLiveValidation } from './use-live-validation';
import { type WorkflowResource, deleteWorkflow, getWorkflow, putWorkflow, workflowPath } from './workflow-api';
import {
  type ConnectionReference,
  type ParameterForm,
  actionNames,
  actionOfPath,
  buildParameters,
  connectorKeysUsed,
  declaredParameters,
  displayPath,
  formatJson,
  initialParameterForm,
  lineOfKey,
  parseJson,
  storedConnections,
  workflowBody,
} from './workflow-draft';
import { WORKFLOW_DELETE, WORKFLOW_VALIDATE, WORKFLOW_WRITE } from './workflow-permissions';

const GRAPH_HEIGHT = 520;

interface Draft {
  readonly text: string;
  readonly parameters: ParameterForm;
  readonly connections: Readonly<Record<string, ConnectionReference>> | undefined;
}

function draftOf(resource: WorkflowResource): Draft {
  return {
    text: formatJson(resource.properties.definition),
    parameters: initialParameterForm(resource.properties.definition, resource.properties.parameters),
    connections: storedConnections(resource),
  };
}

function sameDraft(a: Draft, b: Draft): boolean {
  return a.text === b.text && JSON.stringify(a.parameters.values) === JSON.stringify(b.parameters.values) && JSON.stringify(a.connections) === JSON.stringify(b.connections);
}

export function WorkflowDetailPage() {
  const { sub = '', rg = '', name = '' } = useParams();
  const path = workflowPath(sub, rg, name);
  const resource = useLoad(() => getWorkflow(path), [path]);
  const subscriptions = useLoad(listSubscriptions, []);

  if (resource.data === undefined) {
    const notFound = resource.error !== undefined && /not found/i.test(resource.error);
    return (
      <>
        <Breadcrumb name={name} />
        <PageHeader title={name} description={`Resource group ${rg} · subscription ${sub}`} />
        {resource.loading ? (
          <p className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> Loading the workflow…
          </p>
        ) : notFound ? (
          <EmptyState title="This workflow does not exist" action={<Link to="/workflows">Back to the workflows</Link>}>
            <p>It may have been deleted, or the link names another resource group. Find it in the list, or create it again.</p>
          </EmptyState>
        ) : (
          <InlineAlert kind="error" title="Could not load the workflow">
            {resource.error}{' '}
            <button type="button" className="button button-subtle" onClick={resource.reload}>
              Try again
            </button>
          </InlineAlert>
        )}
      </>
    );
  }
  const subscriptionName = subscriptions.data?.find((item) => item.subscriptionId.toLowerCase() === sub.toLowerCase())?.displayName;
  return <WorkflowEditor key={`${resource.data.id}#${resource.data.properties.version ?? 0}`} resource={resource.data} path={path} subscriptionName={subscriptionName} onReload={resource.reload} />;
}

function Breadcrumb({ name }: { readonly name: string }) {
  return (
    <nav className="wf-breadcrumb" aria-label="Breadcrumb">
      <Link to="/workflows">Workflows</Link> <span aria-hidden="true">›</span> <span aria-current="page">{name}</span>
    </nav>
  );
}

interface WorkflowEditorProps {
  readonly resource: WorkflowResource;
  readonly path: string;
  readonly subscriptionName: string | undefined;
  readonly onReload: () => void;
}

/** Keyed by the workflow's version: a save or a refresh that brings a new version starts a fresh draft. */
function WorkflowEditor({ resource, path, subscriptionName, onReload }: WorkflowEditorProps) {
  const toasts = useToasts();
  const navigate = useNavigate();
  const editorId = useId();
  const validationId = useId();
  const editor = useRef<DefinitionEditorHandle>(null);
  const saved = useMemo(() => draftOf(resource), [resource]);
  const [draft, setDraft] = useState<Draft>(saved);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState<'save' | 'state' | 'delete' | undefined>(undefined);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>(undefined);
  const [parameterErrors, setParameterErrors] = useState<Readonly<Record<string, string>>>({});

  const where = `workflow ${resource.name}`;
  const canWrite = useCan(WORKFLOW_WRITE, resource.id, where);
  const canDelete = useCan(WORKFLOW_DELETE, resource.id, where);
  const canValidate = useCan(WORKFLOW_VALIDATE, resource.id, where);
  const canEnable = useCan('Microsoft.Logic/workflows/enable/action', resource.id, where);
  const canDisable = useCan('Microsoft.Logic/workflows/disable/action', resource.id, where);
  const readOnly = canWrite.state !== 'allowed';

  const parsed = useMemo(() => parseJson(draft.text), [draft.text]);
  // The graph keeps showing the last definition that parsed while the JSON is mid-edit.
  const lastGood = useRef<unknown>(resource.properties.definition);
  if (parsed.ok) lastGood.current = parsed.value;
  const definition = lastGood.current;
  const dirty = !sameDraft(draft, saved);
  const state = resource.properties.state;

  const validationDraft = useMemo(() => {
    if (!parsed.ok) return { syntax: { message: parsed.message, line: parsed.line, column: parsed.column } };
    const { parameters } = buildParameters(parsed.value, draft.parameters, draft.connections);
    return { body: workflowBody(resource, state, parsed.value, parameters) };
  }, [parsed, draft.parameters, draft.connections, resource, state]);
  const validation = useLiveValidation(path, validationDraft, canValidate);

  const names = useMemo(() => actionNames(definition), [definition]);
  const selectedLine = selected === undefined ? undefined : lineOfKey(draft.text, selected);

  const select = useCallback(
    (action: string) => {
      setSelected(action);
      const line = lineOfKey(draft.text, action);
      if (line !== undefined) editor.current?.revealLine(line);
    },
    [draft.text],
  );

  const goToLine = (line: number | undefined) => {
    if (line !== undefined) editor.current?.revealLine(line, true);
  };

  const setText = (text: string) => setDraft((current) => ({ ...current, text }));

  // Save: the parsed JSON, the parameters form, and $connections, as one PUT.
  const save = async () => {
    if (!parsed.ok) return;
    const built = buildParameters(parsed.value, draft.parameters, draft.connections);
    setParameterErrors(built.problems);
    setSaveError(undefined);
    if (Object.keys(built.problems).length > 0) {
      setSaveError('Check the parameters: some values are missing or not of their type.');
      return;
    }
    setSaving('save');
    try {
      await putWorkflow(path, workflowBody(resource, state, parsed.value, built.parameters));
      toasts.show('success', `Workflow '${resource.name}' saved.`);
      onReload();
    } catch (error) {
      setSaveError(error instanceof ApiError && error.status === 400 ? `Not saved: ${error.message}` : `Not saved: ${errorMessage(error)}`);
    } finally {
      setSaving(undefined);
    }
  };

  // Enable/Disable is its own action (an operator may use it without the right to edit); unsaved edits stay in the draft.
  const nextState = state === 'Disabled' ? 'Enabled' : 'Disabled';
  const toggleCheck = nextState === 'Enabled' ? canEnable : canDisable;
  const toggle = async () => {
    setSaving('state');
    setSaveError(undefined);
    try {
      await api('POST', `${path}/${nextState === 'Enabled' ? 'enable' : 'disable'}`);
      toasts.show('success', `Workflow '${resource.name}' ${nextState === 'Enabled' ? 'enabled' : 'disabled'}.`);
      onReload();
    } catch (error) {
      setSaveError(`The state was not changed: ${errorMessage(error)}`);
    } finally {
      setSaving(undefined);
    }
  };

  const remove = async () => {
    setSaving('delete');
    try {
      await deleteWorkflow(path);
      toasts.show('success', `Workflow '${resource.name}' deleted.`);
      void navigate('/workflows');
    } catch (error) {
      setSaveError(`Not deleted: ${errorMessage(error)}`);
      setSaving(undefined);
      setConfirmingDelete(false);
    }
  };

  const saveCheck: Check = canWrite.state !== 'allowed' ? canWrite : !parsed.ok ? { state: 'denied', reason: `Fix the JSON syntax error on line ${parsed.line} first.` } : canWrite;
  const trigger = classifyTrigger(definition);
  const parameters = declaredParameters(definition);
  const connectionKeys = useMemo(() => {
    const keys = new Set([...Object.keys(draft.connections ?? {}), ...connectorKeysUsed(definition)]);
    return [...keys];
  }, [draft.connections, definition]);
  const serverParameterProblems = validation.state === 'invalid' ? parameterProblems(validation.problems) : {};
  const runsLink = `/runs?workflow=${encodeURIComponent(resource.id)}`;
  const [, , subscriptionId = '', , resourceGroup = ''] = resource.id.split('/');

  return (
    <>
      <Breadcrumb name={resource.name} />
      <PageHeader title={resource.name} description={`Resource group ${resourceGroup} · subscription ${subscriptionName ?? subscriptionId}`}>
        <ActionButton variant="primary" reason="tooltip" check={saveCheck} busy={saving === 'save'} disabled={!dirty || saving !== undefined} title={dirty ? undefined : 'No changes to save'} onClick={() => void save()}>
          Save
        </ActionButton>
        <ActionButton disabled={!dirty || saving !== undefined} onClick={() => {
          setDraft(saved);
          setParameterErrors({});
          setSaveError(undefined);
        }}>
          Discard changes
        </ActionButton>
        <ActionButton reason="tooltip" check={toggleCheck} busy={saving === 'state'} disabled={saving !== undefined} onClick={() => void toggle()}>
          {state === 'Disabled' ? 'Enable' : 'Disable'}
        </ActionButton>
        <Link className="button" to={runsLink}>
          View runs
        </Link>
        {confirmingDelete ? (
          <span className="wf-confirm" role="group" aria-label={`Confirm deleting ${resource.name}`}>
            <span>Delete this workflow and its run history?</span>
            <ActionButton variant="danger" busy={saving === 'delete'} onClick={() => void remove()}>
              Delete
            </ActionButton>
            <ActionButton variant="subtle" onClick={() => setConfirmingDelete(false)}>
              Cancel
            </ActionButton>
          </span>
        ) : (
          <ActionButton variant="danger" reason="tooltip" check={canDelete} disabled={saving !== undefined} onClick={() => setConfirmingDelete(true)}>
            Delete
          </ActionButton>
        )}
        <ActionButton disabled={saving !== undefined} onClick={onReload}>
          Refresh
        </ActionButton>
      </PageHeader>
      <DeniedReasons checks={[saveCheck, toggleCheck, canDelete]} />

      <div className="wf-summary" role="group" aria-label="Workflow summary">
        <StatusBadge status={state} />
        <span>{triggerKindLabels[trigger.kind]}</span>
        <span className="muted">Version {resource.properties.version ?? '—'}</span>
        <span className="muted" title={resource.properties.changedTime}>
          Last changed {formatTime(resource.properties.changedTime)}
        </span>
        {dirty ? <span className="wf-chip wf-chip-warn">Unsaved changes</span> : null}
      </div>
      {saveError === undefined ? null : <InlineAlert kind="error">{saveError}</InlineAlert>}

      <div className="wf-designer">
        <section className="wf-panel" aria-labelledby="wf-graph-heading">
          <header className="wf-panel-header">
            <h2 id="wf-graph-heading">Graph</h2>
            <span className="field-hint">{parsed.ok ? 'Select an action to find it in the JSON.' : 'Showing the last definition that parsed.'}</span>
          </header>
          <WorkflowGraph definition={definition} selected={selected} onSelect={select} height={GRAPH_HEIGHT} />
          {selected === undefined ? null : (
            <p className="wf-selected" role="status">
              Selected <strong>{selected}</strong>
              {selectedLine === undefined ? null : (
                <>
                  {' '}
                  (line {selectedLine}){' '}
                  <button type="button" className="button button-subtle" onClick={() => goToLine(selectedLine)}>
                    Go to its JSON
                  </button>
                </>
              )}
            </p>
          )}
        </section>

        <section className="wf-panel" aria-labelledby="wf-json-heading">
          <header className="wf-panel-header">
            <h2 id="wf-json-heading">
              <label htmlFor={editorId}>Definition (JSON)</label>
            </h2>
            {readOnly && canWrite.state === 'denied' ? <span className="action-reason">Read only</span> : null}
          </header>
          <DefinitionEditor
            ref={editor}
            id={editorId}
            value={draft.text}
            onChange={setText}
            readOnly={readOnly}
            height={GRAPH_HEIGHT}
            describedBy={validationId}
            {...(parsed.ok ? {} : { errorLine: parsed.line })}
            {...(selectedLine === undefined ? {} : { markedLine: selectedLine })}
          />
          <ValidationReport id={validationId} validation={validation} names={names} onSelect={(action, line) => {
            if (action !== undefined) setSelected(action);
            goToLine(line ?? (action === undefined ? undefined : lineOfKey(draft.text, action)));
          }} />
        </section>
      </div>

      <div className="wf-columns">
        <section className="wf-panel" aria-labelledby="wf-parameters-heading">
          <header className="wf-panel-header">
            <h2 id="wf-parameters-heading">Parameters</h2>
            {readOnly && canWrite.state === 'denied' ? <span className="action-reason">Read only: {lowerFirst(canWrite.reason)}</span> : null}
          </header>
          {parameters.length === 0 ? (
            <p className="muted">
              The definition declares no parameters. Declare them under <code>parameters</code> in the JSON (with a type and an optional defaultValue) to set
              their values here.
            </p>
          ) : (
            <div className="form">
              {parameters.map((parameter) => (
                <ParameterInput
                  key={parameter.name}
                  parameter={parameter}
                  value={draft.parameters.values[parameter.name] ?? ''}
                  hiddenSecure={draft.parameters.hiddenSecure.includes(parameter.name)}
                  readOnly={readOnly}
                  error={parameterErrors[parameter.name] ?? serverParameterProblems[parameter.name.toLowerCase()]}
                  onChange={(value) => setDraft((current) => ({ ...current, parameters: { ...current.parameters, values: { ...current.parameters.values, [parameter.name]: value } } }))}
                />
              ))}
            </div>
          )}
        </section>

        <section className="wf-panel" aria-labelledby="wf-connections-heading">
          <header className="wf-panel-header">
            <h2 id="wf-connections-heading">Connections</h2>
            {readOnly && canWrite.state === 'denied' ? <span className="action-reason">Read only: {lowerFirst(canWrite.reason)}</span> : null}
          </header>
          <ConnectionsSection
            subscriptionId={subscriptionId}
            resourceGroup={resourceGroup}
            keys={connectionKeys}
            value={draft.connections ?? {}}
            readOnly={readOnly}
            {...(canWrite.state === 'denied' ? { readOnlyReason: canWrite.reason } : {})}
            onChange={(key, reference) => setDraft((current) => ({ ...current, connections: { ...(current.connections ?? {}), [key]: reference } }))}
          />
        </section>
      </div>

      <section className="wf-panel" aria-labelledby="wf-details-heading">
        <header className="wf-panel-header">
          <h2 id="wf-details-heading">Details</h2>
        </header>
        <dl className="wf-details">
          <dt>Resource id</dt>
          <dd>
            <code>{resource.id}</code>
          </dd>
          <dt>Trigger</dt>
          <dd>
            {trigger.name} <span className="muted">({trigger.type})</span>
          </dd>
          {resource.properties.accessEndpoint === undefined ? null : (
            <>
              <dt>Access endpoint</dt>
              <dd>
                <code>{resource.properties.accessEndpoint}</code>
              </dd>
            </>
          )}
          <dt>Created</dt>
          <dd>{formatTime(resource.properties.createdTime)}</dd>
          {resource.tags?.['riposte-template'] === undefined ? null : (
            <>
              <dt>From template</dt>
              <dd>
                <Link to={`/workflows/gallery?template=${encodeURIComponent(resource.tags['riposte-template'])}`}>{resource.tags['riposte-template']}</Link>
              </dd>
            </>
          )}
          <dt>Runs</dt>
          <dd>
            <Link to={runsLink}>Run history of {resource.name}</Link>
          </dd>
        </dl>
      </section>
    </>
  );
}

function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/** Why toolbar buttons are disabled, once each, under the toolbar (the buttons carry it as their title too). */
function DeniedReasons({ checks }: { readonly checks: readonly Check[] }) {
  const reasons = [...new Set(checks.flatMap((check) => (check.state === 'denied' ? [check.reason] : [])))];
  if (reasons.length === 0) return null;
  return (
    <ul className="wf-denied" aria-label="Why some actions are unavailable">
      {reasons.map((reason) => (
        <li key={reason} className="action-reason">
          {reason}
        </li>
      ))}
    </ul>
  );
}

/** Server problems on `properties.parameters.x`, by lower-cased parameter name, for the parameters form. */
function parameterProblems(problems: readonly Problem[]): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const problem of problems) {
    const match = /^properties\.parameters\.([^.[]+)/.exec(problem.path ?? '');
    if (match?.[1] !== undefined) byName[match[1].toLowerCase()] ??= problem.message;
  }
  return byName;
}

interface ValidationReportProps {
  readonly id: string;
  readonly validation: Validation;
  readonly names: readonly string[];
  readonly onSelect: (action: string | undefined, line: number | undefined) => void;
}

function ValidationReport({ id, validation, names, onSelect }: ValidationReportProps) {
  switch (validation.state) {
    case 'idle':
      return <div id={id} className="wf-validation" role="status" />;
    case 'checking':
      return (
        <div id={id} className="wf-validation" role="status">
          <span className="spinner" aria-hidden="true" /> Checking the definition…
        </div>
      );
    case 'valid':
      return (
        <div id={id} className="wf-validation wf-validation-ok" role="status">
          ✓ Valid: the server accepts this definition and its parameters.
        </div>
      );
    case 'unavailable':
      return (
        <div id={id} className="wf-validation wf-validation-note" role="status">
          {validation.reason}
        </div>
      );
    case 'syntax':
      return (
        <div id={id} className="wf-validation wf-validation-bad" role="alert">
          <strong>JSON syntax error</strong> on line {validation.line}, column {validation.column}: {validation.message}{' '}
          <button type="button" className="button button-subtle" onClick={() => onSelect(undefined, validation.line)}>
            Go to line {validation.line}
          </button>
        </div>
      );
    case 'invalid':
      return (
        <div id={id} className="wf-validation wf-validation-bad" role="alert">
          <strong>
            {validation.problems.length} problem{validation.problems.length === 1 ? '' : 's'}
          </strong>
          <ul className="wf-problems" aria-label="Validation problems">
            {validation.problems.map((problem, index) => {
              const action = actionOfPath(displayPath(problem.path), names);
              return (
                <li key={`${problem.path ?? ''}#${index}`}>
                  <code className="wf-problem-path">{displayPath(problem.path)}</code> {problem.message}
                  {action === undefined ? null : (
                    <button type="button" className="button button-subtle" onClick={() => onSelect(action, undefined)}>
                      Show {action}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      );
  }
}
