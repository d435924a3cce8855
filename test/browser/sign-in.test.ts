/** Signing in and out in a real browser: a deep link survives the sign-in, a wrong password says so, sign-out ends the session. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_TOKEN } from '../support/riposte-server.js';
import { type BrowserSession, browserSkip, createUser, screenshot, startBrowserSession } from './browser-harness.js';

const SUB = '00000000-0000-0000-0000-000000000001';

describe('Sign-in', { skip: browserSkip }, () => {
  let session: BrowserSession;

  before(async () => {
    session = await startBrowserSession();
    const created = await session.server.call('PUT', `/api/subscriptions/${SUB}`, { properties: { displayName: 'Production' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  after(async () => {
    await session?.close();
  });

  it('returns to the page asked for, refuses a wrong password, and signs out', async () => {
    const { browser, server } = session;
    // A Security Reader cannot list subscriptions; the page still offers the one the role is assigned at.
    const user = await createUser(server, { role: 'Security Reader', scope: `/subscriptions/${SUB}`, name: 'ana' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/automations?subscription=${SUB}`);
      await page.waitForURL(/\/sign-in\?next=/);

      await page.getByRole('textbox', { name: 'User name' }).fill(user.name);
      await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').getByText('The name or password is not correct.').waitFor();
      await screenshot(page, 'sign-in');

      await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.url}/automations?subscription=${SUB}`);
      await page.getByRole('heading', { name: 'Workflow automation', level: 1 }).waitFor();
      await page.getByRole('option', { name: SUB }).waitFor({ state: 'attached' });
      assert.equal(await page.getByRole('combobox', { name: 'Subscription' }).inputValue(), SUB);
      assert.match((await page.getByRole('banner').textContent()) ?? '', /Signed in as ana/);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const me = await page.evaluate(async () => (await fetch('/api/me')).status);
      assert.equal(me, 401);
      await page.goto(`${server.url}/automations`);
      await page.waitForURL(/\/sign-in\?next=%2Fautomations$/);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('Sign-in with the admin token', { skip: browserSkip }, () => {
  let session: BrowserSession;

  before(async () => {
    session = await startBrowserSession();
  });

  after(async () => {
    await session?.close();
  });

  it('opens the UI with the token the first start prints', async () => {
    const { browser, server } = session;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: 'Use an access token instead' }).click();
      await page.getByLabel('Access token').fill('not-the-token');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').getByText('The access token is not valid, or has expired.').waitFor();
      await page.getByLabel('Access token').fill(TEST_TOKEN);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Workflow automation', level: 1 }).waitFor();
      assert.match((await page.getByRole('banner').textContent()) ?? '', /admin/);
      await screenshot(page, 'sign-in-token');
    } finally {
      await context.close();
    }
  });
});
