import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { buildOrganizationApp } from '../examples/organization/app';
import { FlowLogDetection, FlowLogsAlarmBus, FlowLogsEncryption, FlowLogsToCloudWatch, FlowLogTarget } from '../lib';
import { buildMemberStack } from '../lib/flow-logs-member-stack';

/**
 * The compliance packs security teams run on what we synthesize. Findings on the
 * construct's own resources (everything under /<stack>/FlowLogs) must be none:
 * AwsSolutions for the default and the hardened configuration, every pack for the
 * hardened one. Fixture resources (the users' keys and topic) are not ours.
 */
type Config = 'default' | 'hardened' | 'switch';

function findings(config: Config, packs: Array<'AwsSolutions' | 'NIST' | 'HIPAA' | 'PCI'>): string[] {
  const stack = new Stack(new App(), 'NagStack', { env: { account: '123456789012', region: 'eu-west-1' } });
  let extra = {};
  if (config === 'hardened') {
    // Customer-managed keys for the log group and the alarm topic the construct creates.
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
    extra = { encryptionKey: key, alarmTopicKey: topicKey };
  }
  // The encryption switch: one key the construct creates (under /NagStack/FlowLogs, so judged).
  if (config === 'switch') extra = { encryption: FlowLogsEncryption.KMS };
  // an imported VPC: no fixture resources of our own to judge
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0a1b2c3d4e5f67890', availabilityZones: ['eu-west-1a'] });
  const vpcTargets = [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d'), FlowLogTarget.fromVpc(vpc)];
  new FlowLogsToCloudWatch(stack, 'FlowLogs', {
    targets: vpcTargets,
    detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp(), FlowLogDetection.rejectedTraffic()],
    alarmEmails: ['secops@example.com'],
    ...extra,
  });
  const checks = {
    AwsSolutions: () => new AwsSolutionsChecks({ verbose: true }),
    NIST: () => new NIST80053R5Checks({ verbose: true }),
    HIPAA: () => new HIPAASecurityChecks({ verbose: true }),
    PCI: () => new PCIDSS321Checks({ verbose: true }),
  };
  for (const pack of packs) Aspects.of(stack).add(checks[pack]());
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .filter(m => m.id.startsWith('/NagStack/FlowLogs'))
    .map(m => `${m.id}: ${String(m.entry.data).split('\n')[0]}`);
}

describe('cdk-nag', () => {
  test.each<Config>(['default', 'hardened', 'switch'])('AwsSolutions: no errors or warnings on the construct (%s)', (config) => {
    expect(findings(config, ['AwsSolutions'])).toEqual([]);
  });

  test.each<Config>(['hardened', 'switch'])('NIST 800-53 rev 5, HIPAA Security, PCI DSS 3.2.1: no errors or warnings on the construct (%s)', (config) => {
    expect(findings(config, ['NIST', 'HIPAA', 'PCI'])).toEqual([]);
  });

  test('the default configuration: exactly the findings the README documents, each fixed by a prop', () => {
    const ids = findings('default', ['NIST', 'HIPAA', 'PCI']).map(f => f.replace(/^(\S+): ([\w.-]+):.*$/, '$1 $2')).sort();
    expect(ids).toEqual([
      '/NagStack/FlowLogs/AlarmTopic/Resource HIPAA.Security-SNSEncryptedKMS', // alarmTopic with a KMS key
      '/NagStack/FlowLogs/AlarmTopic/Resource NIST.800.53.R5-SNSEncryptedKMS',
      '/NagStack/FlowLogs/AlarmTopic/Resource PCI.DSS.321-SNSEncryptedKMS',
      '/NagStack/FlowLogs/LogGroup/Resource HIPAA.Security-CloudWatchLogGroupEncrypted', // encryptionKey
      '/NagStack/FlowLogs/LogGroup/Resource NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      '/NagStack/FlowLogs/LogGroup/Resource PCI.DSS.321-CloudWatchLogGroupEncrypted',
    ]);
  });

  test('suppressions are specific: they name the rule, the wildcard resources and the reason', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')] });
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    const rules = policy.Metadata.cdk_nag.rules_to_suppress;
    expect(rules).toHaveLength(1);
    expect(rules[0].id).toBe('AwsSolutions-IAM5');
    expect(rules[0].reason).toMatch(/one log stream per network interface.*DescribeLogGroups has no resource type in the Service Authorization Reference/);
    expect(rules[0].applies_to).toEqual([expect.objectContaining({ regex: expect.stringContaining('log-group') }), 'Resource::*']);
    // cfn_nag (W13: a managed policy with a "*" resource) and the Guard rules registry read their own keys.
    expect(policy.Metadata.cfn_nag.rules_to_suppress).toEqual([{ id: 'W13', reason: rules[0].reason }]);
    expect(policy.Metadata.guard).toEqual({ SuppressedRules: ['IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE'] });
    // The "*" they suppress is there for logs:DescribeLogGroups only.
    const starred = policy.Properties.PolicyDocument.Statement.filter((st: any) => st.Resource === '*');
    expect(starred).toEqual([expect.objectContaining({ Action: 'logs:DescribeLogGroups' })]);
  });
});

describe('cdk-nag on the organization constructs (examples/organization: KMS on)', () => {
  const packs = () => [new AwsSolutionsChecks({ verbose: true }), new NIST80053R5Checks({ verbose: true }),
    new HIPAASecurityChecks({ verbose: true }), new PCIDSS321Checks({ verbose: true })];
  const all = (stack: Stack) => {
    for (const pack of packs()) Aspects.of(stack).add(pack);
    const annotations = Annotations.fromStack(stack);
    return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
      .map(m => `${m.id}: ${String(m.entry.data).split('\n')[0]}`);
  };

  test('the management and security stacks: no errors or warnings in any pack', () => {
    const { management, security } = buildOrganizationApp(new App());
    expect(all(management)).toEqual([]);
    expect(all(security)).toEqual([]);
  });

  test('the stack inside the StackSet, built as the StackSet builds it: no errors or warnings in any pack', () => {
    const member = buildMemberStack(new App(), {
      detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedAdminPortsFromInside()],
      trafficType: ec2.FlowLogTrafficType.ALL,
      alarmBusArn: FlowLogsAlarmBus.arnOf('222222222222', 'eu-west-1'),
      deliveryHealthPeriod: Duration.hours(1),
      encryption: FlowLogsEncryption.KMS,
    });
    expect(all(member)).toEqual([]);
  });
});
