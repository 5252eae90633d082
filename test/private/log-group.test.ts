import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../../lib';
import { ENI, newStack, synth } from '../util';

describe('the log group and its key', () => {
  test('logGroupName, retention and removalPolicy', () => {
    synth({
      targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)],
      logGroupName: '/vpc/flow-logs#prod_1.x',
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    }).hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/vpc/flow-logs#prod_1.x', RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
  });

  test('INFINITE retention is allowed but warned about', () => {
    const stack = newStack();
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], retention: logs.RetentionDays.INFINITE }, stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('`retention` is INFINITE'));
  });

  test('encryptionKey: the group is encrypted and the key lets CloudWatch Logs use it for this group only', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: key }, stack);
    const [group] = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(group.Properties.KmsKeyId['Fn::GetAtt'][0]).toMatch(/^Key/);
    const name: string = group.Properties.LogGroupName;
    expect(name).toMatch(/^\/vpc-flow-logs\/TestStack-FlowLogs-/);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
          Condition: {
            ArnEquals: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:123456789012:log-group:${name}`]],
              },
            },
          },
        })]),
      },
    });
  });

  test('adding or removing encryptionKey keeps the group\'s name and logical ID, so the group is never replaced', () => {
    const group = (withKey: boolean) => {
      const stack = newStack();
      synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: withKey ? new kms.Key(stack, 'Key') : undefined }, stack);
      const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
      return Object.entries(groups).map(([id, r]) => [id, r.Properties.LogGroupName]);
    };
    const without = group(false);
    expect(without).toEqual([['FlowLogsLogGroup9853A85F', expect.stringMatching(/^\/vpc-flow-logs\/TestStack-FlowLogs-[0-9A-F]{8}$/)]]);
    expect(group(true)).toEqual(without);
  });

  test('encryptionKey with an explicit name uses that name in the key policy', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: key, logGroupName: 'flow-logs' }, stack)
      .hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:flow-logs']] } } },
          })]),
        },
      });
  });

  test('an imported key cannot be changed: a warning says what to add', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], encryptionKey: key }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('logs.eu-west-1.amazonaws.com'));
  });
});

describe('a supplied log group', () => {
  test('a supplied log group: no group created, CreateLogGroup granted on it', () => {
    const stack = newStack();
    const group = logs.LogGroup.fromLogGroupName(stack, 'Existing', 'existing-flow-logs');
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroup: group }, stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::EC2::FlowLog', { LogGroupName: 'existing-flow-logs' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'logs:CreateLogGroup',
          Effect: 'Allow',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:existing-flow-logs']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:existing-flow-logs:*']] },
          ],
        }]),
      },
    });
  });
});

describe('log group errors', () => {
  test.each([
    ['retention', { retention: logs.RetentionDays.ONE_DAY }],
    ['encryptionKey', { encryptionKey: 'KEY' }],
    ['logGroupName', { logGroupName: 'x' }],
    ['removalPolicy', { removalPolicy: RemovalPolicy.DESTROY }],
  ])('%s together with a supplied logGroup', (prop, extra) => {
    const stack = newStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'G', 'g');
    const props: any = { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroup, ...extra };
    if (prop === 'encryptionKey') props.encryptionKey = new kms.Key(stack, 'K');
    expect(() => new FlowLogsToCloudWatch(stack, 'F', props))
      .toThrow(new RegExp(`\`${prop}\` applies only to a log group the construct creates.*Provide \`logGroup\` or`));
  });

  test('a logGroupName starting with "aws/"', () => {
    expect(() => synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroupName: 'aws/flow' }))
      .toThrow(/`logGroupName` may not start with "aws\/" \(reserved by AWS\), got "aws\/flow"/);
  });

  test('a token logGroupName skips the check', () => {
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logGroupName: Token.asString({ Ref: 'Name' }) })
      .hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: { Ref: 'Name' } });
  });
});
