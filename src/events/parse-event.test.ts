import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertStatus, EventErrorCode, EventKind, eventSourceOf, MAX_ALERT_ENTITIES, parseEvent } from './index.js';
import type { NormalizedEvent, ParseEventResult } from './index.js';
import { edited, fixture, REMOVE } from '../../test/fixtures/events/fixtures.js';

const options = { alertUriBase: 'https://riposte.example.com' };

function accepted(raw: unknown): NormalizedEvent {
  const result = parseEvent(raw, options);
  assert.ok(result.ok, `expected the event to be accepted: ${result.ok ? '' : JSON.stringify(result.error)}`);
  return result.event;
}

function refused(raw: unknown): Extract<ParseEventResult, { ok: false }>['error'] {
  const result = parseEvent(raw, options);
  assert.ok(!result.ok, 'expected the event to be refused');
  return result.error;
}

describe('parseEvent: fixtures', () => {
  it('normalises a flat workflow-automation alert', () => {
    const event = accepted(fixture('flatAlert'));
    const { payload: _payload, ...flatSummary } = event;
    const alertId =
      '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/alerts/2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a';
    assert.deepEqual(flatSummary, {
      kind: EventKind.Alert,
      id: alertId,
      key: '2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a',
      subscriptionId: '20ff7fc3-e762-44dd-bd96-b71116dcdc23',
      resourceGroup: 'myrg1',
      resourceId: '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1',
      firingState: 'Active',
      displayName: 'Azure Security Center test alert (not a threat)',
      severity: 'High',
      status: 'Active',
    });
    assert.equal(event.payload.Version, '3.0');
    assert.equal(event.payload.AlertUri, `https://riposte.example.com/api${alertId}`);
    assert.equal(event.payload.CompromisedEntity, 'vm1');
    assert.equal(eventSourceOf(event.kind), 'Alerts');
  });

  it('delivers an ARM alert in the flat shape, equal to the same alert posted flat', () => {
    const arm = accepted(fixture('armAlert'));
    const flat = accepted(fixture('flatAlert'));
    assert.deepEqual(arm, flat);
    assert.equal(arm.payload.TimeGenerated, '2020-02-23T13:47:58.0000000Z');
    assert.equal(arm.payload.ProcessingEndTime, '2020-02-23T13:47:58.9205584Z');
    assert.equal('properties' in arm.payload || 'version' in arm.payload || 'type' in arm.payload, false);
  });

  it('fills the flat resource and workspace fields of an ARM alert from its resource identifiers', () => {
    const { payload } = accepted(fixture('armAlert'));
    assert.equal(payload.AzureResourceId, '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1');
    assert.equal(payload.AzureResourceSubscriptionId, '20ff7fc3-e762-44dd-bd96-b71116dcdc23');
    assert.equal(payload.WorkspaceId, 'f419f624-acad-4d89-b86d-f62fa387f019');
    assert.equal(payload.WorkspaceResourceGroup, 'myRg1');
    assert.equal(payload.AgentId, '75724a01-f021-4aa8-9ec2-329792373e6e');
  });

  it('canonicalises enum spellings, lower-cases routing fields and builds the id of a flat alert', () => {
    const event = accepted(fixture('svchostAlert'));
    assert.equal(event.severity, 'High');
    assert.equal(event.payload.Severity, 'High');
    assert.equal(event.status, AlertStatus.New);
    assert.equal(event.payload.Status, 'New');
    assert.equal(event.firingState, 'Active', 'New and Active are the same state for re-firing');
    assert.equal(event.subscriptionId, '86057c9f-3cdd-484e-83b1-7bf1c17a9ff8');
    assert.equal(event.resourceGroup, 'backend-srv');
    assert.equal(
      event.id,
      '/subscriptions/86057c9f-3cdd-484e-83b1-7bf1c17a9ff8/resourceGroups/backend-srv/providers/Microsoft.Security/locations/centralus/alerts/2342409243234234_F2BFED55-5997-4FEA-95BD-BB7C6DDCD061',
    );
    assert.equal(event.key, '2342409243234234_f2bfed55-5997-4fea-95bd-bb7c6ddcd061');
    assert.deepEqual(event.payload.ExtendedProperties, { 'Process Path': 'c:\\temp\\svchost.exe', Account: 'Contoso\\administrator', PID: 944, ActionTaken: 'Detected' });
  });

  it('normalises an unhealthy assessment and delivers it as posted', () => {
    const raw = fixture('assessmentUnhealthy');
    const { payload, ...event } = accepted(raw);
    assert.deepEqual(event, {
      kind: EventKind.Assessment,
      id: raw.id,
      key: String(raw.id).toLowerCase(),
      subscriptionId: 'a27e854a-8578-4395-8eaf-6fc7849f3050',
      resourceGroup: 'myrg',
      resourceId: '/subscriptions/a27e854a-8578-4395-8eaf-6fc7849f3050/resourceGroups/myRg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss2',
      firingState: 'Unhealthy',
      displayName: 'Install endpoint protection solution on virtual machine scale sets',
      severity: 'Medium',
      status: 'Unhealthy',
    });
    assert.deepEqual(payload, raw);
    assert.equal(eventSourceOf(event.kind), 'Assessments');
  });

  it('canonicalises a healthy assessment posted in lower case, with the same key as the unhealthy one', () => {
    const raw = fixture('assessmentHealthy');
    const event = accepted(raw);
    assert.equal(event.firingState, 'Healthy');
    assert.equal(event.severity, 'Medium');
    assert.equal(event.key, accepted(fixture('assessmentUnhealthy')).key);
    const expected = edited('assessmentHealthy', { 'properties.status.code': 'Healthy', 'properties.metadata.severity': 'Medium' });
    assert.deepEqual(event.payload, expected);
  });

  it('normalises a sub-assessment and names its parent assessment', () => {
    const raw = fixture('subAssessment');
    const event = accepted(raw);
    assert.equal(event.kind, EventKind.SubAssessment);
    assert.equal(eventSourceOf(event.kind), 'SubAssessments');
    assert.equal(
      event.parentAssessmentId,
      '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg/providers/Microsoft.ContainerRegistry/registries/myRegistry/providers/Microsoft.Security/assessments/dbd0cb49-b563-45e7-9724-889e799fa648',
    );
    assert.equal(event.resourceId, (raw.properties as { resourceDetails: { id: string } }).resourceDetails.id);
    assert.equal(event.subscriptionId, '20ff7fc3-e762-44dd-bd96-b71116dcdc23');
    assert.equal(event.resourceGroup, 'myrg');
    assert.equal(event.firingState, 'Unhealthy');
    assert.equal(event.severity, 'High');
    assert.equal(event.displayName, "'Back Orifice' Backdoor");
    assert.deepEqual(event.payload, raw);
  });

  it('normalises a regulatory compliance assessment (singular type, lower-case state)', () => {
    const raw = fixture('compliance');
    const { payload, ...event } = accepted(raw);
    assert.deepEqual(event, {
      kind: EventKind.RegulatoryComplianceAssessment,
      id: raw.id,
      key: String(raw.id).toLowerCase(),
      subscriptionId: '20ff7fc3-e762-44dd-bd96-b71116dcdc23',
      resourceId: '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23',
      firingState: 'Failed',
      displayName: 'Troubleshoot missing scan data on your machines',
      status: 'Failed',
    });
    assert.deepEqual(payload, edited('compliance', { 'properties.state': 'Failed' }));
    assert.equal(eventSourceOf(event.kind), 'RegulatoryComplianceAssessment');
  });

  it('accepts the plural ARM compliance type too', () => {
    const raw = edited('compliance', {
      type: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments',
      'properties.state': 'PASSED',
    });
    assert.equal(accepted(raw).firingState, 'Passed');
  });

  it('never shares objects with the posted event', () => {
    const raw = fixture('subAssessment');
    const event = accepted(raw);
    (event.payload.properties as Record<string, unknown>).displayName = 'changed';
    assert.equal((raw.properties as Record<string, unknown>).displayName, "'Back Orifice' Backdoor");
  });
});

