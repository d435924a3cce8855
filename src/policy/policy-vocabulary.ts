/**
 * The fixed words of the three built-in workflow-automation policies: allowed parameter values, the maps their
 * templates use to turn a display value into a rule value, and the Logic Apps trigger each trigger choice names.
 * Shared by the definitions (data), the planner (what to deploy) and the compliance check (what to expect).
 */

export type PolicyKind = 'alerts' | 'recommendations' | 'regulatoryCompliance';

export const MANUAL_TRIGGER = 'Manual (Incoming HTTP request)';
export const MANUAL_TRIGGER_NAME = 'manual';

/** Each policy's Defender trigger choice: the display string a user picks and the trigger it resolves. */
export const defenderTriggers: { readonly [K in PolicyKind]: { readonly display: string; readonly name: string } } = {
  alerts: {
    display: 'When an Azure Security Center Alert is created or triggered',
    name: 'When_a_Microsoft_Defender_for_Cloud_alert_is_created_or_triggered',
  },
  recommendations: {
    display: 'When an Azure Security Center Recommendation is created or triggered',
    name: 'When_a_Microsoft_Defender_for_Cloud_recommendation_is_created_or_triggered',
  },
  regulatoryCompliance: {
    display: 'When an Azure Security Center regulatory compliance assessment is created or triggered',
    name: 'When_a_Defender_for_Cloud_regulatory_compliance_assessment_is_created_or_runs',
  },
};

export const SEVERITIES = ['High', 'Medium', 'Low'] as const;
export const RECOMMENDATION_STATES = ['Healthy', 'Unhealthy', 'Not Applicable'] as const;
export const CONTROL_STATES = ['Failed', 'Passed', 'Skipped', 'Unsupported'] as const;

/** The alerts template writes severities lower-cased (`severityMap`). */
export function alertSeverityValue(severity: string): string {
  return severity.toLowerCase();
}

/** The recommendations template's `stateMap`: `Not Applicable` → `notapplicable`. */
export function recommendationStateValue(state: string): string {
  return state.replaceAll(' ', '').toLowerCase();
}

/** What the recommendations rule matches on when no recommendation names are given (= all of them). */
export const ALL_ASSESSMENTS = 'Microsoft.Security/assessments';
/** What the alerts rule matches on when no alert name is given: every alert schema version starts `3.`. */
export const ANY_ALERT_VERSION = '3.';

/** Contributor: what the built-ins grant the assignment's managed identity. */
export const CONTRIBUTOR_ROLE_ID = '/providers/microsoft.authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c';
