/** ARM alert `properties` → the flat workflow-automation names (`timeGeneratedUtc` → `TimeGenerated`, …). */
import type { JsonObject } from '../expressions/values.js';
import { copyJson, setProperty } from './json-value.js';
import { FLAT_NAME_OF_ARM, FLAT_NAMES } from './schemas/alert-fields.js';

/**
 * Known properties take their flat names; unknown ones are PascalCased, unless that would shadow a flat field
 * the schema types (the ARM `version` is an API version, not the flat `Version`). Nested values are kept as posted.
 */
export function flatAlertOf(properties: Readonly<Record<string, unknown>>): JsonObject {
  const flat: JsonObject = {};
  for (const [name, value] of Object.entries(properties)) {
    const known = FLAT_NAME_OF_ARM.get(name);
    const pascal = name.charAt(0).toUpperCase() + name.slice(1);
    if (known !== undefined) setProperty(flat, known, copyJson(value));
    else if (!FLAT_NAMES.has(pascal.toLowerCase())) setProperty(flat, pascal, copyJson(value));
  }
  return flat;
}
