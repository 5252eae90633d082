import { Token } from 'aws-cdk-lib';
import { FlowLogComparison } from './flow-log-comparison';
import { FlowLogField, FlowLogFieldType } from './flow-log-field';

import { describeValue } from './private/describe';
import { libraryError } from './private/errors';
import { FIELD_VALUES, NUMBER_RANGES } from './private/field-values';
import { globMatch } from './private/glob';
import { guard, is } from './private/guard';
import { columnName, fieldConstant, formatNames } from './private/record-format';

/** CloudWatch Logs' limit on the length of a filter pattern. */
const MAX_PATTERN_LENGTH = 1024;

const C = FlowLogComparison;
const NUMBER_COMPARISONS: string[] = [C.EQUAL, C.NOT_EQUAL, C.LESS_THAN, C.LESS_THAN_OR_EQUAL, C.GREATER_THAN, C.GREATER_THAN_OR_EQUAL];
const TEXT_COMPARISONS: string[] = [C.EQUAL, C.NOT_EQUAL];
/**
 * What an unquoted (wildcard) value may hold: the library's own rule. AWS documents `*` wildcards in
 * unquoted values (`srcaddr = 10.0.2.*`) but not which characters an unquoted value may have; these
 * are the ones record fields hold (addresses, IDs, ARNs' separators) and that cannot end a column
 * (`,`, `]`), join conditions (`&`, `|`) or open a quote.
 */
