/**
 * The whole journey of issue 7 in one browser, as a security engineer walks it: sign in; deploy the "email on
 * alert" template from the gallery (its office365 connection points at an in-process SMTP server, so mail really
 * goes out); add a workflow automation for High alerts through the pane; post a High alert through the API and
 * watch its run appear in Run history without a reload, then open it; trigger the workflow by hand from a Medium
 * alert and jump to the run; assign the alerts policy to a management group of two subscriptions through the
 * wizard with a remediation task, and watch it finish and the subscriptions turn Compliant; finally a Reader sees
 * every edit button on Workflow automation, Workflows and Policy disabled, each with its reason.
 *
 * The steps share one server and one browser and run in order; each saves `screenshots/journey-<step>.png`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { api, eventually, flatAlert, workflowId } from '../support/defender.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { type BrowserSession, browserSkip, screenshot, startBrowserSession } from './browser-harness.js';
import { fillAlertsAssignmentBasics } from './policy-wizard.js';

const GROUP = '/providers/Microsoft.Management/managementGroups/contoso';
const SOC = '00000000-0000-0000-0000-00000000050c';
const DEV = '00000000-0000-0000-0000-000000000de7';
const RG = 'soc';
const TEMPLATE_NAME = 'Email the SOC when an alert is raised';
const WORKFLOW_NAME = 'Send-EmailAlert';
const WORKFLOW = workflowId(SOC, RG, WORKFLOW_NAME);
const TRIGGER = 'When_an_Azure_Security_Center_Alert_is_created_or_triggered';
const ACTION = 'Send_an_email_(V2)';
const RECIPIENT = 'soc@contoso.com';
const HIGH = 'Ransomware indicators detected';
const MEDIUM = 'Suspicious PowerShell command line';
const ASSIGNMENT = `${GROUP}/providers/Microsoft.Authorization/policyAssignments/alerts-to-soc`;

describe('The journey of issue 7, end to end in the browser', { skip: browserSkip }, () => {
  let session: BrowserSession;
  let smtp: SmtpSink;
  let connectionId = '';

  before(async () => {
    smtp = await startSmtpSink();
    session = await startBrowserSession({ role: 'Owner', scope: '/', name: 'soc-engineer' });
    const { server } = session;
    // A management group holding the SOC's subscription and a second one (what the policy step assigns to).
    const group = await server.call('PUT', `/api${GROUP}`, { properties: { displayName: 'Contoso' } });
    assert.ok(group.status === 200 || group.status === 201, JSON.stringify(group.body));
    for (const [id, name] of [
      [SOC, 'Contoso SOC'],
      [DEV, 'Contoso Dev'],
    ] as const) {
      const placed = await server.call('PUT', `/api/subscriptions/${id}`, { properties: { displayName: name, managementGroupId: GROUP } });
      assert.ok(placed.status === 200 || placed.status === 201, JSON.stringify(placed.body));
    }
    // The template mails through an office365 (SMTP) connection: here, the sink on 127.0.0.1.
    const connection = await server.call('PUT', `/api/subscriptions/${SOC}/resourceGroups/${RG}/providers/Microsoft.Web/connections/soc-mail`, {
      properties: {
        api: { name: 'office365' },
        displayName: 'SOC mail',
        parameterValues: { serverAddress: smtp.host, port: smtp.port, enableSSL: false, from: 'Riposte <alerts@contoso.com>' },
      },
    });
    assert.equal(connection.status, 201, JSON.stringify(connection.body));
    connectionId = connection.body.id;
  });

  after(async () => {
    await session?.close();
    await smtp?.close();
  });

  it('signs in through the sign-in page and lands on Workflow automation', async () => {
    const { page, server, user } = session;
    // The harness signed in already; sign out and in again the way a user does.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('textbox', { name: 'User name' }).fill(user.name);
    await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/automations`);
    await page.getByRole('heading', { name: 'Workflow automation', level: 1 }).waitFor();
    assert.match((await page.getByRole('banner').textContent()) ?? '', /Signed in as soc-engineer/);
    await page.getByRole('heading', { name: 'No workflow automations yet' }).waitFor();
    await screenshot(page, 'journey-sign-in');
  });

  it('deploys the "email on alert" template from the gallery with the SMTP connection', async () => {
    const { page, server } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
    await page.getByRole('heading', { name: 'No workflows yet' }).waitFor();
    await page.getByRole('toolbar').getByRole('link', { name: 'Template gallery' }).click();
    const card = page.getByRole('article', { name: TEMPLATE_NAME });
    await card.getByRole('button', { name: `Use template ${TEMPLATE_NAME}` }).click();

    const pane = page.getByRole('dialog', { name: `Deploy "${TEMPLATE_NAME}"` });
    assert.equal(await pane.getByRole('textbox', { name: 'Workflow name' }).inputValue(), WORKFLOW_NAME);
    await pane.getByRole('combobox', { name: 'Subscription' }).fill(SOC);
    await pane.getByRole('combobox', { name: 'Resource group' }).fill(RG);
    await pane.getByRole('textbox', { name: 'recipients (string)' }).fill(RECIPIENT);
    await pane.getByRole('option', { name: /soc-mail \(soc\)/ }).waitFor({ state: 'attached' });
    await pane.getByRole('combobox', { name: 'Connection for office365' }).selectOption(connectionId);
    await pane.getByRole('button', { name: 'Deploy' }).click();

    await page.getByRole('heading', { name: WORKFLOW_NAME, level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`/workflows/${SOC}/${RG}/${WORKFLOW_NAME}$`));
    await page.getByRole('group', { name: `${TRIGGER}, trigger type ApiConnectionWebhook` }).waitFor();
    await page.getByRole('group', { name: `${ACTION}, action type ApiConnection` }).waitFor();
    await page.getByText('✓ Valid: the server accepts this definition and its parameters.').waitFor();
    await page.getByText('soc-mail: Untested').waitFor();
    const stored = await server.call('GET', api(WORKFLOW));
    assert.equal(stored.status, 200);
    assert.equal(stored.body.properties.state, 'Enabled');
    assert.equal(stored.body.properties.parameters.$connections.value.office365.connectionId, connectionId);
    await dismissToasts(page);
    await screenshot(page, 'journey-template');
  });

  it('adds a workflow automation for High alerts through the "Add workflow automation" pane', async () => {
    const { page } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflow automation' }).click();
    await page.getByRole('heading', { name: 'No workflow automations yet' }).waitFor();
    await page.getByRole('toolbar').getByRole('button', { name: 'Add workflow automation' }).click();

    const pane = page.getByRole('dialog', { name: 'Add workflow automation' });
    await pane.getByRole('textbox', { name: 'Name', exact: true }).fill('high-alerts');
    await pane.getByRole('textbox', { name: 'Description' }).fill('Mail the SOC about High-severity alerts');
    await pane.getByRole('combobox', { name: 'Subscription', exact: true }).selectOption(SOC);
    await pane.getByRole('combobox', { name: 'Resource group' }).fill(RG);
    assert.equal(await pane.getByRole('combobox', { name: 'Defender for Cloud data type' }).inputValue(), 'alerts');
    await pane.getByRole('checkbox', { name: 'Medium' }).uncheck();
    await pane.getByRole('checkbox', { name: 'Low' }).uncheck();
    assert.equal(await pane.getByRole('checkbox', { name: 'High' }).isChecked(), true);
    await pane.getByRole('option', { name: new RegExp(WORKFLOW_NAME) }).waitFor({ state: 'attached' });
    await pane.getByRole('combobox', { name: 'Workflow', exact: true }).selectOption(WORKFLOW);
    await pane.getByRole('button', { name: 'Create' }).click();
    await pane.waitFor({ state: 'detached' });

    const row = page.getByRole('row', { name: /high-alerts/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    assert.match(cells[1] ?? '', /Contoso SOC/);
    assert.equal(cells[2], 'Enabled');
    assert.equal(cells[3], 'Security alerts');
    assert.match(cells[4] ?? '', new RegExp(`${WORKFLOW_NAME} \\(${RG}\\)`));
    await dismissToasts(page);
    await screenshot(page, 'journey-automation');
  });

  it('shows the run of a High alert posted through the API live in Run history, and opens it', async () => {
    const { page, server } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    await page.locator('[data-live="live"]').waitFor();
    // Set in this document: still there afterwards means the row came without a reload.
    await page.evaluate(() => ((window as unknown as { journeyMarker: number }).journeyMarker = 1));

    const posted = await server.call('POST', '/api/events', { value: [flatAlert({ sub: SOC, rg: 'web', vm: 'web-02', severity: 'High', displayName: HIGH })] });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    assert.equal(posted.body.accepted, 1, JSON.stringify(posted.body));

    const link = page.getByRole('link', { name: new RegExp(`^Run \\S+ of ${WORKFLOW_NAME}, Succeeded$`) });
    await link.waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { journeyMarker?: number }).journeyMarker), 1, 'the page was reloaded');
    const row = page.getByRole('row').filter({ has: link });
    const cells = await row.getByRole('cell').allTextContents();
    assert.equal(cells[4], TRIGGER);
    assert.match(cells[5] ?? '', new RegExp(`Automation high-alerts.*Alert: ${HIGH}`));

    const runName = /^Run (\S+) of/.exec((await link.getAttribute('aria-label')) ?? '')?.[1] ?? '';
    await link.click();
    await page.getByRole('heading', { name: `Run ${runName}` }).waitFor();
    await page.getByRole('region', { name: 'Run summary' }).getByText('Succeeded', { exact: true }).first().waitFor();

    // The graph coloured by status, and the action's pane with what it sent.
    const graph = page.locator('.wf-graph');
    await graph.locator(`[aria-label="${TRIGGER}, trigger type ApiConnectionWebhook, status Succeeded"]`).waitFor();
    const action = graph.locator(`[aria-label="${ACTION}, action type ApiConnection, status Succeeded"]`);
    assert.match((await action.locator('.wf-node').getAttribute('class')) ?? '', /\bwf-tone-good\b/, 'the node is coloured as succeeded');
    await action.click();
    const pane = page.getByRole('dialog', { name: ACTION });
    await pane.getByText(RECIPIENT).first().waitFor();

    // The mail really went out, to the recipient the template was deployed with.
    const mail = await eventually('the mail', () => smtp.messages.find((message) => message.envelopeTo.includes(RECIPIENT) && message.subject.includes(HIGH)));
    assert.match(mail.subject, /^High severity Defender for Cloud alert: Ransomware indicators detected/);
    await screenshot(page, 'journey-run');
    await pane.getByRole('button', { name: 'Close', exact: true }).first().click();
    await pane.waitFor({ state: 'detached' });
  });

  it('triggers the workflow by hand from a Medium alert on the Alerts page and jumps to its run', async () => {
    const { page, server } = session;
    const posted = await server.call('POST', '/api/events', {
      value: [flatAlert({ sub: SOC, rg: 'web', vm: 'web-01', severity: 'Medium', displayName: MEDIUM, alertType: 'VM_SuspiciousPowerShell' })],
    });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('row', { name: new RegExp(HIGH) }).waitFor();
    await page.getByRole('combobox', { name: 'Severity' }).selectOption('Medium');
    const row = page.getByRole('row', { name: new RegExp(MEDIUM) });
    await row.waitFor();
    await page.getByRole('row', { name: new RegExp(HIGH) }).waitFor({ state: 'detached' });
    await row.getByRole('button', { name: MEDIUM }).click();

    const pane = page.getByRole('dialog', { name: MEDIUM });
    await pane.getByRole('option', { name: new RegExp(WORKFLOW_NAME) }).waitFor({ state: 'attached' });
    await pane.getByRole('combobox', { name: 'Workflow', exact: true }).selectOption(WORKFLOW);
    await pane.getByRole('button', { name: 'Run', exact: true }).click();
    const runs = pane.getByRole('list', { name: 'Runs started here' });
    await runs.getByText('Succeeded').waitFor();
    await screenshot(page, 'journey-trigger');

    const link = runs.getByRole('link', { name: 'Open the run' });
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, new RegExp(`^/runs/${SOC}/${RG}/${WORKFLOW_NAME}/[^/]+$`));
    const runName = href.split('/').pop() ?? '';
    await link.click();
    await page.getByRole('heading', { name: `Run ${runName}` }).waitFor();
    const summary = page.getByRole('region', { name: 'Run summary' });
    await summary.getByText('Triggered by hand').waitFor();
    await summary.getByText(MEDIUM).first().waitFor();
    await page.locator(`.wf-graph [aria-label="${ACTION}, action type ApiConnection, status Succeeded"]`).waitFor();
    const mail = await eventually('the second mail', () => smtp.messages.find((message) => message.subject.includes(MEDIUM)));
    assert.match(mail.subject, /^Medium severity/);
    // The Medium alert matched no automation: only the run started by hand mailed it.
    assert.equal(smtp.messages.length, 2);
  });

  it('assigns the alerts policy to the management group with a remediation task that finishes live, and both subscriptions turn Compliant', async () => {
    const { page, server } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policy' }).click();
    await fillAlertsAssignmentBasics(page, GROUP, ['Contoso SOC', 'Contoso Dev']);
    await page.getByRole('textbox', { name: 'Automation name' }).fill('alerts-to-soc');
    await page.getByRole('textbox', { name: 'Resource group name' }).fill('security-automation');
    await page.getByRole('combobox', { name: 'Resource group location' }).fill('westeurope');
    const logicApp = page.getByRole('combobox', { name: 'Logic App', exact: true });
    await logicApp.locator(`option[value="${WORKFLOW}"]`).waitFor({ state: 'attached' });
    await logicApp.selectOption(WORKFLOW);

    await page.getByRole('tab', { name: 'Remediation' }).click();
    await page.getByRole('checkbox', { name: 'Create a remediation task' }).check();
    await page.getByRole('button', { name: 'Review + create' }).click();
    // Set in this document: the remediation page must follow the task without a reload.
    await page.evaluate(() => ((window as unknown as { journeyMarker: number }).journeyMarker = 2));
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/policy\/remediation\?id=/);

    await page.getByText('Live', { exact: true }).waitFor();
    await page.getByTestId('remediation-state').getByText('Succeeded').waitFor();
    const progress = page.getByRole('progressbar', { name: 'Remediation progress' });
    assert.equal(await progress.getAttribute('aria-valuetext'), '2 of 2 deployments done · 2 succeeded');
    const deployments = page.getByRole('table', { name: 'Deployments' });
    await deployments.getByRole('row', { name: /Contoso SOC/ }).getByText('Succeeded').waitFor();
    await deployments.getByRole('row', { name: /Contoso Dev/ }).getByText('Succeeded').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { journeyMarker?: number }).journeyMarker), 2, 'the page was reloaded');

    await page.getByRole('link', { name: 'Alerts to the SOC' }).first().click();
    await page.getByRole('heading', { name: 'Alerts to the SOC' }).waitFor();
    const compliance = page.getByRole('table', { name: 'Compliance by subscription' });
    await compliance.getByRole('row', { name: /Contoso SOC/ }).getByText('Compliant', { exact: true }).waitFor();
    await compliance.getByRole('row', { name: /Contoso Dev/ }).getByText('Compliant', { exact: true }).waitFor();
    await page.getByText('2 of 2 compliant (100%)').waitFor();

    const stored = await server.call('GET', `/api${ASSIGNMENT}`);
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
    assert.deepEqual(stored.body.properties.parameters.logicAppResourceId, { value: WORKFLOW });
    for (const sub of [SOC, DEV]) {
      const automation = await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/security-automation/providers/Microsoft.Security/automations/alerts-to-soc`);
      assert.equal(automation.status, 200, `the remediation deployed the automation into ${sub}`);
    }
    await dismissToasts(page);
    await screenshot(page, 'journey-policy');
  });

  it('shows a Reader no usable edit button on Workflow automation, Workflows and Policy, each disabled with its reason', async () => {
    const reader = await session.signInAs({ role: 'Reader', scope: '/', name: 'soc-reader' });
    const { page } = reader;
    const { server } = session;
    try {
      await page.goto(`${server.url}/automations`);
      await page.getByRole('row', { name: /high-alerts/ }).waitFor();
      await page.getByText('Needs Microsoft.Security/automations/write on a subscription or resource group.').waitFor();
      await expectNoEditButtons(page, ['Refresh'], ['Add workflow automation', 'Disable high-alerts', 'Delete high-alerts']);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
      // The automations list names the workflow too: wait for the page to change before looking for its row (the
      // address changes before the new page has rendered, so its heading is what tells).
      await page.waitForURL(/\/workflows$/);
      await page.getByRole('heading', { name: 'Workflows', level: 1, exact: true }).waitFor();
      await page.getByRole('row', { name: new RegExp(WORKFLOW_NAME) }).waitFor();
      await page.getByText('Needs Microsoft.Logic/workflows/write on a subscription or resource group.').first().waitFor();
      await expectNoEditButtons(page, ['Refresh'], ['Create workflow']);
      await page.getByRole('link', { name: WORKFLOW_NAME, exact: true }).click();
      await page.getByRole('heading', { name: WORKFLOW_NAME, level: 1 }).waitFor();
      await page.getByRole('list', { name: 'Why some actions are unavailable' }).getByText(`Needs Microsoft.Logic/workflows/write on workflow ${WORKFLOW_NAME}.`).waitFor();
      await expectNoEditButtons(page, ['Refresh', 'Zoom In', 'Zoom Out', 'Fit View', 'Discard changes'], ['Save', 'Disable', 'Delete']);
      assert.equal(await page.getByRole('textbox', { name: 'Definition (JSON)' }).getAttribute('readonly'), '');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policy' }).click();
      await page.getByRole('link', { name: 'Alerts to the SOC' }).waitFor();
      await page.getByText(/^Needs Microsoft\.Authorization\/policyAssignments\/write/).first().waitFor();
      await expectNoEditButtons(page, ['Refresh'], ['Assign policy']);
      await page.getByRole('link', { name: 'Alerts to the SOC' }).click();
      await page.getByRole('heading', { name: 'Alerts to the SOC' }).waitFor();
      await page.getByRole('table', { name: 'Compliance by subscription' }).getByRole('row', { name: /Contoso Dev/ }).waitFor();
      await expectNoEditButtons(page, ['Refresh'], ['Create remediation task', 'Delete assignment']);
      await screenshot(page, 'journey-reader');
    } finally {
      await reader.context.close();
    }
  });
});

/**
 * Every button in the page's main area that is not one of `readOnly` is disabled and says why in its title; the
 * buttons named in `expected` are among them. Waits until the permission checks have answered.
 */
