/**
 * Error targets name the offending field the way rules and templates write paths: `properties.status.code`,
 * `Entities[3].address`, `ExtendedProperties['Process Path']`. The event itself is the empty path.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}['${key.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
}

/** A JSON Pointer from TypeBox (`/properties/status/code`, `/Entities/3`) as a path; numeric segments are indices. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<string>((path, part) => childPath(path, /^(?:0|[1-9]\d*)$/.test(part) ? Number(part) : part), '');
}

/** The target of an error in the n-th event of a `{"value": [...]}` batch: `value[3].properties.status.code`. */
export function batchTarget(index: number, target: string): string {
  const item = `value[${index}]`;
  if (target === '') return item;
  return target.startsWith('[') ? `${item}${target}` : `${item}.${target}`;
}
