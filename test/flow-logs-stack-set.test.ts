import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  FlowLogDetection, FlowLogsAlarmBus, FlowLogsEncryption, FlowLogsStackSet, FlowLogsStackSetProps,
} from '../lib';

const BUS = 'arn:aws:events:eu-west-1:222222222222:event-bus/flow-logs-alarms';
const BASE: FlowLogsStackSetProps = {
  organizationalUnitIds: ['ou-ab12-34cd56ef'],
  regions: ['eu-west-1', 'us-east-1'],
  alarmBusArn: BUS,
  detections: [FlowLogDetection.rejectedSsh()],
};

function build(props: Partial<FlowLogsStackSetProps> = {}) {
  const stack = new Stack(new App(), 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
  const stackSet = new FlowLogsStackSet(stack, 'FlowLogs', { ...BASE, ...props });
  return { stack, stackSet, template: Template.fromStack(stack), member: JSON.parse(stackSet.memberTemplateBody) };
}

const ofType = (template: any, type: string) => Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);
const one = (template: any, type: string) => {
  const found = ofType(template, type);
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0][1];
};

/**
 * The parameters of the runbook AWSSupport-EnableVPCFlowLogs, as its page documents them
 * (https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-aws-enable-vpc-flowlogs.html):
 * name -> required.
 */
const RUNBOOK_PARAMETERS: Record<string, boolean> = {
  AutomationAssumeRole: false,
  DeliverLogsPermissionArn: false,
  LogDestinationARN: false,
  LogDestinationType: true,
  LogFormat: false,
  LogGroupName: false,
  ResourceIds: true,
  TrafficType: true,
};
/** The input parameters of the managed rule VPC_FLOW_LOGS_ENABLED (https://docs.aws.amazon.com/config/latest/developerguide/vpc-flow-logs-enabled.html). */
const CONFIG_RULE_PARAMETERS = ['trafficType'];

describe('the StackSet', () => {
  test('service-managed, to the organizational units and regions given, deployed automatically to accounts that join', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'SELF',
      Capabilities: ['CAPABILITY_IAM'],
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-34cd56ef'] }, Regions: ['eu-west-1', 'us-east-1'] }],
      OperationPreferences: { RegionConcurrencyType: 'PARALLEL', MaxConcurrentPercentage: 25, FailureTolerancePercentage: 0 },
      TemplateBody: Match.stringLikeRegexp('VPC_FLOW_LOGS_ENABLED'),
    });
  });

  test('a delegated administrator deploys with CallAs DELEGATED_ADMIN; the rollout pace is set', () => {
    build({ delegatedAdministrator: true, maxConcurrentPercentage: 100, failureTolerancePercentage: 10, stackSetName: 'flow-logs' }).template
      .hasResourceProperties('AWS::CloudFormation::StackSet', {
        CallAs: 'DELEGATED_ADMIN', StackSetName: 'flow-logs', OperationPreferences: Match.objectLike({ MaxConcurrentPercentage: 100, FailureTolerancePercentage: 10 }),
      });
  });
});

