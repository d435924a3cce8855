import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Float, type JsonObject, type Value } from '../expressions/values.js';
import type { AutomationRule, AutomationRuleSet, PropertyType, RuleOperator } from './automation-types.js';
import { PropertyType as PropertyTypes, RuleOperator as RuleOperators } from './automation-types.js';
import { compileRule, compileRuleSets } from './compile-rules.js';

const rule = (propertyJPath: string, propertyType: PropertyType, operator: RuleOperator, expectedValue: string): AutomationRule => ({
  propertyJPath,
  propertyType,
  operator,
  expectedValue,
});
const holds = (r: AutomationRule, payload: Value) => compileRule(r)(payload);

describe('compileRule', () => {
  const alert: JsonObject = {
    Severity: 'High',
    Version: '3.0',
    AlertDisplayName: 'Suspicious process executed',
    Count: 7,
    Ratio: 0.25,
    CountText: ' 12 ',
    IsIncident: true,
    Flag: 'FALSE',
    Entities: [{ Type: 'host' }],
    Nothing: null,
  };

  it('compares strings case-insensitively', () => {
    assert.ok(holds(rule('Severity', 'String', 'Equals', 'high'), alert));
    assert.ok(holds(rule('severity', 'String', 'Equals', 'HIGH'), alert));
    assert.ok(holds(rule('Version', 'String', 'Contains', '3.'), alert));
    assert.ok(holds(rule('AlertDisplayName', 'String', 'StartsWith', 'suspicious'), alert));
    assert.ok(holds(rule('AlertDisplayName', 'String', 'EndsWith', 'EXECUTED'), alert));
    assert.ok(holds(rule('Severity', 'String', 'NotEquals', 'low'), alert));
    assert.ok(!holds(rule('Severity', 'String', 'NotEquals', 'HIGH'), alert));
    assert.ok(holds(rule('Entities[0].Type', 'String', 'Equals', 'Host'), alert));
  });

  it('compares numbers and booleans in their JSON text for String rules', () => {
    assert.ok(holds(rule('Count', 'String', 'Equals', '7'), alert));
    assert.ok(holds(rule('IsIncident', 'String', 'Equals', 'True'), alert));
    assert.ok(holds(rule('Ratio', 'String', 'StartsWith', '0.2'), alert));
    assert.ok(!holds(rule('Entities', 'String', 'Contains', 'host'), alert), 'arrays have no text form');
  });

  it('compares Integer and Number numerically, parsing text', () => {
    assert.ok(holds(rule('Count', 'Integer', 'GreaterThan', '5'), alert));
    assert.ok(holds(rule('Count', 'Integer', 'LesserThanOrEqualTo', '7'), alert));
    assert.ok(!holds(rule('Count', 'Integer', 'LesserThan', '7'), alert));
    assert.ok(holds(rule('CountText', 'Integer', 'Equals', '12'), alert));
    assert.ok(holds(rule('Count', 'Number', 'Equals', '7.0'), alert));
    assert.ok(holds(rule('Ratio', 'Number', 'LesserThan', '0.5'), alert));
    assert.ok(holds(rule('Ratio', 'Number', 'GreaterThanOrEqualTo', '2.5e-1'), alert));
    assert.ok(!holds(rule('Ratio', 'Integer', 'LesserThan', '1'), alert), '0.25 is not an Integer');
    assert.ok(holds({ ...rule('x', 'Number', 'Equals', '5') }, { x: new Float(5) }));
  });

  it('makes a non-numeric value false for every numeric operator but NotEquals', () => {
    for (const operator of ['Equals', 'GreaterThan', 'GreaterThanOrEqualTo', 'LesserThan', 'LesserThanOrEqualTo'] as const) {
      assert.ok(!holds(rule('Severity', 'Integer', operator, '1'), alert), operator);
      assert.ok(!holds(rule('IsIncident', 'Number', operator, '1'), alert), operator);
    }
    assert.ok(holds(rule('Severity', 'Integer', 'NotEquals', '1'), alert));
  });

  it('reads booleans from JSON and from text in any case', () => {
    assert.ok(holds(rule('IsIncident', 'Boolean', 'Equals', 'true'), alert));
    assert.ok(holds(rule('IsIncident', 'Boolean', 'Equals', 'TRUE'), alert));
    assert.ok(holds(rule('Flag', 'Boolean', 'Equals', 'false'), alert));
    assert.ok(holds(rule('Flag', 'Boolean', 'NotEquals', 'true'), alert));
    assert.ok(!holds(rule('Severity', 'Boolean', 'Equals', 'true'), alert));
  });

  it('treats a missing or null property as false, except for NotEquals', () => {
    for (const path of ['Missing', 'Nothing', 'Entities[3].Type']) {
      assert.ok(!holds(rule(path, 'String', 'Equals', ''), alert), path);
      assert.ok(!holds(rule(path, 'String', 'Contains', ''), alert), path);
      assert.ok(!holds(rule(path, 'Integer', 'GreaterThan', '0'), alert), path);
      assert.ok(holds(rule(path, 'String', 'NotEquals', 'x'), alert), path);
      assert.ok(holds(rule(path, 'Boolean', 'NotEquals', 'true'), alert), path);
    }
  });

  it('compiles rules validation would reject to never-true', () => {
    assert.ok(!holds(rule('Severity', 'String', 'GreaterThan', 'a'), alert));
    assert.ok(!holds(rule('Count', 'Integer', 'Contains', '7'), alert));
    assert.ok(!holds(rule('Count', 'Integer', 'NotEquals', 'seven'), alert));
    assert.ok(!holds(rule('a..b', 'String', 'NotEquals', 'x'), alert));
    assert.ok(!holds(rule('Severity', 'String', 'Bogus' as RuleOperator, 'High'), alert));
  });
});

