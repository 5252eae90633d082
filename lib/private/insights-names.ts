import { FlowLogField } from '../flow-log-field';

/**
 * The names CloudWatch Logs Insights gives the default format's fields when it discovers them
 * itself; any other field is named by its record name in camelCase.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogs-discoverable-fields.html
 */
const DISCOVERED_NAMES: Record<string, string> = {
  'version': 'version',
  'account-id': 'accountId',
  'interface-id': 'interfaceId',
  'srcaddr': 'srcAddr',
  'dstaddr': 'dstAddr',
  'srcport': 'srcPort',
  'dstport': 'dstPort',
  'protocol': 'protocol',
  'packets': 'packets',
  'bytes': 'bytes',
  'start': 'startTime',
  'end': 'endTime',
  'action': 'action',
  'log-status': 'logStatus',
};

/** The name of a field in a Logs Insights query: `srcAddr`, `startTime`, `tcpFlags`, ... */
export function insightsName(field: FlowLogField): string {
  return DISCOVERED_NAMES[field.name] ?? field.name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