describe('the stack each account and region gets', () => {
  const { member } = build({ deliveryHealthPeriod: Duration.hours(1) });

  test('the delivery role and log group of FlowLogsToCloudWatch, with the rejected-SSH metric filter and alarm', () => {
    // Three roles: delivery (the flow logs service), remediation (Systems Manager), forwarding (EventBridge).
    expect(ofType(member, 'AWS::IAM::Role').map(([, r]) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service).sort())
      .toEqual(['events.amazonaws.com', 'ssm.amazonaws.com', 'vpc-flow-logs.amazonaws.com']);
    const group = one(member, 'AWS::Logs::LogGroup');
    expect(group.DeletionPolicy).toBe('Retain');
    expect(group.Properties.RetentionInDays).toBe(731);
    const filter = one(member, 'AWS::Logs::MetricFilter');
    expect(filter.Properties.FilterPattern).toMatch(/dstport=22.*protocol=6.*action="REJECT"/);
    const alarms = ofType(member, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(2); // rejected SSH, delivery health
    const ssh = alarms.find(([id]) => id.includes('RejectedSsh'))![1];
    expect(ssh.Properties).toMatchObject({ Threshold: 10, Period: 3600, Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(ofType(member, 'AWS::EC2::FlowLog')).toEqual([]); // the remediation creates them
  });

  test('the Config rule VPC_FLOW_LOGS_ENABLED with the traffic type, its parameters as AWS documents them', () => {
    const rule = one(member, 'AWS::Config::ConfigRule');
    expect(rule.Properties.Source).toEqual({ Owner: 'AWS', SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' });
    expect(rule.Properties.InputParameters).toEqual({ trafficType: 'ALL' });
    expect(Object.keys(rule.Properties.InputParameters).filter(p => !CONFIG_RULE_PARAMETERS.includes(p))).toEqual([]);
  });

  test('the automatic remediation creates the missing flow log into this log group through this role, with documented parameters', () => {
    const [, remediation] = ofType(member, 'AWS::Config::RemediationConfiguration')[0];
    const p = remediation.Properties;
    expect(p).toMatchObject({ TargetType: 'SSM_DOCUMENT', TargetId: 'AWSSupport-EnableVPCFlowLogs', Automatic: true, MaximumAutomaticAttempts: 5 });
    expect(p.ConfigRuleName).toEqual({ Ref: ofType(member, 'AWS::Config::ConfigRule')[0][0] });
    const names = Object.keys(p.Parameters);
    expect(names.filter(n => !(n in RUNBOOK_PARAMETERS))).toEqual([]);
    expect(Object.entries(RUNBOOK_PARAMETERS).filter(([n, required]) => required && !names.includes(n)).map(([n]) => n)).toEqual([]);
    expect(p.Parameters.ResourceIds).toEqual({ ResourceValue: { Value: 'RESOURCE_ID' } });
    expect(p.Parameters.TrafficType).toEqual({ StaticValue: { Values: ['ALL'] } });
    expect(p.Parameters.LogDestinationType).toEqual({ StaticValue: { Values: ['cloud-watch-logs'] } });
    const [groupId] = ofType(member, 'AWS::Logs::LogGroup')[0];
    expect(JSON.stringify(p.Parameters.LogDestinationARN)).toContain(`{"Ref":"${groupId}"}`);
    const deliveryRole = ofType(member, 'AWS::IAM::Role').find(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('vpc-flow-logs'))![0];
    expect(p.Parameters.DeliverLogsPermissionArn).toEqual({ StaticValue: { Values: [{ 'Fn::GetAtt': [deliveryRole, 'Arn'] }] } });
    const remediationRole = ofType(member, 'AWS::IAM::Role').find(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('ssm.amazonaws.com'))![0];
    expect(p.Parameters.AutomationAssumeRole).toEqual({ StaticValue: { Values: [{ 'Fn::GetAtt': [remediationRole, 'Arn'] }] } });
    expect(p.Parameters.LogFormat).toBeUndefined(); // the default format: what the detections read
  });

  test('the remediation and the Config rule follow trafficType', () => {
    const reject = build({ trafficType: 'REJECT' as any }).member;
    expect(one(reject, 'AWS::Config::ConfigRule').Properties.InputParameters).toEqual({ trafficType: 'REJECT' });
    expect(ofType(reject, 'AWS::Config::RemediationConfiguration')[0][1].Properties.Parameters.TrafficType).toEqual({ StaticValue: { Values: ['REJECT'] } });
  });

  test('a rule forwards this stack\'s alarms\' state changes, and only those, to the central bus, through a role that may only put events there', () => {
    const [, rule] = ofType(member, 'AWS::Events::Rule')[0];
    const alarmIds = ofType(member, 'AWS::CloudWatch::Alarm').map(([id]) => id).sort();
    expect(rule.Properties.EventPattern.source).toEqual(['aws.cloudwatch']);
    expect(rule.Properties.EventPattern['detail-type']).toEqual(['CloudWatch Alarm State Change']);
    expect(rule.Properties.EventPattern.resources.map((r: any) => r['Fn::GetAtt'][0]).sort()).toEqual(alarmIds);
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: BUS, RoleArn: expect.anything() })]);
    expect(ofType(member, 'AWS::IAM::Policy')).toEqual([]);
    const policy = ofType(member, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('ForwardPolicy'))![1];
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{ Action: 'events:PutEvents', Effect: 'Allow', Resource: BUS }]);
  });

  test('deployable by StackSets into any account: environment-agnostic, no bootstrap parameter or rule, no analytics', () => {
    expect(member.Parameters).toBeUndefined();
    expect(member.Rules).toBeUndefined();
    expect(ofType(member, 'AWS::CDK::Metadata')).toEqual([]);
    expect(JSON.stringify(member)).not.toMatch(/111111111111|cdk-bootstrap/);
  });

  test('the largest configuration (every preset, delivery health, a KMS key) fits a StackSet\'s TemplateBody (51,200 bytes) with room to spare', () => {
    const { stackSet } = build({
      detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp(), FlowLogDetection.rejectedAdminPorts(),
        FlowLogDetection.rejectedSshPerSource(), FlowLogDetection.rejectedRdpPerSource(), FlowLogDetection.rejectedAdminPortsFromInside(),
        FlowLogDetection.rejectedTraffic()],
      deliveryHealthPeriod: Duration.hours(1),
      encryption: FlowLogsEncryption.KMS,
    });
    const bytes = Buffer.byteLength(stackSet.memberTemplateBody);
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThan(51_200 / 2);
  });

  test('what the member stack warns about is said on the StackSet construct', () => {
    const { stack } = build({ detections: [FlowLogDetection.rejectedSsh({ threshold: 0 })] });
    const warnings = Annotations.fromStack(stack).findWarning('/Management/FlowLogs', Match.anyValue()).map(w => String(w.entry.data));
    expect(warnings).toEqual([expect.stringMatching(/^The member stack: Detection "RejectedSsh" has `threshold` 0/)]);
  });
});

