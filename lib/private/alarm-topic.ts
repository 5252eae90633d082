import { ArnFormat, AspectPriority, Aspects, IAspect, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, IConstruct } from 'constructs';
import { describeValue } from './describe';
import { TOPIC_KEY_ACTIONS } from './encryption';
import { libraryError, warn } from './errors';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** What decides the alarm topic. */
export interface AlarmTopicChoice {
  readonly alarmTopic?: sns.ITopic;
  readonly alarmEmails?: string[];
  readonly alarmTopicKey?: kms.IKey;
}

/**
 * The topic every alarm notifies: the supplied `alarmTopic`, or one created for `alarmEmails`
 * (SSL-only, CloudWatch alarms of this account may publish, optionally KMS-encrypted), with an
 * e-mail subscription per address. None without either.
 */
export function createOrUseTopic(scope: Construct, props: AlarmTopicChoice): sns.ITopic | undefined {
  const emails = props.alarmEmails ?? [];
  checkEmails('FlowLogsToCloudWatch', emails);
  const key = props.alarmTopicKey;
  if (key && props.alarmTopic) {
    throw libraryError('FlowLogsToCloudWatch: `alarmTopicKey` encrypts the topic the construct creates, but `alarmTopic` was given. Provide `alarmTopic` or `alarmTopicKey`, not both (encrypt your topic with its own `masterKey`).');
  }
  if (key && emails.length === 0) {
    throw libraryError('FlowLogsToCloudWatch: `alarmTopicKey` is set but `alarmEmails` is not, so no topic is created to encrypt. Add `alarmEmails`, or remove `alarmTopicKey`.');
  }
  let topic = props.alarmTopic;
  if (topic) {
    allowAlarmsToPublishToSuppliedTopic(scope, topic);
  } else if (emails.length > 0) {
    topic = new sns.Topic(scope, 'AlarmTopic', { enforceSSL: true, displayName: 'VPC flow log alarms', masterKey: key });
    // enforceSSL gives the topic a policy, which replaces SNS's default one: allow the alarms.
    topic.addToResourcePolicy(alarmPublishStatement(scope, topic));
    if (key) allowAlarmsToUseKey(scope, key);
  }
  for (const email of emails) topic!.addSubscription(new subs.EmailSubscription(email));
  return topic;
}

/** `alarmEmails` of `owner`: addresses (tokens pass), each once. */
export function checkEmails(owner: string, emails: string[]) {
  emails.forEach((email, i) => {
    if (!Token.isUnresolved(email) && !EMAIL.test(email)) {
      throw libraryError(`${owner}: \`alarmEmails[${i}]\` is not an e-mail address: ${describeValue(email)}. Use the form name@example.com.`);
    }
  });
  const dupe = emails.find((e, i) => emails.indexOf(e) !== i);
  if (dupe !== undefined) {
    throw libraryError(`${owner}: \`alarmEmails\` lists ${describeValue(dupe)} twice; each address gets one subscription. Remove the duplicate.`);
  }
}

/** CloudWatch alarms publish to a KMS-encrypted topic only if the key lets them. */
function allowAlarmsToUseKey(scope: Construct, key: kms.IKey) {
  const result = key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
    principals: [new iam.ServicePrincipal(CLOUDWATCH_SERVICE)],
    actions: TOPIC_KEY_ACTIONS,
    resources: ['*'],
  }));
  if (!result.statementAdded) {
    warn(scope, 'alarmTopicKeyPolicy',
      `The key given as \`alarmTopicKey\` is imported, so its key policy cannot be changed here. Make sure it allows the service principal cloudwatch.amazonaws.com ${TOPIC_KEY_ACTIONS.join(' and ')}, or alarm notifications are dropped.`);
  }
}

/** The service principal that publishes alarm notifications. */
export const CLOUDWATCH_SERVICE = 'cloudwatch.amazonaws.com';

/**
 * The topic-policy statement that lets CloudWatch alarms of `scope`'s account and region (and
 * no other account's) publish to `topic`. A topic policy replaces SNS's default policy, so a
 * topic with a policy and without this statement drops every alarm notification
 * ("not authorized to perform: SNS:Publish" in the alarm's history).
 */
function alarmPublishStatement(scope: Construct, topic: sns.ITopic): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(CLOUDWATCH_SERVICE)],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  });
}

/**
 * Lets CloudWatch alarms publish to a topic given as `alarmTopic`, without ever replacing SNS's
 * default policy (which would cut off the topic's other publishers):
 * - a topic created in the app that has a topic policy at synth time (e.g. `enforceSSL`, or
 *   statements added by the app) gets the statement added to that policy;
 * - a topic created in the app without a policy keeps SNS's default policy, which lets
 *   CloudWatch alarms of the topic owner's account publish: nothing is added;
 * - an imported topic cannot be changed here: a warning names the statement it needs if it has
 *   a topic policy.
 */
function allowAlarmsToPublishToSuppliedTopic(scope: Construct, topic: sns.ITopic) {
  const statement = alarmPublishStatement(scope, topic);
  if (!Resource.isOwnedResource(topic)) {
    const stack = Stack.of(scope);
    const known = (value: string, placeholder: string) => Token.isUnresolved(value) ? placeholder : value;
    const account = known(stack.account, '<account>');
    const topicArn = known(topic.topicArn, '<topic ARN>');
    warn(scope, 'alarmTopicPolicy',
      `The topic given as \`alarmTopic\` (${topicArn}) is imported, so its policy cannot be changed here. If it has a topic policy (which replaces SNS's default policy), that policy must let CloudWatch alarms publish, or every notification is dropped: `
      + JSON.stringify({
        Effect: 'Allow',
        Principal: { Service: CLOUDWATCH_SERVICE },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${known(stack.partition, '<partition>')}:cloudwatch:${known(stack.region, '<region>')}:${account}:alarm:*` },
        },
      }));
    return;
  }
  // Whether the topic has a policy is only settled once the app is built: decide then.
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (node !== scope) return;
      topicPolicyOf(topic)?.document.addStatements(statement);
    },
  };
  Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
}

/** The `sns.TopicPolicy` in the topic's stack that applies to the topic, if any. */
function topicPolicyOf(topic: sns.ITopic): sns.TopicPolicy | undefined {
  return Stack.of(topic).node.findAll().find((c): c is sns.TopicPolicy => c instanceof sns.TopicPolicy
    && (c.node.defaultChild as sns.CfnTopicPolicy).topics.includes(topic.topicArn));
}
