import type { JsonObject, Value } from '../values.js';

/**
 * Sets an own data property even when the key is `__proto__`, which a plain assignment would treat as a
 * prototype change. Keys come from user data (JSON text, `setProperty` names), so every writer must go through this.
 */
export function setOwnProperty(target: JsonObject, key: string, value: Value): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
