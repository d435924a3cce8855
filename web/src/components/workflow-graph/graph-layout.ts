/**
 * A workflow definition as boxes and arrows, top to bottom: the trigger, then every action layered by its
 * longest `runAfter` path, containers (If, Switch, Foreach, Until, Scope) drawn as boxes holding one lane per
 * branch, each lane starting at a small label node. Pure (no React, no DOM) so it can be tested on its own; the
 * positions of a node inside a container or lane are relative to it, as React Flow's `parentId` expects.
 */

export type GraphNodeKind = 'trigger' | 'action' | 'container' | 'lane' | 'start';

export interface LayoutNode {
  /** `trigger:{name}`, `action:{name}`, `lane:{container}:{index}`, `start:{container}:{index}`. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** The trigger's or action's name; for a lane or start node, its container's name. */
  readonly name: string;
  /** The trigger's or action's `type`. */
  readonly type?: string;
  /** A start node's text ("True", "Case High", "Each item"); a container's detail ("For each @{…}"). */
  readonly label?: string;
  readonly parentId?: string;
  /** Relative to the parent, when there is one. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** How many actions a container holds (all lanes, nested ones included). */
  readonly childCount?: number;
}

export interface LayoutEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** The runAfter statuses when they are not just Succeeded ("Failed, TimedOut"). */
  readonly label?: string;
}

export interface GraphLayout {
  /** Parents come before their children. */
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
}

