/** A problem in an automation body; `target` is a JSON path (`properties.sources[0].ruleSets[1].rules[0].operator`). */
export interface AutomationIssue {
  readonly target: string;
  readonly message: string;
}

/** Appends a property or an index to a target path; names that are not identifiers are bracket-quoted. */
export function childTarget(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}['${key.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
}

/** JSON Pointer (`/properties/sources/0/eventSource`, as TypeBox reports) to a target path. */
export function pointerToTarget(pointer: string): string {
  if (pointer === '') return '(body)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<string>((target, part) => childTarget(target, /^(0|[1-9]\d*)$/.test(part) ? Number(part) : part), '');
}
