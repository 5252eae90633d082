import { FlowLogField } from './flow-log-field';
import { describeValue } from './private/describe';
import { checkItemName, ENI_ID, formatNames, insightsName, sameFormat } from './private/fields';

/**
 * Options of a saved query preset.
 */
export interface FlowLogQueryOptions {
  /**
   * The query's name in this construct (its construct ID, and the default saved-query name).
   *
   * @default - the preset's name
   */
  readonly name?: string;
  /**
   * The name the query is saved under in CloudWatch Logs Insights (may contain `/` to put it in a folder).
   *
   * @default - `<stack name>/<construct path>/<name>`
   */
  readonly queryName?: string;
}

/**
 * A saved CloudWatch Logs Insights query over the flow log group
 * (`AWS::Logs::QueryDefinition`).
 *
 * Logs Insights discovers the fields of the default record format by itself
 * (`srcAddr`, `dstPort`, `action`, ...); for a custom `logFormat` the query starts
 * with a `parse @message "..." as ...` clause generated from the format, naming
 * the fields the same way, so the rest of the query text is the same for both.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 *
 * @example
 * const queries = [
 *   FlowLogQuery.rejectedBySource(),
 *   FlowLogQuery.forInterface('eni-1a2b3c4d'),
 * ];
 */
export class FlowLogQuery {
  /**
   * The name a query uses for a field: the name Logs Insights discovers for the
   * default format's fields (`srcaddr` -> `srcAddr`, `start` -> `startTime`), and
   * camelCase for the others (`tcp-flags` -> `tcpFlags`, `pkt-srcaddr` -> `pktSrcaddr`).
   */
  public static fieldName(field: FlowLogField): string {
    return insightsName(field);
  }

  /** Rejected records, counted by source address (top 25). */
  public static rejectedBySource(options: FlowLogQueryOptions = {}): FlowLogQuery {
    return FlowLogQuery.preset('RejectedBySource', options, [FlowLogField.ACTION, FlowLogField.SRC_ADDR], [
      'filter action = "REJECT"',
      'stats count(*) as rejectedFlows by srcAddr',
      'sort rejectedFlows desc',
      'limit 25',
    ]);
  }

  /** Source and destination pairs by bytes transferred (top 25). */
  public static topTalkers(options: FlowLogQueryOptions = {}): FlowLogQuery {
    return FlowLogQuery.preset('TopTalkers', options, [FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR, FlowLogField.BYTES], [
      'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr',
      'sort bytesTransferred desc',
      'limit 25',
    ]);
  }

  /** Rejected SSH attempts (TCP 22, REJECT) over time, per hour. */
  public static rejectedSshOverTime(options: FlowLogQueryOptions = {}): FlowLogQuery {
    return FlowLogQuery.preset('RejectedSshOverTime', options, [FlowLogField.DST_PORT, FlowLogField.PROTOCOL, FlowLogField.ACTION], [
      'filter action = "REJECT" and dstPort = 22 and protocol = 6',
      'stats count(*) as rejectedSsh by bin(1h)',
    ]);
  }

  /** Every record of one network interface, newest first. */
  public static forInterface(networkInterfaceId: string, options: FlowLogQueryOptions = {}): FlowLogQuery {
    if (!ENI_ID.test(networkInterfaceId)) {
      throw new Error(`FlowLogQuery.forInterface: ${describeValue(networkInterfaceId)} is not a network interface ID; expected the form \`eni-1a2b3c4d\`.`);
    }
    return FlowLogQuery.preset('ForInterface', options, [FlowLogField.INTERFACE_ID], [
      `filter interfaceId = "${networkInterfaceId}"`,
      'sort @timestamp desc',
      'limit 1000',
    ]);
  }

  private static preset(name: string, options: FlowLogQueryOptions, fields: FlowLogField[], lines: string[]) {
    return new FlowLogQuery(options.name ?? name, fields, lines, options.queryName);
  }

  /** The query's name in this construct. */
  public readonly name: string;
  /** The name the query is saved under, when one was given. @default - generated */
  public readonly queryName?: string;
  private readonly fields: FlowLogField[];
  private readonly lines: string[];

  private constructor(name: string, fields: FlowLogField[], lines: string[], queryName: string | undefined) {
    checkItemName('FlowLogQuery', name);
    if (queryName !== undefined && (queryName.length < 1 || queryName.length > 255)) {
      throw new Error(`FlowLogQuery: \`queryName\` of query ${describeValue(name)} must be 1-255 characters, got ${describeValue(queryName)}.`);
    }
    this.name = name;
    this.fields = fields;
    this.lines = lines;
    this.queryName = queryName;
  }

  /**
   * The query text for records of the given format: the query itself for the
   * default format, preceded by a `parse` clause for any other.
   */
  public renderQuery(format: FlowLogField[]): string {
    const problems = this._problems(format);
    if (problems.length > 0) throw new Error(problems.join(' '));
    return this._render(format);
  }

  /** What keeps the query from being written for `format` (none: it can be). @internal */
  public _problems(format: FlowLogField[]): string[] {
    const problems: string[] = [];
    const missing = this.fields.filter(f => !format.some(x => x.name === f.name));
    if (missing.length > 0) {
      problems.push(`FlowLogQuery: query ${describeValue(this.name)} reads ${missing.map(f => '`' + f.name + '`').join(', ')}, which the record format lacks (${formatNames(format)}). Add ${missing.length > 1 ? 'them' : 'it'} to \`logFormat\`, or leave the query out.`);
    }
    const names = format.map(insightsName);
    const clash = names.find((n, i) => names.indexOf(n) !== i);
    if (clash !== undefined) {
      const fields = format.filter(f => insightsName(f) === clash).map(f => '`' + f.name + '`').join(' and ');
      problems.push(`FlowLogQuery: query ${describeValue(this.name)}: the format's fields ${fields} would both be named \`${clash}\` in the query's parse clause; rename the custom field.`);
    }
    return problems;
  }

  /** The query text for a format without problems. @internal */
  public _render(format: FlowLogField[]): string {
    const parse = sameFormat(format, FlowLogField.DEFAULT_FORMAT) ? [] :
      [`parse @message "${format.map(() => '*').join(' ')}" as ${format.map(insightsName).join(', ')}`];
    return [...parse, ...this.lines].join('\n| ');
  }
}
