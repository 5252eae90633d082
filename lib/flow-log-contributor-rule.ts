import { Token } from 'aws-cdk-lib';
import { FlowLogField, FlowLogFieldType } from './flow-log-field';
import { describeValue } from './private/describe';
import { libraryError } from './private/errors';
import { FIELD_VALUES, NUMBER_RANGES } from './private/field-values';
import { guard, guardProps, is, Rule } from './private/guard';
import { checkItemName } from './private/names';
import { fieldConstant, formatNames } from './private/record-format';

/** CloudWatch Contributor Insights allows at most 4 keys and 4 filters per rule, and 10 values per filter. */
const MAX_KEYS = 4;
const MAX_FILTERS = 4;
const MAX_VALUES = 10;
const RULE_NAME = /^[\x20-\x7E]{1,128}$/;

const FIELD_RULE = is.instance(FlowLogField, 'a FlowLogField', 'FlowLogField.SRC_ADDR');
/** What each option of a rule must be (checked first by every factory). */
const OPTION_RULES: Record<string, Rule> = {
  name: is.string({ example: '\'TopRejectedSources\'' }),
  ruleName: is.string(),
};

/**
 * A condition of a Contributor Insights rule: which log events count.
 *
 * A rule's conditions must all hold (Contributor Insights joins its filters with AND). Within one
 * condition, `isIn`, `notIn` and `startsWith` take up to 10 text values, any of which may match
 * (OR): the Contributor Insights counterpart of `FlowLogFilter.whereStringIn`. Contributor Insights
 * documents these operators with string values only, and compares numbers with one value each
 * (`equalTo`, `notEqualTo`, `greaterThan`, `lessThan`), so a rule cannot count "port 22 or 3389"
 * (`FlowLogFilter.whereNumberIn`); the text operators refuse number fields.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
 *
 * @example
 * const rejected = FlowLogContributorCondition.isIn(FlowLogField.ACTION, ['REJECT']);
 * const ssh = FlowLogContributorCondition.equalTo(FlowLogField.DST_PORT, 22);
 */
export class FlowLogContributorCondition {
  /** The text field's value is one of `values` (`In`; up to 10 values, case-sensitive). */
  public static isIn(field: FlowLogField, values: string[]): FlowLogContributorCondition {
    return new FlowLogContributorCondition(field, 'In', checkValues(field, values, 'isIn'));
  }

  /** The text field's value is none of `values` (`NotIn`; up to 10 values, case-sensitive). */
  public static notIn(field: FlowLogField, values: string[]): FlowLogContributorCondition {
    return new FlowLogContributorCondition(field, 'NotIn', checkValues(field, values, 'notIn'));
  }

  /** The text field's value starts with one of `prefixes` (`StartsWith`; up to 10), e.g. `['10.0.']`. */
  public static startsWith(field: FlowLogField, prefixes: string[]): FlowLogContributorCondition {
    return new FlowLogContributorCondition(field, 'StartsWith', checkValues(field, prefixes, 'startsWith'));
  }

  /** The number field equals `value` (`EqualTo`). */
  public static equalTo(field: FlowLogField, value: number): FlowLogContributorCondition {
    return new FlowLogContributorCondition(field, 'EqualTo', checkInRange(field, checkNumber(field, value, 'equalTo'), 'equalTo'));
  }

  /** The number field does not equal `value` (`NotEqualTo`). */
  public static notEqualTo(field: FlowLogField, value: number): FlowLogContributorCondition {
    return new FlowLogContributorCondition(field, 'NotEqualTo', checkInRange(field, checkNumber(field, value, 'notEqualTo'), 'notEqualTo'));
  }

  /** The number field is greater than `value` (`GreaterThan`). */
  public static greaterThan(field: FlowLogField, value: number): FlowLogContributorCondition {
    return new FlowLogContributorCondition(field, 'GreaterThan', checkNumber(field, value, 'greaterThan'));
  }

  /** The number field is less than `value` (`LessThan`). */
  public static lessThan(field: FlowLogField, value: number): FlowLogContributorCondition {
    return new FlowLogContributorCondition(field, 'LessThan', checkNumber(field, value, 'lessThan'));
  }

