/**
 * The Runs pages in a real browser: runs of two Request-trigger workflows (one calls a sink that answers 200, one a
 * sink that answers 500 with no retries) appear in the history live, without a reload; the failed run's page shows
 * the graph coloured by status, the failed action's pane with its error, and Resubmit opens the new run. A Reader
 * sees Resubmit and Cancel disabled, each with its reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, httpPost, workflowId } from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { type BrowserSession, browserSkip, screenshot, startBrowserSession } from './browser-harness.js';

const SUB = '00000000-0000-0000-0000-0000000a11a5';
const OK_WORKFLOW = workflowId(SUB, 'ops', 'notify-sink');
const FAILING_WORKFLOW = workflowId(SUB, 'ops', 'call-failing-api');

function requestDefinition(actions: Record<string, unknown>) {
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
    actions,
    outputs: {},
  };
}

describe('Runs pages', { skip: browserSkip }, () => {
  let session: BrowserSession;
  let sink: HttpSink;
  let failedRun = '';

  before(async () => {
    sink = await startHttpSink((request) => (request.url.startsWith('/fail') ? { status: 500, body: { error: 'the ticket service is down' } } : { status: 200, body: { ok: true } }));
    session = await startBrowserSession({ role: 'Owner', scope: '/' });
    const call = httpPost(`${sink.url}/fail`, { alert: "@triggerBody()?['alert']" });
    const failing = { ...call, inputs: { ...call.inputs, retryPolicy: { type: 'none' } } };
    for (const [id, definition] of [
      [OK_WORKFLOW, requestDefinition({ Post_to_sink: httpPost(`${sink.url}/ok`, { alert: "@triggerBody()?['alert']" }) })],
      [FAILING_WORKFLOW, requestDefinition({ Open_ticket: failing, Notify_owner: { type: 'Compose', inputs: 'ticket opened', runAfter: { Open_ticket: ['Succeeded'] } } })],
    ] as const) {
      const put = await session.server.call('PUT', api(id), { properties: { definition } });
      assert.equal(put.status, 201, JSON.stringify(put.body));
    }
  });

  after(async () => {
    await session?.close();
    await sink?.close();
  });

  it('shows new runs live, the failed run coloured on its graph with the error in the action pane, and resubmits it', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/runs`);
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    await page.locator('[data-live="live"]').waitFor();
    // Set in this document: still there afterwards means the rows came without a reload.
    await page.evaluate(() => ((window as unknown as { runsMarker: number }).runsMarker = 1));

    const ok = await server.call('POST', `${api(OK_WORKFLOW)}/triggers/manual/run`, { alert: 'a-1' });
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    const failed = await server.call('POST', `${api(FAILING_WORKFLOW)}/triggers/manual/run`, { alert: 'a-2' });
    assert.equal(failed.status, 202, JSON.stringify(failed.body));
    failedRun = failed.body.runId as string;

    const failedRow = page.getByRole('row', { name: new RegExp(failedRun) });
    await failedRow.getByText('Failed', { exact: true }).waitFor();
    const okRow = page.getByRole('row', { name: new RegExp(ok.body.runId as string) });
    await okRow.getByText('Succeeded', { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { runsMarker?: number }).runsMarker), 1, 'the page was reloaded');
    const cells = await failedRow.getByRole('cell').allTextContents();
    assert.match(cells[3] ?? '', /call-failing-api/);
    assert.equal(cells[4], 'manual');
    assert.match(cells[5] ?? '', /Request to the trigger/);
    assert.equal(await page.getByRole('table', { name: 'Runs' }).getByRole('row').count(), 3);

    await failedRow.getByRole('link', { name: new RegExp(`Run ${failedRun}`) }).click();
    await page.getByRole('heading', { name: `Run ${failedRun}` }).waitFor();
    assert.match(page.url(), new RegExp(`/runs/${SUB}/ops/call-failing-api/${failedRun}$`));
    const summary = page.getByRole('region', { name: 'Run summary' });
    await summary.getByText('Failed', { exact: true }).first().waitFor();

    // The graph: the trigger succeeded, the call failed, the action after it was skipped.
    const graph = page.locator('.wf-graph');
    await graph.locator('[aria-label="manual, trigger type Request, status Succeeded"]').waitFor();
    await graph.locator('[aria-label="Notify_owner, action type Compose, status Skipped"]').waitFor();
    const failedNode = graph.locator('[aria-label="Open_ticket, action type Http, status Failed"]');
    await failedNode.click();

    const pane = page.getByRole('dialog', { name: 'Open_ticket' });
    await pane.getByText(`The HTTP request to '${sink.url}/fail' answered 500 (InternalServerError).`).waitFor();
    await pane.getByText('No retries.').waitFor();
    await pane.getByText('the ticket service is down').waitFor();
    await screenshot(page, 'run-detail-failed-action');
    // Next goes through the actions in the pane: the one after the failed call was skipped.
    await pane.getByRole('button', { name: 'Next: Notify_owner' }).click();
    const next = page.getByRole('dialog', { name: 'Notify_owner' });
    await next.getByText('ActionSkipped').first().waitFor();
    await next.getByRole('button', { name: 'Close', exact: true }).first().click();
    await next.waitFor({ state: 'detached' });

    // The actions table opens the same pane from the keyboard.
    await page.getByRole('button', { name: 'Open_ticket: details' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Open_ticket' }).getByText('InternalServerError').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const cancel = page.getByRole('toolbar').getByRole('button', { name: 'Cancel run' });
    assert.equal(await cancel.isDisabled(), true);
    await page.getByText('The run has already failed.').waitFor();

    const requestsBefore = sink.requestsTo('/fail').length;
    await page.getByRole('toolbar').getByRole('button', { name: 'Resubmit' }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`/runs/${SUB}/ops/call-failing-api/`) && !url.pathname.endsWith(failedRun));
    const resubmitted = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByRole('heading', { name: `Run ${resubmitted}` }).waitFor();
    await page.getByRole('region', { name: 'Run summary' }).getByText('Resubmitted').waitFor();
    // Live: the new run's page turns Failed when the run ends, without a reload.
    await page.locator('.wf-graph [aria-label="Open_ticket, action type Http, status Failed"]').waitFor();
    assert.equal(sink.requestsTo('/fail').length, requestsBefore + 1);
    const stored = await server.call('GET', `${api(FAILING_WORKFLOW)}/runs/${resubmitted}`);
    assert.equal(stored.body.properties.correlation.clientTrackingId, failedRun);
  });

  it('shows a Reader the run with Resubmit and Cancel disabled, each saying why', async () => {
    const reader = await session.signInAs({ role: 'Reader', scope: '/' });
    const { page } = reader;
    await page.goto(`${session.server.url}/runs?workflow=${encodeURIComponent(FAILING_WORKFLOW)}`);
    await page.getByRole('heading', { name: 'Runs of call-failing-api' }).waitFor();
    await page.getByRole('link', { name: `Run ${failedRun} of call-failing-api, Failed` }).click();
    await page.getByRole('heading', { name: `Run ${failedRun}` }).waitFor();
    const reason = `Needs Microsoft.Logic/workflows/runs/resubmit/action on ${FAILING_WORKFLOW}/runs/${failedRun}.`;
    await page.getByText(reason).waitFor();
    const resubmit = page.getByRole('toolbar').getByRole('button', { name: 'Resubmit' });
    assert.equal(await resubmit.isDisabled(), true);
    assert.equal(await resubmit.getAttribute('title'), reason);
    assert.equal(await page.getByRole('toolbar').getByRole('button', { name: 'Cancel run' }).isDisabled(), true);
    await reader.context.close();
  });
});