const WILDCARD_VALUE = /^[A-Za-z0-9.:_\-/*]+$/;

/**
 * One condition of a `FlowLogFilter`.
 *
 * A single-value condition (`whereNumber`, `whereString`) compares the field with `value`. An
 * any-of condition (`whereNumberIn`, `whereStringIn`) holds when the field equals any of `values`:
 * its `comparison` is `=`, `value` is the first of `values`, and the pattern joins the values
 * with `||` in the field's column (`dstport=22 || dstport=3389`).
 */
export interface FlowLogCondition {
  /** The record field the condition reads. */
  readonly field: FlowLogField;
  /** The comparison (always `EQUAL` for an any-of condition). */
  readonly comparison: FlowLogComparison;
  /**
   * The value compared with, as it is written in the pattern (without quotes); for an any-of
   * condition, the first of `values`.
   */
  readonly value: string;
  /**
   * Any of these (`||`): for an any-of condition, every value the field may equal, in the order
   * given, as written in the pattern (without quotes). The condition holds when the field equals
   * any of them.
   *
   * @default - a single-value condition: the field is compared with `value` only
   */
  readonly values?: string[];
}

const FIELD_RULE = is.instance(FlowLogField, 'a FlowLogField', 'FlowLogField.DST_PORT');
const COMPARISON = is.enumOf(FlowLogComparison as unknown as Record<string, string>, 'FlowLogComparison');

/**
 * An immutable set of conditions over flow log record fields, all of which a
 * record must meet.
 *
 * A filter is rendered as a CloudWatch Logs space-delimited pattern for a
 * given record format (one column per field, in the format's order), so the
 * pattern always has the columns of the records it reads. `matches()` evaluates
 * the same filter against a record line offline, as CloudWatch Logs would
 * evaluate the rendered pattern.
 *
 * Conditions on one field share its column: single-value conditions are joined
 * with `&&` (`dstport>=1024 && dstport<2048`), and the values of an any-of
 * condition with `||` (`dstport=22 || dstport=3389`).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * @example
 * const rejectedSsh = FlowLogFilter.all()
 *   .whereNumber(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 22)
 *   .whereNumber(FlowLogField.PROTOCOL, FlowLogComparison.EQUAL, 6)
 *   .whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'REJECT');
 * const rejectedAdmin = FlowLogFilter.all()
 *   .whereNumberIn(FlowLogField.DST_PORT, [22, 3389])
 *   .whereNumber(FlowLogField.PROTOCOL, FlowLogComparison.EQUAL, 6)
 *   .whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'REJECT');
 */
export class FlowLogFilter {
  /**
   * A filter that every record matches; add conditions with `whereNumber`, `whereString`,
   * `whereNumberIn` and `whereStringIn`.
   */
  public static all(): FlowLogFilter {
    return new FlowLogFilter([]);
  }

  /** The filter's own conditions; never handed out, so a filter cannot change after it is made. */
  private readonly own: FlowLogCondition[];

  private constructor(conditions: FlowLogCondition[]) {
    this.own = conditions;
  }

  /**
   * The conditions, in the order they were added (copies: changing them does not change the filter).
   */
  public get conditions(): FlowLogCondition[] {
    return Object.freeze(this.own.map(c => (c.values ? { ...c, values: [...c.values] } : { ...c }))) as FlowLogCondition[];
  }

  /**
   * A new filter with one more condition on a number field. Several conditions on one field must
   * all hold (`&&`); a field with an any-of condition (`whereNumberIn`) takes no other.
   *
   * @param field a field whose values are numbers, e.g. `FlowLogField.DST_PORT`
   * @param comparison any `FlowLogComparison`, e.g. `FlowLogComparison.EQUAL`
   * @param value the number to compare with
   */
  public whereNumber(field: FlowLogField, comparison: FlowLogComparison, value: number): FlowLogFilter {
    guard('FlowLogFilter.whereNumber', [['field', field, FIELD_RULE, true], ['comparison', comparison, COMPARISON, true], ['value', value, is.number(), true]]);
    checkNumberField(field, 'whereNumber');
    checkComparison(comparison, NUMBER_COMPARISONS, 'whereNumber', field);
    const text = numberText(field, value, 'whereNumber');
    this.checkNoAnyOf(field, 'whereNumber');
    return this.with({ field, comparison, value: text });
  }

  /**
   * A new filter with one more condition on a text field.
   *
   * `*` in the value matches any run of characters (`10.0.*`); matching is case-sensitive.
   * Several conditions on one field must all hold (`&&`); a field with an any-of condition
   * (`whereStringIn`) takes no other.
   *
   * @param field a field whose values are text, e.g. `FlowLogField.ACTION`
   * @param comparison `FlowLogComparison.EQUAL` or `FlowLogComparison.NOT_EQUAL`
   * @param value the text to compare with; no spaces (a record field never has them)
   */
  public whereString(field: FlowLogField, comparison: FlowLogComparison, value: string): FlowLogFilter {
    guard('FlowLogFilter.whereString', [['field', field, FIELD_RULE, true], ['comparison', comparison, COMPARISON, true], ['value', value, is.string(), true]]);
    checkTextField(field, 'whereString');
    checkComparison(comparison, TEXT_COMPARISONS, 'whereString', field);
    checkText(field, value, 'whereString');
    this.checkNoAnyOf(field, 'whereString');
    return this.with({ field, comparison, value });
  }

  /**
   * A new filter with one more condition on a number field: the field equals any of `values`.
   *
   * The pattern holds the values in the field's column joined with `||`, as CloudWatch Logs
   * documents for space-delimited patterns (`[..., dstport=22 || dstport=3389, ...]`), and
   * `matches()` evaluates them the same way.
   *
   * Each value is checked as `whereNumber` checks one (ports 0-65535 and protocol numbers 0-255
   * as whole numbers; finite; no tokens; nothing JavaScript writes in exponent notation). The
   * list must not be empty nor list a value twice. AWS documents no limit on the number of `||`
   * alternatives; what binds is CloudWatch Logs' limit of 1024 characters for a whole pattern,
   * checked when the pattern is rendered for a format (and here, for a list whose column alone
   * could never fit).
   *
   * An any-of condition is the only condition on its field: AWS documents `&&` and `||` in a
   * space-delimited column, but not how the two combine, so no other condition may be added on
   * the field before or after it.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
   *
   * @example
   * const adminPorts = FlowLogFilter.all()
   *   .whereNumberIn(FlowLogField.DST_PORT, [22, 3389])
   *   .whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'REJECT');
   *
   * @param field a field whose values are numbers, e.g. `FlowLogField.DST_PORT`
   * @param values the numbers the field may equal, at least one, each once
   */
  public whereNumberIn(field: FlowLogField, values: number[]): FlowLogFilter {
    guard('FlowLogFilter.whereNumberIn', [['field', field, FIELD_RULE, true], ['values', values, is.list(is.number()), true]]);
    checkNumberField(field, 'whereNumberIn');
    checkList(field, values, 'whereNumberIn', 'numbers');
    const texts = values.map(v => numberText(field, v, 'whereNumberIn'));
    return this.withAnyOf(field, texts, 'whereNumberIn');
  }

  /**
   * A new filter with one more condition on a text field: the field equals any of `values`.
   *
   * The pattern holds the values in the field's column joined with `||`, as CloudWatch Logs
   * documents for space-delimited patterns (`[..., srcaddr=10.0.1.* || srcaddr=10.0.2.*, ...]`), and
   * `matches()` evaluates them the same way. As in `whereString`, `*` in a value matches any run
   * of characters, and matching is case-sensitive.
   *
   * Each value is checked as `whereString` checks one (not empty, no white space, no tokens,
   * wildcards only in values of letters, digits and `. : _ - /`, `action` and `log-status` only
   * the values they hold). The list must not be empty nor list a value twice. AWS documents no
   * limit on the number of `||` alternatives; what binds is CloudWatch Logs' limit of 1024
   * characters for a whole pattern, checked when the pattern is rendered for a format (and here,
   * for a list whose column alone could never fit).
   *
   * An any-of condition is the only condition on its field: AWS documents `&&` and `||` in a
   * space-delimited column, but not how the two combine, so no other condition may be added on
   * the field before or after it.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
   *
   * @example
   * const fromTwoSubnets = FlowLogFilter.all()
   *   .whereStringIn(FlowLogField.SRC_ADDR, ['10.0.1.*', '10.0.2.*']);
   *
   * @param field a field whose values are text, e.g. `FlowLogField.SRC_ADDR`
   * @param values the texts the field may equal, at least one, each once; no spaces
   */
  public whereStringIn(field: FlowLogField, values: string[]): FlowLogFilter {
    guard('FlowLogFilter.whereStringIn', [['field', field, FIELD_RULE, true], ['values', values, is.list(is.string()), true]]);
    checkTextField(field, 'whereStringIn');
    checkList(field, values, 'whereStringIn', 'strings');
    for (const v of values) checkText(field, v, 'whereStringIn');
    return this.withAnyOf(field, [...values], 'whereStringIn');
  }

  /**
   * The fields the conditions read, each once, in the order first used.
   */
  public get fields(): FlowLogField[] {
    const out: FlowLogField[] = [];
    for (const c of this.own) {
      if (!out.some(f => f.name === c.field.name)) out.push(c.field);
    }
    return out;
  }

  /**
   * The CloudWatch Logs space-delimited filter pattern for records of the given format:
   * one column per field of the format, in its order, constrained where the filter has conditions.
   *
   * @param format the record format, e.g. `FlowLogField.DEFAULT_FORMAT` or the construct's `logFormat`
   */
  public renderPattern(format: FlowLogField[]): string {
    guard('FlowLogFilter.renderPattern', [['format', format, is.list(FIELD_RULE), true]]);
    const problems = this._problems(format, 'renderPattern');
    if (problems.length > 0) throw libraryError(problems.join(' '));
    return this._render(format);
  }

  /**
   * Whether a flow log record line matches this filter, evaluated as CloudWatch
   * Logs evaluates the rendered space-delimited pattern: the line is split on
   * spaces into one value per format field (a line with fewer values never
   * matches; with more, the last field takes the rest of the line, as the
   * pattern's last column does); a number condition holds
   * only for a numeric value (`-` never meets one); a text condition compares
   * the whole value, case-sensitively, with `*` matching any run of characters;
   * an any-of condition holds when any of its values does.
   *
   * @param record one flow log record, e.g. `2 123456789010 eni-1235b8ca123456789 172.31.16.139 ...`
   * @param format the format the record was written in
   */
  public matches(record: string, format: FlowLogField[]): boolean {
    guard('FlowLogFilter.matches', [['record', record, is.string(), true], ['format', format, is.list(FIELD_RULE), true]]);
    const problems = this._formatProblems(format, 'matches');
    if (problems.length > 0) throw libraryError(problems.join(' '));
    const values = record.trim().split(/\s+/).filter(v => v !== '');
    if (values.length < format.length) return false;
    if (values.length > format.length) {
      // The last column of a pattern without "..." takes the rest of the line (AWS's `[w1=ERROR, w2]`).
      const rest = new RegExp(`^(?:\\S+\\s+){${format.length - 1}}([\\s\\S]*)$`).exec(record.trim())!;
      values.splice(format.length - 1, values.length, rest[1]);
    }
    return this.own.every(c => {
      const actual = values[format.findIndex(f => f.name === c.field.name)];
      return c.values ? c.values.some(v => conditionHolds(c, v, actual)) : conditionHolds(c, c.value, actual);
    });
  }

  /**
   * What keeps the filter from being rendered for `format` (none: it can be), each a message
   * naming the problem and the fix. @internal
   */
  public _problems(format: FlowLogField[], method = 'renderPattern'): string[] {
    const problems = this._formatProblems(format, method);
    if (problems.length > 0) return problems;
    const length = this._render(format).length;
    if (length > MAX_PATTERN_LENGTH) {
      problems.push(`FlowLogFilter.${method}: the pattern for this format is ${length} characters, over CloudWatch Logs' limit of ${MAX_PATTERN_LENGTH}. Use a shorter \`logFormat\` (fewer fields) or fewer conditions (or fewer values in an any-of condition).`);
    }
    return problems;
  }

  /**
   * The space-delimited pattern for a format without problems: one column per field of the
   * format, in its order, constrained where the filter has conditions. @internal
   */
  public _render(format: FlowLogField[]): string {
    return `[${format.map(f => renderColumn(f, this.own.filter(c => c.field.name === f.name))).join(', ')}]`;
  }

  private with(condition: FlowLogCondition): FlowLogFilter {
    return new FlowLogFilter([...this.own, condition]);
  }

  private withAnyOf(field: FlowLogField, values: string[], method: string): FlowLogFilter {
    const twice = values.find((v, i) => values.indexOf(v) !== i);
    if (twice !== undefined) {
      throw libraryError(`FlowLogFilter.${method}: the values for \`${field.name}\` list ${field.valueType === FlowLogFieldType.NUMBER ? twice : describeValue(twice)} more than once; list each value once.`);
    }
    if (this.own.some(c => c.field.name === field.name)) {
      throw libraryError(`FlowLogFilter.${method}: \`${field.name}\` already has a condition; an any-of condition (\`||\`) must be the only condition on its field, because AWS documents \`&&\` and \`||\` in a space-delimited column but not how they combine. Put the values in one ${method}, or use single-value conditions.`);
    }
    const condition: FlowLogCondition = { field, comparison: FlowLogComparison.EQUAL, value: values[0], values };
    const column = renderColumn(field, [condition]);
    if (column.length + 2 > MAX_PATTERN_LENGTH) {
      throw libraryError(`FlowLogFilter.${method}: the ${values.length} values for \`${field.name}\` make a column of ${column.length} characters, so no pattern holding it fits CloudWatch Logs' limit of ${MAX_PATTERN_LENGTH} characters; use fewer values (AWS documents no other limit on \`||\` alternatives).`);
    }
    return this.with(condition);
  }

  private checkNoAnyOf(field: FlowLogField, method: string) {
    if (this.own.some(c => c.values && c.field.name === field.name)) {
      throw libraryError(`FlowLogFilter.${method}: \`${field.name}\` already has an any-of condition (\`||\`), which must be the only condition on its field, because AWS documents \`&&\` and \`||\` in a space-delimited column but not how they combine. Add the value to the any-of list, or use single-value conditions only.`);
    }
  }

  /** Problems of the format itself, and conditions on fields it lacks. @internal */
  public _formatProblems(format: FlowLogField[], method: string): string[] {
    if (format.length === 0) {
      return [`FlowLogFilter.${method}: \`format\` must be a non-empty array of FlowLogField (e.g. FlowLogField.DEFAULT_FORMAT), got ${describeValue(format)}.`];
    }
    const dupe = format.find((f, i) => format.findIndex(g => g.name === f.name) !== i);
    if (dupe) {
      return [`FlowLogFilter.${method}: \`format\` lists \`${dupe.name}\` more than once; a record format has each field once.`];
    }
    return this.fields.filter(field => !format.some(f => f.name === field.name)).map(field =>
      `FlowLogFilter.${method}: the filter has a condition on \`${field.name}\`, which is not in the record format (${formatNames(format)}). Add ${fieldConstant(field)} to \`logFormat\`, or remove the condition.`);
  }
}

/**
 * A field's column: its name alone, its single-value conditions joined with `&&`, or the
 * values of its any-of condition (then its only condition) joined with `||`.
 */
function renderColumn(field: FlowLogField, conds: FlowLogCondition[]): string {
  const name = columnName(field);
  if (conds.length === 0) return name;
  const anyOf = conds[0].values;
  if (anyOf) return anyOf.map(v => `${name}=${renderValue(field, v)}`).join(' || ');
  return conds.map(c => `${name}${c.comparison}${renderValue(field, c.value)}`).join(' && ');
}

function renderValue(field: FlowLogField, value: string): string {
  if (field.valueType === FlowLogFieldType.NUMBER) return value;
  // AWS documents `*` wildcards on unquoted values only (`srcaddr = 10.0.2.*`);
  // exact values are quoted as in the source document (`action="REJECT"`).
  if (value.includes('*')) return value;
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** Whether the record value `actual` meets the condition's comparison with `value`. */
function conditionHolds(c: FlowLogCondition, value: string, actual: string): boolean {
  if (c.field.valueType === FlowLogFieldType.NUMBER) {
    if (!/^-?\d+(\.\d+)?$/.test(actual)) return false;
    const a = Number(actual);
    const v = Number(value);
    switch (c.comparison) {
      case '=': return a === v;
      case '!=': return a !== v;
      case '<': return a < v;
      case '<=': return a <= v;
      case '>': return a > v;
      default: return a >= v;
    }
  }
  // A linear matcher, not a regular expression: `.*` groups backtrack exponentially on values
  // with several wildcards (8 wildcards on 60 characters took 17 s).
  const equal = globMatch(value, actual);
  return c.comparison === '=' ? equal : !equal;
}

function checkComparison(comparison: string, allowed: string[], method: string, field: FlowLogField) {
  if (!allowed.includes(comparison)) {
    throw libraryError(`FlowLogFilter.${method}: unknown comparison ${describeValue(comparison)} for \`${field.name}\`; use one of ${allowed.join(' ')}.`);
  }
}

function checkNumberField(field: FlowLogField, method: string) {
  if (field.valueType !== FlowLogFieldType.NUMBER) {
    const instead = method === 'whereNumberIn' ? 'whereStringIn(FlowLogField..., [\'a\', \'b\'])' : 'whereString(FlowLogField..., FlowLogComparison.EQUAL, ...)';
    throw libraryError(`FlowLogFilter.${method}: \`${field.name}\` holds text, not numbers; use ${instead} for it.`);
  }
}

function checkTextField(field: FlowLogField, method: string) {
  if (field.valueType !== FlowLogFieldType.TEXT) {
    const instead = method === 'whereStringIn' ? 'whereNumberIn(FlowLogField..., [22, 3389])' : 'whereNumber(FlowLogField..., FlowLogComparison.EQUAL, 22)';
    throw libraryError(`FlowLogFilter.${method}: \`${field.name}\` holds numbers, not text; use ${instead} for it.`);
  }
}

/** An any-of list: not empty. */
function checkList(field: FlowLogField, values: unknown[], method: string, what: string) {
  if (values.length === 0) {
    throw libraryError(`FlowLogFilter.${method}: the values for \`${field.name}\` must be a non-empty array of ${what} (any of which the field may equal), got ${describeValue(values)}.`);
  }
}

/** A number value as the pattern writes it, after the checks of its meaning for the field. */
function numberText(field: FlowLogField, value: number, method: string): string {
  if (!Number.isFinite(value)) {
    throw libraryError(`FlowLogFilter.${method}: the value for \`${field.name}\` must be a finite number, got ${describeValue(value)}.`);
  }
  if (Token.isUnresolved(value)) {
    throw libraryError(`FlowLogFilter.${method}: the value for \`${field.name}\` is a token; a filter pattern is checked and rendered at synth time and needs a literal number.`);
  }
  if (/e/i.test(String(value))) {
    throw libraryError(`FlowLogFilter.${method}: the value for \`${field.name}\` (${value}) would be written in exponent notation, which a filter pattern cannot hold; use a number from 0.000001 to 10^21.`);
  }
  const range = NUMBER_RANGES[field.name];
  if (range && (!Number.isInteger(value) || value < range[0] || value > range[1])) {
    throw libraryError(`FlowLogFilter.${method}: \`${field.name}\` is ${range[2]}, a whole number from ${range[0]} to ${range[1]}; got ${describeValue(value)}.`);
  }
  return String(value);
}

/** Checks the meaning of a text value for the field. */
function checkText(field: FlowLogField, value: string, method: string) {
  if (value === '') {
    throw libraryError(`FlowLogFilter.${method}: the value for \`${field.name}\` must be a non-empty string, got ${describeValue(value)}.`);
  }
  if (Token.isUnresolved(value)) {
    throw libraryError(`FlowLogFilter.${method}: the value for \`${field.name}\` is a token; a filter pattern is checked and rendered at synth time and needs a literal value.`);
  }
  if (/\s/.test(value)) {
    throw libraryError(`FlowLogFilter.${method}: the value for \`${field.name}\` contains white space (${describeValue(value)}); flow log fields are separated by spaces, so no field value contains one.`);
  }
  if (value.includes('*') && !WILDCARD_VALUE.test(value)) {
    throw libraryError(`FlowLogFilter.${method}: the value for \`${field.name}\` has a \`*\` wildcard and characters a wildcard value may not have (${describeValue(value)}); a value with \`*\` is written unquoted (AWS documents wildcards in unquoted values), and this library allows only letters, digits and . : _ - / in it, so that no character can end the column or the pattern (AWS documents no list).`);
  }
  const allowed = FIELD_VALUES[field.name];
  if (allowed && !allowed.includes(value)) {
    throw libraryError(`FlowLogFilter.${method}: \`${field.name}\` is one of ${allowed.join(', ')}; got ${describeValue(value)}.`);
  }
}