describe('bad input: clear errors', () => {
  test.each<[string, Partial<FlowLogsStackSetProps>, RegExp]>([
    ['no organizational unit', { organizationalUnitIds: [] }, /`organizationalUnitIds` is empty, so the StackSet would deploy nowhere/],
    ['a malformed organizational unit', { organizationalUnitIds: ['ou-1'] }, /`organizationalUnitIds\[0\]` is not an organizational unit ID \(ou-...\) or the root ID \(r-...\): got "ou-1"/],
    ['an account ID for an OU', { organizationalUnitIds: ['123456789012'] }, /`organizationalUnitIds\[0\]` is not an organizational unit ID/],
    ['an empty region list', { regions: [] }, /`regions` is empty/],
    ['a malformed region', { regions: ['eu-west-1', 'Europe'] }, /`regions\[1\]` is not a region name: got "Europe". Use the form 'eu-west-1'/],
    ['a region twice', { regions: ['eu-west-1', 'eu-west-1'] }, /`regions` lists "eu-west-1" twice/],
    ['a bus ARN that is not one', { alarmBusArn: 'flow-logs-alarms' }, /`alarmBusArn` is not an event bus ARN: got "flow-logs-alarms". Use FlowLogsAlarmBus.arnOf/],
    ['nothing to forward', { detections: [] }, /no `detections` and no `deliveryHealthPeriod`, so the member stacks would have no alarm to forward/],
    ['a bad StackSet name', { stackSetName: 'flow logs' }, /`stackSetName` must start with a letter/],
    ['a percentage out of range', { maxConcurrentPercentage: 0 }, /maxConcurrentPercentage/],
    ['a token, which the member stack (an app of its own, in other accounts) cannot resolve', { logGroupName: Lazy.string({ produce: () => 'x' }) },
      /`logGroupName` is a token .* so a value of this app cannot be resolved there/],
  ])('%s', (_what, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('e-mail addresses on the wrong side: they belong to FlowLogsAlarmBus in the security account', () => {
    expect(() => build({ alarmEmails: ['secops@example.com'] } as any)).toThrow(/`alarmEmails` belongs to the security account.*FlowLogsAlarmBus/);
  });

  test('required props', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new FlowLogsStackSet(stack, 'X', { regions: ['eu-west-1'], alarmBusArn: BUS } as any)).toThrow(/organizationalUnitIds/);
    expect(() => new FlowLogsStackSet(stack, 'Y', { organizationalUnitIds: ['r-ab12'], alarmBusArn: BUS } as any)).toThrow(/regions/);
  });

  test('tokens are refused where the value must be written into another account\'s template', () => {
    const stack = new Stack(new App(), 'S');
    const bus = new FlowLogsAlarmBus(new Stack(stack.node.root, 'Security'), 'Bus', { organizationId: 'o-a1b2c3d4e5', alarmEmails: ['a@example.com'] });
    expect(() => new FlowLogsStackSet(stack, 'X', { ...BASE, alarmBusArn: bus.eventBus.eventBusArn })).toThrow(/alarmBusArn/);
  });
});
