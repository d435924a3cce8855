/**
 * A workflow definition's trigger and actions in definition order, nested ones with their container and depth:
 * the run page lists a run's actions with it, and shows an action's declared tracked properties.
 */
import { type JsonObject as Json, isObject, property } from '../../api/json-object';

export interface OutlineItem {
  readonly name: string;
  readonly type: string;
  /** 0 for top-level actions. */
  readonly depth: number;
  /** The container (If, Switch, Foreach, Until, Scope) it sits in, and which branch ("else", a case name). */
  readonly parent?: string;
  readonly branch?: string;
  readonly trackedProperties?: unknown;
}

export interface Outline {
  readonly trigger?: { readonly name: string; readonly type: string };
  readonly actions: readonly OutlineItem[];
}

function actionsOf(container: unknown): Json {
  if (!isObject(container)) return {};
  const actions = property(container, 'actions');
  return isObject(actions) ? actions : {};
}

/** The branches a container action holds, each with its label ('' for the main one). */
function branches(action: Json): { readonly branch: string; readonly actions: Json }[] {
  const out = [{ branch: '', actions: actionsOf(action) }];
  const otherwise = property(action, 'else');
  if (isObject(otherwise)) out.push({ branch: 'else', actions: actionsOf(otherwise) });
  const cases = property(action, 'cases');
  if (isObject(cases)) for (const [name, item] of Object.entries(cases)) out.push({ branch: `case ${name}`, actions: actionsOf(item) });
  const fallback = property(action, 'default');
  if (isObject(fallback)) out.push({ branch: 'default', actions: actionsOf(fallback) });
  return out;
}

function walk(actions: Json, depth: number, parent: { name: string; branch: string } | undefined, out: OutlineItem[]): void {
  for (const [name, value] of Object.entries(actions)) {
    const action = isObject(value) ? value : {};
    const tracked = property(action, 'trackedProperties');
    out.push({
      name,
      type: String(property(action, 'type') ?? ''),
      depth,
      ...(parent === undefined ? {} : { parent: parent.name, ...(parent.branch === '' ? {} : { branch: parent.branch }) }),
      ...(tracked === undefined ? {} : { trackedProperties: tracked }),
    });
    for (const { branch, actions: inner } of branches(action)) walk(inner, depth + 1, { name, branch }, out);
  }
}

export function outlineOf(definition: unknown): Outline {
  if (!isObject(definition)) return { actions: [] };
  const triggers = property(definition, 'triggers');
  const first = isObject(triggers) ? Object.entries(triggers)[0] : undefined;
  const actions: OutlineItem[] = [];
  walk(actionsOf(definition), 0, undefined, actions);
  if (first === undefined) return { actions };
  const [name, trigger] = first;
  return { trigger: { name, type: String((isObject(trigger) ? property(trigger, 'type') : undefined) ?? '') }, actions };
}
