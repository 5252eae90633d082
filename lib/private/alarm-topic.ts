import { Annotations, ArnFormat, AspectPriority, Aspects, IAspect, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';

/** The service principal that publishes alarm notifications. */
export const CLOUDWATCH_SERVICE = 'cloudwatch.amazonaws.com';

/**
 * The topic-policy statement that lets CloudWatch alarms of `scope`'s account and region (and
 * no other account's) publish to `topic`. A topic policy replaces SNS's default policy, so a
 * topic with a policy and without this statement drops every alarm notification
 * ("not authorized to perform: SNS:Publish" in the alarm's history).
 */
export function alarmPublishStatement(scope: Construct, topic: sns.ITopic): iam.PolicyStatement {
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
export function allowAlarmsToPublishToSuppliedTopic(scope: Construct, topic: sns.ITopic) {
  const statement = alarmPublishStatement(scope, topic);
  if (!Resource.isOwnedResource(topic)) {
    const stack = Stack.of(scope);
    const known = (value: string, placeholder: string) => Token.isUnresolved(value) ? placeholder : value;
    const account = known(stack.account, '<account>');
    const topicArn = known(topic.topicArn, '<topic ARN>');
    Annotations.of(scope).addWarningV2('cdk-flow-logs-to-cloudwatch:alarmTopicPolicy',
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
