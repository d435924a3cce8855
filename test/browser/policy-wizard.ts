/** Driving the policy assignment wizard's Basics tab, as the policy and journey tests both do. */
import type { Page } from 'playwright-core';

const ALERTS_POLICY = '/providers/Microsoft.Authorization/policyDefinitions/f1525828-9a90-4fcf-be48-268cdd02361e';

/**
 * From the empty Policy page: opens the wizard, picks the group as scope (waiting for its subscriptions to be offered
 * as exclusions), the alerts definition and the names, then moves to the Parameters tab.
 */
export async function fillAlertsAssignmentBasics(page: Page, group: string, subscriptionNames: readonly string[]): Promise<void> {
  await page.getByRole('heading', { name: 'No policy assignments yet' }).waitFor();
  await page.getByRole('toolbar').getByRole('button', { name: 'Assign policy' }).click();
  await page.getByRole('heading', { name: 'Assign policy' }).waitFor();
  const scope = page.getByRole('combobox', { name: 'Scope' });
  await scope.locator(`option[value="${group}"]`).waitFor({ state: 'attached' });
  await scope.selectOption(group);
  // Exclusions list what lies below the group: its subscriptions.
  for (const name of subscriptionNames) await page.getByRole('checkbox', { name: `${name} (subscription)` }).waitFor();
  await page.getByRole('combobox', { name: 'Policy definition' }).selectOption(ALERTS_POLICY);
  await page.getByRole('textbox', { name: 'Assignment name' }).fill('alerts-to-soc');
  await page.getByRole('textbox', { name: 'Display name' }).fill('Alerts to the SOC');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('tab', { name: 'Parameters', selected: true }).waitFor();
}