describe('parseEvent: alerts', () => {
  it('takes the resource from ResourceIdentifiers (either spelling) when AzureResourceId is absent', () => {
    const event = accepted(
      edited('svchostAlert', { AzureResourceId: REMOVE, AzureResourceSubscriptionId: REMOVE }),
    );
    assert.equal(event.resourceId, '/subscriptions/86057C9F-3CDD-484E-83B1-7BF1C17A9FF8/resourceGroups/backend-srv/providers/Microsoft.Compute/virtualMachines/WebSrv1');
    assert.equal(event.payload.AzureResourceId, event.resourceId);
    assert.equal(event.payload.AzureResourceSubscriptionId, '86057C9F-3CDD-484E-83B1-7BF1C17A9FF8');
  });

  it('omits the resource group from the id of an alert on a subscription', () => {
    const event = accepted(edited('svchostAlert', { AzureResourceId: '/subscriptions/86057C9F-3CDD-484E-83B1-7BF1C17A9FF8' }));
    assert.equal(event.resourceGroup, undefined);
    assert.match(event.id, /^\/subscriptions\/86057c9f-3cdd-484e-83b1-7bf1c17a9ff8\/providers\/Microsoft\.Security\/locations\/centralus\/alerts\//);
  });

  it('routes by AzureResourceSubscriptionId when the resource is not under a subscription', () => {
    const event = accepted(edited('svchostAlert', { AzureResourceId: '/providers/Microsoft.aadiam/tenants/contoso' }));
    assert.equal(event.subscriptionId, '86057c9f-3cdd-484e-83b1-7bf1c17a9ff8');
    assert.equal(event.resourceGroup, undefined);
  });

  it('overwrites Version and AlertUri, keeps unknown properties', () => {
    const event = accepted(
      edited('flatAlert', { Version: '2.0', CustomField: { nested: [1, 2] } }),
    );
    assert.equal(event.payload.Version, '3.0');
    assert.deepEqual(event.payload.CustomField, { nested: [1, 2] });
  });

  it('PascalCases unknown ARM alert properties but never lets them shadow a typed flat field', () => {
    const event = accepted(
      edited('armAlert', { 'properties.customDetail': 'x', 'properties.azureResourceId': 42, 'properties.Severity': 'Low' }),
    );
    assert.equal(event.payload.CustomDetail, 'x');
    assert.equal(typeof event.payload.AzureResourceId, 'string');
    assert.equal(event.payload.Severity, 'High');
  });

  it('strips a trailing slash from alertUriBase', () => {
    const result = parseEvent(fixture('armAlert'), { alertUriBase: 'https://riposte.example.com/' });
    assert.ok(result.ok);
    assert.match(String(result.event.payload.AlertUri), /^https:\/\/riposte\.example\.com\/api\/subscriptions\//);
  });
});

describe('parseEvent: errors name the field', () => {
  const cases: readonly { name: string; event: () => unknown; code?: string; target: string; message: RegExp }[] = [
    { name: 'not an object', event: () => [1], target: '', message: /must be a JSON object/ },
    { name: 'null', event: () => null, target: '', message: /must be a JSON object/ },
    {
      name: 'no type and no SystemAlertId',
      event: () => ({ id: '/subscriptions/x' }),
      code: EventErrorCode.UnknownEventType,
      target: 'type',
      message: /is required/,
    },
    { name: 'unknown type', event: () => edited('assessmentUnhealthy', { type: 'Microsoft.Security/pricings' }), code: EventErrorCode.UnknownEventType, target: 'type', message: /must be one of .*Microsoft\.Security\/assessments/ },
    { name: 'type of the wrong type', event: () => edited('assessmentUnhealthy', { type: 7 }), target: 'type', message: /must be a string/ },
    {
      name: 'unknown assessment status code',
      event: () => edited('assessmentUnhealthy', { 'properties.status.code': 'Broken' }),
      target: 'properties.status.code',
      message: /must be one of Healthy, Unhealthy, NotApplicable/,
    },
    { name: 'missing status code', event: () => edited('assessmentUnhealthy', { 'properties.status.code': REMOVE }), target: 'properties.status.code', message: /is required/ },
    { name: 'missing assessment id', event: () => edited('assessmentUnhealthy', { id: REMOVE }), target: 'id', message: /is required/ },
    {
      name: 'assessment id of another resource type',
      event: () => edited('assessmentUnhealthy', { id: '/subscriptions/a/providers/Microsoft.Security/pricings/VirtualMachines' }),
      target: 'id',
      message: /ending in \/providers\/Microsoft\.Security\/assessments\/\{name\}/,
    },
    {
      name: 'assessment id not under a subscription',
      event: () => edited('assessmentUnhealthy', {
          id: '/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Security/assessments/k',
          'properties.resourceDetails.id': REMOVE,
        }),
      target: 'id',
      message: /must lie under \/subscriptions/,
    },
    { name: 'wrong metadata severity', event: () => edited('assessmentUnhealthy', { 'properties.metadata.severity': 'Critical' }), target: 'properties.metadata.severity', message: /must be one of Informational, Low, Medium, High/ },
    { name: 'wrong preview type', event: () => edited('assessmentUnhealthy', { 'properties.metadata.preview': 'no' }), target: 'properties.metadata.preview', message: /must be true or false/ },
    { name: 'missing resourceDetails', event: () => edited('assessmentUnhealthy', { 'properties.resourceDetails': REMOVE }), target: 'properties.resourceDetails', message: /is required/ },
    {
      name: 'sub-assessment id without /subAssessments/',
      event: () => edited('subAssessment', { id: String(fixture('subAssessment').id).replace('/subAssessments/', '/findings/') }),
      target: 'id',
      message: /subAssessments/,
    },
    { name: 'wrong sub-assessment severity', event: () => edited('subAssessment', { 'properties.status.severity': 'Severe' }), target: 'properties.status.severity', message: /must be one of/ },
    { name: 'unknown compliance state', event: () => edited('compliance', { 'properties.state': 'Partial' }), target: 'properties.state', message: /must be one of Passed, Failed, Skipped, Unsupported/ },
    { name: 'negative counter', event: () => edited('compliance', { 'properties.failedResources': -1 }), target: 'properties.failedResources', message: /must be at least 0/ },
    { name: 'fractional counter', event: () => edited('compliance', { 'properties.failedResources': 1.5 }), target: 'properties.failedResources', message: /must be an integer/ },
    { name: 'flat alert without display name', event: () => edited('flatAlert', { AlertDisplayName: REMOVE }), target: 'AlertDisplayName', message: /is required/ },
    { name: 'flat alert without severity', event: () => edited('flatAlert', { Severity: REMOVE }), target: 'Severity', message: /is required/ },
    { name: 'unknown alert severity', event: () => edited('flatAlert', { Severity: 'Critical' }), target: 'Severity', message: /must be one of Informational, Low, Medium, High/ },
    { name: 'unknown alert status', event: () => edited('flatAlert', { Status: 'Closed' }), target: 'Status', message: /must be one of New, Active, InProgress, Resolved, Dismissed/ },
    { name: 'IsIncident as a string', event: () => edited('flatAlert', { IsIncident: 'false' }), target: 'IsIncident', message: /must be true or false/ },
    { name: 'RemediationSteps item', event: () => edited('flatAlert', { RemediationSteps: ['ok', 3] }), target: 'RemediationSteps[1]', message: /must be a string/ },
    { name: 'Entities not objects', event: () => edited('flatAlert', { Entities: ['host'] }), target: 'Entities[0]', message: /must be an object/ },
    {
      name: 'too many entities',
      event: () => edited('flatAlert', { Entities: Array.from({ length: MAX_ALERT_ENTITIES + 1 }, () => ({ type: 'ip' })) }),
      target: 'Entities',
      message: /at most 1000 items/,
    },
    { name: 'SystemAlertId with a slash', event: () => edited('flatAlert', { SystemAlertId: '../../x' }), target: 'SystemAlertId', message: /letters, digits/ },
    { name: 'SystemAlertId of dots', event: () => edited('flatAlert', { SystemAlertId: '..' }), target: 'SystemAlertId', message: /letters, digits/ },
    {
      name: 'flat alert without a resource',
      event: () => edited('flatAlert', { AzureResourceId: REMOVE, 'ResourceIdentifiers.0': { type: 'LogAnalytics', workspaceId: 'w' } }),
      target: 'AzureResourceId',
      message: /is required: an alert names its resource/,
    },
    {
      name: 'flat alert on a resource outside any subscription',
      event: () => edited('flatAlert', { AzureResourceId: '/providers/Microsoft.aadiam/tenants/contoso', AzureResourceSubscriptionId: REMOVE }),
      target: 'AzureResourceId',
      message: /under \/subscriptions/,
    },
    {
      name: 'subscription that contradicts the resource',
      event: () => edited('flatAlert', { AzureResourceSubscriptionId: '00000000-0000-0000-0000-000000000000' }),
      target: 'AzureResourceSubscriptionId',
      message: /must be the subscription of the alert's resource/,
    },
    {
      name: 'resource group that cannot appear in an id',
      event: () => edited('flatAlert', { AzureResourceId: '/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/a b/providers/X/y/z' }),
      target: 'AzureResourceId',
      message: /without spaces/,
    },
    { name: 'ARM alert with a wrong type for a property', event: () => edited('armAlert', { 'properties.isIncident': 1 }), target: 'properties.isIncident', message: /must be true or false/ },
    { name: 'ARM alert without systemAlertId', event: () => edited('armAlert', { 'properties.systemAlertId': REMOVE }), target: 'properties.systemAlertId', message: /is required/ },
    {
      name: 'ARM alert without an AzureResource identifier',
      event: () => edited('armAlert', { 'properties.resourceIdentifiers.0': { type: 'LogAnalytics', workspaceId: 'w' } }),
      target: 'properties.resourceIdentifiers',
      message: /must include an entry of type AzureResource/,
    },
    { name: 'ARM alert with an id that is not an alert id', event: () => edited('armAlert', { id: '/subscriptions/x/providers/Microsoft.Security/alerts' }), target: 'id', message: /locations\/\{name\}\/alerts\/\{name\}/ },
    { name: 'ExtendedProperties not an object', event: () => edited('flatAlert', { ExtendedProperties: 'text' }), target: 'ExtendedProperties', message: /must be an object/ },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const error = refused(testCase.event());
      assert.equal(error.code, testCase.code ?? EventErrorCode.InvalidEvent);
      assert.equal(error.target, testCase.target);
      assert.match(error.message, testCase.message);
    });
  }

  it('quotes the field in the message', () => {
    const error = refused(edited('assessmentUnhealthy', { 'properties.status.code': 'Broken' }));
    assert.equal(error.message, "'properties.status.code' must be one of Healthy, Unhealthy, NotApplicable.");
  });

  it('refuses events over the size and depth limits', () => {
    const big = edited('flatAlert', { Description: 'x'.repeat(1024 * 1024) });
    assert.deepEqual(refused(big).code, EventErrorCode.EventTooLarge);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const error = refused(edited('flatAlert', { 'ExtendedProperties.Process Path': deep }));
    assert.equal(error.code, EventErrorCode.EventTooLarge);
    assert.match(error.target, /^ExtendedProperties\['Process Path'\](\[0\])+$/);
  });

  it('refuses values JSON cannot carry', () => {
    assert.equal(refused(edited('flatAlert', { IsIncident: undefined })).target, 'IsIncident');
    assert.equal(refused(edited('flatAlert', { 'ExtendedProperties.PID': Number.NaN })).target, 'ExtendedProperties.PID');
    assert.equal(refused(edited('flatAlert', { When: new Date(0) })).target, 'When');
    const cyclic = fixture('flatAlert');
    cyclic.Self = cyclic;
    assert.equal(refused(cyclic).code, EventErrorCode.EventTooLarge);
  });
});