describe('compileRuleSets', () => {
  const payload = { Severity: 'High', Version: '3.0' };
  const high = rule('Severity', 'String', 'Equals', 'High');
  const low = rule('Severity', 'String', 'Equals', 'Low');
  const v3 = rule('Version', 'String', 'Contains', '3.');

  it('ANDs rules within a set and ORs sets; no sets or an empty set matches everything', () => {
    assert.ok(compileRuleSets([{ rules: [high, v3] }])(payload));
    assert.ok(!compileRuleSets([{ rules: [low, v3] }])(payload));
    assert.ok(compileRuleSets([{ rules: [low] }, { rules: [high, v3] }])(payload));
    assert.ok(!compileRuleSets([{ rules: [low] }, { rules: [high, low] }])(payload));
    assert.ok(compileRuleSets([])(payload));
    assert.ok(compileRuleSets(undefined)(payload));
    assert.ok(compileRuleSets([{ rules: [] }])(payload));
  });
});

// ---- properties: never throws; agrees with a naive reference implementation --------------------------------

const MISSING = Symbol('missing');

/** Reference: tokenise a dotted/indexed path with a regex and walk it naively. */
function oracleResolve(payload: unknown, path: string): unknown {
  const tokens = path.replace(/^\$\.?/, '').match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let current: unknown = payload;
  for (const token of tokens) {
    if (current === null || current === undefined) return MISSING;
    const index = /^\[(\d+)\]$/.exec(token)?.[1] ?? (/^\d+$/.test(token) ? token : undefined);
    if (Array.isArray(current)) {
      if (index === undefined || Number(index) >= current.length) return MISSING;
      current = current[Number(index)];
    } else if (typeof current === 'object' && !(current instanceof Float) && !token.startsWith('[')) {
      const object = current as Record<string, unknown>;
      const key = Object.hasOwn(object, token) ? token : Object.keys(object).find((k) => k.toLowerCase() === token.toLowerCase());
      if (key === undefined) return MISSING;
      current = object[key];
    } else {
      return MISSING;
    }
  }
  return current === undefined ? MISSING : current;
}

function oracleNumber(value: unknown, integer: boolean): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (value instanceof Float) n = value.value;
  else if (typeof value === 'string' && value.trim() !== '' && !/^[+-]?0[xob]/i.test(value.trim()) && !/infinity/i.test(value)) n = Number(value);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return integer && !Number.isInteger(n) ? undefined : n;
}

function oracleRule(r: AutomationRule, payload: unknown): boolean {
  const actual = oracleResolve(payload, r.propertyJPath);
  const type = r.propertyType;
  const op = r.operator;
  const negate = op === 'NotEquals';
  const base = negate ? 'Equals' : op;
  let result: boolean | undefined; // undefined: the rule can never hold
  if (type === 'String') {
    if (!['Equals', 'Contains', 'StartsWith', 'EndsWith'].includes(base)) return false;
    const text = typeof actual === 'string' ? actual : typeof actual === 'number' || typeof actual === 'boolean' ? String(actual) : actual instanceof Float ? String(actual.value) : undefined;
    const a = text?.toLowerCase();
    const e = r.expectedValue.toLowerCase();
    result = a === undefined ? false : base === 'Equals' ? a === e : base === 'Contains' ? a.includes(e) : base === 'StartsWith' ? a.startsWith(e) : a.endsWith(e);
  } else if (type === 'Integer' || type === 'Number') {
    const e = oracleNumber(r.expectedValue, type === 'Integer');
    if (e === undefined || ['Contains', 'StartsWith', 'EndsWith'].includes(base)) return false;
    const a = oracleNumber(actual, type === 'Integer');
    result =
      a === undefined ? false
      : base === 'Equals' ? a === e
      : base === 'GreaterThan' ? a > e
      : base === 'GreaterThanOrEqualTo' ? a >= e
      : base === 'LesserThan' ? a < e
      : a <= e;
  } else {
    const asBool = (v: unknown) => (typeof v === 'boolean' ? v : typeof v === 'string' && ['true', 'false'].includes(v.trim().toLowerCase()) ? v.trim().toLowerCase() === 'true' : undefined);
    const e = asBool(r.expectedValue);
    if (e === undefined || base !== 'Equals') return false;
    result = asBool(actual) === e;
  }
  return negate ? !result : result;
}

