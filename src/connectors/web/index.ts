import type { Connector } from '../connector.js';

/** The connectors that speak HTTP to a web service (teams, slack, service-now, jira, pagerduty, webhook). */
export const webConnectors: readonly Connector[] = [];
