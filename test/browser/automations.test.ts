/**
 * The Workflow automation page in a real browser: an Owner adds an automation for High alerts through the pane
 * (the workflow dropdown offers only workflows that can receive alerts), sees it in the list and disables it; a
 * Reader sees the same list with every change disabled and the reason shown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertDefinition, api, assessmentDefinition, automationId, workflowId } from '../support/defender.js';
import { type BrowserSession, browserSkip, screenshot, seedSubscription, startBrowserSession } from './browser-harness.js';

const SUB = '00000000-0000-0000-0000-00000000c0de';
const compose = { Subject: { type: 'Compose', inputs: "@{triggerBody()?['Severity']} - @{triggerBody()?['AlertDisplayName']}" } };

describe('Workflow automation page', { skip: browserSkip }, () => {
  let session: BrowserSession;

  before(async () => {
    session = await startBrowserSession({ role: 'Owner', scope: '/' });
    const { server } = session;
    await seedSubscription(server, SUB, 'Contoso SOC', { 'notify-soc': alertDefinition(compose), 'fix-recommendation': assessmentDefinition({}), 'short-lived': alertDefinition(compose) });
  });

  after(async () => {
    await session?.close();
  });

  it('adds an automation for High alerts through the pane, lists it and disables it', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/automations`);
    await page.getByRole('heading', { name: 'No workflow automations yet' }).waitFor();

    await page.getByRole('toolbar').getByRole('button', { name: 'Add workflow automation' }).click();
    const pane = page.getByRole('dialog', { name: 'Add workflow automation' });
    await pane.getByRole('textbox', { name: 'Name', exact: true }).fill('high-alerts');
    await pane.getByRole('textbox', { name: 'Description' }).fill('High-severity alerts to the SOC');
    assert.equal(await pane.getByRole('combobox', { name: 'Subscription', exact: true }).inputValue(), SUB);
    await pane.getByRole('combobox', { name: 'Resource group' }).fill('soc');
    assert.equal(await pane.getByRole('combobox', { name: 'Defender for Cloud data type' }).inputValue(), 'alerts');
    await pane.getByRole('checkbox', { name: 'Medium' }).uncheck();
    await pane.getByRole('checkbox', { name: 'Low' }).uncheck();

    // Only the workflow with the Defender alert trigger can receive alerts.
    const workflow = pane.getByRole('combobox', { name: 'Workflow', exact: true });
    await pane.getByRole('option', { name: /notify-soc/ }).waitFor({ state: 'attached' });
    const offered = await workflow.locator('option').allTextContents();
    assert.ok(!offered.some((text) => text.includes('fix-recommendation')), offered.join(' | '));
    await pane.getByText('1 other workflow in this subscription cannot receive security alerts').waitFor();
    await workflow.selectOption(workflowId(SUB, 'soc', 'notify-soc'));
    await screenshot(page, 'automation-pane');

    await pane.getByRole('button', { name: 'Create' }).click();
    await pane.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /high-alerts/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    assert.match(cells[0] ?? '', /high-alerts/);
    assert.match(cells[1] ?? '', /Contoso SOC/);
    assert.equal(cells[2], 'Enabled');
    assert.equal(cells[3], 'Security alerts');
    assert.match(cells[4] ?? '', /notify-soc \(soc\)/);

    // The same rule sets the built-in alerts policy generates for alertSeverities [High] and no alert name.
    const stored = await server.call('GET', api(automationId(SUB, 'soc', 'high-alerts')));
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body.properties.sources, [
      {
        eventSource: 'Alerts',
        ruleSets: [
          {
            rules: [
              { propertyJPath: 'Version', propertyType: 'String', expectedValue: '3.', operator: 'Contains' },
              { propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'high', operator: 'Equals' },
            ],
          },
        ],
      },
    ]);
    assert.equal(stored.body.properties.description, 'High-severity alerts to the SOC');
    assert.deepEqual(stored.body.properties.actions, [{ actionType: 'LogicApp', logicAppResourceId: workflowId(SUB, 'soc', 'notify-soc') }]);
    await screenshot(page, 'automations-list');

    await row.getByRole('button', { name: 'Disable high-alerts' }).click();
    await row.getByRole('button', { name: 'Enable high-alerts' }).waitFor();
    assert.equal((await row.getByRole('cell').allTextContents())[2], 'Disabled');
    const disabled = await server.call('GET', api(automationId(SUB, 'soc', 'high-alerts')));
    assert.equal(disabled.body.properties.isEnabled, false);
  });

  it('puts errors on their field: missing choices, a name already taken, a workflow gone, a workflow that cannot take the events', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/automations`);
    await page.getByRole('toolbar').getByRole('button', { name: 'Add workflow automation' }).click();
    const pane = page.getByRole('dialog', { name: 'Add workflow automation' });
    await pane.getByRole('textbox', { name: 'Name', exact: true }).fill('high-alerts');
    await pane.getByRole('combobox', { name: 'Resource group' }).fill('soc');
    await pane.getByRole('checkbox', { name: 'High' }).uncheck();
    await pane.getByRole('checkbox', { name: 'Medium' }).uncheck();
    await pane.getByRole('checkbox', { name: 'Low' }).uncheck();
    await pane.getByRole('button', { name: 'Create' }).click();
    await pane.getByText('Choose at least one.').waitFor();
    await pane.getByText('Choose the workflow to start.').waitFor();

    await pane.getByRole('checkbox', { name: 'High' }).check();
    await pane.getByRole('combobox', { name: 'Workflow', exact: true }).selectOption(workflowId(SUB, 'soc', 'notify-soc'));
    await pane.getByRole('button', { name: 'Create' }).click();
    const nameField = pane.getByRole('textbox', { name: 'Name', exact: true });
    await pane.getByText("A workflow automation named 'high-alerts' already exists in resource group 'soc'.").waitFor();
    assert.equal(await nameField.getAttribute('aria-invalid'), 'true');

    // The server's 400 names the field it is about: a workflow deleted after the list was loaded.
    await nameField.fill('all-high-alerts');
    await pane.getByRole('combobox', { name: 'Workflow', exact: true }).selectOption(workflowId(SUB, 'soc', 'short-lived'));
    assert.equal((await server.call('DELETE', api(workflowId(SUB, 'soc', 'short-lived')))).status, 200);
    await pane.getByRole('button', { name: 'Create' }).click();
    await pane.getByText(`The workflow '${workflowId(SUB, 'soc', 'short-lived')}' does not exist.`).waitFor();
    assert.equal(await pane.getByRole('combobox', { name: 'Workflow', exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await nameField.getAttribute('aria-invalid'), null);

    // Recommendations need a workflow with the recommendation trigger: the alert workflow is no longer offered.
    await nameField.fill('unhealthy-recommendations');
    await pane.getByRole('combobox', { name: 'Defender for Cloud data type' }).selectOption('recommendations');
    await pane.getByRole('option', { name: /fix-recommendation/ }).waitFor({ state: 'attached' });
    assert.equal(await pane.getByRole('combobox', { name: 'Workflow', exact: true }).inputValue(), '');
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'detached' });
  });

  it('shows a Reader the list with Add, Disable and Delete disabled, each saying why', async () => {
    const reader = await session.signInAs({ role: 'Reader', scope: '/' });
    const { page } = reader;
    await page.goto(`${session.server.url}/automations`);
    const row = page.getByRole('row', { name: /high-alerts/ });
    await row.waitFor();

    const add = page.getByRole('toolbar').getByRole('button', { name: 'Add workflow automation' });
    await page.getByText('Needs Microsoft.Security/automations/write on a subscription or resource group.').waitFor();
    assert.equal(await add.isDisabled(), true);
    assert.equal(await add.getAttribute('title'), 'Needs Microsoft.Security/automations/write on a subscription or resource group.');

    const enable = row.getByRole('button', { name: /Enable high-alerts/ });
    await row.locator('button[title^="Needs Microsoft.Security/automations/write"]').waitFor();
    assert.equal(await enable.isDisabled(), true);
    assert.equal(await enable.getAttribute('title'), `Needs Microsoft.Security/automations/write on /subscriptions/${SUB}/resourceGroups/soc.`);
    const remove = row.getByRole('button', { name: /Delete high-alerts/ });
    assert.equal(await remove.isDisabled(), true);
    assert.match((await remove.getAttribute('title')) ?? '', /Needs Microsoft\.Security\/automations\/delete/);
    await screenshot(page, 'automations-reader');
    await reader.context.close();
  });
});
