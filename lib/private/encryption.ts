import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FlowLogsEncryption } from '../flow-logs-encryption';
import { checkEnum } from './describe';
import { libraryError } from './errors';
import { printable } from './names';

/** What decides the construct's own key. */
export interface EncryptionChoice {
  readonly encryption?: FlowLogsEncryption;
  readonly encryptionKey?: kms.IKey;
  readonly alarmTopicKey?: kms.IKey;
  readonly logGroup?: logs.ILogGroup;
  readonly alarmTopic?: sns.ITopic;
  readonly alarmEmails?: string[];
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The key `encryption: KMS` creates, or undefined. Refuses the switch beside a key of the user's
 * (two ways of saying which key) and when the construct creates nothing to encrypt.
 */
export function createEncryptionKey(scope: Construct, props: EncryptionChoice): kms.Key | undefined {
  checkEnum(props.encryption, FlowLogsEncryption, 'FlowLogsToCloudWatch', 'encryption', 'FlowLogsEncryption');
  if (props.encryption !== FlowLogsEncryption.KMS) return undefined;
  const given = (['encryptionKey', 'alarmTopicKey'] as const).filter(p => props[p] !== undefined);
  if (given.length > 0) {
    throw libraryError(`FlowLogsToCloudWatch: \`encryption\` is FlowLogsEncryption.KMS, which creates the key, but ${given.map(p => '`' + p + '`').join(' and ')} ${given.length === 1 ? 'was' : 'were'} given too. Use one: remove \`encryption\` to use your key${given.length === 1 ? '' : 's'}, or remove ${given.map(p => '`' + p + '`').join(' and ')}.`);
  }
  const createsGroup = props.logGroup === undefined;
  const createsTopic = props.alarmTopic === undefined && (props.alarmEmails ?? []).length > 0;
  if (!createsGroup && !createsTopic) {
    throw libraryError('FlowLogsToCloudWatch: `encryption` is FlowLogsEncryption.KMS, but the construct creates neither the log group (`logGroup` was given) nor an alarm topic (no `alarmEmails`, or `alarmTopic` was given), so there is nothing for the key to encrypt. Encrypt your own log group and topic with their keys, and remove `encryption`.');
  }
  const key = new kms.Key(scope, 'EncryptionKey', {
    description: `VPC flow logs: the log group and alarm topic of ${printable(scope.node.path)}`,
    enableKeyRotation: true,
    // A retained group encrypted with a deleted key could no longer be read: keep them together.
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(grantsOnlyForAwsResources());
  return key;
}

/**
 * AWS Control Tower's CT.KMS.PR.3: no one may create a grant on the key unless an AWS service does
 * it for an AWS resource. Neither CloudWatch Logs nor SNS uses grants for this key.
 */
function grantsOnlyForAwsResources(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: {
        'kms:GrantIsForAWSResource': 'false',
        'aws:PrincipalIsAWSService': 'false',
      },
    },
  });
}

/**
 * The actions CloudWatch Logs uses a log group's key for, spelled out (AWS's page writes them as
 * `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:Describe*`; under
 * its encryption-context condition `kms:DescribeKey`, which carries no context, is never allowed).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export const LOGS_KEY_ACTIONS = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
];

/**
 * The actions a publisher needs on an encrypted topic's key: SNS generates a data key for each
 * message and decrypts it (AWS's page writes `kms:GenerateDataKey*`).
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
export const TOPIC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];
