/**
 * How the construct encrypts what it creates at rest: the log group and, with `alarmEmails`, the
 * alarm topic.
 */
export enum FlowLogsEncryption {
  /**
   * What AWS does without a customer-managed key: CloudWatch Logs encrypts the log group with its
   * own key; the alarm topic has no server-side encryption. Or the keys you give as
   * `encryptionKey` and `alarmTopicKey`.
   */
  SERVICE_DEFAULT = 'SERVICE_DEFAULT',
  /**
   * One customer-managed KMS key, created by the construct (rotation on, kept as long as the log
   * group), encrypts the created log group and the created alarm topic. Its key policy lets
   * CloudWatch Logs use it for this log group only and CloudWatch alarms publish to the topic, and
   * denies `kms:CreateGrant` to anyone but AWS services acting for AWS resources (AWS Control Tower
   * CT.KMS.PR.3). Costs a KMS key a month plus its requests.
   */
  KMS = 'KMS',
}
