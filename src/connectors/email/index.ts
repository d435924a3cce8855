import type { Connector } from '../connector.js';

/** The email connectors (office365, smtp): both send over SMTP. */
export const emailConnectors: readonly Connector[] = [];
