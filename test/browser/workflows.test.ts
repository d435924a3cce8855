/**
 * The Workflows area. First the graph's layout on its own (pure: definition → nodes and edges, no browser), then
 * the pages in a real browser: an Owner deploys the "email on alert" template from the gallery with an email
 * connection made beforehand, sees its graph, breaks the JSON and sees the live error, fixes and saves it, and
 * disables it; creates a blank workflow; a Reader sees Create and Save disabled with the reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LayoutNode, layoutDefinition } from '../../web/src/components/workflow-graph/graph-layout.js';
import { api, workflowId } from '../support/defender.js';
import { type BrowserSession, browserSkip, screenshot, seedSubscription, startBrowserSession } from './browser-harness.js';

describe('workflow graph layout', () => {
  const definition = {
    triggers: { manual: { type: 'Request', kind: 'Http' } },
    actions: {
      Parse: { type: 'Compose', inputs: 1 },
      Notify: { type: 'ApiConnection', runAfter: { Parse: ['Succeeded'] } },
      Log_failure: { type: 'Compose', runAfter: { Parse: ['Failed', 'TimedOut'] } },
      Check: {
        type: 'If',
        expression: { equals: [1, 1] },
        runAfter: { Notify: [] },
        actions: { Yes: { type: 'Compose' } },
        else: { actions: { No: { type: 'Compose' }, No_then: { type: 'Compose', runAfter: { No: ['Succeeded'] } } } },
      },
      Route: {
        type: 'Switch',
        expression: '@body()',
        runAfter: { Check: ['Succeeded'] },
        cases: { High: { case: 'High', actions: { Page: { type: 'Http' } } } },
        default: { actions: {} },
      },
      Each: { type: 'Foreach', foreach: "@triggerBody()?['Entities']", runAfter: { Route: ['Skipped'] }, actions: { Block: { type: 'Http' } } },
      Poll: { type: 'Until', expression: '@true', limit: { count: 5 }, actions: { Ask: { type: 'Http' } } },
      Group: { type: 'Scope', runAfter: { Each: ['Succeeded'] }, actions: { Inside: { type: 'Compose' } } },
    },
  };
  const layout = layoutDefinition(definition);
  const node = (id: string): LayoutNode => {
    const found = layout.nodes.find((item) => item.id === id);
    assert.ok(found, `no node ${id}`);
    return found;
  };
  const edge = (source: string, target: string) => layout.edges.find((item) => item.source === source && item.target === target);

  it('draws the trigger, every action with its type, and containers with a lane per branch', () => {
    assert.equal(node('trigger:manual').kind, 'trigger');
    assert.equal(node('action:Notify').type, 'ApiConnection');
    for (const name of ['Check', 'Route', 'Each', 'Poll', 'Group']) assert.equal(node(`action:${name}`).kind, 'container', name);
    assert.deepEqual(
      layout.nodes.filter((item) => item.kind === 'start' && item.name === 'Check').map((item) => item.label),
      ['True', 'False'],
    );
    assert.deepEqual(
      layout.nodes.filter((item) => item.kind === 'start' && item.name === 'Route').map((item) => item.label),
      ['High: High', 'Default (no actions)'],
    );
    assert.match(node('action:Each').label ?? '', /^For each @triggerBody\(\)/);
    assert.match(node('action:Poll').label ?? '', /^Until @true \(at most 5\)$/);
    // Nested actions sit in their lane, which sits in its container; parents come before children.
    assert.equal(node('action:No_then').parentId, 'lane:Check:1');
    assert.equal(node('lane:Check:1').parentId, 'action:Check');
    const order = layout.nodes.map((item) => item.id);
    for (const item of layout.nodes) if (item.parentId !== undefined) assert.ok(order.indexOf(item.parentId) < order.indexOf(item.id), item.id);
    assert.equal(node('action:Check').childCount, 3);
  });

  it('labels runAfter edges with their statuses unless just Succeeded, and hangs roots off the trigger or lane start', () => {
    assert.equal(edge('action:Parse', 'action:Notify')?.label, undefined);
    assert.equal(edge('action:Parse', 'action:Log_failure')?.label, 'Failed, TimedOut');
    assert.equal(edge('action:Route', 'action:Each')?.label, 'Skipped');
    assert.ok(edge('trigger:manual', 'action:Parse'));
    assert.ok(edge('trigger:manual', 'action:Poll'), 'an action without runAfter hangs off the trigger');
    assert.ok(!edge('trigger:manual', 'action:Notify'));
    assert.ok(edge('start:Check:1', 'action:No'));
    assert.ok(edge('action:No', 'action:No_then'));
    assert.ok(edge('start:Each:0', 'action:Block'));
  });

  it('layers top to bottom by the longest runAfter path, without overlaps among siblings', () => {
    const below = (a: string, b: string) => node(b).y >= node(a).y + node(a).height;
    assert.ok(below('trigger:manual', 'action:Parse'));
    assert.ok(below('action:Parse', 'action:Notify'));
    assert.ok(below('action:Notify', 'action:Check'));
    assert.ok(below('action:Check', 'action:Route'));
    assert.equal(node('action:Notify').y, node('action:Log_failure').y);
    assert.equal(node('action:Parse').y, node('action:Poll').y, 'both are roots');
    const groups = new Map<string, LayoutNode[]>();
    for (const item of layout.nodes) groups.set(item.parentId ?? '', [...(groups.get(item.parentId ?? '') ?? []), item]);
    for (const [parent, items] of groups) {
      for (const a of items) {
        for (const b of items) {
          if (a === b) continue;
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          assert.ok(apart, `${a.id} overlaps ${b.id} in ${parent || 'the top level'}`);
        }
      }
    }
    // Children fit inside their parent.
    for (const item of layout.nodes) {
      if (item.parentId === undefined) continue;
      const parent = node(item.parentId);
      assert.ok(item.x >= 0 && item.y >= 0 && item.x + item.width <= parent.width + 0.001 && item.y + item.height <= parent.height + 0.001, `${item.id} outside ${parent.id}`);
    }
  });

  it('survives what an editor may hold mid-edit: cycles, unknown runAfter names, no definition at all', () => {
    const cyclic = layoutDefinition({ triggers: {}, actions: { A: { type: 'Compose', runAfter: { B: ['Succeeded'] } }, B: { type: 'Compose', runAfter: { A: ['Succeeded'] } }, C: { runAfter: { Nope: [] } } } });
    assert.equal(cyclic.nodes.length, 3);
    assert.equal(cyclic.nodes.find((item) => item.id === 'action:C')?.type, 'Unknown');
    assert.deepEqual(layoutDefinition(null), { nodes: [], edges: [], width: 0, height: 0 });
    assert.deepEqual(layoutDefinition('nonsense').nodes, []);
  });
});

const SUB = '00000000-0000-0000-0000-0000000f10f5';
const RG = 'soc';
const TEMPLATE_NAME = 'Email the SOC when an alert is raised';
const WORKFLOW = 'Send-EmailAlert';
const ACTION = 'Send_an_email_(V2)';

describe('Workflows pages', { skip: browserSkip }, () => {
  let session: BrowserSession;
  let connectionId: string;

  before(async () => {
    session = await startBrowserSession({ role: 'Owner', scope: '/' });
    const { server } = session;
    await seedSubscription(server, SUB, 'Contoso SOC');
    // The template sends mail through an office365 (SMTP) connection; nothing is sent in these tests.
    const connection = await server.call('PUT', `/api/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Web/connections/soc-mail`, {
      properties: { api: { name: 'office365' }, displayName: 'SOC mail', parameterValues: { serverAddress: '127.0.0.1', port: 2525, from: 'alerts@contoso.com' } },
    });
    assert.equal(connection.status, 201, JSON.stringify(connection.body));
    connectionId = connection.body.id;
  });

  after(async () => {
    await session?.close();
  });

  it('deploys the email-on-alert template from the gallery with an existing connection and shows its graph', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/workflows`);
    await page.getByRole('heading', { name: 'No workflows yet' }).waitFor();
    await page.getByRole('toolbar').getByRole('link', { name: 'Template gallery' }).click();
    await page.getByRole('heading', { name: 'Template gallery', level: 1 }).waitFor();
    const card = page.getByRole('article', { name: TEMPLATE_NAME });
    await card.waitFor();
    await screenshot(page, 'workflow-gallery');

    await card.getByRole('button', { name: `Use template ${TEMPLATE_NAME}` }).click();
    const pane = page.getByRole('dialog', { name: `Deploy "${TEMPLATE_NAME}"` });
    assert.equal(await pane.getByRole('textbox', { name: 'Workflow name' }).inputValue(), WORKFLOW);
    assert.equal(await pane.getByRole('combobox', { name: 'Subscription' }).inputValue(), SUB);
    await pane.getByRole('combobox', { name: 'Resource group' }).fill(RG);
    // Required values are asked for before anything is sent.
    await pane.getByRole('button', { name: 'Deploy' }).click();
    await pane.getByText('Required.').waitFor();
    await pane.getByText('Choose a office365 connection, or create one.').waitFor();

    await pane.getByRole('textbox', { name: 'recipients (string)' }).fill('soc@contoso.com');
    const picker = pane.getByRole('combobox', { name: 'Connection for office365' });
    await pane.getByRole('option', { name: /soc-mail \(soc\)/ }).waitFor({ state: 'attached' });
    await picker.selectOption(connectionId);
    await pane.getByRole('button', { name: 'Deploy' }).click();

    await page.getByRole('heading', { name: WORKFLOW, level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`/workflows/${SUB}/${RG}/${WORKFLOW}$`));
    await page.getByRole('group', { name: 'When_an_Azure_Security_Center_Alert_is_created_or_triggered, trigger type ApiConnectionWebhook' }).waitFor();
    await page.getByRole('group', { name: `${ACTION}, action type ApiConnection` }).waitFor();
    await page.getByText('✓ Valid: the server accepts this definition and its parameters.').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'recipients (string)' }).inputValue(), 'soc@contoso.com');
    await page.getByText('soc-mail: Untested').waitFor();

    const stored = await server.call('GET', api(workflowId(SUB, RG, WORKFLOW)));
    assert.equal(stored.status, 200);
    assert.equal(stored.body.properties.state, 'Enabled');
    assert.deepEqual(stored.body.properties.parameters.recipients, { value: 'soc@contoso.com' });
    assert.equal(stored.body.properties.parameters.$connections.value.office365.connectionId, connectionId);
    assert.equal(stored.body.tags['riposte-template'], 'send-email-alert');
  });

  it('validates the JSON live, saves the fixed definition, selects by keyboard, and disables the workflow', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/workflows/${SUB}/${RG}/${WORKFLOW}`);
    const editor = page.getByRole('textbox', { name: 'Definition (JSON)' });
    await page.getByText('✓ Valid: the server accepts this definition and its parameters.').waitFor();
    const original = JSON.parse(await editor.inputValue());

    // A broken status in runAfter: the server's problem appears with its path while typing, before any save.
    const broken = { ...original, actions: { ...original.actions, Log_failure: { type: 'Compose', inputs: 'mail failed', runAfter: { [ACTION]: ['Broken'] } } } };
    await editor.fill(JSON.stringify(broken, null, 2));
    const problems = page.getByRole('list', { name: 'Validation problems' });
    await problems.getByText('A runAfter status must be Succeeded, Failed, Skipped or TimedOut.').waitFor();
    assert.match(await problems.textContent() ?? '', /actions\.Log_failure\.runAfter/);
    await page.getByText('Unsaved changes').waitFor();

    // A JSON syntax error is found in the browser, and Save says why it cannot save.
    await editor.fill(`${JSON.stringify(broken, null, 2).slice(0, -2)}`);
    await page.getByRole('alert').filter({ hasText: /JSON syntax error on line \d+, column \d+/ }).waitFor();
    await page.getByRole('list', { name: 'Why some actions are unavailable' }).getByText(/Fix the JSON syntax error on line \d+ first\./).waitFor();
    assert.equal(await page.getByRole('toolbar').getByRole('button', { name: 'Save' }).isDisabled(), true);

    const fixed = { ...original, actions: { ...original.actions, Log_failure: { type: 'Compose', inputs: 'mail failed', runAfter: { [ACTION]: ['Failed', 'TimedOut'] } } } };
    await editor.fill(JSON.stringify(fixed, null, 2));
    await page.getByText('✓ Valid: the server accepts this definition and its parameters.').waitFor();
    await page.getByRole('group', { name: 'Log_failure, action type Compose' }).waitFor();
    await page.locator('.react-flow__edge-text', { hasText: 'Failed, TimedOut' }).waitFor();
    await page.getByRole('toolbar').getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Workflow '${WORKFLOW}' saved.`).waitFor();
    await page.getByText('Version 2').waitFor();
    const saved = await server.call('GET', api(workflowId(SUB, RG, WORKFLOW)));
    assert.deepEqual(saved.body.properties.definition.actions.Log_failure.runAfter, { [ACTION]: ['Failed', 'TimedOut'] });
    assert.deepEqual(saved.body.properties.parameters.recipients, { value: 'soc@contoso.com' });

    // Keyboard: focus a node, Enter selects it and marks its JSON.
    const node = page.getByRole('group', { name: 'Log_failure, action type Compose' });
    await node.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Selected Log_failure' }).waitFor();
    await page.getByText('✓ Valid: the server accepts this definition and its parameters.').waitFor();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
    await screenshot(page, 'workflow-detail');

    await page.getByRole('toolbar').getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('toolbar').getByRole('button', { name: 'Enable' }).waitFor();
    const disabled = await server.call('GET', api(workflowId(SUB, RG, WORKFLOW)));
    assert.equal(disabled.body.properties.state, 'Disabled');
    assert.equal(disabled.body.properties.definition.actions.Log_failure.type, 'Compose');
  });

  it('creates a blank workflow with a Request trigger, opens it, and deletes it after confirming', async () => {
    const { page, server } = session;
    await page.goto(`${server.url}/workflows`);
    await page.getByRole('row', { name: new RegExp(WORKFLOW) }).waitFor();
    await page.getByRole('toolbar').getByRole('button', { name: 'Create workflow' }).click();
    const pane = page.getByRole('dialog', { name: 'Create workflow' });
    await pane.getByRole('textbox', { name: 'Workflow name' }).fill('triage-by-hand');
    await pane.getByRole('combobox', { name: 'Resource group' }).fill(RG);
    await pane.getByRole('radio', { name: /Request \(HTTP\)/ }).check();
    await pane.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'triage-by-hand', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'manual, trigger type Request' }).waitFor();
    const created = await server.call('GET', api(workflowId(SUB, RG, 'triage-by-hand')));
    assert.equal(created.status, 200);
    assert.deepEqual(created.body.properties.definition.actions, {});

    // Delete asks first.
    await page.getByRole('toolbar').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm deleting triage-by-hand' });
    await confirm.getByText('Delete this workflow and its run history?').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText("Workflow 'triage-by-hand' deleted.").waitFor();
    await page.getByRole('heading', { name: 'Workflows', level: 1 }).waitFor();
    assert.equal((await server.call('GET', api(workflowId(SUB, RG, 'triage-by-hand')))).status, 404);
  });

  it('shows a Reader the workflows with Create, Save and Use template disabled, each saying why', async () => {
    // At a laptop's 1024 px: the graph goes above the editor.
    const reader = await session.signInAs({ role: 'Reader', scope: '/', viewport: { width: 1024, height: 768 } });
    const { page } = reader;
    const { server } = session;
    await page.goto(`${server.url}/workflows`);
    await page.getByRole('row', { name: new RegExp(WORKFLOW) }).waitFor();
    const create = page.getByRole('toolbar').getByRole('button', { name: 'Create workflow' });
    await page.getByText('Needs Microsoft.Logic/workflows/write on a subscription or resource group.').first().waitFor();
    assert.equal(await create.isDisabled(), true);

    await page.getByRole('link', { name: WORKFLOW, exact: true }).click();
    await page.getByRole('heading', { name: WORKFLOW, level: 1 }).waitFor();
    const reason = `Needs Microsoft.Logic/workflows/write on workflow ${WORKFLOW}.`;
    // The reasons show under the toolbar once the permission checks have answered.
    const reasons = page.getByRole('list', { name: 'Why some actions are unavailable' });
    await reasons.getByText(reason).waitFor();
    await reasons.getByText(`Needs Microsoft.Logic/workflows/delete on workflow ${WORKFLOW}.`).waitFor();
    const save = page.getByRole('toolbar').getByRole('button', { name: 'Save' });
    assert.equal(await save.isDisabled(), true);
    assert.equal(await save.getAttribute('title'), reason);
    assert.equal(await page.getByRole('toolbar').getByRole('button', { name: /^(Enable|Disable)$/ }).isDisabled(), true);
    assert.equal(await page.getByRole('toolbar').getByRole('button', { name: 'Delete' }).isDisabled(), true);
    assert.equal(await page.getByRole('textbox', { name: 'Definition (JSON)' }).getAttribute('readonly'), '');
    await page.getByText('Read only', { exact: true }).waitFor();
    await page.getByRole('group', { name: `${ACTION}, action type ApiConnection` }).waitFor();
    await screenshot(page, 'workflows-reader');

    await page.goto(`${server.url}/workflows/gallery`);
    await page.getByText('You can browse the templates but not deploy them').waitFor();
    assert.equal(await page.getByRole('button', { name: `Use template ${TEMPLATE_NAME}` }).isDisabled(), true);
    await reader.context.close();
  });
});
