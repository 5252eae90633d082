import { Token } from 'aws-cdk-lib';
import { FlowLogField } from './flow-log-field';
import { describeValue } from './private/describe';
import { libraryError } from './private/errors';
import { ENI_ID } from './private/field-values';
import { guard, guardProps, is, Rule } from './private/guard';
import { insightsName } from './private/insights-names';
import { checkItemName } from './private/names';
import { formatNames, sameFormat } from './private/record-format';

/** The most characters a saved query (`AWS::Logs::QueryDefinition` `QueryString`) may have. */
const MAX_QUERY_LENGTH = 10000;

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
 * Props of `FlowLogQuery.custom`: a saved query of your own.
 */
export interface FlowLogQueryProps {
  /**
   * The query's name in this construct (its construct ID, and the default saved-query name).
   * Letters, digits, `-` and `_`, starting with a letter, at most 64 characters.
   */
  readonly name: string;

  /**
   * The record fields the query reads, each once. A record format that lacks one of them is
   * refused, as for the presets. In the query text, name each field as
   * `FlowLogQuery.fieldName` gives (`srcAddr`, `dstPort`, `startTime`, `tcpFlags`, ...), the
   * names Logs Insights discovers for the default format and the generated `parse` clause gives
   * for any other.
   */
  readonly fields: FlowLogField[];

  /**
   * The query text after the generated `parse` clause: Logs Insights commands separated by `|`,
   * e.g. `filter action = "REJECT" | stats count(*) by srcAddr`. New lines are kept as written
   * (`\n| filter ...` reads as in the console). Written for the default format, the same text
   * works for a custom `logFormat`, which gets a `parse @message "..." as ...` clause in front.
   *
   * Not empty; no leading or trailing `|` (the `|` after the `parse` clause is generated); and no
   * `parse @message` command, since `@message` is parsed by the generated clause (for a custom
   * format) or by Logs Insights itself (for the default format): a query that parses it again would
   * read other names or columns than the record format has. `parse` of another field is fine.
   * With the generated clause, the whole query must fit the 10,000 characters a saved query may
   * have.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
   */
  readonly query: string;

  /**
   * The name the query is saved under in CloudWatch Logs Insights (1-255 characters; may
   * contain `/` to put it in a folder).
   *
   * @default - `<stack name>/<construct path>/<name>`
   */
  readonly queryName?: string;
}

const FIELD_RULE = is.instance(FlowLogField, 'a FlowLogField', 'FlowLogField.SRC_ADDR');
/** What each option of a query must be (checked first by every factory). */
const OPTION_RULES: Record<string, Rule> = {
  name: is.string({ example: '\'RejectedBySource\'' }),
  queryName: is.string(),
};

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
 *   FlowLogQuery.custom({
 *     name: 'RejectedByPort',
 *     fields: [FlowLogField.ACTION, FlowLogField.DST_PORT],
 *     query: 'filter action = "REJECT" | stats count(*) as rejectedFlows by dstPort | sort rejectedFlows desc | limit 20',
 *   }),
 * ];
 */