  /** The field the condition reads. */
  public readonly field: FlowLogField;
  /** The Contributor Insights operator (named `comparison`: `operator` is reserved in C#): `In`, `NotIn`, `StartsWith`, `EqualTo`, `NotEqualTo`, `GreaterThan` or `LessThan`. */
  public readonly comparison: string;
  private readonly operand: unknown;

  private constructor(field: FlowLogField, operator: string, operand: unknown) {
    this.field = field;
    this.comparison = operator;
    this.operand = operand;
  }

  /** The condition as a `Filters` entry of a rule body. @internal */
  public _render(): Record<string, unknown> {
    return { Match: this.field.name, [this.comparison]: this.operand };
  }
}

/**
 * Props of `FlowLogContributorRule.custom`.
 */
export interface FlowLogContributorRuleProps {
  /**
   * The rule's name in this construct (construct IDs, and the default rule name).
   * Letters, digits, `-` and `_`, starting with a letter.
   */
  readonly name: string;
  /**
   * The fields that identify a contributor (e.g. `srcaddr`), at most 4.
   */
  readonly keys: FlowLogField[];
  /**
   * A number field whose values are summed per contributor (e.g. `bytes`).
   *
   * @default - contributors are ranked by the number of matching records
   */
  readonly valueField?: FlowLogField;
  /**
   * Conditions a record must meet to count.
   *
   * @default - every record counts
   */
  readonly conditions?: FlowLogContributorCondition[];
  /**
   * The Contributor Insights rule's name (CloudWatch: 1-128 printable ASCII characters).
   *
   * @default - `<stack name>-<construct path>-<name>`, unique per construct
   */
  readonly ruleName?: string;
}

/**
 * Options of a Contributor Insights preset.
 */
export interface FlowLogContributorRuleOptions {
  /**
   * The rule's name in this construct.
   *
   * @default - the preset's name
   */
  readonly name?: string;
  /**
   * The Contributor Insights rule's name.
   *
   * @default - `<stack name>-<construct path>-<name>`, unique per construct
   */
  readonly ruleName?: string;
}

/**
 * A CloudWatch Contributor Insights rule over the flow log group ("who is
 * behind an alarm?"), in the CLF log format with 1-based field positions
 * computed from the construct's `logFormat`: the rule reads the same columns
 * the flow logs write, whatever their order.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights.html
 *
 * @example
 * const rules = [
 *   FlowLogContributorRule.topRejectedSources(),
 *   FlowLogContributorRule.custom({
 *     name: 'RejectedSshSources',
 *     keys: [FlowLogField.SRC_ADDR],
 *     conditions: [
 *       FlowLogContributorCondition.equalTo(FlowLogField.DST_PORT, 22),
 *       FlowLogContributorCondition.isIn(FlowLogField.ACTION, ['REJECT']),
 *     ],
 *   }),
 * ];
 */
export class FlowLogContributorRule {
  /** Source addresses with the most REJECT records. */
  public static topRejectedSources(options: FlowLogContributorRuleOptions = {}): FlowLogContributorRule {
    return FlowLogContributorRule.preset('TopRejectedSources', options, [FlowLogField.SRC_ADDR], undefined,
      [FlowLogContributorCondition.isIn(FlowLogField.ACTION, ['REJECT'])]);
  }

  /** Source and destination address pairs that transfer the most bytes. */
  public static topTalkers(options: FlowLogContributorRuleOptions = {}): FlowLogContributorRule {
    return FlowLogContributorRule.preset('TopTalkers', options, [FlowLogField.SRC_ADDR, FlowLogField.DST_ADDR], FlowLogField.BYTES, []);
  }

  /** Destination ports with the most REJECT records. */
  public static topRejectedDestinationPorts(options: FlowLogContributorRuleOptions = {}): FlowLogContributorRule {
    return FlowLogContributorRule.preset('TopRejectedDestinationPorts', options, [FlowLogField.DST_PORT], undefined,
      [FlowLogContributorCondition.isIn(FlowLogField.ACTION, ['REJECT'])]);
  }

