/**
 * Record formats: a flow log's list of fields, how CloudFormation and messages spell it, and whether
 * it fits a kind of record. Nothing here has state.
 */
import { FlowLogField, FlowLogFieldType, FlowLogRecordKind } from '../flow-log-field';
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
 * How a user names a field in code, for messages: `FlowLogField.FLOW_DIRECTION`, or
 * `FlowLogField.custom('name', FlowLogFieldType.NUMBER)` for a field without a constant.
 */
export function fieldConstant(field: FlowLogField): string {
  const constant = Object.entries(FlowLogField)
    .find(([, value]) => value instanceof FlowLogField && value.name === field.name);
  if (constant) return `FlowLogField.${constant[0]}`;
  return `FlowLogField.custom('${field.name}', FlowLogFieldType.${field.valueType === FlowLogFieldType.NUMBER ? 'NUMBER' : 'TEXT'})`;
}
