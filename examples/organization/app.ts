/**
 * The source document's setup on every VPC of an AWS Organization: flow logs into CloudWatch Logs,
 * the rejected-SSH metric filter and alarm, and an e-mail, for VPCs made by any tool, in every
 * account of the organizational units and regions given, with the alarms landing in the security
 * account.
 *
 * - `Management` (the management account, or a delegated administrator of StackSets): a
 *   service-managed StackSet whose stack, in each member account and region, holds the delivery role
 *   and log group, the detections, a delivery health alarm, the AWS Config rule VPC_FLOW_LOGS_ENABLED
 *   with its automatic remediation (which creates the missing flow logs), and the rule forwarding the
 *   alarms to the security account's bus.
 * - `Security` (the security account): the organization's alarm bus and the e-mail.
 *
 * Run it with `npx cdk@2 synth --app "npx ts-node --prefer-ts-exts examples/organization/app.ts"`.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { FlowLogDetection, FlowLogsAlarmBus, FlowLogsEncryption, FlowLogsStackSet } from '../../lib';

/** The accounts of the example: replace them with yours. */
export const MANAGEMENT = { account: '111111111111', region: 'eu-west-1' };
export const SECURITY = { account: '222222222222', region: 'eu-west-1' };

export function buildOrganizationApp(app = new App()) {
  const management = new Stack(app, 'FlowLogsManagement', { env: MANAGEMENT });
  const stackSet = new FlowLogsStackSet(management, 'FlowLogs', {
    // Roll out to one OU first; add the others (or the root, r-...) when it works.
    organizationalUnitIds: ['ou-ab12-34cd56ef'],
    regions: ['eu-west-1', 'us-east-1'],
    alarmBusArn: FlowLogsAlarmBus.arnOf(SECURITY.account, SECURITY.region),
    detections: [
      // >= 10 rejected SSH attempts in one hour: the source document's alarm.
      FlowLogDetection.rejectedSsh(),
      // Admin ports probed from inside a VPC: what the internet's background scanning does not trigger.
      FlowLogDetection.rejectedAdminPortsFromInside(),
    ],
    deliveryHealthPeriod: Duration.hours(1),
    encryption: FlowLogsEncryption.KMS,
  });

  const security = new Stack(app, 'FlowLogsSecurity', { env: SECURITY });
  const alarmBus = new FlowLogsAlarmBus(security, 'AlarmBus', {
    organizationId: 'o-a1b2c3d4e5',
    alarmEmails: ['secops@example.com'],
    encryption: FlowLogsEncryption.KMS,
  });
  return { app, management, security, stackSet, alarmBus };
}

if (require.main === module) {
  buildOrganizationApp().app.synth();
}
