/**
 * Alerts, recommendations and event schemas in a real browser: a Medium alert posted through the API is found in
 * the list filtered by severity, opened, and a workflow is triggered on it by hand (only workflows that can receive
 * alerts are offered); the link leads to the new run. A Reader sees Run disabled with the reason. The schemas page
 * shows a schema and offers it for download.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertDefinition, api, assessment, assessmentDefinition, eventually, flatAlert, workflowId } from '../support/defender.js';
import { type BrowserSession, browserSkip, screenshot, seedSubscription, startBrowserSession } from './browser-harness.js';

const SUB = '00000000-0000-0000-0000-0000000a1e27';
const MEDIUM = 'Suspicious PowerShell command line';
const HIGH = 'Ransomware indicators detected';
const compose = { Subject: { type: 'Compose', inputs: "@{triggerBody()?['Severity']} - @{triggerBody()?['AlertDisplayName']}" } };
const requestDefinition = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
  actions: compose,
  outputs: {},
};

describe('Alerts, recommendations and event schemas', { skip: browserSkip }, () => {
  let session: BrowserSession;
  let mediumAlertId: string;

  before(async () => {
    session = await startBrowserSession({ role: 'Owner', scope: '/' });
    const { server } = session;
    await seedSubscription(server, SUB, 'Contoso SOC', {
      'notify-soc': alertDefinition(compose),
      'fix-recommendation': assessmentDefinition({}),
      'manual-intake': requestDefinition,
    });
    const posted = await server.call('POST', '/api/events', {
      value: [
        flatAlert({ sub: SUB, rg: 'web', vm: 'web-01', severity: 'Medium', displayName: MEDIUM, alertType: 'VM_SuspiciousPowerShell' }),
        flatAlert({ sub: SUB, rg: 'web', vm: 'web-02', severity: 'High', displayName: HIGH }),
        assessment({ sub: SUB, rg: 'web', vm: 'web-01', severity: 'Medium', code: 'Unhealthy' }),
      ],
    });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    assert.equal(posted.body.accepted, 3, JSON.stringify(posted.body));
    const alerts = await server.call('GET', `/api/subscriptions/${SUB}/providers/Microsoft.Security/alerts?severity=Medium`);
    mediumAlertId = alerts.body.value[0].id;
  });

  after(async () => {
    await session?.close();
  });

  it('finds a Medium alert by severity, opens it, triggers a workflow by hand and follows the link to the run', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/alerts`);
    await page.getByRole('row', { name: new RegExp(HIGH) }).waitFor();

    await page.getByRole('combobox', { name: 'Severity' }).selectOption('Medium');
    const row = page.getByRole('row', { name: new RegExp(MEDIUM) });
    await row.waitFor();
    await page.getByRole('row', { name: new RegExp(HIGH) }).waitFor({ state: 'detached' });
    assert.match(page.url(), /severity=Medium/);
    const cells = await row.getByRole('cell').allTextContents();
    assert.equal(cells[0], 'Medium');
    assert.match(cells[2] ?? '', /web-01/);
    assert.equal(cells[3], 'Active');

    await row.getByRole('button', { name: MEDIUM }).click();
    const pane = page.getByRole('dialog', { name: MEDIUM });
    await pane.getByText('VM_SuspiciousPowerShell', { exact: true }).waitFor();

    // Offered: the Defender alert workflow and the Request one; not the recommendation workflow.
    const workflow = pane.getByRole('combobox', { name: 'Workflow', exact: true });
    await pane.getByRole('option', { name: /notify-soc/ }).waitFor({ state: 'attached' });
    const offered = await workflow.locator('option').allTextContents();
    assert.ok(offered.some((text) => text.includes('manual-intake')), offered.join(' | '));
    assert.ok(!offered.some((text) => text.includes('fix-recommendation')), offered.join(' | '));
    await pane.getByText('1 other workflow in this subscription cannot receive alerts.').waitFor();

    const run = pane.getByRole('button', { name: 'Run', exact: true });
    assert.equal(await run.isDisabled(), true);
    await workflow.selectOption(workflowId(SUB, 'soc', 'notify-soc'));
    await run.click();
    const started = pane.getByRole('list', { name: 'Runs started here' });
    await started.getByText('Succeeded').waitFor();
    await screenshot(page, 'alert-trigger-workflow');

    const link = started.getByRole('link', { name: 'Open the run' });
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, new RegExp(`^/runs/${SUB}/soc/notify-soc/[^/]+$`));
    const runName = href.split('/').pop() ?? '';
    await link.click();
    await page.getByRole('heading', { name: `Run ${runName}` }).waitFor();

    // The run received the alert as its trigger body and names the event it came from.
    const stored = await eventually('the run', async () => {
      const answer = await server.call('GET', api(`${workflowId(SUB, 'soc', 'notify-soc')}/runs/${runName}`));
      return answer.status === 200 ? answer.body : undefined;
    });
    assert.equal(stored.properties.correlation.eventId, mediumAlertId);
    assert.equal(stored.properties.trigger.outputs.body.AlertDisplayName, MEDIUM);
  });

  it('shows a Reader the alert with Run disabled and the reason, and the recommendations list', async () => {
    // At a laptop's 1024 px, where the pane must still fit beside the navigation.
    const reader = await session.signInAs({ role: 'Reader', scope: '/', viewport: { width: 1024, height: 768 } });
    const { page } = reader;
    await page.goto(`${session.server.url}/alerts?open=${encodeURIComponent(mediumAlertId)}`);
    const pane = page.getByRole('dialog', { name: MEDIUM });
    await pane.getByRole('option', { name: /notify-soc.*no run permission/ }).waitFor({ state: 'attached' });
    await pane.getByRole('button', { name: 'Go to Trigger workflow' }).click();
    const workflow = pane.getByRole('combobox', { name: 'Workflow', exact: true });
    await pane.locator('select[data-trigger-workflow]:focus').waitFor();
    await workflow.selectOption(workflowId(SUB, 'soc', 'notify-soc'));
    const reason = `Needs Microsoft.Logic/workflows/triggers/run/action on ${workflowId(SUB, 'soc', 'notify-soc')}.`;
    await pane.locator(`button[title="${reason}"]`).waitFor();
    const run = pane.getByRole('button', { name: 'Run', exact: true });
    assert.equal(await run.isDisabled(), true);
    await pane.getByText(/^Needs Microsoft\.Logic\/workflows/).scrollIntoViewIfNeeded();
    await screenshot(page, 'alert-reader');
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Recommendations' }).click();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('Unhealthy');
    const row = page.getByRole('row', { name: /Machines should have vulnerability findings resolved/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    assert.deepEqual(cells.slice(1, 3), ['Medium', 'Unhealthy']);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('Healthy');
    await page.getByRole('heading', { name: 'No recommendations match the filters' }).waitFor();
    await reader.context.close();
  });

  it('lists the event schemas, shows one and offers it for download', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/schemas`);
    await page.getByRole('link', { name: 'View Security alert' }).click();
    await page.getByRole('heading', { name: 'Security alert' }).waitFor();
    const json = page.getByLabel('The SecurityAlert schema');
    await json.getByText('"AlertDisplayName"').first().waitFor();
    const download = page.getByRole('link', { name: 'Download SecurityAlert.json' });
    assert.equal(await download.getAttribute('download'), 'SecurityAlert.json');
    assert.equal(await download.getAttribute('href'), '/api/schemas/SecurityAlert.json');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.equal(file.suggestedFilename(), 'SecurityAlert.json');
    await screenshot(page, 'event-schema');
  });
});
