import { recommendationHtml } from '../message-fragments.js';
import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

/**
 * After the public Notify-ASCRecommendationsResourceTag, with the tags read from your own resource inventory: the
 * owner named by a tag gets the mail; without the tag, or when the inventory cannot answer, the fallback address.
 */
export const notifyResourceOwnerRecommendation: WorkflowTemplate = {
  id: 'notify-resource-owner-recommendation',
  name: 'Notify-ResourceOwnerByTag',
  displayName: 'Email the resource owner named in a tag',
  description:
    "Looks the recommendation's resource up in your resource inventory (GET <inventoryUrl><resource id>, answering " +
    '{"tags": {...}}) and emails the owner named by its owner tag, or the fallback address when the tag is missing.',
  trigger: TemplateTrigger.Assessment,
  connectors: [TemplateConnector.Office365],
  parameters: {
    inventoryUrl: { type: 'string', description: "The inventory's base URL; the resource id is appended, such as 'https://cmdb.example.com/resources'." },
    ownerTagName: { type: 'string', description: 'The tag that holds the owner\'s email address.', defaultValue: 'owner' },
    fallbackRecipient: { type: 'string', description: 'Who is told when the resource has no owner tag.' },
  },
  actions: {
    Initialize_owner: {
      type: 'InitializeVariable',
      runAfter: {},
      inputs: { variables: [{ name: 'owner', type: 'string', value: "@parameters('fallbackRecipient')" }] },
    },
    Get_resource: {
      type: 'Http',
      runAfter: { Initialize_owner: ['Succeeded'] },
      inputs: {
        method: 'GET',
        uri: `@{parameters('inventoryUrl')}@{${field('properties', 'resourceDetails', 'id')}}`,
        headers: { Accept: 'application/json' },
      },
    },
    Parse_resource: {
      type: 'ParseJson',
      runAfter: { Get_resource: ['Succeeded'] },
      inputs: { content: "@body('Get_resource')", schema: { type: 'object', properties: { tags: { type: 'object' } } } },
    },
    Owner_tag_is_set: {
      type: 'If',
      runAfter: { Parse_resource: ['Succeeded'] },
      expression: { not: { equals: ["@coalesce(body('Parse_resource')?['tags']?[parameters('ownerTagName')], '')", ''] } },
      actions: {
        Set_owner: { type: 'SetVariable', runAfter: {}, inputs: { name: 'owner', value: "@{body('Parse_resource')?['tags']?[parameters('ownerTagName')]}" } },
      },
      else: { actions: {} },
    },
    // Runs whatever the lookup did: a failed or skipped lookup leaves the fallback address in 'owner'.
    'Send_an_email_(V2)': apiConnection(
      TemplateConnector.Office365,
      'post',
      '/v2/Mail',
      {
        To: "@{variables('owner')}",
        Subject: `Action needed on your resource: @{${field('properties', 'displayName')}}`,
        Body: `<p>You receive this because you own the resource below (tag '@{parameters('ownerTagName')}').</p>\n${recommendationHtml}`,
      },
      { Owner_tag_is_set: ['Succeeded', 'Skipped', 'Failed'] },
    ),
  },
};
