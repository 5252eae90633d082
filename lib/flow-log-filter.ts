import { Token } from 'aws-cdk-lib';
import { FlowLogField, FlowLogFieldType } from './flow-log-field';
import { describeValue } from './private/describe';
import { columnName, FIELD_VALUES, fieldConstant, formatNames, NUMBER_RANGES } from './private/fields';

/** CloudWatch Logs' limit on the length of a filter pattern. */
const MAX_PATTERN_LENGTH = 1024;

const NUMBER_COMPARISONS = ['=', '!=', '<', '<=', '>', '>='];
const TEXT_COMPARISONS = ['=', '!='];
/** What an unquoted (wildcard) value may hold. */
const WILDCARD_VALUE = /^[A-Za-z0-9.:_\-/*]+$/;

/**
 * One condition of a `FlowLogFilter`.
 */
export interface FlowLogCondition {
  /** The record field the condition reads. */
  readonly field: FlowLogField;
  /** The comparison: `=`, `!=`, `<`, `<=`, `>`, `>=`. */
  readonly comparison: string;
  /** The value compared with, as it is written in the pattern (without quotes). */
  readonly value: string;
}

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
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * @example
 * const rejectedSsh = FlowLogFilter.all()
 *   .whereNumber(FlowLogField.DST_PORT, '=', 22)
 *   .whereNumber(FlowLogField.PROTOCOL, '=', 6)
 *   .whereString(FlowLogField.ACTION, '=', 'REJECT');
 */
export class FlowLogFilter {
  /**
   * A filter that every record matches; add conditions with `whereNumber` and `whereString`.
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
    return Object.freeze(this.own.map(c => ({ ...c }))) as FlowLogCondition[];
  }

  /**
   * A new filter with one more condition on a number field.
   *
   * @param field a field whose values are numbers, e.g. `FlowLogField.DST_PORT`
   * @param comparison `=`, `!=`, `<`, `<=`, `>` or `>=`
   * @param value the number to compare with
   */
  public whereNumber(field: FlowLogField, comparison: string, value: number): FlowLogFilter {
    if (field.valueType !== FlowLogFieldType.NUMBER) {
      throw new Error(`FlowLogFilter.whereNumber: \`${field.name}\` holds text, not numbers; use whereString(FlowLogField..., '=', ...) for it.`);
    }
    checkComparison(comparison, NUMBER_COMPARISONS, 'whereNumber', field);
    if (!Number.isFinite(value)) {
      throw new Error(`FlowLogFilter.whereNumber: the value for \`${field.name}\` must be a finite number, got ${describeValue(value)}.`);
    }
    if (Token.isUnresolved(value)) {
      throw new Error(`FlowLogFilter.whereNumber: the value for \`${field.name}\` is a token; a filter pattern is checked and rendered at synth time and needs a literal number.`);
    }
    if (/e/i.test(String(value))) {
      throw new Error(`FlowLogFilter.whereNumber: the value for \`${field.name}\` (${value}) would be written in exponent notation, which a filter pattern cannot hold; use a number from 0.000001 to 10^21.`);
    }
    const range = NUMBER_RANGES[field.name];
    if (range && (!Number.isInteger(value) || value < range[0] || value > range[1])) {
      throw new Error(`FlowLogFilter.whereNumber: \`${field.name}\` is ${range[2]}, a whole number from ${range[0]} to ${range[1]}; got ${value}.`);
    }
    return this.with({ field, comparison, value: String(value) });
  }

  /**
   * A new filter with one more condition on a text field.
   *
   * `*` in the value matches any run of characters (`10.0.*`); matching is case-sensitive.
   *
   * @param field a field whose values are text, e.g. `FlowLogField.ACTION`
   * @param comparison `=` or `!=`
   * @param value the text to compare with; no spaces (a record field never has them)
   */
  public whereString(field: FlowLogField, comparison: string, value: string): FlowLogFilter {
    if (field.valueType !== FlowLogFieldType.TEXT) {
      throw new Error(`FlowLogFilter.whereString: \`${field.name}\` holds numbers, not text; use whereNumber(FlowLogField..., '=', 22) for it.`);
    }
    checkComparison(comparison, TEXT_COMPARISONS, 'whereString', field);
    if (value === '') {
      throw new Error(`FlowLogFilter.whereString: the value for \`${field.name}\` must be a non-empty string, got ${describeValue(value)}.`);
    }
    if (Token.isUnresolved(value)) {
      throw new Error(`FlowLogFilter.whereString: the value for \`${field.name}\` is a token (${value}); a filter pattern is checked and rendered at synth time and needs a literal value.`);
    }
    if (/\s/.test(value)) {
      throw new Error(`FlowLogFilter.whereString: the value for \`${field.name}\` contains white space (${describeValue(value)}); flow log fields are separated by spaces, so no field value contains one.`);
    }
    if (value.includes('*') && !WILDCARD_VALUE.test(value)) {
      throw new Error(`FlowLogFilter.whereString: the value for \`${field.name}\` has a \`*\` wildcard and characters a wildcard value may not have (${describeValue(value)}); CloudWatch Logs takes wildcards only in unquoted values of letters, digits and . : _ - /.`);
    }
    const allowed = FIELD_VALUES[field.name];
    if (allowed && !allowed.includes(value)) {
      throw new Error(`FlowLogFilter.whereString: \`${field.name}\` is one of ${allowed.join(', ')}; got ${describeValue(value)}.`);
    }
    return this.with({ field, comparison, value });
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
    const problems = this._problems(format, 'renderPattern');
    if (problems.length > 0) throw new Error(problems.join(' '));
    return this._render(format);
  }

  /**
   * Whether a flow log record line matches this filter, evaluated as CloudWatch
   * Logs evaluates the rendered space-delimited pattern: the line is split on
   * spaces into exactly one value per format field; a number condition holds
   * only for a numeric value (`-` never meets one); a text condition compares
   * the whole value, case-sensitively, with `*` matching any run of characters.
   *
   * @param record one flow log record, e.g. `2 123456789010 eni-1235b8ca123456789 172.31.16.139 ...`
   * @param format the format the record was written in
   */
  public matches(record: string, format: FlowLogField[]): boolean {
    const problems = this._formatProblems(format, 'matches');
    if (problems.length > 0) throw new Error(problems.join(' '));
    const values = record.trim().split(/\s+/).filter(v => v !== '');
    if (values.length !== format.length) return false;
    return this.own.every(c => conditionHolds(c, values[format.findIndex(f => f.name === c.field.name)]));
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
      problems.push(`FlowLogFilter.${method}: the pattern for this format is ${length} characters, over CloudWatch Logs' limit of ${MAX_PATTERN_LENGTH}. Use a shorter \`logFormat\` (fewer fields) or fewer conditions.`);
    }
    return problems;
  }

  /**
   * The space-delimited pattern for a format without problems: one column per field of the
   * format, in its order, constrained where the filter has conditions. @internal
   */
  public _render(format: FlowLogField[]): string {
    const columns = format.map(f => {
      const name = columnName(f);
      const conds = this.own.filter(c => c.field.name === f.name);
      if (conds.length === 0) return name;
      return conds.map(c => `${name}${c.comparison}${renderValue(c)}`).join(' && ');
    });
    return `[${columns.join(', ')}]`;
  }

  private with(condition: FlowLogCondition): FlowLogFilter {
    return new FlowLogFilter([...this.own, condition]);
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

function renderValue(c: FlowLogCondition): string {
  if (c.field.valueType === FlowLogFieldType.NUMBER) return c.value;
  // AWS documents `*` wildcards on unquoted values only (`srcaddr = 10.0.2.*`);
  // exact values are quoted as in the source document (`action="REJECT"`).
  if (c.value.includes('*')) return c.value;
  return '"' + c.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function conditionHolds(c: FlowLogCondition, actual: string): boolean {
  if (c.field.valueType === FlowLogFieldType.NUMBER) {
    if (!/^-?\d+(\.\d+)?$/.test(actual)) return false;
    const a = Number(actual);
    const v = Number(c.value);
    switch (c.comparison) {
      case '=': return a === v;
      case '!=': return a !== v;
      case '<': return a < v;
      case '<=': return a <= v;
      case '>': return a > v;
      default: return a >= v;
    }
  }
  const re = new RegExp('^' + c.value.split('*').map(escapeRegExp).join('.*') + '$');
  const equal = re.test(actual);
  return c.comparison === '=' ? equal : !equal;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkComparison(comparison: string, allowed: string[], method: string, field: FlowLogField) {
  if (!allowed.includes(comparison)) {
    throw new Error(`FlowLogFilter.${method}: unknown comparison ${describeValue(comparison)} for \`${field.name}\`; use one of ${allowed.join(' ')}.`);
  }
}

