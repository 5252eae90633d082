import { Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { FlowLogsEncryption } from './flow-logs-encryption';
import { checkEmails } from './private/alarm-topic';
import { BUS_NAME, ORGANIZATION_ID, REGION } from './private/aws-ids';
import { describeValue } from './private/describe';
import { TOPIC_KEY_ACTIONS } from './private/encryption';
import { libraryError } from './private/errors';
import { cdk, guard, guardProps, is } from './private/guard';

const EVENTS_SERVICE = 'events.amazonaws.com';

/**
 * Props of `FlowLogsAlarmBus`.
 */
export interface FlowLogsAlarmBusProps {
  /** The organization whose accounts may put events on the bus (`o-...`): no other account may. */
  readonly organizationId: string;

  /** Who gets the e-mail when an alarm of any account goes to ALARM, or its flow logs stop delivering. */
  readonly alarmEmails: string[];

  /**
   * The bus's name: `FlowLogsStackSet`'s `alarmBusArn` names it (`FlowLogsAlarmBus.arnOf`).
   *
   * @default 'flow-logs-alarms'
   */
  readonly eventBusName?: string;

  /**
   * Encryption of the e-mail topic: `FlowLogsEncryption.KMS` creates a rotating key for it (a monthly fee).
   *
   * @default FlowLogsEncryption.SERVICE_DEFAULT
   */
  readonly encryption?: FlowLogsEncryption;
}

/**
 * The organization's alarm bus, for the security account: an EventBridge bus that only accounts of
 * the organization may put events on (`aws:PrincipalOrgID`), where every `FlowLogsStackSet` member
 * stack forwards its alarms' state changes, and rules that e-mail, through an SNS topic with the
 * same hardening as `FlowLogsToCloudWatch`'s (TLS only, publishing only from these rules), each
 * change into ALARM and each change from OK or ALARM into INSUFFICIENT_DATA (flow logs stopped
 * delivering), naming the account, the region and the alarm.
 *
 * @example
 * new FlowLogsAlarmBus(this, 'AlarmBus', {
 *   organizationId: 'o-a1b2c3d4e5',
 *   alarmEmails: ['secops@example.com'],
 * });
 */
export class FlowLogsAlarmBus extends Construct {
  /**
   * The ARN of a bus of this name in that account and region (partition `aws`): what
   * `FlowLogsStackSet`'s `alarmBusArn` takes, written in another stack than the bus's.
   *
   * @param account the security account's ID
   * @param region the bus's region
   * @param eventBusName the bus's name (default 'flow-logs-alarms')
   */
  public static arnOf(account: string, region: string, eventBusName?: string): string {
    guard('FlowLogsAlarmBus.arnOf', [
      ['account', account, is.string({ tokens: false }), true], ['region', region, is.string({ tokens: false }), true],
      ['eventBusName', eventBusName, is.string({ tokens: false })],
    ]);
    if (!/^\d{12}$/.test(account)) throw libraryError(`FlowLogsAlarmBus.arnOf: \`account\` must be an account ID of 12 digits; got ${describeValue(account)}.`);
    if (!REGION.test(region)) throw libraryError(`FlowLogsAlarmBus.arnOf: \`region\` must be a region name such as eu-west-1; got ${describeValue(region)}.`);
    if (eventBusName !== undefined && !BUS_NAME.test(eventBusName)) {
      throw libraryError(`FlowLogsAlarmBus.arnOf: \`eventBusName\` must be 1-256 letters, digits, '.', '-' or '_'; got ${describeValue(eventBusName)}.`);
    }
    return `arn:aws:events:${region}:${account}:event-bus/${eventBusName ?? 'flow-logs-alarms'}`;
  }

  /** The bus. */
  public readonly eventBus: events.EventBus;
  /** The topic the e-mails come from. */
  public readonly alarmTopic: sns.Topic;
  /** The rules on the bus: state changes into ALARM, and into INSUFFICIENT_DATA from OK or ALARM. */
  public readonly rules: events.Rule[];
  /**
   * The key `encryption: FlowLogsEncryption.KMS` created.
   * @default - none unless `encryption` is FlowLogsEncryption.KMS
   */
  public readonly encryptionKey?: kms.Key;

  constructor(scope: Construct, id: string, props: FlowLogsAlarmBusProps) {
    guard('FlowLogsAlarmBus', [['scope', scope, cdk.scope, true], ['id', id, is.string({ min: 1, tokens: false }), true]]);
    guardProps('FlowLogsAlarmBus', 'props', props, {
      organizationId: is.string({ example: '\'o-a1b2c3d4e5\'' }),
      alarmEmails: is.list(is.string({ example: '\'secops@example.com\'' })),
      eventBusName: is.string({ example: '\'flow-logs-alarms\'' }),
      encryption: is.enumOf(FlowLogsEncryption as unknown as Record<string, string>, 'FlowLogsEncryption'),
    }, ['organizationId', 'alarmEmails']);
    super(scope, id);
    if (!Token.isUnresolved(props.organizationId) && !ORGANIZATION_ID.test(props.organizationId)) {
      throw libraryError(`FlowLogsAlarmBus: \`organizationId\` is not an organization ID: got ${describeValue(props.organizationId)}. Use the form o-a1b2c3d4e5 (aws organizations describe-organization).`);
    }
    if (props.alarmEmails.length === 0) {
      throw libraryError('FlowLogsAlarmBus: `alarmEmails` is empty, so no one would be told. Give at least one address, e.g. [\'secops@example.com\'].');
    }
    checkEmails('FlowLogsAlarmBus', props.alarmEmails);
    const eventBusName = props.eventBusName ?? 'flow-logs-alarms';
    if (!Token.isUnresolved(eventBusName) && !BUS_NAME.test(eventBusName)) {
      throw libraryError(`FlowLogsAlarmBus: \`eventBusName\` must be 1-256 letters, digits, '.', '-' or '_'; got ${describeValue(eventBusName)}.`);
    }

    this.eventBus = new events.EventBus(this, 'Bus', { eventBusName });
    this.eventBus.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OrganizationMayPutEvents',
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [this.eventBus.eventBusArn],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
    }));

    if (props.encryption === FlowLogsEncryption.KMS) {
      this.encryptionKey = new kms.Key(this, 'EncryptionKey', { description: 'VPC flow logs: the organization\'s alarm e-mail topic', enableKeyRotation: true });
      this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowEventBridgeToPublishToTheEncryptedTopic',
        principals: [new iam.ServicePrincipal(EVENTS_SERVICE)],
        actions: TOPIC_KEY_ACTIONS,
        resources: ['*'],
      }));
    }
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'VPC flow log alarms (organization)', masterKey: this.encryptionKey });
    for (const email of props.alarmEmails) this.alarmTopic.addSubscription(new subs.EmailSubscription(email));

    const email = (state: string) => events.RuleTargetInput.fromText(
      `VPC flow logs: alarm ${events.EventField.fromPath('$.detail.alarmName')} of account ${events.EventField.account} in ${events.EventField.region} is ${state} `
      + `(was ${events.EventField.fromPath('$.detail.previousState.value')}) since ${events.EventField.time}: ${events.EventField.fromPath('$.detail.state.reason')}`);
    const alarmEvent = { source: ['aws.cloudwatch'], detailType: ['CloudWatch Alarm State Change'] };
    this.rules = [
      new events.Rule(this, 'AlarmRule', {
        eventBus: this.eventBus,
        description: 'E-mails every flow log alarm of the organization that goes to ALARM',
        eventPattern: { ...alarmEvent, detail: { state: { value: ['ALARM'] } } },
      }),
      new events.Rule(this, 'NoDataRule', {
        eventBus: this.eventBus,
        description: 'E-mails every flow log alarm of the organization that goes from OK or ALARM to INSUFFICIENT_DATA (no records)',
        eventPattern: { ...alarmEvent, detail: { state: { value: ['INSUFFICIENT_DATA'] }, previousState: { value: ['OK', 'ALARM'] } } },
      }),
    ];
    this.rules[0].addTarget({ bind: () => ({ arn: this.alarmTopic.topicArn, input: email('ALARM') }) });
    this.rules[1].addTarget({ bind: () => ({ arn: this.alarmTopic.topicArn, input: email('INSUFFICIENT_DATA: no records') }) });
    // Only these rules may publish (EventBridge's own SnsTopic target would let any rule of any account).
    this.alarmTopic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AlarmBusRulesMayPublish',
      principals: [new iam.ServicePrincipal(EVENTS_SERVICE)],
      actions: ['sns:Publish'],
      resources: [this.alarmTopic.topicArn],
      conditions: { ArnEquals: { 'aws:SourceArn': this.rules.map(r => r.ruleArn) } },
    }));
  }
}
