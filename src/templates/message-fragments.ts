/** Readable message bodies built from the event with `triggerBody()` expressions, shared by several templates. */
import { field, htmlText } from './wdl.js';

const row = (label: string, value: string) => `<tr><td><b>${label}</b></td><td>${value}</td></tr>`;

/** The alert as an HTML summary: what, where, when, what to do, and the link back to it. */
export const alertHtml = [
  `<h2>${htmlText(field('AlertDisplayName'))}</h2>`,
  `<p>Microsoft Defender for Cloud raised a <b>@{${field('Severity')}}</b> severity alert on <b>${htmlText(field('CompromisedEntity'))}</b>.</p>`,
  '<table>',
  row('Severity', `@{${field('Severity')}}`),
  row('Status', `@{${field('Status')}}`),
  row('Alert type', `@{${field('AlertType')}}`),
  row('Intent', `@{${field('Intent')}}`),
  row('Start time (UTC)', `@{${field('StartTimeUtc')}}`),
  row('Resource', `@{${field('AzureResourceId')}}`),
  row('Subscription', `@{${field('AzureResourceSubscriptionId')}}`),
  row('Alert id', `@{${field('SystemAlertId')}}`),
  '</table>',
  `<h3>Description</h3><p>${htmlText(field('Description'))}</p>`,
  `<h3>Remediation steps</h3><ul><li>@{join(coalesce(${field('RemediationSteps')}, json('[]')), '</li><li>')}</li></ul>`,
  `<p><a href="@{${field('AlertUri')}}">View the alert in Defender for Cloud</a></p>`,
].join('\n');

/** The recommendation's portal link: the event file writes `azurePortal`, the ARM API `azurePortalUri`. */
export const recommendationLink = `coalesce(${field('properties', 'links', 'azurePortal')}, ${field('properties', 'links', 'azurePortalUri')})`;

/** The recommendation as an HTML summary, after the public Send-O365EmailRecommendation template. */
export const recommendationHtml = [
  `<h2>${htmlText(field('properties', 'displayName'))}</h2>`,
  `<p>Microsoft Defender for Cloud reports this recommendation as <b>@{${field('properties', 'status', 'code')}}</b>.</p>`,
  '<table>',
  row('Severity', `@{${field('properties', 'metadata', 'severity')}}`),
  row('Status', `@{${field('properties', 'status', 'code')}} ${htmlText(field('properties', 'status', 'description'))}`),
  row('Resource', `@{${field('properties', 'resourceDetails', 'id')}}`),
  row('Recommendation id', `@{${field('id')}}`),
  '</table>',
  `<h3>Description</h3><p>${htmlText(field('properties', 'metadata', 'description'))}</p>`,
  `<h3>How to remediate</h3><p>${htmlText(field('properties', 'metadata', 'remediationDescription'))}</p>`,
  `<p><a href="@{${recommendationLink}}">View the recommendation in Defender for Cloud</a></p>`,
].join('\n');

/** Plain text for ticket descriptions (ServiceNow, Jira), where HTML would show as markup. */
export const alertText = [
  `@{${field('Description')}}`,
  '',
  `Severity: @{${field('Severity')}}`,
  `Resource: @{${field('AzureResourceId')}}`,
  `Subscription: @{${field('AzureResourceSubscriptionId')}}`,
  `Alert type: @{${field('AlertType')}}`,
  `Intent: @{${field('Intent')}}`,
  `Start time (UTC): @{${field('StartTimeUtc')}}`,
  `Alert id: @{${field('SystemAlertId')}}`,
  '',
  'Remediation steps:',
  `- @{join(coalesce(${field('RemediationSteps')}, json('[]')), '\n- ')}`,
  '',
  `Alert: @{${field('AlertUri')}}`,
].join('\n');

export const recommendationText = [
  `@{${field('properties', 'metadata', 'description')}}`,
  '',
  `Severity: @{${field('properties', 'metadata', 'severity')}}`,
  `Status: @{${field('properties', 'status', 'code')}}`,
  `Resource: @{${field('properties', 'resourceDetails', 'id')}}`,
  '',
  'How to remediate:',
  `@{${field('properties', 'metadata', 'remediationDescription')}}`,
  '',
  `Recommendation: @{${recommendationLink}}`,
].join('\n');

/** `High` when the alert or recommendation severity is High, else `Normal` (mail importance). */
export const importanceFor = (severity: string) => `@{if(equals(toLower(string(coalesce(${severity}, ''))), 'high'), 'High', 'Normal')}`;
