import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field, htmlText } from '../wdl.js';

/** An entity's field in either casing Defender writes (`Address`, `address`); Logic Apps matches names exactly. */
const entityField = (lower: string, upper: string) => `coalesce(body('Parse_entity')?['${upper}'], body('Parse_entity')?['${lower}'])`;

const blockedList = "<ul><li>@{join(variables('attackerIPs'), '</li><li>')}</li></ul>";

const BLOCKED = "equals(actions('Block_attacker_IPs')?['status'], 'Succeeded')";

const socEmail = [
  "<p>Riposte asked the firewall to block @{length(variables('attackerIPs'))} address(es) named by the alert",
  `<b>${htmlText(field('AlertDisplayName'))}</b> on <b>${htmlText(field('CompromisedEntity'))}</b> (severity @{${field('Severity')}}).</p>`,
  blockedList,
  "<p>Block duration: @{parameters('blockDurationMinutes')} minutes. Firewall answer: HTTP @{outputs('Block_attacker_IPs')?['statusCode']}.</p>",
  `<p>${htmlText(field('Description'))}</p>`,
  `<p><a href="@{${field('AlertUri')}}">View the alert in Defender for Cloud</a></p>`,
].join('\n');

/**
 * After the public BlockBruteforceAttack: collect the IP entities of the alert, ask a firewall's HTTP API to block
 * them, then tell the SOC. The API is yours (a WAF, an NGFW's REST API, an internal service); Riposte posts
 * `{action, addresses, durationMinutes, reason, alertId}` with the Authorization header you give.
 */
export const blockAttackerIpsAlert: WorkflowTemplate = {
  id: 'block-attacker-ips-alert',
  name: 'Block-AttackerIPs',
  displayName: "Block an alert's attacker IP addresses at the firewall",
  description:
    "Collects the IP address entities of an alert (such as a brute-force attack), posts them to your firewall's HTTP API to be " +
    "blocked, and emails the SOC the list and the firewall's answer. Alerts without IP entities change nothing.",
  trigger: TemplateTrigger.Alert,
  connectors: [TemplateConnector.Office365],
  parameters: {
    firewallApiUrl: { type: 'string', description: "The firewall API endpoint that blocks addresses, such as 'https://fw.example.com/api/blocklist'." },
    firewallAuthorization: { type: 'securestring', description: "The Authorization header sent to the firewall API, such as 'Bearer <token>'." },
    blockDurationMinutes: { type: 'int', description: 'How long the firewall should block the addresses.', defaultValue: 1440 },
    socRecipients: { type: 'string', description: 'Who is told what was blocked: one address or several separated by semicolons.' },
  },
  actions: {
    Initialize_attackerIPs: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'attackerIPs', type: 'array', value: [] }] } },
    // Sequential, so the addresses keep the alert's order.
    For_each_entity: {
      type: 'Foreach',
      runAfter: { Initialize_attackerIPs: ['Succeeded'] },
      foreach: `@coalesce(${field('Entities')}, json('[]'))`,
      operationOptions: 'Sequential',
      actions: {
        Parse_entity: {
          type: 'ParseJson',
          runAfter: {},
          inputs: {
            content: "@items('For_each_entity')",
            schema: { type: 'object', properties: { type: { type: 'string' }, address: { type: 'string' } } },
          },
        },
        Is_IP_entity: {
          type: 'If',
          runAfter: { Parse_entity: ['Succeeded'] },
          expression: {
            and: [
              { equals: [`@toLower(string(${entityField('type', 'Type')}))`, 'ip'] },
              { not: { equals: [`@${entityField('address', 'Address')}`, null] } },
            ],
          },
          actions: {
            Append_to_attackerIPs: { type: 'AppendToArrayVariable', runAfter: {}, inputs: { name: 'attackerIPs', value: `@${entityField('address', 'Address')}` } },
          },
          else: { actions: {} },
        },
      },
    },
    Any_attacker_IPs: {
      type: 'If',
      runAfter: { For_each_entity: ['Succeeded'] },
      expression: { greater: ["@length(variables('attackerIPs'))", 0] },
      actions: {
        Block_attacker_IPs: {
          type: 'Http',
          runAfter: {},
          inputs: {
            method: 'POST',
            uri: "@parameters('firewallApiUrl')",
            authentication: { type: 'Raw', value: "@parameters('firewallAuthorization')" },
            body: {
              action: 'block',
              addresses: "@variables('attackerIPs')",
              durationMinutes: "@parameters('blockDurationMinutes')",
              reason: `Defender for Cloud alert: @{${field('AlertDisplayName')}}`,
              alertId: `@{${field('SystemAlertId')}}`,
            },
          },
        },
        'Send_an_email_(V2)': apiConnection(
          TemplateConnector.Office365,
          'post',
          '/v2/Mail',
          {
            To: "@{parameters('socRecipients')}",
            Subject: `@{if(${BLOCKED}, 'Blocked', 'FAILED to block')} @{length(variables('attackerIPs'))} attacker IP address(es): @{${field('AlertDisplayName')}}`,
            Body: socEmail,
            Importance: 'High',
          },
          // The SOC hears about a refused or unreachable firewall too: that is when it must act by hand.
          { Block_attacker_IPs: ['Succeeded', 'Failed', 'TimedOut'] },
        ),
        Fail_the_run_if_not_blocked: {
          type: 'If',
          runAfter: { 'Send_an_email_(V2)': ['Succeeded', 'Failed'] },
          expression: { not: { equals: [`@${BLOCKED}`, true] } },
          actions: {
            Terminate: {
              type: 'Terminate',
              runAfter: {},
              inputs: {
                runStatus: 'Failed',
                runError: { code: 'FirewallDidNotBlock', message: "The firewall API did not block the attacker addresses: HTTP @{outputs('Block_attacker_IPs')?['statusCode']}." },
              },
            },
          },
          else: { actions: {} },
        },
      },
      else: { actions: {} },
    },
  },
};
