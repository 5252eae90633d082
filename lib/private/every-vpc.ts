import { Annotations, AspectPriority, Aspects, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { FlowLogTarget } from '../flow-log-target';
import { libraryError, warn } from './errors';

/**
 * Every VPC under a scope gets a flow log: at synth (so VPCs defined after the call count), one
 * construct per stack holding VPCs, for the VPCs that no VPC-level flow log of the app covers yet
 * (this library's, aws-cdk-lib's `ec2.FlowLog` or a bare `CfnFlowLog`: a second one would deliver,
 * and bill, every record twice).
 */

/** A VPC-level flow log already in the app. */
export interface Coverage {
  /** What made it: `this library`, `ec2.FlowLog` or `CfnFlowLog`. */
  readonly by: string;
  /** Its construct path. */
  readonly path: string;
  /** Its traffic type (`ACCEPT`, `REJECT`, `ALL`), when literal. */
  readonly trafficType?: string;
}

/**
 * The VPC-level flow logs of the app, by the VPC they target (its ID as the template has it: the
 * `Ref` token of a VPC defined in the app). `ours` tells a flow log of this library.
 */
export function vpcFlowLogs(root: IConstruct, ours: (c: IConstruct) => boolean): Map<string, Coverage> {
  const out = new Map<string, Coverage>();
  for (const c of root.node.findAll()) {
    if (!(c instanceof ec2.CfnFlowLog) || c.resourceType !== 'VPC' || typeof c.resourceId !== 'string') continue;
    const by = c.node.scopes.some(ours) ? 'this library' : c.node.scope instanceof ec2.FlowLog ? 'ec2.FlowLog' : 'CfnFlowLog';
    const trafficType = typeof c.trafficType === 'string' && !Token.isUnresolved(c.trafficType) ? c.trafficType : undefined;
    if (!out.has(c.resourceId)) out.set(c.resourceId, { by, path: c.node.path, trafficType });
  }
  return out;
}

/** The construct ID of the construct made in each stack. */
export const EVERY_VPC_ID = 'FlowLogsForEveryVpc';

/**
 * Adds, at synth, a construct made by `create` to each stack under `scope` that holds VPCs without
 * a flow log of this library (`covered`: the resource IDs its flow logs target), with one target per
 * such VPC; and an info annotation on `scope` saying what it did.
 */
export function flowLogsForEveryVpc(scope: Construct, covered: () => Map<string, Coverage>,
  create: (stack: Stack, targets: FlowLogTarget[]) => void) {
  const aspect: IAspect = {
    visit: (node: IConstruct) => {
      if (node !== scope) return;
      const coveredIds = covered();
      const byStack = new Map<Stack, FlowLogTarget[]>();
      const added: string[] = [];
      const skipped: string[] = [];
      for (const vpc of scope.node.findAll().filter((c): c is ec2.CfnVPC => c instanceof ec2.CfnVPC)) {
        // An ec2.Vpc is named (and targeted) by itself, a bare CfnVPC by its own path.
        const l2 = vpc.node.scope instanceof ec2.Vpc ? vpc.node.scope : undefined;
        const name = (l2 ?? vpc).node.path;
        const existing = coveredIds.get(vpc.ref);
        if (existing) {
          skipped.push(`${name} by ${existing.by === 'this library' ? 'a flow log of this library' : `${existing.by} ${existing.path}`}`);
          if (existing.trafficType === 'ACCEPT') {
            warn(scope, 'everyVpcAcceptOnly',
              `FlowLogsToCloudWatch.forEveryVpc: VPC ${name} is left to its existing flow log (${existing.by} ${existing.path}), which captures ACCEPT traffic only: Security Hub EC2.6 wants a VPC-level flow log capturing REJECT (or ALL) traffic. Set its traffic type to ALL or REJECT.`);
          }
          continue;
        }
        const stack = Stack.of(vpc);
        const target = l2
          ? FlowLogTarget.fromVpc(l2)
          : FlowLogTarget.fromVpcId(vpc.ref, { key: vpc.node.path.slice(stack.node.path.length + 1) });
        byStack.set(stack, [...(byStack.get(stack) ?? []), target]);
        added.push(name);
      }
      for (const [stack, targets] of byStack) {
        if (stack.node.tryFindChild(EVERY_VPC_ID)) {
          throw libraryError(`FlowLogsToCloudWatch.forEveryVpc: stack ${stack.node.path} already has a construct ${EVERY_VPC_ID}; call forEveryVpc() once for a scope, and not for two scopes that share a stack.`);
        }
        create(stack, targets);
      }
      Annotations.of(scope).addInfo(`FlowLogsToCloudWatch.forEveryVpc: added flow logs for ${added.length} VPC(s) in ${byStack.size} stack(s)`
        + (added.length ? ` (${added.join(', ')})` : '')
        + `; ${skipped.length} VPC(s) already had a VPC-level flow log, and got no second one (records delivered, and billed, twice)`
        + (skipped.length ? ` (${skipped.join(', ')})` : '') + '.');
    },
  };
  Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
}