  /** Network interfaces that transfer the most bytes. */
  public static topInterfacesByBytes(options: FlowLogContributorRuleOptions = {}): FlowLogContributorRule {
    return FlowLogContributorRule.preset('TopInterfacesByBytes', options, [FlowLogField.INTERFACE_ID], FlowLogField.BYTES, []);
  }

  /** A rule of your own. */
  public static custom(props: FlowLogContributorRuleProps): FlowLogContributorRule {
    guardProps('FlowLogContributorRule.custom', 'props', props, {
      ...OPTION_RULES,
      keys: is.list(FIELD_RULE),
      valueField: FIELD_RULE,
      conditions: is.list(is.instance(FlowLogContributorCondition, 'a FlowLogContributorCondition', 'FlowLogContributorCondition.isIn(FlowLogField.ACTION, [\'REJECT\'])')),
    }, ['name', 'keys']);
    return new FlowLogContributorRule(props.name, props.keys, props.valueField, props.conditions ?? [], props.ruleName);
  }

  private static preset(name: string, options: FlowLogContributorRuleOptions, keys: FlowLogField[],
    valueField: FlowLogField | undefined, conditions: FlowLogContributorCondition[]) {
    guardProps(`FlowLogContributorRule.${name[0].toLowerCase()}${name.slice(1)}`, 'options', options, OPTION_RULES);
    return new FlowLogContributorRule(options.name ?? name, keys, valueField, conditions, options.ruleName);
  }

  /** The rule's name in this construct. */
  public readonly name: string;
  /** The fields that identify a contributor. */
  public readonly keys: FlowLogField[];
  /** The number field summed per contributor. @default - records are counted */
  public readonly valueField?: FlowLogField;
  /** The conditions a record must meet. */
  public readonly conditions: FlowLogContributorCondition[];
  /** The Contributor Insights rule name, when one was given. @default - unique per construct */
  public readonly ruleName?: string;

  private constructor(name: string, keys: FlowLogField[], valueField: FlowLogField | undefined,
    conditions: FlowLogContributorCondition[], ruleName: string | undefined) {
    checkItemName('FlowLogContributorRule', name);
    const label = `rule ${describeValue(name)}`;
    if (keys.length === 0 || keys.length > MAX_KEYS) {
      throw libraryError(`FlowLogContributorRule: \`keys\` of ${label} must list 1 to ${MAX_KEYS} FlowLogFields (Contributor Insights' limit), got ${keys.length}.`);
    }
    if (new Set(keys.map(k => k.name)).size !== keys.length) {
      throw libraryError(`FlowLogContributorRule: \`keys\` of ${label} lists a field twice (${keys.map(k => k.name).join(', ')}).`);
    }
    if (valueField !== undefined && valueField.valueType !== FlowLogFieldType.NUMBER) {
      throw libraryError(`FlowLogContributorRule: \`valueField\` of ${label} must be a number field (e.g. FlowLogField.BYTES); \`${valueField.name}\` holds text.`);
    }
    if (conditions.length > MAX_FILTERS) {
      throw libraryError(`FlowLogContributorRule: \`conditions\` of ${label} has ${conditions.length} conditions; Contributor Insights allows at most ${MAX_FILTERS} filters per rule.`);
    }
    if (ruleName !== undefined && !Token.isUnresolved(ruleName) && !RULE_NAME.test(ruleName)) {
      throw libraryError(`FlowLogContributorRule: \`ruleName\` of ${label} must be 1-128 printable ASCII characters, got ${describeValue(ruleName)}.`);
    }
    this.name = name;
    this.keys = [...keys];
    this.valueField = valueField;
    this.conditions = [...conditions];
    this.ruleName = ruleName;
  }

  /**
   * The rule body (JSON) for a log group whose records have the given format:
   * `Fields` maps each field the rule reads to its 1-based position in the format.
   *
   * @param logGroupName the log group the rule reads
   * @param format the records' format
   */
  public renderBody(logGroupName: string, format: FlowLogField[]): string {
    const problems = this._problems(format);
    if (problems.length > 0) throw libraryError(problems.join(' '));
    return this._render(logGroupName, format);
  }