function oracleRuleSets(ruleSets: readonly AutomationRuleSet[], payload: unknown): boolean {
  return ruleSets.length === 0 || ruleSets.some((set) => set.rules.every((r) => oracleRule(r, payload)));
}

const KEYS = ['Severity', 'severity', 'Count', 'Flag', 'Name', 'Items', 'properties', 'status'];
const TEXTS = ['High', 'high', 'HIGH', 'Low', '3', '3.0', '-2', '1e1', ' 7 ', 'true', 'False', 'x', '', '0x10', 'Infinity', '2.5', '.5'];
const leaf: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc.integer({ min: -5, max: 10 }),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -3, max: 3 }).map((n) => new Float(n)),
);
const payloadArb: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
  ),
})).value;
const pathArb = fc
  .tuple(
    fc.constantFrom('', '$.'),
    fc.array(fc.oneof(fc.constantFrom(...KEYS).map((k) => `.${k}`), fc.constantFrom('.SEVERITY', '[0]', '[1]', '.0')), { minLength: 1, maxLength: 3 }),
  )
  .map(([prefix, parts]) => prefix + parts.join('').replace(/^\./, ''))
  .filter((path) => !path.startsWith('[') && !path.startsWith('$.['));
const ruleArb: fc.Arbitrary<AutomationRule> = fc.record({
  propertyJPath: pathArb,
  propertyType: fc.constantFrom(...Object.values(PropertyTypes)),
  operator: fc.constantFrom(...Object.values(RuleOperators)),
  expectedValue: fc.constantFrom(...TEXTS),
});
const ruleSetsArb = fc.array(fc.record({ rules: fc.array(ruleArb, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 });

describe('compiled rules (properties)', () => {
  it('agree with the naive reference implementation', () => {
    fc.assert(
      fc.property(ruleSetsArb, fc.dictionary(fc.constantFrom(...KEYS), payloadArb, { maxKeys: 5 }), (ruleSets, payload) => {
        assert.equal(compileRuleSets(ruleSets)(payload), oracleRuleSets(ruleSets, payload));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throw on arbitrary JSON payloads and arbitrary rules', () => {
    const anyRule = fc.record({
      propertyJPath: fc.oneof(pathArb, fc.string({ maxLength: 20 })),
      propertyType: fc.constantFrom(...Object.values(PropertyTypes)),
      operator: fc.constantFrom(...Object.values(RuleOperators)),
      expectedValue: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...TEXTS)),
    });
    fc.assert(
      fc.property(fc.array(fc.record({ rules: fc.array(anyRule, { maxLength: 3 }) }), { maxLength: 3 }), fc.jsonValue(), (ruleSets, payload) => {
        const result = compileRuleSets(ruleSets)(payload as Value);
        assert.equal(typeof result, 'boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('String Equals', () => {
  it('agrees with comparing lower-cased texts, for ASCII and other expected values alike', () => {
    const texts = fc.oneof(fc.constantFrom('high', 'HIGH', 'High', 'İ', 'i̇', 'K', 'k', 'ß', 'SS', ''), fc.string(), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(texts, texts, (expected, actual) => {
        assert.equal(holds(rule('Severity', PropertyTypes.String, RuleOperators.Equals, expected), { Severity: actual }), actual.toLowerCase() === expected.toLowerCase());
      }),
    );
  });

  it('compares numbers and booleans in the event by their text', () => {
    assert.equal(holds(rule('Count', PropertyTypes.String, RuleOperators.Equals, '7'), { Count: 7 }), true);
    assert.equal(holds(rule('Flag', PropertyTypes.String, RuleOperators.Equals, 'TRUE'), { Flag: true }), true);
    assert.equal(holds(rule('Flag', PropertyTypes.String, RuleOperators.Equals, 'true'), { Flag: null }), false);
  });
});
