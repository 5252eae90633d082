import { Annotations, AspectPriority, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { FlowLogTarget } from '../flow-log-target';

/**
 * Every VPC under a scope gets a flow log: at synth (so VPCs defined after the call count), one
 * construct per stack holding VPCs, for the VPCs no flow log of this library covers yet.
 */

/** The construct ID of the construct made in each stack. */
export const EVERY_VPC_ID = 'FlowLogsForEveryVpc';

/**
 * Adds, at synth, a construct made by `create` to each stack under `scope` that holds VPCs without
 * a flow log of this library (`covered`: the resource IDs its flow logs target), with one target per
 * such VPC; and an info annotation on `scope` saying what it did.
 */
export function flowLogsForEveryVpc(scope: Construct, covered: () => Set<string>,
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
        if (coveredIds.has(vpc.ref)) {
          skipped.push(name);
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
          throw new Error(`FlowLogsToCloudWatch.forEveryVpc: stack ${stack.node.path} already has a construct ${EVERY_VPC_ID}; call forEveryVpc() once for a scope, and not for two scopes that share a stack.`);
        }
        create(stack, targets);
      }
      Annotations.of(scope).addInfo(`FlowLogsToCloudWatch.forEveryVpc: added flow logs for ${added.length} VPC(s) in ${byStack.size} stack(s)`
        + (added.length ? ` (${added.join(', ')})` : '')
        + `; ${skipped.length} VPC(s) already had flow logs from this library` + (skipped.length ? ` (${skipped.join(', ')})` : '') + '.');
    },
  };
  Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
}
