import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { JsonObject } from '../expressions/values.js';
import { automationId } from './automation-id.js';
import { AutomationIndex } from './automation-index.js';
import type { AutomationProperties, AutomationSource, EventSource } from './automation-types.js';
import { type CompiledAutomation, compileAutomation, matchesEvent } from './compile-automation.js';
import type { AutomationEvent } from './scope.js';

const severity = (eventSource: EventSource, value: string, path = 'Severity'): AutomationSource => ({
  eventSource,
  ruleSets: [{ rules: [{ propertyJPath: path, propertyType: 'String', expectedValue: value, operator: 'Equals' }] }],
});
const props = (overrides: Partial<AutomationProperties> = {}): AutomationProperties => ({
  isEnabled: true,
  scopes: [],
  sources: [severity('Alerts', 'High')],
  actions: [],
  ...overrides,
});
const compile = (sub: string, name: string, overrides: Partial<AutomationProperties> = {}) =>
  compileAutomation(automationId(sub, 'rg', name), props(overrides));
const alert = (sub: string, payload: JsonObject = { Severity: 'High' }, resourceGroup = 'app'): AutomationEvent => ({
  eventSource: 'Alerts',
  subscriptionId: sub,
  resourceId: `/subscriptions/${sub}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/vm`,
  payload,
});
const names = (matched: readonly CompiledAutomation[]) => matched.map((a) => a.id.split('/').pop());

describe('AutomationIndex', () => {
  it('matches by source, subscription, scope and rules', () => {
    const index = new AutomationIndex();
    index.upsert(compile('s1', 'a-high'));
    index.upsert(compile('s1', 'b-low', { sources: [severity('Alerts', 'Low')] }));
    index.upsert(compile('s2', 'c-high'));
    index.upsert(compile('s1', 'd-assessments', { sources: [{ eventSource: 'Assessments', ruleSets: [] }] }));
    index.upsert(compile('s1', 'e-app-rg', { scopes: [{ scopePath: '/subscriptions/s1/resourceGroups/APP' }], sources: [{ eventSource: 'Alerts', ruleSets: [] }] }));
    index.upsert(compile('s1', 'f-other-rg', { scopes: [{ scopePath: '/subscriptions/s1/resourceGroups/other' }], sources: [{ eventSource: 'Alerts', ruleSets: [] }] }));
    assert.equal(index.size, 6);
    assert.deepEqual(names(index.match(alert('s1'))), ['a-high', 'e-app-rg']);
    assert.deepEqual(names(index.match(alert('S1', { severity: 'low' }))), ['b-low', 'e-app-rg']);
    assert.deepEqual(names(index.match(alert('s2'))), ['c-high']);
    assert.deepEqual(names(index.match({ ...alert('s1'), eventSource: 'assessments' })), ['d-assessments']);
    assert.deepEqual(index.match({ ...alert('s1'), eventSource: 'SecureScores' }), []);
    assert.deepEqual(index.match(alert('s3')), []);
  });

  it('replaces on upsert (ids compared case-insensitively) and forgets on remove', () => {
    const index = new AutomationIndex();
    index.upsert(compile('s1', 'a'));
    index.upsert(compileAutomation(automationId('S1', 'RG', 'A'), props({ sources: [severity('Alerts', 'Low')] })));
    assert.equal(index.size, 1);
    assert.deepEqual(index.match(alert('s1')), []);
    assert.equal(index.match(alert('s1', { Severity: 'Low' })).length, 1);
    assert.ok(index.get(automationId('s1', 'rg', 'a') + '/'));
    assert.equal(index.remove(automationId('s1', 'rg', 'a')), true);
    assert.equal(index.remove(automationId('s1', 'rg', 'a')), false);
    assert.equal(index.size, 0);
    assert.deepEqual(index.match(alert('s1', { Severity: 'Low' })), []);
  });

  it('keeps disabled automations out of matching until re-enabled', () => {
    const index = new AutomationIndex();
    index.upsert(compile('s1', 'a', { isEnabled: false }));
    assert.equal(index.size, 1);
    assert.deepEqual(index.match(alert('s1')), []);
    index.upsert(compile('s1', 'a'));
    assert.equal(index.match(alert('s1')).length, 1);
    index.upsert(compile('s1', 'a', { isEnabled: false }));
    assert.deepEqual(index.match(alert('s1')), []);
  });

  it('returns an automation once even when several scopes, sources and ruleSets match', () => {
    const index = new AutomationIndex();
    index.upsert(
      compile('s1', 'multi', {
        scopes: [{ scopePath: '/subscriptions/s1' }, { scopePath: '/subscriptions/s1/resourceGroups/app' }, { scopePath: '/subscriptions/s2' }],
        sources: [severity('Alerts', 'High'), severity('Alerts', 'high', 'severity'), { eventSource: 'Alerts', ruleSets: [{ rules: [] }, { rules: [] }] }],
      }),
    );
    assert.equal(index.match(alert('s1')).length, 1);
    // Event subscription and resource subscription differ: both buckets are visited, the automation is kept once.
    assert.equal(index.match({ ...alert('s2'), subscriptionId: 's1' }).length, 1);
  });

  it('never throws on odd events', () => {
    const index = new AutomationIndex();
    index.upsert(compile('s1', 'a', { sources: [{ eventSource: 'Alerts', ruleSets: [] }] }));
    const odd = [
      { eventSource: 'Alerts', subscriptionId: '', resourceId: '', payload: {} },
      { eventSource: 'Alerts', subscriptionId: 's1', resourceId: 'not-an-id', payload: {} },
      { eventSource: undefined, subscriptionId: undefined, resourceId: undefined, payload: undefined },
    ] as unknown as AutomationEvent[];
    for (const event of odd) assert.deepEqual(index.match(event), []);
    assert.equal(index.match({ eventSource: 'Alerts', subscriptionId: 's1', resourceId: '', payload: {} }).length, 1);
  });
});

