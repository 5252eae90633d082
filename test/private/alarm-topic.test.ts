import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  FlowLogDetection, FlowLogsToCloudWatch,
  FlowLogTarget,
} from '../../lib';
import { build, ENI, newStack, synth } from '../util';

describe('alarm topic policy: CloudWatch alarms may publish', () => {
  const PUBLISH = {
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: 'sns:Publish',
    Condition: {
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:*']] } },
    },
  };
  function topicPolicies(template: Template): Array<{ Topics: unknown[]; PolicyDocument: { Statement: any[] } }> {
    return Object.values(template.findResources('AWS::SNS::TopicPolicy')).map(r => r.Properties);
  }

  test('the created topic: allow for this account\'s alarms beside the SSL-only deny, on this topic only', () => {
    const template = synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmEmails: ['secops@example.com'] });
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    const [policy] = topicPolicies(template);
    expect(policy.Topics).toEqual([{ Ref: topicId }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      { ...PUBLISH, Resource: { Ref: topicId }, Sid: '1' },
    ]);
  });

  test('a supplied topic with a policy (enforceSSL) gets the statement added to that policy', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic }, stack);
    const template = Template.fromStack(stack);
    const policies = topicPolicies(template);
    expect(policies).toHaveLength(1);
    expect(policies[0].PolicyDocument.Statement).toContainEqual(expect.objectContaining({ ...PUBLISH, Resource: { Ref: 'TopicBFC7AF6E' } }));
  });

  test('a policy the app gives the topic after the construct still gets the statement (decided at synth)', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic });
    topic.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('events.amazonaws.com')], actions: ['sns:Publish'], resources: [topic.topicArn] }));
    const [policy] = topicPolicies(Template.fromStack(stack));
    expect(policy.PolicyDocument.Statement.map(s => s.Principal.Service)).toEqual(['events.amazonaws.com', 'cloudwatch.amazonaws.com']);
  });

  test('a separate sns.TopicPolicy of the app for the topic gets the statement too', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    const separate = new sns.TopicPolicy(stack, 'SeparatePolicy', { topics: [topic] });
    separate.document.addStatements(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['sns:Subscribe'], resources: [topic.topicArn] }));
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic }, stack);
    const [policy] = topicPolicies(Template.fromStack(stack));
    expect(policy.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ ...PUBLISH, Resource: { Ref: 'TopicBFC7AF6E' } }));
  });

  test('a supplied topic without a policy keeps SNS\'s default policy: no topic policy is created', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic, alarmEmails: ['secops@example.com'] }, stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('two constructs sharing a supplied topic add one statement', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    for (const [id, eni] of [['A', 'eni-0a1b2c3d'], ['B', 'eni-0a1b2c3e']]) {
      new FlowLogsToCloudWatch(stack, id, {
        targets: [FlowLogTarget.fromNetworkInterfaceId(eni)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic,
      });
    }
    const [policy] = topicPolicies(Template.fromStack(stack));
    expect(policy.PolicyDocument.Statement.filter(s => s.Effect === 'Allow')).toHaveLength(1);
  });

  test('an imported topic: a warning naming the statement it needs, no policy created', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:123456789012:secops');
    synth({ targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic }, stack);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
    const [warning] = Annotations.fromStack(stack).findWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('is imported'));
    const message = String(warning.entry.data);
    expect(message).toMatch(/^The topic given as `alarmTopic` \(arn:aws:sns:eu-west-1:123456789012:secops\) is imported, so its policy cannot be changed here\./);
    const json = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    expect(json).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: 'arn:aws:sns:eu-west-1:123456789012:secops',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:<partition>:cloudwatch:eu-west-1:123456789012:alarm:*' },
      },
    });
  });
});

describe('notifications', () => {
  test('alarmEmails: one SSL-only topic, one subscription per address, the topic is every alarm action', () => {
    const { template, c } = build({
      detections: [FlowLogDetection.rejectedSsh(), FlowLogDetection.rejectedRdp()],
      alarmEmails: ['secops@example.com', 'noc@example.com'],
    });
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    for (const endpoint of ['secops@example.com', 'noc@example.com']) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: endpoint, TopicArn: { Ref: topicId } });
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(c.alarmTopic).toBeDefined();
  });

  test('a supplied alarmTopic is used as is, with subscriptions for alarmEmails', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:123456789012:secops');
    const { template, c } = build({ detections: [FlowLogDetection.rejectedSsh()], alarmTopic: topic, alarmEmails: ['a@example.com'] }, stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:secops', Endpoint: 'a@example.com' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:secops'] });
    expect(c.alarmTopic).toBe(topic);
  });

  test('alarmActions are added to every alarm, before the topic', () => {
    const stack = newStack();
    const other = new sns.Topic(stack, 'Pager');
    const { template } = build({
      detections: [FlowLogDetection.rejectedSsh()],
      alarmActions: [new cw_actions.SnsAction(other)],
      alarmEmails: ['a@example.com'],
    }, stack);
    const [alarm] = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarm.Properties.AlarmActions).toHaveLength(2);
    const topicIds = Object.keys(template.findResources('AWS::SNS::Topic'));
    const pager = topicIds.find(k => k.startsWith('Pager'));
    const created = topicIds.find(k => k.startsWith('FlowLogsAlarmTopic'));
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: pager }, { Ref: created }]);
  });

  test('alarmTopicKey: the created topic is encrypted, and the key lets CloudWatch alarms publish to it', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'TopicKey');
    const { template } = build({ detections: [FlowLogDetection.rejectedSsh()], alarmEmails: ['a@example.com'], alarmTopicKey: key }, stack);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
        }]),
      },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('alarmTopicKey imported: a warning says what the key policy needs', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    build({ detections: [FlowLogDetection.rejectedSsh()], alarmEmails: ['a@example.com'], alarmTopicKey: key }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/FlowLogs', Match.stringLikeRegexp('cloudwatch.amazonaws.com kms:Decrypt'));
  });

  test('alarmTopicKey with alarmTopic, or without alarmEmails', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'K');
    const alarmTopic = new sns.Topic(stack, 'T');
    expect(() => build({ alarmEmails: ['a@example.com'], alarmTopicKey: key, alarmTopic }, stack))
      .toThrow(/Provide `alarmTopic` or `alarmTopicKey`, not both/);
    expect(() => build({ alarmTopicKey: key }, newStack()))
      .toThrow(/`alarmTopicKey` is set but `alarmEmails` is not/);
  });

  test('no topic without alarmEmails or alarmTopic', () => {
    build({ detections: [FlowLogDetection.rejectedSsh()] }).template.resourceCountIs('AWS::SNS::Topic', 0);
  });
});

describe('e-mail addresses', () => {
  test.each(['not-an-address', 'a@b', 'two@@example.com', 'sp ace@example.com'])('invalid e-mail %j', (email) => {
    expect(() => build({ alarmEmails: [email] })).toThrow(/`alarmEmails\[0\]` is not an e-mail address/);
  });

  test('a duplicated e-mail address', () => {
    expect(() => build({ alarmEmails: ['a@example.com', 'a@example.com'] })).toThrow(/lists "a@example.com" twice/);
  });
});
