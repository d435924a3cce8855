/**
 * The management group tree policy assignments live in: the tenant root group, the groups and subscriptions below it
 * (`…/managementGroups/root/descendants`), and how many assignments sit at each. A user who may not read the root
 * group sees the groups and subscriptions they may read, placed by their parents.
 */
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { loadScopes } from '../../components/policy-scope-picker';
import { RefreshButton } from '../../components/RefreshButton';
import { type PolicyAssignment, getManagementGroup, listAssignments, listDescendants } from './policy-api';
import { PolicyNav } from './PolicyNav';

const WRITE = 'Microsoft.Authorization/policyAssignments/write';

interface TreeNode {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly kind: 'group' | 'subscription';
  readonly children: TreeNode[];
}

interface Flat {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly kind: 'group' | 'subscription';
  readonly parentId: string | undefined;
}

/** Nodes placed under their parents; a node whose parent is not among them becomes a root. */
function build(items: readonly Flat[]): TreeNode[] {
  const nodes = new Map(items.map((item) => [item.id.toLowerCase(), { id: item.id, name: item.name, displayName: item.displayName, kind: item.kind, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const item of items) {
    const node = nodes.get(item.id.toLowerCase());
    if (node === undefined) continue;
    const parent = item.parentId === undefined ? undefined : nodes.get(item.parentId.toLowerCase());
    (parent === undefined || parent === node ? roots : parent.children).push(node);
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => (a.kind === b.kind ? a.displayName.localeCompare(b.displayName) : a.kind === 'group' ? -1 : 1));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

async function loadTree(): Promise<{ readonly roots: TreeNode[]; readonly partial: boolean }> {
  try {
    const [root, below] = await Promise.all([getManagementGroup('root'), listDescendants('root')]);
    const items: Flat[] = [
      { id: root.id, name: root.name, displayName: root.properties.displayName, kind: 'group', parentId: undefined },
      ...below.map((item) => ({
        id: item.id,
        name: item.name,
        displayName: item.properties.displayName,
        kind: item.type.toLowerCase().endsWith('subscriptions') ? ('subscription' as const) : ('group' as const),
        parentId: item.properties.parent.id,
      })),
    ];
    return { roots: build(items), partial: false };
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 403 && error.status !== 404)) throw error;
    const scopes = await loadScopes();
    const items: Flat[] = [
      ...scopes.groups.map((group) => ({ id: group.id, name: group.name, displayName: group.displayName, kind: 'group' as const, parentId: group.parentId })),
      ...scopes.subscriptions.map((subscription) => ({
        id: subscription.id,
        name: subscription.subscriptionId,
        displayName: subscription.displayName,
        kind: 'subscription' as const,
        parentId: subscription.managementGroupId,
      })),
    ];
    return { roots: build(items), partial: true };
  }
}

export function HierarchyPage() {
  const tree = useLoad(loadTree, []);
  const assignments = useLoad(() => listAssignments().catch((): PolicyAssignment[] => []), []);
  const counts = new Map<string, number>();
  for (const assignment of assignments.data ?? []) {
    const key = assignment.properties.scope.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const roots = tree.data?.roots ?? [];
  return (
    <>
      <PageHeader
        title="Policy"
        description="Management groups hold subscriptions; a policy assigned to a group applies to every group and subscription below it, including those that arrive later."
      >
        <RefreshButton loads={[tree, assignments]} shows={tree} />
      </PageHeader>
      <PolicyNav />
      <LoadError what="read the management group tree" error={tree.error} />
      {tree.data?.partial === true ? (
        <InlineAlert kind="info">You may not read the tenant root group, so this shows the groups and subscriptions you may read.</InlineAlert>
      ) : null}
      {tree.loading && tree.data === undefined ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading management groups…
        </p>
      ) : null}
      {tree.data !== undefined && roots.length === 0 ? (
        <EmptyState title="Nothing to show">
          <p>
            No management group or subscription is readable to you. Create groups with <code>PUT /api/providers/Microsoft.Management/managementGroups/&#123;name&#125;</code>{' '}
            and place subscriptions with <code>PUT /api/subscriptions/&#123;id&#125;</code>, or ask for the Reader role.
          </p>
        </EmptyState>
      ) : null}
      {roots.length === 0 ? null : (
        <div className="policy-panel">
          <ul className="policy-tree" aria-label="Management groups and subscriptions">
            {roots.map((node) => (
              <TreeItem key={node.id} node={node} counts={counts} />
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

function TreeItem({ node, counts }: { readonly node: TreeNode; readonly counts: ReadonlyMap<string, number> }) {
  const count = counts.get(node.id.toLowerCase()) ?? 0;
  const row = <TreeRow node={node} count={count} />;
  if (node.children.length === 0) return <li className="policy-tree-leaf">{row}</li>;
  return (
    <li>
      <details open>
        <summary>{row}</summary>
        <ul>
          {node.children.map((child) => (
            <TreeItem key={child.id} node={child} counts={counts} />
          ))}
        </ul>
      </details>
    </li>
  );
}

function TreeRow({ node, count }: { readonly node: TreeNode; readonly count: number }) {
  const navigate = useNavigate();
  const canAssign = useCan(WRITE, node.id, node.displayName);
  return (
    <span className="policy-tree-row">
      <span className={`policy-tree-kind policy-tree-kind-${node.kind}`}>{node.kind === 'group' ? 'Group' : 'Subscription'}</span>
      <span className="policy-tree-name">
        {node.displayName}
        {node.displayName === node.name ? null : <span className="cell-secondary"> {node.name}</span>}
      </span>
      {count === 0 ? null : (
        <Link className="policy-tree-count" to="/policy">
          {count} assignment{count === 1 ? '' : 's'}
        </Link>
      )}
      <ActionButton
        variant="subtle"
        reason="tooltip"
        check={canAssign}
        aria-label={`Assign a policy to ${node.displayName}`}
        onClick={() => void navigate(`/policy/assign?scope=${encodeURIComponent(node.id)}`)}
      >
        Assign policy here
      </ActionButton>
    </span>
  );
}