async function expectNoEditButtons(page: Page, readOnly: readonly string[], expected: readonly string[]): Promise<void> {
  const main = page.locator('main');
  await main.locator('button[title="Checking your permissions…"]').first().waitFor({ state: 'detached' });
  const buttons = await main.getByRole('button').all();
  const seen: { name: string; disabled: boolean; title: string }[] = [];
  for (const button of buttons) seen.push(await describeButton(button));
  const usable = seen.filter((button) => !button.disabled && !readOnly.includes(button.name));
  assert.deepEqual(usable, [], `usable buttons on ${page.url()}: ${JSON.stringify(usable)}`);
  for (const button of seen.filter((item) => item.disabled && !readOnly.includes(item.name))) assert.match(button.title, /\S/, `${button.name} is disabled without a reason`);
  for (const name of expected) {
    const found = seen.find((button) => button.name === name);
    assert.ok(found, `no button ${name} on ${page.url()}: ${seen.map((button) => button.name).join(', ')}`);
    assert.equal(found.disabled, true, `${name} is not disabled`);
  }
}

async function describeButton(button: Locator): Promise<{ name: string; disabled: boolean; title: string }> {
  return button.evaluate((element: HTMLButtonElement) => {
    // The accessible name: aria-label, else the text without decorative (aria-hidden) glyphs.
    const text = element.cloneNode(true) as HTMLElement;
    for (const hidden of text.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    return { name: (element.getAttribute('aria-label') ?? text.textContent ?? '').trim(), disabled: element.disabled, title: element.title };
  });
}

/** Closes the notices in the corner, so they do not cover the page in the screenshot. */
async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  // A notice may also go by itself between the count and the click.
  while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined);
}
