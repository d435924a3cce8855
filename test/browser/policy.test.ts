/**
 * The Policy pages in a real browser: an Owner assigns the built-in alerts policy to a management group holding two
 * subscriptions through the wizard (an invalid automation name comes back as a 400 and lands on its field in the
 * Parameters tab), ticks "Create a remediation task", watches the task finish and the subscriptions turn Compliant;
 * a remediation run again from elsewhere shows up live on the open page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertDefinition, api, automationId, workflowId } from '../support/defender.js';
import type { Page } from 'playwright-core';
import { type BrowserSession, browserSkip, screenshot, startBrowserSession } from './browser-harness.js';
import { fillAlertsAssignmentBasics } from './policy-wizard.js';

const GROUP = '/providers/Microsoft.Management/managementGroups/contoso';
const PROD = '00000000-0000-0000-0000-0000000a11ce';
const DEV = '00000000-0000-0000-0000-0000000b0b00';
const WORKFLOW = workflowId(PROD, 'soc', 'notify-soc');
const compose = { Subject: { type: 'Compose', inputs: "@{triggerBody()?['AlertDisplayName']}" } };

describe('Policy pages', { skip: browserSkip }, () => {
  let session: BrowserSession;
  let remediationUrl = '';

  before(async () => {
    session = await startBrowserSession({ role: 'Owner', scope: '/' });
    const { server } = session;
    const group = await server.call('PUT', `/api${GROUP}`, { properties: { displayName: 'Contoso' } });
    assert.ok(group.status === 200 || group.status === 201, JSON.stringify(group.body));
    for (const [id, name] of [
      [PROD, 'Contoso Prod'],
      [DEV, 'Contoso Dev'],
    ] as const) {
      const placed = await server.call('PUT', `/api/subscriptions/${id}`, { properties: { displayName: name, managementGroupId: GROUP } });
      assert.ok(placed.status === 200 || placed.status === 201, JSON.stringify(placed.body));
    }
    const workflow = await server.call('PUT', api(WORKFLOW), { properties: { definition: alertDefinition(compose) } });
    assert.equal(workflow.status, 201, JSON.stringify(workflow.body));
  });

  after(async () => {
    await session?.close();
  });

  it('assigns the alerts policy to a management group through the wizard, with errors on their field', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/policy`);
    await fillAlertsAssignmentBasics(page, GROUP, ['Contoso Dev', 'Contoso Prod']);

    // Parameters: generated from the definition.
    await page.getByRole('textbox', { name: 'Automation name' }).fill('alerts to soc!');
    await page.getByRole('textbox', { name: 'Resource group name' }).fill('security-automation');
    await page.getByRole('combobox', { name: 'Resource group location' }).fill('westeurope');
    assert.equal(await page.getByRole('checkbox', { name: 'Create resource group' }).isChecked(), true);
    await page.getByRole('checkbox', { name: 'Low' }).uncheck();
    const trigger = page.getByRole('combobox', { name: 'Logic app trigger' });
    assert.equal(await trigger.inputValue(), 'When an Azure Security Center Alert is created or triggered');
    const workflow = page.getByRole('combobox', { name: 'Logic App', exact: true });
    await workflow.locator(`option[value="${WORKFLOW}"]`).waitFor({ state: 'attached' });
    await workflow.selectOption(WORKFLOW);
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
    await screenshot(page, 'policy-wizard-parameters');

    // Remediation: create a task for the subscriptions already in the group.
    await page.getByRole('tab', { name: 'Remediation' }).click();
    await page.getByText('Contributor', { exact: true }).first().waitFor();
    await page.getByRole('checkbox', { name: 'Create a remediation task' }).check();

    // Review + create: the server refuses the automation name, and the error lands on its tab and field.
    await page.getByRole('button', { name: 'Review + create' }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const parametersTab = page.getByRole('tab', { name: 'Parameters (1 to fix)' });
    await parametersTab.waitFor();
    assert.equal(await parametersTab.getAttribute('aria-selected'), 'true');
    const automationName = page.getByRole('textbox', { name: 'Automation name' });
    assert.equal(await automationName.getAttribute('aria-invalid'), 'true');
    await page.getByText('Must be 1-260 characters: letters, digits, underscores and hyphens.').waitFor();
    assert.equal((await server.call('GET', `/api${GROUP}/providers/Microsoft.Authorization/policyAssignments/alerts-to-soc`)).status, 404);

    await automationName.fill('alerts-to-soc');
    assert.equal(await automationName.getAttribute('aria-invalid'), null);
    await page.getByRole('tab', { name: 'Review + create' }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/policy\/remediation\?id=/);
    remediationUrl = page.url();

    const stored = await server.call('GET', `/api${GROUP}/providers/Microsoft.Authorization/policyAssignments/alerts-to-soc`);
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
    assert.equal(stored.body.properties.displayName, 'Alerts to the SOC');
    assert.deepEqual(stored.body.properties.parameters.alertSeverities, { value: ['High', 'Medium'] });
    assert.deepEqual(stored.body.properties.parameters.logicAppResourceId, { value: WORKFLOW });
    assert.deepEqual(stored.body.properties.notScopes, []);
  });

  it('shows the remediation finish live and the subscriptions turn Compliant', async () => {
    const { page, server } = session;
    assert.notEqual(remediationUrl, '', 'the wizard test created the remediation');
    if (page.url() !== remediationUrl) await page.goto(remediationUrl);
    const state = page.getByTestId('remediation-state');
    await state.getByText('Succeeded').waitFor();
    const progress = page.getByRole('progressbar', { name: 'Remediation progress' });
    assert.equal(await progress.getAttribute('aria-valuenow'), '100');
    assert.equal(await progress.getAttribute('aria-valuetext'), '2 of 2 deployments done · 2 succeeded');
    const deployments = page.getByRole('table', { name: 'Deployments' });
    await deployments.getByRole('row', { name: /Contoso Prod/ }).getByText('Succeeded').waitFor();
    await deployments.getByRole('row', { name: /Contoso Dev/ }).getByText('Succeeded').waitFor();
    for (const sub of [PROD, DEV]) {
      const automation = await server.call('GET', api(automationId(sub, 'security-automation', 'alerts-to-soc')));
      assert.equal(automation.status, 200, `automation deployed into ${sub}`);
    }
    // Buttons say what the Owner may do; the toast from the wizard is dismissed to keep the picture clear.
    await page.getByRole('button', { name: 'Re-run' }).and(page.locator(':enabled')).waitFor();
    await dismissToasts(page);
    await screenshot(page, 'policy-remediation');

    // Run again from elsewhere once Dev lost its automation: the open page follows the live events.
    await page.getByText('Live', { exact: true }).waitFor();
    const removed = await server.call('DELETE', api(automationId(DEV, 'security-automation', 'alerts-to-soc')));
    assert.equal(removed.status, 200);
    const id = decodeURIComponent(new URL(remediationUrl).searchParams.get('id') ?? '');
    const again = await server.call('PUT', `/api${id}`, {
      properties: { policyAssignmentId: `${GROUP}/providers/Microsoft.Authorization/policyAssignments/alerts-to-soc`, resourceDiscoveryMode: 'ReEvaluateCompliance' },
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    await page.locator('[aria-label="Remediation progress"][aria-valuetext="1 of 1 deployments done · 1 succeeded"]').waitFor();
    await deployments.getByRole('row', { name: /Contoso Dev/ }).waitFor();
    assert.equal(await deployments.getByRole('row', { name: /Contoso Prod/ }).count(), 0);

    // The assignment's compliance: both subscriptions Compliant.
    await page.getByRole('link', { name: 'Alerts to the SOC' }).first().click();
    await page.getByRole('heading', { name: 'Alerts to the SOC' }).waitFor();
    const compliance = page.getByRole('table', { name: 'Compliance by subscription' });
    await compliance.getByRole('row', { name: /Contoso Prod/ }).getByText('Compliant', { exact: true }).waitFor();
    await compliance.getByRole('row', { name: /Contoso Dev/ }).getByText('Compliant', { exact: true }).waitFor();
    await page.getByText('2 of 2 compliant (100%)').waitFor();

    // Disabling Dev's automation makes it NonCompliant, with the reason, after Evaluate now.
    const devAutomation = api(automationId(DEV, 'security-automation', 'alerts-to-soc'));
    const current = await server.call('GET', devAutomation);
    const disabled = await server.call('PUT', devAutomation, { location: current.body.location, properties: { ...current.body.properties, isEnabled: false } });
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    await page.getByRole('button', { name: 'Evaluate now' }).click();
    const devRow = compliance.getByRole('row', { name: /Contoso Dev/ });
    await devRow.getByText('Non-compliant').waitFor();
    assert.match((await devRow.textContent()) ?? '', /disabled/i);
    await page.getByText('1 of 2 compliant (50%)').waitFor();
  });
});

/** Closes the notices in the corner, so they do not cover the page in the screenshot. */
async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  // A notice may also go by itself between the count and the click.
  while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined);
}
