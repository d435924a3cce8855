/**
 * A workflow definition drawn with React Flow: the trigger, every action with its type, containers as boxes with a
 * lane per branch, runAfter arrows labelled with their statuses, and nodes coloured by a run's statuses. Nodes are
 * focusable and labelled; a click, Enter or Space on one calls `onSelect` with the action's (or trigger's) name.
 * The layout is computed (graph-layout.ts), so nodes cannot be dragged.
 */
import '@xyflow/react/dist/style.css';
import './workflow-graph.css';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import { type KeyboardEvent, type MouseEvent, memo, useCallback, useEffect, useMemo, useState } from 'react';
import { statusTone } from '../StatusBadge';
import { type LayoutNode, actionNameOf, layoutDefinition } from './graph-layout';

export interface WorkflowGraphProps {
  definition: unknown; // a WDL definition {triggers, actions}
  statuses?: Readonly<Record<string, string>>; // action name (top-level or nested, by name) → Succeeded|Failed|Skipped|Running|TimedOut|Cancelled|Waiting
  selected?: string; // highlighted action name
  onSelect?: (actionName: string) => void; // click or Enter on a node
  height?: number; // px, default 480
}

interface NodeData extends Record<string, unknown> {
  readonly layout: LayoutNode;
  readonly status?: string;
  readonly selected: boolean;
}

type GraphNode = Node<NodeData>;