export const SIZES = {
  nodeWidth: 230,
  nodeHeight: 58,
  startWidth: 150,
  startHeight: 26,
  gapX: 36,
  gapY: 60,
  laneGap: 20,
  lanePad: 14,
  containerPad: 14,
  headerHeight: 54,
} as const;

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Definition property names match case-insensitively, as in the engine. */
function property(object: Json, name: string): unknown {
  if (name in object) return object[name];
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

function objectProperty(object: Json, name: string): Json {
  const value = property(object, name);
  return isObject(value) ? value : {};
}

function text(value: unknown, max = 48): string {
  const raw = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
}

export function actionTypeOf(action: unknown): string {
  const type = isObject(action) ? property(action, 'type') : undefined;
  return typeof type === 'string' && type !== '' ? type : 'Unknown';
}

interface Lane {
  readonly label: string;
  readonly actions: Json;
}

/** A container's branches, in the order the designer shows them; `undefined` for an action that holds none. */
export function lanesOf(action: Json): readonly Lane[] | undefined {
  const type = actionTypeOf(action).toLowerCase();
  const actions = objectProperty(action, 'actions');
  switch (type) {
    case 'if':
      return [
        { label: 'True', actions },
        { label: 'False', actions: objectProperty(objectProperty(action, 'else'), 'actions') },
      ];
    case 'switch': {
      const cases = Object.entries(objectProperty(action, 'cases')).map(([name, branch]) => {
        const spec = isObject(branch) ? branch : {};
        const value = property(spec, 'case');
        return { label: `${name}: ${text(value, 24)}`, actions: objectProperty(spec, 'actions') };
      });
      return [...cases, { label: 'Default', actions: objectProperty(objectProperty(action, 'default'), 'actions') }];
    }
    case 'foreach':
      return [{ label: 'Each item', actions }];
    case 'until':
      return [{ label: 'Each iteration', actions }];
    case 'scope':
      return [{ label: 'Start', actions }];
    default:
      return undefined;
  }
}

/** The line under a container's name: what it loops over or tests. */
function containerDetail(action: Json): string | undefined {
  const type = actionTypeOf(action).toLowerCase();
  if (type === 'foreach') return `For each ${text(property(action, 'foreach'))}`;
  if (type === 'until') {
    const count = property(objectProperty(action, 'limit'), 'count');
    return `Until ${text(property(action, 'expression'), 36)}${count === undefined ? '' : ` (at most ${text(count, 8)})`}`;
  }
  if (type === 'if') return `If ${text(property(action, 'expression'), 44)}`;
  if (type === 'switch') return `On ${text(property(action, 'expression'), 44)}`;
  return undefined;
}

/** A measured subtree: its own node (position not yet known) and everything inside it, placed relative to it. */
interface Measured {
  readonly self: Omit<LayoutNode, 'x' | 'y' | 'parentId'>;
  readonly inner: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
}

interface Block {
  readonly width: number;
  readonly height: number;
  /** Top-level items of the block, placed relative to the block's origin, and their subtrees. */
  readonly placed: readonly { readonly item: Measured; readonly x: number; readonly y: number }[];
  /** Actions with no runAfter on a sibling: they hang off the trigger or the lane's start. */
  readonly roots: readonly string[];
  /** Where the node they hang off goes: above the middle of the roots. */
  readonly rootsCenter: number;
  readonly edges: readonly LayoutEdge[];
}

function statusLabel(statuses: unknown): string | undefined {
  const list = Array.isArray(statuses) ? statuses.filter((status): status is string => typeof status === 'string') : [];
  if (list.length === 0 || (list.length === 1 && list[0]?.toLowerCase() === 'succeeded')) return undefined;
  return list.join(', ');
}

function countActions(actions: Json): number {
  let count = 0;
  for (const action of Object.values(actions)) {
    count += 1;
    if (!isObject(action)) continue;
    for (const lane of lanesOf(action) ?? []) count += countActions(lane.actions);
  }
  return count;
}

function measureAction(name: string, action: unknown): Measured {
  const spec = isObject(action) ? action : {};
  const type = actionTypeOf(spec);
  const lanes = lanesOf(spec);
  if (lanes === undefined) {
    return { self: { id: `action:${name}`, kind: 'action', name, type, width: SIZES.nodeWidth, height: SIZES.nodeHeight }, inner: [], edges: [] };
  }
  const containerId = `action:${name}`;
  const laneBoxes = lanes.map((lane, index) => measureLane(name, index, lane));
  const lanesWidth = laneBoxes.reduce((sum, lane) => sum + lane.width, 0) + SIZES.laneGap * Math.max(0, laneBoxes.length - 1);
  const width = Math.max(SIZES.nodeWidth, lanesWidth + 2 * SIZES.containerPad);
  const laneHeight = Math.max(0, ...laneBoxes.map((lane) => lane.height));
  const height = SIZES.headerHeight + laneHeight + SIZES.containerPad;
  const inner: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  let x = (width - lanesWidth) / 2;
  for (const lane of laneBoxes) {
    // Lanes of one container are as tall as the tallest, so their boxes line up.
    inner.push({ ...lane.self, parentId: containerId, x, y: SIZES.headerHeight, height: laneHeight });
    inner.push(...lane.inner);
    edges.push(...lane.edges);
    x += lane.width + SIZES.laneGap;
  }
  const detail = containerDetail(spec);
  return {
    self: { id: containerId, kind: 'container', name, type, width, height, childCount: lanes.reduce((sum, lane) => sum + countActions(lane.actions), 0), ...(detail === undefined ? {} : { label: detail }) },
    inner,
    edges,
  };
}

interface MeasuredLane {
  readonly self: Omit<LayoutNode, 'x' | 'y' | 'parentId'>;
  readonly inner: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
}

function measureLane(container: string, index: number, lane: Lane): MeasuredLane {
  const laneId = `lane:${container}:${index}`;
  const startId = `start:${container}:${index}`;
  const block = layoutBlock(lane.actions);
  const innerWidth = Math.max(block.width, SIZES.startWidth);
  const width = innerWidth + 2 * SIZES.lanePad;
  const empty = block.placed.length === 0;
  const height = SIZES.lanePad + SIZES.startHeight + (empty ? 0 : SIZES.gapY + block.height) + SIZES.lanePad;
  const offsetX = SIZES.lanePad + (innerWidth - block.width) / 2;
  const offsetY = SIZES.lanePad + SIZES.startHeight + SIZES.gapY;
  const inner: LayoutNode[] = [
    {
      id: startId,
      kind: 'start',
      name: container,
      label: empty ? `${lane.label} (no actions)` : lane.label,
      parentId: laneId,
      x: empty ? (width - SIZES.startWidth) / 2 : offsetX + block.rootsCenter - SIZES.startWidth / 2,
      y: SIZES.lanePad,
      width: SIZES.startWidth,
      height: SIZES.startHeight,
    },
  ];
  for (const { item, x, y } of block.placed) {
    inner.push({ ...item.self, parentId: laneId, x: offsetX + x, y: offsetY + y }, ...item.inner);
  }
  const edges = [...block.edges, ...block.roots.map((root) => ({ id: `${startId}->${root}`, source: startId, target: `action:${root}` }))];
  return { self: { id: laneId, kind: 'lane', name: container, label: lane.label, width, height }, inner, edges, width, height };
}

/** One set of sibling actions: layers by longest runAfter path, each node under its predecessors where it fits. */
function layoutBlock(actions: Json): Block {
  const names = Object.keys(actions);
  const byLower = new Map(names.map((name) => [name.toLowerCase(), name]));
  const predecessors = new Map<string, { name: string; label: string | undefined }[]>();
  for (const name of names) {
    const spec = actions[name];
    const runAfter = isObject(spec) ? property(spec, 'runAfter') : undefined;
    const list: { name: string; label: string | undefined }[] = [];
    if (isObject(runAfter)) {
      for (const [after, statuses] of Object.entries(runAfter)) {
        const sibling = byLower.get(after.toLowerCase());
        if (sibling !== undefined && sibling !== name) list.push({ name: sibling, label: statusLabel(statuses) });
      }
    }
    predecessors.set(name, list);
  }

  // Longest path from a root; a cycle (an invalid definition being edited) is cut where it closes.
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const value = Math.max(-1, ...(predecessors.get(name) ?? []).map((before) => depthOf(before.name))) + 1;
    visiting.delete(name);
    depth.set(name, value);
    return value;
  };
  for (const name of names) depthOf(name);

  const measured = new Map(names.map((name) => [name, measureAction(name, actions[name])]));
  const layers: string[][] = [];
  for (const name of names) (layers[depth.get(name) ?? 0] ??= []).push(name);

  const layerWidth = (layer: readonly string[]) =>
    layer.reduce((sum, name) => sum + (measured.get(name)?.self.width ?? 0), 0) + SIZES.gapX * Math.max(0, layer.length - 1);
  const widest = Math.max(0, ...layers.map((layer) => layerWidth(layer ?? [])));
  const centerX = new Map<string, number>();
  const left = new Map<string, number>();
  const top = new Map<string, number>();
  let y = 0;
  for (const [index, layer = []] of layers.entries()) {
    // Under the middle of its predecessors; the first layer (and orphans) centred.
    const wanted = (name: string): number => {
      const before = (predecessors.get(name) ?? []).map((item) => centerX.get(item.name)).filter((value): value is number => value !== undefined);
      return before.length === 0 ? widest / 2 : before.reduce((sum, value) => sum + value, 0) / before.length;
    };
    const order = index === 0 ? layer : [...layer].sort((a, b) => wanted(a) - wanted(b) || names.indexOf(a) - names.indexOf(b));
    let cursor = Number.NEGATIVE_INFINITY;
    let shift = 0;
    const placed: [string, number][] = [];
    if (index === 0) {
      cursor = (widest - layerWidth(order)) / 2;
      for (const name of order) {
        placed.push([name, cursor]);
        cursor += (measured.get(name)?.self.width ?? 0) + SIZES.gapX;
      }
    } else {
      for (const name of order) {
        const width = measured.get(name)?.self.width ?? 0;
        const x = Math.max(wanted(name) - width / 2, cursor);
        shift += x - (wanted(name) - width / 2);
        placed.push([name, x]);
        cursor = x + width + SIZES.gapX;
      }
      // Pushed right to avoid overlaps: move the layer back by the mean push so it stays under its predecessors.
      shift = placed.length === 0 ? 0 : shift / placed.length;
    }
    const height = Math.max(0, ...order.map((name) => measured.get(name)?.self.height ?? 0));
    for (const [name, x] of placed) {
      const width = measured.get(name)?.self.width ?? 0;
      left.set(name, x - shift);
      centerX.set(name, x - shift + width / 2);
      top.set(name, y);
    }
    y += height + SIZES.gapY;
  }

  const minX = Math.min(0, ...names.map((name) => left.get(name) ?? 0));
  const maxX = Math.max(0, ...names.map((name) => (left.get(name) ?? 0) + (measured.get(name)?.self.width ?? 0)));
  const placed = names.map((name) => ({ item: measured.get(name) as Measured, x: (left.get(name) ?? 0) - minX, y: top.get(name) ?? 0 }));
  const roots = names.filter((name) => (predecessors.get(name) ?? []).length === 0);
  const rootCenters = roots.map((name) => (centerX.get(name) ?? 0) - minX);
  const edges: LayoutEdge[] = [];
  for (const name of names) {
    edges.push(...(measured.get(name)?.edges ?? []));
    for (const before of predecessors.get(name) ?? []) {
      edges.push({ id: `action:${before.name}->action:${name}`, source: `action:${before.name}`, target: `action:${name}`, ...(before.label === undefined ? {} : { label: before.label }) });
    }
  }
  return {
    width: maxX - minX,
    height: names.length === 0 ? 0 : y - SIZES.gapY,
    placed,
    roots,
    rootsCenter: rootCenters.length === 0 ? (maxX - minX) / 2 : rootCenters.reduce((sum, value) => sum + value, 0) / rootCenters.length,
    edges,
  };
}

