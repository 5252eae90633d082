/**
 * Tag enrichment (version-11 tag fields, `TagFieldSpecifications`). The suite runs at the
 * aws-cdk-lib floor (2.189.1: no `CfnFlowLog.tagFieldSpecifications`, a clear error) and again at
 * the newest (test:newest: the property in the template).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogField, FlowLogsToCloudWatch, FlowLogTagEnrichment, FlowLogTagResourceType, FlowLogTarget } from '../lib';
import { ENI_TARGET, newStack } from './util';

const F = FlowLogField;
const FORMAT = [F.INTERFACE_ID, F.SRC_ADDR, F.DST_PORT, F.ACTION, F.INSTANCE_TAG, F.INSTANCE_TAG_2, F.ASG_TAG];
const TAGS: FlowLogTagEnrichment[] = [
  { resourceType: FlowLogTagResourceType.INSTANCE, tagKeys: ['Team', 'Env'] },
  { resourceType: FlowLogTagResourceType.AUTO_SCALING_GROUP, tagKeys: ['Service'] },
];

/** Whether this aws-cdk-lib's CfnFlowLog carries tagFieldSpecifications (2.260.0 and newer). */
function supported(): boolean {
  const probe = new ec2.CfnFlowLog(new Stack(), 'Probe', { resourceId: 'vpc-1', resourceType: 'VPC', trafficType: 'ALL' });
  return 'tagFieldSpecifications' in probe;
}

function build(props: Partial<ConstructorParameters<typeof FlowLogsToCloudWatch>[2]> = {}) {
  const stack = newStack();
  new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [ENI_TARGET], logFormat: FORMAT, tagEnrichment: TAGS, ...props });
  return Template.fromStack(stack);
}

/** Where the newest run leaves the tag-enriched template for cfn-lint (the test:newest task lints it next). */
const LINTED = path.join(__dirname, 'newest', 'cdk.out', 'tag-enriched.template.json');

test(supported() ? 'renders TagFieldSpecifications on every flow log' : 'at an aws-cdk-lib without CfnFlowLog.tagFieldSpecifications: a clear error naming the version', () => {
  if (supported()) {
    const template = build();
    fs.mkdirSync(path.dirname(LINTED), { recursive: true });
    fs.writeFileSync(LINTED, JSON.stringify(template.toJSON(), undefined, 1));
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TagFieldSpecifications: [{ ResourceType: 'instance', TagKeys: ['Team', 'Env'] }, { ResourceType: 'auto-scaling-group', TagKeys: ['Service'] }],
      LogFormat: '${interface-id} ${srcaddr} ${dstport} ${action} ${instance-tag} ${instance-tag-2} ${asg-tag}',
    });
  } else {
    expect(() => build()).toThrow(/`tagEnrichment` needs aws-cdk-lib 2\.260\.0 or newer \(its CfnFlowLog has `tagFieldSpecifications`\); this app resolves aws-cdk-lib 2\.\d+\.\d+/);
  }
});

describe('the format must hold exactly the fields the keys fill (checked before any version question)', () => {
  test('tag keys with the default format (which has no tag fields)', () => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'FlowLogs', { targets: [ENI_TARGET], tagEnrichment: TAGS }))
      .toThrow(/gives the tag key "Team" for instance, which fills `instance-tag`, but the record format lacks it \(version account-id/);
  });

  test('a key whose field the format lacks', () => {
    expect(() => build({ logFormat: [F.SRC_ADDR, F.INSTANCE_TAG, F.ASG_TAG], detections: [] }))
      .toThrow(/gives the tag key "Env" for instance, which fills `instance-tag-2`, but the record format lacks it \(srcaddr instance-tag asg-tag\)\. Add FlowLogField\.INSTANCE_TAG_2/);
  });

  test('a tag field without enrichment would always be "-"', () => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'FlowLogs', { targets: [ENI_TARGET], logFormat: [F.SRC_ADDR, F.INTERFACE_TAG] })).toThrow(/`logFormat` has `interface-tag`, but `tagEnrichment` gives no first tag key for network-interface, so the field would always be `-`/);
  });
});

describe('the prop\'s own shape', () => {
  test.each<[string, FlowLogTagEnrichment[], RegExp]>([
    ['none', [], /lists 1 to 3 resource types/],
    ['a type twice', [TAGS[0], { resourceType: FlowLogTagResourceType.INSTANCE, tagKeys: ['X'] }], /lists instance twice/],
    ['three keys', [{ resourceType: FlowLogTagResourceType.INSTANCE, tagKeys: ['A', 'B', 'C'] }], /for instance takes 1 or 2 tag keys \(the first fills instance-tag, the second instance-tag-2\)/],
    ['no key', [{ resourceType: FlowLogTagResourceType.NETWORK_INTERFACE, tagKeys: [] }], /for network-interface takes 1 or 2 tag keys/],
    ['an empty key', [{ resourceType: FlowLogTagResourceType.INSTANCE, tagKeys: [''] }], /tag key for instance must be 1-128 characters, got ""/],
    ['a long key', [{ resourceType: FlowLogTagResourceType.INSTANCE, tagKeys: ['k'.repeat(129)] }], /must be 1-128 characters/],
    ['one key twice', [{ resourceType: FlowLogTagResourceType.INSTANCE, tagKeys: ['Team', 'Team'] }], /lists the tag key "Team" twice/],
    ['an unknown type', [{ resourceType: 'vpc' as FlowLogTagResourceType, tagKeys: ['A'] }], /`tagEnrichment\[0\]\.resourceType` must be one of FlowLogTagResourceType \(NETWORK_INTERFACE, INSTANCE, AUTO_SCALING_GROUP\), got "vpc"/],
  ])('refused: %s', (_what, tags, message) => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'FlowLogs', { targets: [ENI_TARGET], logFormat: FORMAT, tagEnrichment: tags })).toThrow(message);
  });

  test('transit gateway targets have no tag fields', () => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')], logFormat: FORMAT, tagEnrichment: TAGS,
    })).toThrow(/`tagEnrichment` cannot apply to TransitGateway target .*transit gateway flow log records have no tag fields/);
  });
});