function StepNode({ data }: NodeProps<GraphNode>) {
  const { layout, status, selected } = data;
  const classes = ['wf-node', `wf-node-${layout.kind}`, status === undefined ? '' : `wf-tone-${statusTone(status)}`, selected ? 'wf-node-selected' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} title={`${layout.name} (${layout.type ?? ''})`}>
      {layout.kind === 'trigger' ? null : <Handle type="target" position={Position.Top} isConnectable={false} />}
      <span className="wf-node-glyph" aria-hidden="true">
        {glyphOf(layout)}
      </span>
      <span className="wf-node-text">
        <span className="wf-node-name">{layout.name}</span>
        <span className="wf-node-type">{layout.kind === 'trigger' ? `Trigger · ${layout.type}` : layout.type}</span>
      </span>
      {status === undefined ? null : <span className="wf-node-status">{status}</span>}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

function ContainerNode({ data }: NodeProps<GraphNode>) {
  const { layout, status, selected } = data;
  const classes = ['wf-container', status === undefined ? '' : `wf-tone-${statusTone(status)}`, selected ? 'wf-node-selected' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="wf-container-header">
        <span className="wf-node-glyph" aria-hidden="true">
          {glyphOf(layout)}
        </span>
        <span className="wf-node-text">
          <span className="wf-node-name">
            {layout.name} <span className="wf-node-type">· {layout.type}</span>
          </span>
          {layout.label === undefined ? null : (
            <span className="wf-container-detail" title={layout.label}>
              {layout.label}
            </span>
          )}
        </span>
        {status === undefined ? null : <span className="wf-node-status">{status}</span>}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

function LaneNode({ data }: NodeProps<GraphNode>) {
  return <div className="wf-lane" data-branch={data.layout.label} />;
}

function StartNode({ data }: NodeProps<GraphNode>) {
  return (
    <div className="wf-start">
      {data.layout.label}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { step: memo(StepNode), container: memo(ContainerNode), lane: memo(LaneNode), start: memo(StartNode) };

function glyphOf(layout: LayoutNode): string {
  if (layout.kind === 'trigger') return '⚡';
  switch ((layout.type ?? '').toLowerCase()) {
    case 'if':
      return '◇';
    case 'switch':
      return '⑂';
    case 'foreach':
    case 'until':
      return '↻';
    case 'scope':
      return '▭';
    case 'apiconnection':
    case 'apiconnectionwebhook':
      return '✉';
    case 'http':
    case 'httpwebhook':
      return '⇄';
    case 'compose':
    case 'initializevariable':
    case 'setvariable':
    case 'appendtoarrayvariable':
    case 'appendtostringvariable':
    case 'incrementvariable':
    case 'decrementvariable':
      return '{}';
    case 'response':
      return '↩';
    case 'terminate':
      return '■';
    case 'wait':
      return '⏱';
    default:
      return '•';
  }
}

function ariaLabelOf(layout: LayoutNode, status: string | undefined): string {
  const what = layout.kind === 'trigger' ? `trigger type ${layout.type}` : `action type ${layout.type}`;
  const inside = layout.kind === 'container' ? `, holds ${layout.childCount ?? 0} action${layout.childCount === 1 ? '' : 's'}` : '';
  return `${layout.name}, ${what}${status === undefined ? '' : `, status ${status}`}${inside}`;
}

/** Statuses are keyed by action name; names match case-insensitively, as in the engine. */
function statusFor(statuses: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (statuses === undefined) return undefined;
  if (name in statuses) return statuses[name];
  const key = Object.keys(statuses).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : statuses[key];
}

function edgeClass(label: string | undefined): string {
  if (label === undefined) return 'wf-edge';
  return /failed|timedout/i.test(label) ? 'wf-edge wf-edge-failure' : 'wf-edge wf-edge-other';
}

/** The smallest zoom the first view uses: text stays readable; a larger graph is panned (drag) or fitted (button). */
const READABLE_ZOOM = 0.6;
const PADDING = 24;

/**
 * When the graph's shape changes (not on every status change): the whole graph if it fits at a readable zoom,
 * else the top of it (the trigger) at that zoom, centred across.
 */
function ViewOnChange({ ready, signature, width, height }: { readonly ready: boolean; readonly signature: string; readonly width: number; readonly height: number }) {
  const { setViewport } = useReactFlow();
  const paneWidth = useStore((state) => state.width);
  const paneHeight = useStore((state) => state.height);
  useEffect(() => {
    if (!ready || paneWidth === 0 || paneHeight === 0) return;
    const fit = Math.min((paneWidth - 2 * PADDING) / Math.max(width, 1), (paneHeight - 2 * PADDING) / Math.max(height, 1), 1);
    const zoom = Math.max(fit, READABLE_ZOOM);
    const x = (paneWidth - width * zoom) / 2;
    const y = fit >= READABLE_ZOOM ? (paneHeight - height * zoom) / 2 : PADDING;
    void setViewport({ x, y, zoom });
  }, [ready, signature, width, height, paneWidth, paneHeight, setViewport]);
  return null;
}

export function WorkflowGraph({ definition, statuses, selected, onSelect, height = 480 }: WorkflowGraphProps) {
  const layout = useMemo(() => layoutDefinition(definition), [definition]);
  // The viewport can be set once React Flow's pan and zoom exist (onInit); the layout's own size is known already.
  const [initialized, setInitialized] = useState(false);
  const signature = useMemo(() => layout.nodes.map((node) => `${node.id}@${node.x},${node.y},${node.width},${node.height}`).join('|'), [layout]);

  const nodes = useMemo<GraphNode[]>(
    () =>
      layout.nodes.map((node) => {
        const named = node.kind === 'trigger' || node.kind === 'action' || node.kind === 'container';
        const status = named ? statusFor(statuses, node.name) : undefined;
        const isSelected = named && selected !== undefined && selected.toLowerCase() === node.name.toLowerCase();
        return {
          id: node.id,
          type: node.kind === 'trigger' || node.kind === 'action' ? 'step' : node.kind,
          position: { x: node.x, y: node.y },
          ...(node.parentId === undefined ? {} : { parentId: node.parentId }),
          data: { layout: node, selected: isSelected, ...(status === undefined ? {} : { status }) },
          width: node.width,
          height: node.height,
          style: { width: node.width, height: node.height },
          draggable: false,
          connectable: false,
          selectable: false,
          focusable: named,
          ...(named ? { ariaLabel: ariaLabelOf(node, status) } : {}),
        };
      }),
    [layout, statuses, selected],
  );

  const edges = useMemo<Edge[]>(
    () =>
      layout.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: 'smoothstep',
        className: edgeClass(edge.label),
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        focusable: false,
        selectable: false,
        ...(edge.label === undefined
          ? {}
          : { label: edge.label, labelBgPadding: [6, 3] as [number, number], labelBgBorderRadius: 4, labelStyle: { fontSize: 11, fontWeight: 600 } }),
      })),
    [layout],
  );

  const onNodeClick = useCallback(
    (_event: MouseEvent, node: GraphNode) => {
      const name = actionNameOf(node.id);
      if (name !== undefined) onSelect?.(name);
    },
    [onSelect],
  );

  // React Flow's own Enter handling selects nodes, which this graph does not use: Enter and Space choose the action.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.react-flow__node') : null;
    const id = target?.dataset.id;
    const name = id === undefined ? undefined : actionNameOf(id);
    if (name === undefined) return;
    event.preventDefault();
    onSelect?.(name);
  };

  if (layout.nodes.length === 0) {
    return (
      <div className="wf-graph wf-graph-empty" style={{ height }} role="note">
        Nothing to draw yet: the definition has no trigger and no actions.
      </div>
    );
  }

  return (
    <div className="wf-graph" style={{ height }} onKeyDown={onKeyDown}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={onNodeClick}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        zoomOnScroll={false}
        preventScrolling={false}
        zoomOnDoubleClick={false}
        minZoom={0.15}
        maxZoom={1.5}
        fitViewOptions={{ padding: 0.08, maxZoom: 1 }}
        onInit={() => setInitialized(true)}
        aria-label="Workflow graph"
      >
        <ViewOnChange ready={initialized} signature={signature} width={layout.width} height={layout.height} />
        <Background gap={20} size={1} />
        <Controls showInteractive={false} position="top-right" />
      </ReactFlow>
    </div>
  );
}

export default WorkflowGraph;