  /** What keeps the rule from being written for `format` (none: it can be). @internal */
  public _problems(format: FlowLogField[]): string[] {
    return this.fieldsRead().filter(field => !format.some(f => f.name === field.name)).map(field =>
      `FlowLogContributorRule: rule ${describeValue(this.name)} reads \`${field.name}\`, which is not in the record format (${formatNames(format)}). Add ${fieldConstant(field)} to \`logFormat\`, or use another field.`);
  }

  /** The rule body for a format without problems. @internal */
  public _render(logGroupName: string, format: FlowLogField[]): string {
    const fields: Record<string, string> = {};
    for (const field of this.fieldsRead()) {
      fields[String(format.findIndex(f => f.name === field.name) + 1)] = field.name;
    }
    const contribution: Record<string, unknown> = { Keys: this.keys.map(k => k.name) };
    if (this.valueField) contribution.ValueOf = this.valueField.name;
    contribution.Filters = this.conditions.map(c => c._render());
    return JSON.stringify({
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: [logGroupName],
      LogFormat: 'CLF',
      Fields: fields,
      Contribution: contribution,
      AggregateOn: this.valueField ? 'Sum' : 'Count',
    });
  }

  private fieldsRead(): FlowLogField[] {
    return [...this.keys, ...(this.valueField ? [this.valueField] : []), ...this.conditions.map(c => c.field)];
  }
}

function checkValues(field: FlowLogField, values: string[], method: string): string[] {
  guard(`FlowLogContributorCondition.${method}`, [['field', field, FIELD_RULE, true], ['values', values, is.list(is.string()), true]]);
  if (field.valueType !== FlowLogFieldType.TEXT) {
    throw libraryError(`FlowLogContributorCondition.${method}: \`${field.name}\` holds numbers; Contributor Insights documents In, NotIn and StartsWith with string values only, and compares numbers one value at a time (use equalTo, notEqualTo, greaterThan or lessThan). A rule's conditions must all hold, so "any of several numbers" needs a rule per value.`);
  }
  if (values.length === 0 || values.some(v => v === '')) {
    throw libraryError(`FlowLogContributorCondition.${method}: the values for \`${field.name}\` must be a non-empty array of non-empty strings, got ${describeValue(values)}.`);
  }
  if (values.length > MAX_VALUES) {
    throw libraryError(`FlowLogContributorCondition.${method}: ${values.length} values for \`${field.name}\`; Contributor Insights allows at most ${MAX_VALUES} per condition.`);
  }
  const allowed = FIELD_VALUES[field.name];
  const wrong = allowed && method !== 'startsWith' ? values.find(v => !allowed.includes(v)) : undefined;
  if (wrong !== undefined) {
    throw libraryError(`FlowLogContributorCondition.${method}: \`${field.name}\` is one of ${allowed.join(', ')} (case-sensitive); got ${describeValue(wrong)}.`);
  }
  return [...values];
}

function checkNumber(field: FlowLogField, value: number, method: string): number {
  guard(`FlowLogContributorCondition.${method}`, [['field', field, FIELD_RULE, true], ['value', value, is.number(), true]]);
  if (field.valueType !== FlowLogFieldType.NUMBER) {
    throw libraryError(`FlowLogContributorCondition.${method}: \`${field.name}\` holds text; numeric comparisons need a number field such as FlowLogField.DST_PORT (use isIn / startsWith for text).`);
  }
  if (!Number.isFinite(value)) {
    throw libraryError(`FlowLogContributorCondition.${method}: the value for \`${field.name}\` must be a finite number, got ${describeValue(value)}.`);
  }
  return value;
}

/** Ports and protocol numbers compared for equality are whole numbers in their range (port 70000 never matches). */
function checkInRange(field: FlowLogField, value: number, method: string): number {
  const range = NUMBER_RANGES[field.name];
  if (range && (!Number.isInteger(value) || value < range[0] || value > range[1])) {
    throw libraryError(`FlowLogContributorCondition.${method}: \`${field.name}\` is ${range[2]}, a whole number from ${range[0]} to ${range[1]}; got ${describeValue(value)}.`);
  }
  return value;
}
