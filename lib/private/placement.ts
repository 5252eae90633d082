import { CfnResource, NestedStack, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { describeValue } from './describe';
import { libraryError } from './errors';
import { printable } from './names';

/**
 * Where the flow logs go (the construct, or nested stacks by a stable hash of the target) and
 * the CloudFormation limits they must fit in.
 */

/** The context key with which CDK (and so this construct) takes the resource limit of a stack. */
const RESOURCE_LIMIT_CONTEXT = '@aws-cdk/core:stackResourceLimit';
/** CloudFormation's limit of resources per stack: CDK's default for that context key. */
const DEFAULT_RESOURCE_LIMIT = 500;
/** CloudFormation's limit on a template's size (uploaded to S3, as CDK does), in bytes. */
const MAX_TEMPLATE_BYTES = 1_000_000;

/**
 * The template-size estimate. Every flow log of a construct renders the same properties but
 * its resource ID, so those are resolved once and measured as CDK writes templates (JSON,
 * 1-space indentation); each flow log then adds:
 * - FRAME_BYTES for what surrounds the properties: `"Type": "AWS::EC2::FlowLog"`, its
 *   `DependsOn` on the delivery policy, the braces and the indentation (measured: ~150);
 * - its logical ID twice over (the key, and the `aws:cdk:path` metadata holds about as many
 *   characters): twice its construct path;
 * - its resource ID, or TOKEN_ID_BYTES for a token (a `{"Ref": ...}` or `Fn::GetAtt` object).
 * Tests calibrate the estimate against real templates (it must never be lower).
 */
const FRAME_BYTES = 200;
const TOKEN_ID_BYTES = 40;

export class FlowLogPlacement {
  /** Estimated bytes the flow logs add to each stack's template (the construct's, or its nested ones). */
  private readonly templateBytes = new Map<Stack, number>();
  private sharedBytes?: number;

  constructor(private readonly owner: Construct, private readonly nestedStacks: number | undefined) {
    if (nestedStacks !== undefined && (!Number.isInteger(nestedStacks) || nestedStacks < 1 || nestedStacks > 100)) {
      throw libraryError(`FlowLogsToCloudWatch: \`flowLogNestedStacks\` must be a whole number from 1 to 100 (each nested stack holds up to 500 flow logs), got ${describeValue(nestedStacks)}.`);
    }
  }

  /** Where a target's flow log goes: the construct, or the nested stack its key hashes to. */
  public scopeFor(targetKey: string): Construct {
    if (this.nestedStacks === undefined) return this.owner;
    const id = `NestedFlowLogs${stableHash(targetKey) % this.nestedStacks}`;
    return (this.owner.node.tryFindChild(id) as NestedStack | undefined) ?? new NestedStack(this.owner, id, {
      description: `VPC flow logs of ${printable(this.owner.node.path)} (${id})`,
    });
  }

  /** Adds a flow log's share of its stack's template size. */
  public count(flowLog: ec2.CfnFlowLog, props: ec2.CfnFlowLogProps, resourceId: string) {
    if (this.sharedBytes === undefined) {
      const shared = Stack.of(this.owner).resolve({ ...props, resourceId: '' });
      this.sharedBytes = JSON.stringify(shared, undefined, 1).length + FRAME_BYTES;
    }
    const own = flowLog.node.path.length * 2 + (Token.isUnresolved(resourceId) ? TOKEN_ID_BYTES : resourceId.length);
    const stack = Stack.of(flowLog);
    this.templateBytes.set(stack, (this.templateBytes.get(stack) ?? 0) + this.sharedBytes + own);
  }

  /** The limits the construct's stack, its nested stacks and their templates exceed (none: they fit). */
  public problems(flowLogs: ec2.CfnFlowLog[]): string[] {
    const problems: string[] = [];
    const stack = Stack.of(this.owner);
    const limit = resourceLimit(stack);
    const resources = countResources(stack);
    if (limit !== 0 && resources > limit) {
      const here = flowLogs.filter(f => Stack.of(f) === stack).length;
      problems.push(here === 0
        ? `FlowLogsToCloudWatch: stack ${stack.stackName} would have ${resources} resources, none of them flow logs of this construct; CloudFormation allows ${limit} per stack. Move other resources to another stack.`
        : `FlowLogsToCloudWatch: stack ${stack.stackName} would have ${resources} resources, ${here} of them flow logs of this construct; CloudFormation allows ${limit} per stack. Set \`flowLogNestedStacks\` (e.g. ${Math.max(2, Math.ceil(here / 400))}) to place the flow logs in nested stacks, or split the targets over constructs in several stacks.`);
    }
    for (const [s, bytes] of this.templateBytes) {
      if (bytes > MAX_TEMPLATE_BYTES) {
        problems.push(`FlowLogsToCloudWatch: the flow logs of this construct would make the template of stack ${s.node.id} about ${Math.round(bytes / 1000)} kB; CloudFormation accepts templates of up to ${MAX_TEMPLATE_BYTES / 1000} kB. ${this.nestedStacks ? 'Raise' : 'Set'} \`flowLogNestedStacks\` (now ${this.nestedStacks ?? 'unset'}), or use a shorter \`logFormat\`.`);
      }
    }
    for (const nested of this.owner.node.children.filter((c): c is NestedStack => c instanceof NestedStack)) {
      const n = countResources(nested);
      if (resourceLimit(nested) !== 0 && n > resourceLimit(nested)) {
        problems.push(`FlowLogsToCloudWatch: nested stack ${nested.node.id} would have ${n} flow logs; CloudFormation allows ${resourceLimit(nested)} resources per stack. Raise \`flowLogNestedStacks\` (now ${this.nestedStacks}).`);
      }
    }
    return problems;
  }
}

/** The resource limit CDK applies to the stack (its context key, else CloudFormation's 500; 0: none). */
function resourceLimit(stack: Stack): number {
  return Number(stack.node.tryGetContext(RESOURCE_LIMIT_CONTEXT) ?? DEFAULT_RESOURCE_LIMIT);
}

function countResources(stack: Stack): number {
  return stack.node.findAll().filter(c => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
}

/**
 * A hash of a text that is the same on every machine and every run (djb2 over UTF-16 code units,
 * kept below 2^32 with arithmetic rather than bit operators).
 */
function stableHash(text: string): number {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) {
    hash = (hash * 33 + text.charCodeAt(i)) % 4294967296;
  }
  return hash;
}
