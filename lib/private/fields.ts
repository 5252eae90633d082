/**
 * Facts about flow log record fields, in one place: what the filter, the detections, the
 * Contributor Insights rules, the queries and the targets read. Nothing here has state.
 */
import { FlowLogField, FlowLogFieldType, FlowLogRecordKind } from '../flow-log-field';
import { describeValue } from './describe';
import { libraryError } from './errors';

/** Human name of a record kind, for messages. */
export function kindName(kind: FlowLogRecordKind): string {
  return kind === FlowLogRecordKind.TRANSIT_GATEWAY ? 'transit gateway' : 'VPC / subnet / network interface';
}

/** The default format of a record kind. */
export function defaultFormat(kind: FlowLogRecordKind): FlowLogField[] {
  return kind === FlowLogRecordKind.TRANSIT_GATEWAY ? FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT : FlowLogField.DEFAULT_FORMAT;
}

/** `version account-id ...`: a format as a list of names, for messages. */
export function formatNames(format: FlowLogField[]): string {
  return format.map(f => f.name).join(' ');
}

/** The `LogFormat` string CloudFormation takes: `${version} ${account-id} ...`. */
export function renderLogFormat(format: FlowLogField[]): string {
  return format.map(f => f.toString()).join(' ');
}

/** Whether two formats list the same fields in the same order. */
export function sameFormat(a: FlowLogField[], b: FlowLogField[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name);
}

/**
 * Checks a `logFormat` prop: not empty, no field twice.
 */
export function validateFormatShape(format: FlowLogField[], prop: string): FlowLogField[] {
  if (format.length === 0) {
    throw libraryError(`\`${prop}\` is empty: a flow log record needs at least one field. Omit \`${prop}\` for the default format, or list fields such as [FlowLogField.SRC_ADDR, FlowLogField.DST_PORT, FlowLogField.ACTION].`);
  }
  const seen = new Set<string>();
  for (const f of format) {
    if (seen.has(f.name)) {
      throw libraryError(`\`${prop}\` lists \`${f.name}\` more than once; each field may appear only once. Remove the duplicate.`);
    }
    seen.add(f.name);
  }
  return format;
}

/**
 * Checks that every field of a format exists in records of the given kind.
 */
export function validateFormatForKind(format: FlowLogField[], kind: FlowLogRecordKind, prop: string) {
  const wrong = format.filter(f => !f.appliesTo(kind));
  if (wrong.length > 0) {
    const other = kind === FlowLogRecordKind.TRANSIT_GATEWAY ? 'VPC / subnet / network interface' : 'transit gateway';
    throw libraryError(`\`${prop}\` has ${wrong.map(f => '`' + f.name + '`').join(', ')}, which ${kindName(kind)} flow log records do not have (${wrong.length > 1 ? 'they are' : 'it is'} a field of ${other} records). Remove ${wrong.length > 1 ? 'them' : 'it'}, or put these targets in a construct of their own.`);
  }
}

/** The column name of a field in a space-delimited pattern: `log-status` -> `log_status`. */
export function columnName(field: FlowLogField): string {
  return field.name.replace(/-/g, '_');
}

/**
 * The only values some text fields ever hold (compared case-sensitively): a filter or a
 * Contributor Insights condition on another value could never match.
 */
export const FIELD_VALUES: Record<string, string[]> = {
  'action': ['ACCEPT', 'REJECT'],
  'log-status': ['OK', 'NODATA', 'SKIPDATA'],
};

/**
 * The name of a detection, rule or query in a construct (it becomes part of construct IDs):
 * letters, digits, `-` and `_`, starting with a letter, at most 64 characters.
 */
export const ITEM_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * How a user names a field in code, for messages: `FlowLogField.FLOW_DIRECTION`, or
 * `FlowLogField.custom('name', FlowLogFieldType.NUMBER)` for a field without a constant.
 */
export function fieldConstant(field: FlowLogField): string {
  const constant = Object.entries(FlowLogField)
    .find(([, value]) => value instanceof FlowLogField && value.name === field.name);
  if (constant) return `FlowLogField.${constant[0]}`;
  return `FlowLogField.custom('${field.name}', FlowLogFieldType.${field.valueType === FlowLogFieldType.NUMBER ? 'NUMBER' : 'TEXT'})`;
}

/** Ranges a number field's values lie in (ports, IANA protocol numbers). */
export const NUMBER_RANGES: Record<string, [number, number, string]> = {
  srcport: [0, 65535, 'a port'],
  dstport: [0, 65535, 'a port'],
  protocol: [0, 255, 'an IANA protocol number'],
};

/** A network interface ID: `eni-` and 8 or 17 hexadecimal digits. */
export const ENI_ID = /^eni-([0-9a-f]{8}|[0-9a-f]{17})$/;

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

/**
 * A CloudWatch metric name or namespace as metric filters take it: 1-255 printable ASCII
 * characters without `:`, `*` or `$`, and without leading or trailing spaces.
 */
export function isMetricText(value: string): boolean {
  return value.length <= 255 && /^[\x20-\x7E]+$/.test(value) && !/[:*$]/.test(value) && value.trim() === value;
}

/**
 * Checks the name of a detection, rule or query in a construct (it becomes part of construct IDs
 * and default names): letters, digits, `-` and `_`, starting with a letter, at most 64 characters.
 */
export function checkItemName(owner: string, name: string) {
  if (!ITEM_NAME.test(name)) {
    throw libraryError(`${owner}: \`name\` must be 1-64 letters, digits, '-' or '_', starting with a letter (it names constructs and default names); got ${describeValue(name)}.`);
  }
}
