/**
 * `encryption: FlowLogsEncryption.KMS`: one key for the created log group and alarm topic, with a
 * key policy whose service statements name their actions and that denies grants except for AWS
 * resources (CT.KMS.PR.3). What AWS then allows with that policy: test/wiring.test.ts.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FlowLogDetection, FlowLogsEncryption, FlowLogsToCloudWatch, FlowLogsToCloudWatchProps } from '../lib';
import { build, ENI_TARGET, newStack } from './util';

const KMS = FlowLogsEncryption.KMS;
const EMAILS = { alarmEmails: ['secops@example.com'], detections: [FlowLogDetection.rejectedSsh()] };

function keyOf(template: Template): { id: string; resource: any } {
  const keys = template.findResources('AWS::KMS::Key');
  expect(Object.keys(keys)).toHaveLength(1);
  const [id, resource] = Object.entries(keys)[0];
  return { id, resource };
}

function statements(template: Template): any[] {
  return keyOf(template).resource.Properties.KeyPolicy.Statement;
}

const byPrincipal = (service: string) => (st: any) => JSON.stringify(st.Principal ?? {}).includes(service);

describe('FlowLogsEncryption.KMS', () => {
  const { c, template } = build({ encryption: KMS, ...EMAILS });

  test('creates one rotating key, retained with the log group, and encrypts the group and the topic with it', () => {
    const { id, resource } = keyOf(template);
    expect(resource.Properties.EnableKeyRotation).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties.Description).toBe('VPC flow logs: the log group and alarm topic of TestStack/FlowLogs');
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [id, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [id, 'Arn'] } });
    expect(c.encryptionKey).toBeDefined();
    expect(Stack.of(c).resolve((c.encryptionKey!.node.defaultChild as kms.CfnKey).logicalId)).toBe(id);
  });

  test('CloudWatch Logs may use it for this log group only, with its actions spelled out', () => {
    const groupName = Object.values(template.findResources('AWS::Logs::LogGroup'))[0].Properties.LogGroupName;
    const logsStatements = statements(template).filter(byPrincipal('logs.eu-west-1.amazonaws.com'));
    expect(logsStatements).toHaveLength(1);
    expect(logsStatements[0]).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:123456789012:log-group:${groupName}`]] } } },
    });
  });

  test('CloudWatch alarms may publish to the encrypted topic', () => {
    const cw = statements(template).filter(byPrincipal('cloudwatch.amazonaws.com'));
    expect(cw).toHaveLength(1);
    expect(cw[0]).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'] });
  });

  test('no service statement has a wildcard action', () => {
    const services = statements(template).filter(st => st.Principal?.Service);
    expect(services.length).toBe(2);
    for (const st of services) for (const action of [st.Action].flat()) expect(action).not.toContain('*');
  });

  test('denies kms:CreateGrant except by AWS services for AWS resources (CT.KMS.PR.3)', () => {
    expect(statements(template).filter(st => st.Effect === 'Deny')).toEqual([{
      Sid: 'DenyGrantsExceptForAwsResources',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }]);
  });
});

test('the key follows the log group\'s removal policy', () => {
  const { template } = build({ encryption: KMS, removalPolicy: RemovalPolicy.DESTROY });
  expect(keyOf(template).resource.DeletionPolicy).toBe('Delete');
});

test('without the switch (the default, or SERVICE_DEFAULT) no key is created', () => {
  for (const props of [{}, { encryption: FlowLogsEncryption.SERVICE_DEFAULT }] as FlowLogsToCloudWatchProps[]) {
    const { c, template } = build({ ...props, ...EMAILS });
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(c.encryptionKey).toBeUndefined();
  }
});

test('with a supplied log group the key encrypts the created topic only', () => {
  const stack = newStack();
  const group = new logs.LogGroup(stack, 'Mine');
  const { template } = build({ encryption: KMS, logGroup: group, ...EMAILS }, stack);
  expect(statements(template).filter(byPrincipal('logs.'))).toHaveLength(0);
  expect(statements(template).filter(byPrincipal('cloudwatch.amazonaws.com'))).toHaveLength(1);
  template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.absent() });
});

test('with a supplied topic (or no e-mails) the key encrypts the created log group only', () => {
  const stack = newStack();
  const topic = new sns.Topic(stack, 'Mine');
  const { template } = build({ encryption: KMS, alarmTopic: topic, detections: [FlowLogDetection.rejectedSsh()] }, stack);
  expect(statements(template).filter(byPrincipal('cloudwatch.amazonaws.com'))).toHaveLength(0);
  expect(statements(template).filter(byPrincipal('logs.'))).toHaveLength(1);
  template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.absent() });
});

describe('refused', () => {
  const key = () => new kms.Key(newStack(), 'K');
  test.each([
    ['beside encryptionKey', () => ({ encryptionKey: key() }), /`encryption` is FlowLogsEncryption\.KMS, which creates the key, but `encryptionKey` was given too\. Use one: remove `encryption` to use your key, or remove `encryptionKey`\./],
    ['beside alarmTopicKey', () => ({ alarmTopicKey: key(), ...EMAILS }), /but `alarmTopicKey` was given too/],
    ['beside both keys', () => ({ encryptionKey: key(), alarmTopicKey: key(), ...EMAILS }), /but `encryptionKey` and `alarmTopicKey` were given too\. Use one: remove `encryption` to use your keys/],
    ['with nothing to encrypt', () => ({ logGroup: logs.LogGroup.fromLogGroupName(newStack(), 'G', 'existing') }), /creates neither the log group \(`logGroup` was given\) nor an alarm topic.*nothing for the key to encrypt/],
  ])('%s', (_name, props, message) => {
    expect(() => new FlowLogsToCloudWatch(newStack(), 'FlowLogs', { targets: [ENI_TARGET], encryption: KMS, ...props() })).toThrow(message);
  });

  test('a raw value that is not a member of the enum', () => {
    expect(() => build({ encryption: 'kms' as unknown as FlowLogsEncryption })).toThrow(
      'FlowLogsToCloudWatch: `encryption` must be one of FlowLogsEncryption (SERVICE_DEFAULT, KMS), got "kms". Use e.g. FlowLogsEncryption.SERVICE_DEFAULT.');
  });
});
