/**
 * The Access control pages in a real browser: an Owner creates a user and gives it Reader at one subscription
 * through the UI; that user, signed in in another browser context, sees the Workflow automation page with every
 * change disabled and the reason shown. A service principal's token is shown once, with a copy button.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertDefinition, api, automationBody, automationId, workflowId } from '../support/defender.js';
import type { Page } from 'playwright-core';
import { type BrowserSession, VIEWPORT, browserSkip, screenshot, seedSubscription, signIn, startBrowserSession } from './browser-harness.js';

const SUB = '00000000-0000-0000-0000-0000000ac1e5';
const SUB_SCOPE = `/subscriptions/${SUB}`;
const PASSWORD = 'reader password 123';
const compose = { Subject: { type: 'Compose', inputs: "@{triggerBody()?['AlertDisplayName']}" } };

describe('Access control pages', { skip: browserSkip }, () => {
  let session: BrowserSession;

  before(async () => {
    session = await startBrowserSession({ role: 'Owner', scope: '/' });
    const { server } = session;
    await seedSubscription(server, SUB, 'Contoso SOC');
    const workflow = workflowId(SUB, 'soc', 'notify-soc');
    assert.equal((await server.call('PUT', api(workflow), { properties: { definition: alertDefinition(compose) } })).status, 201);
    const automation = await server.call('PUT', api(automationId(SUB, 'soc', 'high-alerts')), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }));
    assert.equal(automation.status, 201, JSON.stringify(automation.body));
  });

  after(async () => {
    await session?.close();
  });

  it('creates a user and gives it Reader at a subscription', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/access/principals`);
    await page.getByRole('table', { name: 'Principals' }).getByRole('row', { name: /owner-/ }).waitFor();
    await page.getByRole('toolbar').getByRole('button', { name: 'Create principal' }).click();
    const create = page.getByRole('dialog', { name: 'Create principal' });
    assert.equal(await create.getByRole('radio', { name: 'User' }).isChecked(), true);
    await create.getByRole('textbox', { name: 'Name' }).fill('soc-reader');
    await create.getByLabel(/^Password/).fill(PASSWORD);
    await create.getByLabel(/^Confirm password/).fill('something else entirely');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByText('The passwords differ.').waitFor();
    await create.getByLabel(/^Confirm password/).fill(PASSWORD);
    await create.getByRole('button', { name: 'Create' }).click();
    await create.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Principals' }).getByRole('row', { name: /soc-reader/ }).waitFor();

    // Role assignments at the subscription: add Reader for the new user.
    await page.getByRole('navigation', { name: 'Access control sections' }).getByRole('link', { name: 'Role assignments' }).click();
    const scope = page.getByRole('combobox', { name: 'Scope' });
    await scope.locator(`option[value="${SUB_SCOPE}"]`).waitFor({ state: 'attached' });
    await scope.selectOption(SUB_SCOPE);
    await page.waitForURL(/scope=/);
    const table = page.getByRole('table', { name: /Role assignments at Contoso SOC/ });
    // The Owner's own assignment at the root applies here too.
    await table.getByRole('row', { name: /owner-.*Owner.*Inherited/ }).waitFor();

    await page.getByRole('toolbar').getByRole('button', { name: 'Add role assignment' }).click();
    const add = page.getByRole('dialog', { name: 'Add role assignment' });
    const principal = add.getByRole('combobox', { name: 'Principal' });
    await principal.getByRole('option', { name: 'soc-reader (user)' }).waitFor({ state: 'attached' });
    await principal.selectOption({ label: 'soc-reader (user)' });
    const role = add.getByRole('combobox', { name: 'Role' });
    await role.getByRole('option', { name: 'Reader', exact: true }).waitFor({ state: 'attached' });
    await role.selectOption({ label: 'Reader' });
    assert.equal(await add.getByRole('combobox', { name: 'Scope' }).inputValue(), SUB_SCOPE);
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await add.waitFor({ state: 'detached' });
    const row = table.getByRole('row', { name: /soc-reader/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Reader.*This scope/);
    await dismissToasts(page);
    await screenshot(page, 'access-role-assignments');

    const users = await server.call('GET', '/api/principals');
    const reader = users.body.value.find((item: { name: string }) => item.name === 'soc-reader');
    assert.equal(reader?.type, 'User');
    const held = await server.call('GET', `/api${SUB_SCOPE}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`assignedTo('${reader.id}')`)}`);
    assert.deepEqual(
      held.body.value.map((item: { properties: { roleName: string; scope: string } }) => [item.properties.roleName, item.properties.scope]),
      [['Reader', SUB_SCOPE]],
    );
  });

  it('shows the new Reader the Workflow automation page with edits disabled and the reasons', async () => {
    const { browser, server } = session;
    const context = await browser.newContext({ viewport: { ...VIEWPORT } });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      await signIn(page, server.url, { id: '', name: 'soc-reader', password: PASSWORD });
      await page.goto(`${server.url}/automations`);
      const row = page.getByRole('row', { name: /high-alerts/ });
      await row.waitFor();
      const addButton = page.getByRole('toolbar').getByRole('button', { name: 'Add workflow automation' });
      await page.getByText(/Needs Microsoft\.Security\/automations\/write on/).first().waitFor();
      assert.equal(await addButton.isDisabled(), true);
      const disable = row.getByRole('button', { name: /Disable high-alerts/ });
      await page.locator('button[title^="Needs Microsoft.Security/automations/write"]').first().waitFor();
      assert.equal(await disable.isDisabled(), true);
      assert.equal(await disable.getAttribute('title'), `Needs Microsoft.Security/automations/write on ${SUB_SCOPE}/resourceGroups/soc.`);
      assert.equal(await row.getByRole('button', { name: /Delete high-alerts/ }).isDisabled(), true);
      await screenshot(page, 'access-reader-automations');

      // Access control: the Reader sees its own role but may not add one.
      // Its Access control page opens where it holds its role.
      await page.goto(`${server.url}/access`);
      await page.getByRole('row', { name: /Reader.*This scope/ }).waitFor();
      const addRole = page.getByRole('toolbar').getByRole('button', { name: 'Add role assignment' });
      await page.getByText('Needs Microsoft.Authorization/roleAssignments/write on Contoso SOC (subscription).').waitFor();
      assert.equal(await addRole.isDisabled(), true);
    } finally {
      await context.close();
    }
  });

  it('shows a new service principal its token once, and issues and revokes tokens', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/access/principals`);
    await page.getByRole('toolbar').getByRole('button', { name: 'Create principal' }).click();
    const create = page.getByRole('dialog', { name: 'Create principal' });
    await create.getByRole('radio', { name: 'Service principal' }).check();
    await create.getByRole('textbox', { name: 'Name' }).fill('siem-export');
    await create.getByRole('textbox', { name: 'Token expires in (days)' }).fill('30');
    await create.getByRole('button', { name: 'Create' }).click();
    const created = page.getByRole('dialog', { name: 'Service principal created' });
    await created.getByText('Copy this token now: it is shown only once').waitFor();
    const token = await created.getByRole('textbox', { name: /Token of/ }).inputValue();
    await created.getByRole('button', { name: 'Copy' }).click();
    await created.getByText(/Copied to the clipboard|Could not copy automatically/).waitFor();
    // The token works: the new principal (no role yet) can read its own tokens.
    const own = await fetch(`${server.url}/api/principals/${encodeURIComponent((await server.call('GET', '/api/principals')).body.value.find((item: { name: string }) => item.name === 'siem-export').id)}/tokens`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(own.status, 200);
    await created.getByRole('button', { name: 'Done' }).click();

    // Its pane: one token; issue another (shown once), then revoke the first.
    await page.getByRole('button', { name: 'Roles and tokens of siem-export' }).click();
    const pane = page.getByRole('dialog', { name: 'siem-export' });
    const tokens = pane.getByRole('table', { name: 'Tokens of siem-export' });
    await tokens.getByRole('button', { name: /Revoke token/ }).first().waitFor();
    assert.equal(await tokens.getByRole('button', { name: /Revoke token/ }).count(), 1);
    await pane.getByRole('button', { name: 'Issue token' }).click();
    await pane.getByText('Copy this token now: it is shown only once').waitFor();
    const revokeButtons = tokens.getByRole('button', { name: /Revoke token/ });
    await revokeButtons.nth(1).waitFor();
    await revokeButtons.first().click();
    await revokeButtons.nth(1).waitFor({ state: 'detached' });
    assert.equal(await revokeButtons.count(), 1);
    const revoked = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoked.status, 401);
    await dismissToasts(page);
    await screenshot(page, 'access-tokens');
  });
});

/** Closes the notices in the corner, so they do not cover the page in the screenshot. */
async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  // A notice may also go by itself between the count and the click.
  while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined);
}