export class FlowLogQuery {
  /**
   * The name a query uses for a field: the name Logs Insights discovers for the
   * default format's fields (`srcaddr` -> `srcAddr`, `start` -> `startTime`), and
   * camelCase for the others (`tcp-flags` -> `tcpFlags`, `pkt-srcaddr` -> `pktSrcaddr`).
   */
  public static fieldName(field: FlowLogField): string {
    guard('FlowLogQuery.fieldName', [['field', field, FIELD_RULE, true]]);
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

  /**
   * Rejected attempts on an admin port (TCP 22 or 3389, REJECT) over time, per hour: the records
   * `FlowLogDetection.rejectedAdminPorts` counts.
   */
  public static rejectedAdminPortsOverTime(options: FlowLogQueryOptions = {}): FlowLogQuery {
    return FlowLogQuery.preset('RejectedAdminPortsOverTime', options, [FlowLogField.DST_PORT, FlowLogField.PROTOCOL, FlowLogField.ACTION], [
      'filter action = "REJECT" and (dstPort = 22 or dstPort = 3389) and protocol = 6',
      'stats count(*) as rejectedAdminPorts by bin(1h)',
    ]);
  }

  /** Every record of one network interface, newest first. */
  public static forInterface(networkInterfaceId: string, options: FlowLogQueryOptions = {}): FlowLogQuery {
    guard('FlowLogQuery.forInterface', [['networkInterfaceId', networkInterfaceId, is.string({ example: '\'eni-1a2b3c4d\'' }), true]]);
    if (!ENI_ID.test(networkInterfaceId)) {
      throw libraryError(`FlowLogQuery.forInterface: ${describeValue(networkInterfaceId)} is not a network interface ID; expected the form \`eni-1a2b3c4d\`.`);
    }
    return FlowLogQuery.preset('ForInterface', options, [FlowLogField.INTERFACE_ID], [
      `filter interfaceId = "${networkInterfaceId}"`,
      'sort @timestamp desc',
      'limit 1000',
    ]);
  }

  /**
   * A saved query of your own: `fields` are the record fields it reads (a format without one of
   * them is refused, as for the presets), and `query` the text that follows the `parse` clause
   * generated for a custom `logFormat` (none for the default format).
   *
   * @example
   * const portsPerSource = FlowLogQuery.custom({
   *   name: 'PortsPerSource',
   *   fields: [FlowLogField.SRC_ADDR, FlowLogField.DST_PORT, FlowLogField.ACTION],
   *   query: 'filter action = "REJECT"\n| stats count_distinct(dstPort) as ports by srcAddr\n| sort ports desc\n| limit 25',
   * });
   */
  public static custom(props: FlowLogQueryProps): FlowLogQuery {
    guardProps('FlowLogQuery.custom', 'props', props, {
      ...OPTION_RULES, fields: is.list(FIELD_RULE), query: is.string({ example: '\'stats count(*) by srcAddr\'' }),
    }, ['name', 'fields', 'query']);
    const label = `query ${describeValue(props.name)}`;
    checkItemName('FlowLogQuery.custom', props.name);
    if (props.fields.length === 0) {
      throw libraryError(`FlowLogQuery.custom: \`fields\` of ${label} must list the FlowLogFields the query reads (e.g. [FlowLogField.SRC_ADDR, FlowLogField.ACTION]), got ${describeValue(props.fields)}.`);
    }
    const twice = props.fields.find((f, i) => props.fields.findIndex(g => g.name === f.name) !== i);
    if (twice) {
      throw libraryError(`FlowLogQuery.custom: \`fields\` of ${label} lists \`${twice.name}\` more than once; list each field once.`);
    }
    checkQueryText(props.query, label);
    return new FlowLogQuery(props.name, [...props.fields], [props.query], props.queryName);
  }

  private static preset(name: string, options: FlowLogQueryOptions, fields: FlowLogField[], lines: string[]) {
    guardProps(`FlowLogQuery.${name[0].toLowerCase()}${name.slice(1)}`, 'options', options, OPTION_RULES);
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
      throw libraryError(`FlowLogQuery: \`queryName\` of query ${describeValue(name)} must be 1-255 characters, got ${describeValue(queryName)}.`);
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
    if (problems.length > 0) throw libraryError(problems.join(' '));
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
    if (problems.length === 0) {
      const text = this._render(format);
      if (!Token.isUnresolved(text) && text.length > MAX_QUERY_LENGTH) {
        problems.push(`FlowLogQuery: query ${describeValue(this.name)} is ${text.length} characters for this format (with its parse clause), over the ${MAX_QUERY_LENGTH} a saved Logs Insights query may have; shorten the query or the \`logFormat\`.`);
      }
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

/**
 * Checks the text of a custom query: not empty, no `|` at either end, no `parse @message`
 * (the generated clause, or Logs Insights for the default format, parses `@message`). Tokens
 * are not checked.
 */
function checkQueryText(query: string, label: string) {
  if (Token.isUnresolved(query)) return;
  const text = query.trim();
  if (text === '') {
    throw libraryError(`FlowLogQuery.custom: \`query\` of ${label} must hold Logs Insights commands (e.g. 'filter action = "REJECT" | stats count(*) by srcAddr'), got ${describeValue(query)}.`);
  }
  if (text.startsWith('|') || text.endsWith('|')) {
    throw libraryError(`FlowLogQuery.custom: \`query\` of ${label} starts or ends with \`|\`; write only the commands and the \`|\` between them (the one after a generated parse clause is added for you), got ${describeValue(query)}.`);
  }
  if (/(^|\|)\s*parse\s+@message\b/i.test(text)) {
    throw libraryError(`FlowLogQuery.custom: \`query\` of ${label} parses @message; the record fields are parsed for you (by a generated \`parse @message\` clause for a custom \`logFormat\`, by Logs Insights for the default format) and named as FlowLogQuery.fieldName gives, so leave the parse command out and use those names.`);
  }
}
