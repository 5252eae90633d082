import { ArnFormat, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { describeValue } from './describe';
import { LOGS_KEY_ACTIONS } from './encryption';
import { libraryError, warn } from './errors';

/** CloudWatch Logs' rule for log group names. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** What decides the log group. */
export interface LogGroupChoice {
  readonly logGroup?: logs.ILogGroup;
  readonly logGroupName?: string;
  readonly retention?: logs.RetentionDays;
  readonly encryptionKey?: kms.IKey;
  readonly removalPolicy?: RemovalPolicy;
}

/** The log group the flow logs deliver to, and its name where the construct chose it. */
export interface ChosenLogGroup {
  readonly logGroup: logs.ILogGroup;
  /** The created group's name (a literal unless `logGroupName` is a token); undefined for a supplied group. */
  readonly createdName?: string;
}

/**
 * The supplied log group, or a created one: retained, two years' retention, with a name known at
 * synth (the same with or without a key, so adding or removing `encryptionKey` never renames and
 * so replaces the group), and, with `encryptionKey`, the key-policy statement CloudWatch Logs
 * needs for this group only.
 */
export function createOrUseLogGroup(scope: Construct, props: LogGroupChoice): ChosenLogGroup {
  if (props.logGroup) {
    const conflicting = (['logGroupName', 'retention', 'encryptionKey', 'removalPolicy'] as const)
      .filter(p => props[p] !== undefined);
    if (conflicting.length > 0) {
      const names = conflicting.map(p => '`' + p + '`').join(', ');
      throw libraryError(`FlowLogsToCloudWatch: ${names} ${conflicting.length === 1 ? 'applies' : 'apply'} only to a log group the construct creates, but \`logGroup\` was given. Provide \`logGroup\` or ${names}, not both (set them on your log group instead).`);
    }
    return { logGroup: props.logGroup };
  }
  const givenName = props.logGroupName;
  if (givenName !== undefined && !Token.isUnresolved(givenName)) {
    if (givenName.startsWith('aws/')) {
      throw libraryError(`FlowLogsToCloudWatch: \`logGroupName\` may not start with "aws/" (reserved by AWS), got ${describeValue(givenName)}. Use e.g. "/vpc-flow-logs/..." instead.`);
    }
    if (!LOG_GROUP_NAME.test(givenName)) {
      throw libraryError(`FlowLogsToCloudWatch: \`logGroupName\` must be 1-512 characters of a-z, A-Z, 0-9, '_', '-', '/', '.' and '#', got ${describeValue(givenName)} (${givenName.length} characters).`);
    }
  }
  if (props.retention === logs.RetentionDays.INFINITE) {
    warn(scope, 'infiniteRetention',
      '`retention` is INFINITE: flow log records are kept (and billed for storage) forever. Prefer a finite logs.RetentionDays.');
  }
  // A key policy names the group it may be used for (a CloudFormation-generated name would be a
  // circular reference), and the name must not depend on the key: derived from the construct path.
  const logGroupName = givenName ?? `/vpc-flow-logs/${Names.uniqueResourceName(scope, { maxLength: 480, separator: '-' })}`;
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    logGroupName,
    retention: props.retention ?? logs.RetentionDays.TWO_YEARS,
    encryptionKey: props.encryptionKey,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  if (props.encryptionKey) allowLogsToUseKey(scope, props.encryptionKey, logGroupName);
  return { logGroup, createdName: logGroupName };
}

/** The class of a log group, where the app says it (a created or app-defined group). */
export function logGroupClass(logGroup: logs.ILogGroup): string | undefined {
  return (logGroup.node.defaultChild as logs.CfnLogGroup | undefined)?.logGroupClass;
}

/** CloudWatch Logs (regional service principal) may use the key for this log group only. */
function allowLogsToUseKey(scope: Construct, key: kms.IKey, logGroupName: string) {
  const stack = Stack.of(scope);
  const result = key.addToResourcePolicy(new iam.PolicyStatement({
    sid: `AllowCloudWatchLogsFor${Names.uniqueId(scope).slice(-200)}`,
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: LOGS_KEY_ACTIONS,
    resources: ['*'],
    conditions: {
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
  if (!result.statementAdded) {
    warn(scope, 'kmsKeyPolicy',
      `The key given as \`encryptionKey\` is imported, so its key policy cannot be changed here. Make sure it allows the service principal logs.${stack.region}.amazonaws.com ${LOGS_KEY_ACTIONS.join(', ')} with the condition ArnEquals kms:EncryptionContext:aws:logs:arn = this log group's ARN, or creating the log group fails.`);
  }
}
