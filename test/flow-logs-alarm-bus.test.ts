import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FlowLogsAlarmBus, FlowLogsAlarmBusProps, FlowLogsEncryption } from '../lib';

const BASE: FlowLogsAlarmBusProps = { organizationId: 'o-a1b2c3d4e5', alarmEmails: ['secops@example.com'] };

function build(props: Partial<FlowLogsAlarmBusProps> = {}) {
  const stack = new Stack(new App(), 'Security', { env: { account: '222222222222', region: 'eu-west-1' } });
  const bus = new FlowLogsAlarmBus(stack, 'AlarmBus', { ...BASE, ...props });
  return { stack, bus, template: Template.fromStack(stack).toJSON() };
}
const ofType = (template: any, type: string) => Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);

describe('the alarm bus', () => {
  const { template, bus } = build();

  test('named as FlowLogsAlarmBus.arnOf names it; only the organization may put events on it', () => {
    const [[busId, resource]] = ofType(template, 'AWS::Events::EventBus');
    expect(resource.Properties.Name).toBe('flow-logs-alarms');
    expect(FlowLogsAlarmBus.arnOf('222222222222', 'eu-west-1')).toBe('arn:aws:events:eu-west-1:222222222222:event-bus/flow-logs-alarms');
    expect(FlowLogsAlarmBus.arnOf('222222222222', 'eu-west-1', 'alarms')).toBe('arn:aws:events:eu-west-1:222222222222:event-bus/alarms');
    const [[, policy]] = ofType(template, 'AWS::Events::EventBusPolicy');
    expect(policy.Properties.Statement).toEqual({
      Sid: expect.any(String),
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
  });

  test('an e-mail on every change into ALARM, and into INSUFFICIENT_DATA from OK or ALARM, naming account, region and alarm', () => {
    const rules = ofType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules.map(r => r.EventPattern.detail)).toEqual([
      { state: { value: ['ALARM'] } },
      { state: { value: ['INSUFFICIENT_DATA'] }, previousState: { value: ['OK', 'ALARM'] } },
    ]);
    for (const rule of rules) {
      expect(rule.EventPattern.source).toEqual(['aws.cloudwatch']);
      expect(rule.EventBusName).toEqual({ Ref: ofType(template, 'AWS::Events::EventBus')[0][0] });
      const [target] = rule.Targets;
      expect(target.Arn).toEqual({ Ref: ofType(template, 'AWS::SNS::Topic')[0][0] });
      expect(target.InputTransformer.InputPathsMap).toMatchObject({ 'detail-alarmName': '$.detail.alarmName', 'account': '$.account', 'region': '$.region' });
      expect(target.InputTransformer.InputTemplate).toMatch(/alarm <detail-alarmName> of account <account> in <region> is/);
    }
    expect(bus.rules).toHaveLength(2);
  });

  test('the topic: TLS only, one subscription per address, publishing only from these two rules', () => {
    const [[topicId]] = ofType(template, 'AWS::SNS::Topic');
    expect(ofType(template, 'AWS::SNS::Subscription').map(([, s]) => s.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'secops@example.com', TopicArn: { Ref: topicId } }),
    ]);
    const [[, policy]] = ofType(template, 'AWS::SNS::TopicPolicy');
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const ruleIds = ofType(template, 'AWS::Events::Rule').map(([id]) => id);
    expect(statements[1]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { ArnEquals: { 'aws:SourceArn': ruleIds.map(id => ({ 'Fn::GetAtt': [id, 'Arn'] })) } },
    });
    expect(statements).toHaveLength(2);
  });

  test('encryption: a rotating key that EventBridge may use for the topic', () => {
    const { template: t, bus: b } = build({ encryption: FlowLogsEncryption.KMS });
    const [[keyId, key]] = ofType(t, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement[1]).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] });
    expect(ofType(t, 'AWS::SNS::Topic')[0][1].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(b.encryptionKey).toBeDefined();
  });
});

describe('bad input: clear errors', () => {
  test.each<[string, Partial<FlowLogsAlarmBusProps>, RegExp]>([
    ['an account ID for the organization', { organizationId: '123456789012' }, /`organizationId` is not an organization ID: got "123456789012". Use the form o-a1b2c3d4e5/],
    ['no address', { alarmEmails: [] }, /`alarmEmails` is empty, so no one would be told/],
    ['not an address', { alarmEmails: ['secops'] }, /FlowLogsAlarmBus: `alarmEmails\[0\]` is not an e-mail address: "secops"/],
    ['an address twice', { alarmEmails: ['a@example.com', 'a@example.com'] }, /lists "a@example.com" twice/],
    ['a bad bus name', { eventBusName: 'flow logs' }, /`eventBusName` must be 1-256 letters/],
  ])('%s', (_what, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('required props, and arnOf\'s account', () => {
    expect(() => new FlowLogsAlarmBus(new Stack(new App(), 'S'), 'B', { alarmEmails: ['a@example.com'] } as any)).toThrow(/organizationId/);
    expect(() => FlowLogsAlarmBus.arnOf('2222', 'eu-west-1')).toThrow(/`account` must be an account ID of 12 digits; got "2222"/);
  });
});

test('arnOf refuses a region or a bus name that is not one', () => {
  expect(() => FlowLogsAlarmBus.arnOf('222222222222', 'a@example.com')).toThrow(/`region` must be a region name such as eu-west-1; got "a@example.com"/);
  expect(() => FlowLogsAlarmBus.arnOf('222222222222', 'eu-west-1', '')).toThrow(/`eventBusName` must be 1-256 letters/);
});
