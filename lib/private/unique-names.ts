import { Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/** Names AWS requires to be unique, and where (dashboards per account, the others per region too). */
export type NamedKind = 'log group' | 'alarm' | 'Contributor Insights rule' | 'dashboard';

interface Entry {
  readonly owner: string;
  readonly key: string;
  readonly kind: NamedKind;
  readonly name: string;
}

interface Registry {
  readonly entries: Entry[];
  index?: Map<string, Entry[]>;
}

/** Where the app's registry lives: on the construct tree's root (no module-level state). */
const REGISTRY = Symbol.for('cdk-flow-logs-to-cloudwatch.unique-names');

function registryOf(scope: IConstruct): Registry {
  const root = scope.node.root as IConstruct & { [REGISTRY]?: Registry };
  if (!root[REGISTRY]) {
    Object.defineProperty(root, REGISTRY, { value: { entries: [] }, enumerable: false });
  }
  return root[REGISTRY]!;
}

/**
 * Records a literal name the construct `owner` gives a resource in `stack` (tokens and undefined are
 * skipped: CloudFormation-generated names never collide).
 */
export function registerName(owner: Construct, stack: Stack, kind: NamedKind, name: string | undefined) {
  if (name === undefined || Token.isUnresolved(name)) return;
  // Unresolved account or region (an env-agnostic stack) compare equal to each other: such stacks
  // may be deployed to the same environment.
  const where = kind === 'dashboard' ? stack.account : `${stack.account}/${stack.region}`;
  const registry = registryOf(owner);
  registry.entries.push({ owner: owner.node.path, key: `${kind}\u0000${where}\u0000${name}`, kind, name });
  registry.index = undefined;
}

/**
 * The names `owner` registered that another construct of the app registered too, in the same
 * account (and region), as messages. The index is built once per change, not once per construct.
 */
export function nameConflicts(owner: Construct): string[] {
  const registry = registryOf(owner);
  if (!registry.index) {
    registry.index = new Map();
    for (const entry of registry.entries) {
      const list = registry.index.get(entry.key) ?? [];
      list.push(entry);
      registry.index.set(entry.key, list);
    }
  }
  const problems: string[] = [];
  for (const entry of registry.entries.filter(e => e.owner === owner.node.path)) {
    const others = [...new Set(registry.index.get(entry.key)!.filter(e => e.owner !== entry.owner).map(e => e.owner))];
    if (others.length === 0) continue;
    const where = entry.kind === 'dashboard' ? 'account' : 'account and region';
    problems.push(`FlowLogsToCloudWatch: the ${entry.kind} name ${JSON.stringify(entry.name)} is also given by ${others.join(', ')}, in the same ${where}; ${entry.kind} names are unique there, so the second deployment would fail. Give each construct its own name, or leave the name out to have one generated per stack (with forEveryVpc, which makes a construct in every stack, leave fixed names out).`);
  }
  return problems;
}
