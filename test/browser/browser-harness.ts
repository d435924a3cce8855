import assert from 'node:assert/strict';
/**
 * Browser tests: the real server (serving the built UI from dist/web, so `npm test` builds first) and Debian's
 * Chromium driven by playwright-core. Never downloads a browser: without /usr/bin/chromium every browser test is
 * skipped, and says so.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { assignRole } from '../support/principals.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';

export const CHROMIUM = '/usr/bin/chromium';

/** `describe(name, { skip: browserSkip }, …)`: false when Chromium is installed, else the reason. */
export const browserSkip: string | false = existsSync(CHROMIUM) ? false : `browser tests skipped: ${CHROMIUM} not installed (apt-get install -y chromium)`;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const VIEWPORT = { width: 1280, height: 800 } as const;
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const BUILT_UI = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
const PASSWORD = 'correct horse battery staple';

export interface BrowserUser {
  readonly id: string;
  readonly name: string;
  readonly password: string;
}

export interface UserOptions {
  /** A built-in or custom role's name; default Owner. */
  readonly role?: string;
  /** Where the role is assigned; default the tenant root `/`. */
  readonly scope?: string;
  /** Default: the role's name in lower case with dashes, plus a counter. */
  readonly name?: string;
  /** Viewport; default 1280×800. */
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface SignedInPage {
  readonly user: BrowserUser;
  readonly context: BrowserContext;
  readonly page: Page;
}

export interface BrowserSession extends SignedInPage {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Another user (own browser context, own cookies) signed in on the same server. */
  signInAs(options?: UserOptions): Promise<SignedInPage>;
  close(): Promise<void>;
}

let users = 0;

/** A User principal with a password, holding `role` at `scope`, created through the API as the admin. */
export async function createUser(server: TestServer, options: UserOptions = {}): Promise<BrowserUser> {
  const role = options.role ?? 'Owner';
  const name = options.name ?? `${role.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}-${++users}`;
  const created = await server.call('POST', '/api/principals', { name, type: 'User', password: PASSWORD });
  if (created.status !== 201) throw new Error(`creating user ${name} answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  await assignRole(server, id, role, options.scope ?? '/');
  return { id, name, password: PASSWORD };
}

/** Signs in through the sign-in page and waits for the signed-in layout. */
export async function signIn(page: Page, baseUrl: string, user: BrowserUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

async function openPage(browser: Browser, server: TestServer, options: UserOptions): Promise<SignedInPage> {
  const user = await createUser(server, options);
  const context = await browser.newContext({ viewport: { ...(options.viewport ?? VIEWPORT) } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // Errors in the page fail loudly in the test output instead of passing unseen.
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  await signIn(page, server.url, user);
  return { user, context, page };
}

/** A server, a browser, and a user signed in (Owner at `/` unless told otherwise). */
export async function startBrowserSession(options: UserOptions = {}): Promise<BrowserSession> {
  if (!existsSync(BUILT_UI)) throw new Error(`The web UI is not built (${BUILT_UI} is missing): run npm run build (npm test does).`);
  const server = await startTestServer();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const first = await openPage(browser, server, options);
    const opened = browser;
    return {
      ...first,
      server,
      browser: opened,
      signInAs: (more = {}) => openPage(opened, server, more),
      async close() {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Saves `test/browser/screenshots/<name>.png` (kept in the repository; the README shows some). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Let toasts and the pane's slide-in settle, and keep the caret out of the picture.
  await page.waitForTimeout(250);
  await page.screenshot({ path, caret: 'hide', animations: 'disabled' });
  return path;
}

/** Names a subscription (created when new) and puts workflows with the given definitions in its `soc` group. */
export async function seedSubscription(server: TestServer, subscription: string, displayName: string, workflows: Readonly<Record<string, unknown>> = {}): Promise<void> {
  const named = await server.call('PUT', `/api/subscriptions/${subscription}`, { properties: { displayName } });
  assert.ok(named.status === 200 || named.status === 201, JSON.stringify(named.body));
  for (const [name, definition] of Object.entries(workflows)) {
    const put = await server.call('PUT', `/api/subscriptions/${subscription}/resourceGroups/soc/providers/Microsoft.Logic/workflows/${name}`, { properties: { definition } });
    assert.equal(put.status, 201, JSON.stringify(put.body));
  }
}