/** The whole definition: the triggers in a row on top, the actions below; anything unreadable is left out. */
export function layoutDefinition(definition: unknown): GraphLayout {
  const spec = isObject(definition) ? definition : {};
  const triggers = Object.entries(objectProperty(spec, 'triggers'));
  const block = layoutBlock(objectProperty(spec, 'actions'));
  const triggerRow = triggers.length * SIZES.nodeWidth + SIZES.gapX * Math.max(0, triggers.length - 1);
  // The triggers above the actions they start; whichever sticks out further sets the left edge.
  const rowLeft = block.placed.length === 0 ? 0 : block.rootsCenter - triggerRow / 2;
  const shiftX = Math.max(0, -rowLeft);
  const width = Math.max(block.width + shiftX, rowLeft + shiftX + triggerRow);
  const nodes: LayoutNode[] = [];
  triggers.forEach(([name, trigger], index) => {
    nodes.push({
      id: `trigger:${name}`,
      kind: 'trigger',
      name,
      type: actionTypeOf(trigger),
      x: rowLeft + shiftX + index * (SIZES.nodeWidth + SIZES.gapX),
      y: 0,
      width: SIZES.nodeWidth,
      height: SIZES.nodeHeight,
    });
  });
  const offsetY = triggers.length === 0 ? 0 : SIZES.nodeHeight + SIZES.gapY;
  for (const { item, x, y } of block.placed) nodes.push({ ...item.self, x: shiftX + x, y: offsetY + y }, ...item.inner);
  const edges = [...block.edges];
  for (const [name] of triggers) {
    for (const root of block.roots) edges.push({ id: `trigger:${name}->action:${root}`, source: `trigger:${name}`, target: `action:${root}` });
  }
  return { nodes, edges, width, height: offsetY + block.height };
}

/** Action names by node id, for the callers that get a node id back from React Flow. */
export function actionNameOf(nodeId: string): string | undefined {
  if (nodeId.startsWith('action:')) return nodeId.slice('action:'.length);
  if (nodeId.startsWith('trigger:')) return nodeId.slice('trigger:'.length);
  return undefined;
}