describe('AutomationIndex at scale', () => {
  /** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const SOURCES: EventSource[] = ['Alerts', 'Assessments', 'SubAssessments', 'RegulatoryComplianceAssessment'];
  const SEVERITIES = ['High', 'Medium', 'Low'];
  const sub = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

  it('matches 10,000 automations over 1,000 subscriptions correctly and in well under 1 ms', () => {
    const next = random(42);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const all: CompiledAutomation[] = [];
    for (let i = 0; i < 10_000; i++) {
      const s = sub(i % 1000);
      const roll = next();
      const scopes =
        roll < 0.5 ? [] : roll < 0.8 ? [{ scopePath: `/subscriptions/${s}/resourceGroups/rg${Math.floor(next() * 5)}` }] : [{ scopePath: `/subscriptions/${s}` }, { scopePath: `/subscriptions/${sub(Math.floor(next() * 1000))}/resourceGroups/rg0` }];
      const sources: AutomationSource[] = [
        next() < 0.3 ? { eventSource: pick(SOURCES), ruleSets: [] } : severity(pick(SOURCES), pick(SEVERITIES), pick(['Severity', 'properties.metadata.severity'])),
      ];
      const compiled = compileAutomation(automationId(s, 'automations', `a${i}`), props({ isEnabled: next() > 0.1, scopes, sources }));
      all.push(compiled);
    }
    const index = new AutomationIndex();
    for (const compiled of all) index.upsert(compiled);
    assert.equal(index.size, 10_000);

    const events: AutomationEvent[] = Array.from({ length: 2000 }, () => {
      const s = sub(Math.floor(next() * 1000));
      const severityValue = pick(SEVERITIES);
      return {
        eventSource: pick(SOURCES),
        subscriptionId: s,
        resourceId: `/subscriptions/${s}/resourceGroups/rg${Math.floor(next() * 6)}/providers/Microsoft.Compute/virtualMachines/vm${Math.floor(next() * 10)}`,
        payload: { Severity: severityValue, properties: { metadata: { severity: severityValue.toLowerCase() } } },
      };
    });

    // Correctness: the index agrees with checking every automation one by one.
    let total = 0;
    for (const event of events.slice(0, 300)) {
      const expected = all.filter((a) => matchesEvent(a, event)).map((a) => a.key).sort();
      const actual = index.match(event).map((a) => a.key);
      assert.deepEqual(actual, expected);
      total += actual.length;
    }
    assert.ok(total > 100, `the sample should exercise real matches (got ${total})`);

    // Speed: average over many events, after a warm-up.
    for (const event of events) index.match(event);
    const rounds = 10;
    const started = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const event of events) index.match(event);
    const averageMs = Number(process.hrtime.bigint() - started) / 1e6 / (rounds * events.length);
    assert.ok(averageMs < 0.1, `average match took ${averageMs.toFixed(4)} ms`);
  });
});

describe('AutomationIndex, automations filed by an Equals value', () => {
  const S1 = '00000000-0000-4000-8000-000000000001';
  const paths = fc.constantFrom('Severity', '$.Severity', "['Severity']", 'severity', 'AlertType', 'Entities[0].Type');
  const values = fc.oneof(fc.constantFrom('High', 'HIGH', 'high', 'Low', 'İ', 'i̇', '7', 'true', ''), fc.string({ maxLength: 3 }));
  const rule = fc.record({
    propertyJPath: paths,
    propertyType: fc.constantFrom('String' as const, 'Integer' as const, 'Boolean' as const),
    operator: fc.constantFrom('Equals' as const, 'NotEquals' as const, 'Contains' as const, 'StartsWith' as const),
    expectedValue: values,
  });
  const automation = fc.record({
    name: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    enabled: fc.boolean(),
    ruleSets: fc.array(fc.record({ rules: fc.array(rule, { maxLength: 3 }) }), { maxLength: 3 }),
  });
  const payloadValue = fc.oneof(values, fc.integer({ min: 0, max: 9 }), fc.boolean(), fc.constant(null));
  const payload = fc.record(
    { Severity: payloadValue, severity: payloadValue, AlertType: payloadValue, Entities: fc.array(fc.record({ Type: payloadValue }), { maxLength: 2 }) },
    { requiredKeys: [] },
  );

  it('matches exactly what checking every automation one by one matches, through upserts and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(automation, fc.boolean()), { maxLength: 12 }), fc.array(payload, { minLength: 1, maxLength: 5 }), (changes, payloads) => {
        const index = new AutomationIndex();
        const current = new Map<string, CompiledAutomation>();
        for (const [{ name, enabled, ruleSets }, remove] of changes) {
          const compiled = compile(S1, name, { isEnabled: enabled, sources: [{ eventSource: 'Alerts', ruleSets }] });
          if (remove) {
            index.remove(compiled.id);
            current.delete(compiled.key);
          } else {
            index.upsert(compiled);
            current.set(compiled.key, compiled);
          }
        }
        for (const p of payloads) {
          const event = alert(S1, p as JsonObject);
          const expected = [...current.values()].filter((a) => matchesEvent(a, event)).map((a) => a.key).sort();
          assert.deepEqual(index.match(event).map((a) => a.key), expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
