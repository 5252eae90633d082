/**
 * Property-based tests (fast-check) for the whole library:
 *
 * 1. random VALID configurations synthesize to templates with the documented invariants;
 * 2. `FlowLogFilter.matches()` agrees with an independent evaluation of the RENDERED pattern
 *    (`&&` and `||` in a column: single-value and any-of conditions);
 * 3. random INVALID inputs of the RIGHT TYPE (out-of-range numbers, malformed strings, wrong ID
 *    shapes, impossible combinations, tokens) produce the library's own clear `Error`, never a
 *    TypeError or an invalid template. Values of the wrong type are not fed: TypeScript and the
 *    jsii-generated type checks refuse them before the library runs (issue 12).
 *
 * Tests named `REGRESSION ...` at the end reproduce defects these properties found (since fixed in
 * lib/); each test's comment gives the input and the cause.
 */
import { App, CfnElement, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as fc from 'fast-check';
import {
  FlowLogComparison, FlowLogDetection, FlowLogDetectionOptions, FlowLogField, FlowLogFieldType, FlowLogFilter, FlowLogRecordKind,
  FlowLogsToCloudWatch, FlowLogsToCloudWatchProps, FlowLogTarget,
} from '../lib';
import { runs } from './util';

jest.setTimeout(120_000);

const ENV = { account: '123456789012', region: 'eu-west-1' };
const NUM = FlowLogFieldType.NUMBER;
const VPC = FlowLogRecordKind.VPC;
const TGW = FlowLogRecordKind.TRANSIT_GATEWAY;
// The tag fields (version 11) only go with `tagEnrichment` (test/flow-log-tag-enrichment.test.ts):
// a valid random format leaves them out.
const VPC_FIELDS = FlowLogField.allKnown().filter(f => f.appliesTo(VPC) && !/-tag(-2)?$/.test(f.name));
const TGW_FIELDS = FlowLogField.allKnown().filter(f => f.appliesTo(TGW));
const NUMBER_COMPARISONS = ['=', '!=', '<', '<=', '>', '>='];
const TEXT_COMPARISONS = ['=', '!='];
const RANGES: Record<string, [number, number]> = { srcport: [0, 65535], dstport: [0, 65535], protocol: [0, 255] };
const ALLOWED_TEXT: Record<string, string[]> = { 'action': ['ACCEPT', 'REJECT'], 'log-status': ['OK', 'NODATA', 'SKIPDATA'] };
/** Characters of literal (quoted) text values: realistic ones plus the ones quoting must survive. */
const LITERAL_UNITS = ['a', 'b', '1', '.', '-', ':', '"', '\\', ',', ']', '[', '&', '=', '|'];
/** Characters of wildcard (unquoted) text values. */
const WILDCARD_UNITS = ['a', 'b', '1', '.', '-', ':', '/', '_'];
const RETENTIONS = Object.values(logs.RetentionDays).filter((v): v is logs.RetentionDays => typeof v === 'number');
const TOKEN_STRING = Token.asString({ Ref: 'X' });
const TOKEN_NUMBER = Token.asNumber({ Ref: 'X' });

/** The pattern column of a field, computed here rather than by the library: `log-status` -> `log_status`. */
const col = (f: FlowLogField) => f.name.split('-').join('_');

// ---------------------------------------------------------------------------------------------
// An independent reader and evaluator of CloudWatch Logs space-delimited patterns
// ---------------------------------------------------------------------------------------------

interface ParsedCondition {
  readonly op: string;
  /** `number`: unquoted numeric literal; `quoted`: literal text; `wildcard`: unquoted text with `*`. */
  readonly kind: 'number' | 'quoted' | 'wildcard';
  readonly text: string;
}
/**
 * A column: its name and conditions, which must all hold (`&&`, or a single condition) or of
 * which any must hold (`||`). A column mixing `&&` and `||` is refused: AWS documents the two
 * in a space-delimited column, but not how they combine.
 */
interface ParsedColumn { readonly name: string; readonly conditions: ParsedCondition[]; readonly anyOf: boolean }

/** Splits on `sep` outside double quotes (`\` escapes the next character inside quotes). */
function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '\\') {
        if (i + 1 >= s.length) throw new Error(`dangling escape in ${s}`);
        cur += ch + s[++i];
        continue;
      }
      if (ch === '"') quoted = false;
      cur += ch;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      cur += ch;
    } else if (s.startsWith(sep, i)) {
      out.push(cur);
      cur = '';
      i += sep.length - 1;
    } else {
      cur += ch;
    }
  }
  if (quoted) throw new Error(`unterminated quote in ${s}`);
  out.push(cur);
  return out;
}

function unquote(raw: string): string {
  let out = '';
  for (let i = 1; i < raw.length - 1; i++) {
    if (raw[i] === '\\') out += raw[++i];
    else if (raw[i] === '"') throw new Error(`unescaped quote inside ${raw}`);
    else out += raw[i];
  }
  return out;
}

function parseCondition(s: string): ParsedCondition & { name: string } {
  const m = /^([a-z][a-z0-9_]*)\s*(!=|<=|>=|=|<|>)\s*(\S.*)$/s.exec(s);
  if (!m) throw new Error(`not a condition: ${JSON.stringify(s)}`);
  const [, name, op, raw] = m;
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"') || !TEXT_COMPARISONS.includes(op)) throw new Error(`bad quoted value: ${s}`);
    return { name, op, kind: 'quoted', text: unquote(raw) };
  }
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(raw)) return { name, op, kind: 'number', text: raw };
  if (raw.includes('*') && /^[A-Za-z0-9.:_\-/*]+$/.test(raw) && TEXT_COMPARISONS.includes(op)) {
    return { name, op, kind: 'wildcard', text: raw };
  }
  throw new Error(`unparseable value ${JSON.stringify(raw)} in ${JSON.stringify(s)}`);
}

/** Parses `[a, b=1 && b<5, c="x,y", d=1 || d=2]` into its columns. Throws on anything malformed. */
function parsePattern(pattern: string): ParsedColumn[] {
  if (typeof pattern !== 'string' || !pattern.startsWith('[') || !pattern.endsWith(']')) {
    throw new Error(`not a space-delimited pattern: ${JSON.stringify(pattern)}`);
  }
  if (pattern.length > 1024) throw new Error(`pattern over 1024 characters: ${pattern.length}`);
  return splitTopLevel(pattern.slice(1, -1), ',').map(column => {
    const all = splitTopLevel(column.trim(), '&&').map(p => p.trim());
    const any = splitTopLevel(column.trim(), '||').map(p => p.trim());
    if (all.length > 1 && any.length > 1) throw new Error(`column mixes && and ||: ${column}`);
    const anyOf = any.length > 1;
    const parts = anyOf ? any : all;
    if (parts.length === 1 && /^[a-z][a-z0-9_]*$/.test(parts[0])) return { name: parts[0], conditions: [], anyOf };
    const conds = parts.map(parseCondition);
    if (conds.some(c => c.name !== conds[0].name)) throw new Error(`column mixes names: ${column}`);
    return { name: conds[0].name, conditions: conds.map(({ op, kind, text }) => ({ op, kind, text })), anyOf };
  });
}

/** `*` matches any run of characters; everything else literally. No regular expressions. */
function globMatches(glob: string, s: string): boolean {
  const parts = glob.split('*');
  if (parts.length === 1) return glob === s;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let pos = first.length;
  const end = s.length - last.length;
  for (const mid of parts.slice(1, -1)) {
    const at = s.indexOf(mid, pos);
    if (at < 0 || at + mid.length > end) return false;
    pos = at + mid.length;
  }
  return true;
}

function isNumeric(v: string): boolean {
  return /^-?[0-9]+(\.[0-9]+)?$/.test(v);
}

function conditionHolds(c: ParsedCondition, v: string): boolean {
  if (c.kind === 'number') {
    if (!isNumeric(v)) return false; // '-' (and any text) never meets a number condition
    const a = Number(v);
    const b = Number(c.text);
    switch (c.op) {
      case '=': return a === b;
      case '!=': return a !== b;
      case '<': return a < b;
      case '<=': return a <= b;
      case '>': return a > b;
      case '>=': return a >= b;
      default: throw new Error(`op ${c.op}`);
    }
  }
  const equal = c.kind === 'quoted' ? v === c.text : globMatches(c.text, v);
  return c.op === '=' ? equal : !equal;
}

/** CloudWatch's verdict on a record line, from the rendered pattern alone. */
function patternMatches(pattern: string, record: string): boolean {
  const columns = parsePattern(pattern);
  const values = record.split(' ').filter(v => v !== '');
  if (values.length < columns.length) return false;
  // More values than columns: the last column takes the rest of the line (AWS's `[w1=ERROR, w2]`).
  if (values.length > columns.length) values.splice(columns.length - 1, values.length, values.slice(columns.length - 1).join(' '));
  return columns.every((column, i) => column.anyOf
    ? column.conditions.some(c => conditionHolds(c, values[i]))
    : column.conditions.every(c => conditionHolds(c, values[i])));
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/**
 * A filter condition as plain data: a single-value condition, or (with `values`) an any-of
 * condition, whose `cmp` is `=` and `value` the first of `values`.
 */
interface CondSpec {
  readonly field: FlowLogField;
  readonly cmp: string;
  readonly value: number | string;
  readonly values?: readonly (number | string)[];
}

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const resourceId = (prefix: string) => fc.oneof(hex(8), hex(17)).map(h => prefix + h);

function numberValue(field: FlowLogField, small: boolean): fc.Arbitrary<number> {
  const range = RANGES[field.name];
  if (range) return small ? fc.integer({ min: range[0], max: 25 }) : fc.integer({ min: range[0], max: range[1] });
  return small
    ? fc.oneof(fc.integer({ min: 0, max: 25 }), fc.integer({ min: -50, max: 250 }).map(k => k / 10))
    : fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: -1000, max: 100_000 }).map(k => k / 100));
}

function textValue(field: FlowLogField): fc.Arbitrary<string> {
  const allowed = ALLOWED_TEXT[field.name];
  if (allowed) return fc.constantFrom(...allowed);
  return fc.oneof(
    fc.string({ unit: fc.constantFrom(...LITERAL_UNITS), minLength: 1, maxLength: 4 }),
    fc.tuple(fc.string({ unit: fc.constantFrom(...WILDCARD_UNITS), maxLength: 3 }), fc.nat({ max: 3 }), fc.boolean())
      .map(([s, i, twice]) => {
        const at = Math.min(i, s.length);
        const w = s.slice(0, at) + '*' + s.slice(at);
        return twice ? w + 'a*' : w;
      }),
  );
}

function condition(format: FlowLogField[], small: boolean): fc.Arbitrary<CondSpec> {
  return fc.constantFrom(...format).chain<CondSpec>(field => field.valueType === NUM
    ? fc.record({ cmp: fc.constantFrom(...NUMBER_COMPARISONS), value: numberValue(field, small) }).map(r => ({ field, ...r }))
    : fc.record({ cmp: fc.constantFrom(...TEXT_COMPARISONS), value: textValue(field) }).map(r => ({ field, ...r })));
}

function buildFilter(conds: readonly CondSpec[]): FlowLogFilter {
  return conds.reduce((f, c) => {
    if (c.values) {
      return c.field.valueType === NUM ? f.whereNumberIn(c.field, c.values as number[]) : f.whereStringIn(c.field, c.values as string[]);
    }
    return typeof c.value === 'number' ? f.whereNumber(c.field, c.cmp as FlowLogComparison, c.value) : f.whereString(c.field, c.cmp as FlowLogComparison, c.value);
  }, FlowLogFilter.all());
}

/** An any-of condition on `field`: 1-4 distinct values, as `condition` would pick them. */
function anyOfCondition(field: FlowLogField, small: boolean): fc.Arbitrary<CondSpec> {
  const allowed = ALLOWED_TEXT[field.name];
  const values: fc.Arbitrary<(number | string)[]> = field.valueType === NUM
    ? fc.uniqueArray(numberValue(field, small), { minLength: 1, maxLength: 4, selector: v => String(v) })
    : allowed
      ? fc.shuffledSubarray(allowed, { minLength: 1 })
      : fc.uniqueArray(textValue(field), { minLength: 1, maxLength: 4 });
  return values.map(vs => ({ field, cmp: '=', value: vs[0], values: vs }));
}

/**
 * Conditions over `format` with any-of conditions on 1-3 of its fields (each then the only
 * condition on its field, as the library requires) and single-value conditions on the others,
 * in a random order.
 */
function conditionsWithAnyOf(format: FlowLogField[], small: boolean): fc.Arbitrary<CondSpec[]> {
  return fc.tuple(fc.subarray(format, { minLength: 1, maxLength: Math.min(3, format.length) }), fc.array(condition(format, small), { maxLength: 4 }))
    .chain(([anyFields, singles]) => fc.tuple(...anyFields.map(f => anyOfCondition(f, small)))
      .map(anys => [...anys, ...singles.filter(c => !anyFields.some(f => f.name === c.field.name))]))
    .chain(conds => fc.shuffledSubarray(conds, { minLength: conds.length }));
}

/** A record value for a field: random, or derived from a condition on it (so that matches happen). */
function recordValue(field: FlowLogField, conds: readonly CondSpec[]): fc.Arbitrary<string> {
  const allowed = ALLOWED_TEXT[field.name];
  const random = field.valueType === NUM
    ? fc.oneof(fc.integer({ min: 0, max: 25 }).map(String), fc.integer({ min: -50, max: 250 }).map(k => String(k / 10)),
      fc.constantFrom('-', '-3', 'abc', '7a', '0.5'))
    : allowed
      ? fc.constantFrom(...allowed, '-', 'x')
      : fc.oneof(fc.constant('-'), fc.string({ unit: fc.constantFrom(...LITERAL_UNITS, '*'), minLength: 1, maxLength: 4 }));
  // every value of an any-of condition gets its hints, so records hit each value (not only the first)
  const hints = conds.filter(c => c.field.name === field.name).flatMap(c => c.values ?? [c.value]).map(v => typeof v === 'number'
    ? fc.constantFrom(String(v), String(v + 1), String(v - 0.5))
    : fc.constantFrom('', 'a', 'b.1').map(fill => v.split('*').join(fill) || 'a'));
  return hints.length === 0 ? random : fc.oneof(random, ...hints);
}

// ---------------------------------------------------------------------------------------------
// Outcomes: the library's own error, or a valid template
// ---------------------------------------------------------------------------------------------

const LIB_MESSAGE = /^(FlowLogsToCloudWatch:|FlowLogTarget\.|FlowLogFilter\.|FlowLogDetection|FlowLogField\.custom:|`[A-Za-z]+(\[\d+\])?`)/;

function isLibraryError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  // Synth validation errors: a plain Error, or CDK's own error classes in newer aws-cdk-lib.
  const validation = /^Validation failed with the following errors:\n([\s\S]*)$/.exec(e.message);
  const cdkError = ['ValidationError', 'UnscopedValidationError'].includes(e.name) || e.constructor.name === 'UnscopedValidationError';
  if (Object.getPrototypeOf(e) !== Error.prototype && !(validation && cdkError)) return false;
  if (validation) {
    const lines = validation[1].split('\n').filter(l => /^\s*\[/.test(l));
    return lines.length > 0 && lines.every(l => LIB_MESSAGE.test(l.replace(/^\s*\[[^\]]*\]\s*/, '')));
  }
  return LIB_MESSAGE.test(e.message);
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `non-Error thrown: ${String(e)}`;
  const frame = (e.stack ?? '').split('\n').find(l => l.includes('/lib/') && !l.includes('node_modules')) ?? '';
  return `${e.constructor.name}: ${e.message.split('\n').slice(0, 3).join(' | ')} ${frame.trim()}`;
}

/** Runs `fn`; passes if it throws the library's own Error, or returns a template that passes `checkTemplate`. */
function expectLibraryErrorOrValidTemplate(fn: () => Template | undefined): 'error' | 'ok' {
  let template: Template | undefined;
  try {
    template = fn();
  } catch (e) {
    if (!isLibraryError(e)) throw new Error(`not a library error: ${describeError(e)}`);
    return 'error';
  }
  if (template) checkTemplate(template);
  return 'ok';
}

function walkStrings(value: unknown, visit: (s: string) => void) {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach(v => walkStrings(v, visit));
  else if (value && typeof value === 'object') Object.values(value).forEach(v => walkStrings(v, visit));
}

const isIntrinsic = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What CloudFormation / CloudWatch would refuse, checked on the synthesized template. */
function checkTemplate(template: Template) {
  const json = template.toJSON();
  walkStrings(json, s => {
    for (const bad of ['${Token[', '#{Token[', '[object Object]', 'INVALID:']) {
      if (s.includes(bad)) throw new Error(`template string contains ${bad}: ${s.slice(0, 200)}`);
    }
  });
  for (const [id, r] of Object.entries<any>(json.Resources ?? {})) {
    const p = r.Properties ?? {};
    const fail = (why: string) => { throw new Error(`${r.Type} ${id}: ${why} (${JSON.stringify(p).slice(0, 300)})`); };
    switch (r.Type) {
      case 'AWS::EC2::FlowLog':
        for (const k of ['ResourceId', 'ResourceType', 'LogGroupName', 'DeliverLogsPermissionArn']) if (p[k] === undefined) fail(`no ${k}`);
        if (!['VPC', 'Subnet', 'NetworkInterface', 'TransitGateway', 'TransitGatewayAttachment'].includes(p.ResourceType)) fail('ResourceType');
        if (p.TrafficType !== undefined && !['ALL', 'ACCEPT', 'REJECT'].includes(p.TrafficType)) fail('TrafficType');
        if (p.MaxAggregationInterval !== undefined && ![60, 600].includes(p.MaxAggregationInterval)) fail('MaxAggregationInterval');
        if (p.LogFormat !== undefined && !/^\$\{[a-z0-9-]+\}( \$\{[a-z0-9-]+\})*$/.test(p.LogFormat)) fail('LogFormat');
        break;
      case 'AWS::Logs::LogGroup':
        if (p.RetentionInDays !== undefined && !isIntrinsic(p.RetentionInDays) && !RETENTIONS.includes(p.RetentionInDays)) fail('RetentionInDays');
        if (typeof p.LogGroupName === 'string' && !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(p.LogGroupName)) fail('LogGroupName');
        break;
      case 'AWS::Logs::MetricFilter': {
        parsePattern(p.FilterPattern);
        const mt = p.MetricTransformations?.[0] ?? {};
        if (typeof mt.MetricValue !== 'string' || !/^(\$[a-z0-9_]+|[0-9]+(\.[0-9]+)?)$/.test(mt.MetricValue)) fail('MetricValue');
        for (const k of ['MetricName', 'MetricNamespace']) {
          const v = mt[k];
          if (!isIntrinsic(v) && (typeof v !== 'string' || v.length < 1 || v.length > 255 || /[:*$]/.test(v))) fail(k);
        }
        break;
      }
      case 'AWS::CloudWatch::Alarm': {
        const { Threshold: threshold, Period: period, EvaluationPeriods: ev, DatapointsToAlarm: dp } = p;
        if (!isIntrinsic(threshold) && (typeof threshold !== 'number' || !Number.isFinite(threshold))) fail('Threshold');
        if (!isIntrinsic(period) && (!Number.isInteger(period) || period % 60 !== 0 || period < 60 || period > 86400)) fail('Period');
        for (const [k, v] of [['EvaluationPeriods', ev], ['DatapointsToAlarm', dp]] as const) {
          if (v !== undefined && !isIntrinsic(v) && (!Number.isSafeInteger(v) || v < 1)) fail(k);
        }
        if (typeof ev === 'number' && typeof dp === 'number' && dp > ev) fail('DatapointsToAlarm > EvaluationPeriods');
        // PutMetricAlarm: Period x EvaluationPeriods <= 7 days, and <= 1 day for periods under an hour.
        if (typeof ev === 'number' && typeof period === 'number' && period * ev > (period < 3600 ? 86400 : 604800)) {
          fail('Period x EvaluationPeriods over CloudWatch\'s limit');
        }
        if (typeof p.AlarmName === 'string' && (p.AlarmName.length > 255 || p.AlarmName.trim() === '')) fail('AlarmName');
        break;
      }
      case 'AWS::CloudWatch::Dashboard':
        if (typeof p.DashboardName === 'string' && !/^[A-Za-z0-9_-]{1,255}$/.test(p.DashboardName)) fail('DashboardName');
        break;
      case 'AWS::SNS::Subscription':
        if (!isIntrinsic(p.Endpoint) && (typeof p.Endpoint !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(p.Endpoint))) fail('Endpoint');
        break;
      default:
    }
  }
}

function newStack(app = new App(), id = 'FlowStack'): Stack {
  return new Stack(app, id, { env: ENV });
}

function logicalId(stack: Stack, element: unknown): string {
  return stack.getLogicalId(element as CfnElement);
}

// ---------------------------------------------------------------------------------------------
// 1. Random valid configurations
// ---------------------------------------------------------------------------------------------

type Preset = 'rejectedSsh' | 'rejectedRdp' | 'rejectedAdminPorts' | 'rejectedTraffic';

interface DetectionSpec {
  readonly preset?: Preset;
  readonly conds: CondSpec[];
  readonly name: string;
  readonly threshold?: number;
  readonly periodMinutes?: number;
  readonly periodUnit: 'minutes' | 'seconds' | 'hours';
  readonly evaluationPeriods?: number;
  readonly datapointsRatio?: number;
  readonly valueField?: FlowLogField;
  readonly metricName?: string;
  readonly metricNamespace?: string;
  readonly alarmName?: string;
}

const PRESET_CONDS: Record<Preset, CondSpec[]> = {
  rejectedSsh: [{ field: FlowLogField.DST_PORT, cmp: '=', value: 22 }, { field: FlowLogField.PROTOCOL, cmp: '=', value: 6 },
    { field: FlowLogField.ACTION, cmp: '=', value: 'REJECT' }],
  rejectedRdp: [{ field: FlowLogField.DST_PORT, cmp: '=', value: 3389 }, { field: FlowLogField.PROTOCOL, cmp: '=', value: 6 },
    { field: FlowLogField.ACTION, cmp: '=', value: 'REJECT' }],
  rejectedAdminPorts: [{ field: FlowLogField.DST_PORT, cmp: '=', value: 22, values: [22, 3389] },
    { field: FlowLogField.PROTOCOL, cmp: '=', value: 6 }, { field: FlowLogField.ACTION, cmp: '=', value: 'REJECT' }],
  rejectedTraffic: [{ field: FlowLogField.ACTION, cmp: '=', value: 'REJECT' }],
};
const PRESET_THRESHOLD: Record<Preset, number> = { rejectedSsh: 10, rejectedRdp: 10, rejectedAdminPorts: 10, rejectedTraffic: 100 };

function detectionSpec(format: FlowLogField[], kind: FlowLogRecordKind, tag: string): fc.Arbitrary<DetectionSpec> {
  const names = format.map(f => f.name);
  const presets: Preset[] = [];
  if (kind === VPC && ['dstport', 'protocol', 'action'].every(n => names.includes(n))) presets.push('rejectedSsh', 'rejectedRdp', 'rejectedAdminPorts');
  if (kind === VPC && names.includes('action')) presets.push('rejectedTraffic');
  const numberFields = format.filter(f => f.valueType === NUM);
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  return fc.record({
    preset: presets.length > 0 ? opt(fc.constantFrom(...presets)) : fc.constant(undefined),
    conds: fc.array(condition(format, false), { maxLength: 4 }),
    name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/).map(n => `${n}${tag}`),
    threshold: opt(fc.oneof(fc.integer({ min: -1000, max: 1_000_000 }),
      fc.double({ min: -1e6, max: 1e9, noNaN: true, noDefaultInfinity: true }).map(v => v + 0))),
    periodMinutes: opt(fc.integer({ min: 1, max: 1440 })),
    periodUnit: fc.constantFrom('minutes' as const, 'seconds' as const, 'hours' as const),
    evaluationPeriods: opt(fc.integer({ min: 1, max: 5 })),
    datapointsRatio: opt(fc.double({ min: 0, max: 1, noNaN: true })),
    valueField: numberFields.length > 0 ? opt(fc.constantFrom(...numberFields)) : fc.constant(undefined),
    metricName: opt(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,20}$/).map(s => `${s}-${tag}`)),
    metricNamespace: opt(fc.stringMatching(/^Custom\/[A-Za-z0-9._-]{1,20}$/)),
    alarmName: opt(fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/).map(s => `${s}-${tag}`)),
  });
}

function detectionConds(d: DetectionSpec): CondSpec[] {
  return d.preset ? PRESET_CONDS[d.preset] : d.conds;
}

function buildDetection(d: DetectionSpec): FlowLogDetection {
  const ev = d.evaluationPeriods;
  const options: FlowLogDetectionOptions = {
    name: d.name,
    threshold: d.threshold,
    period: d.periodMinutes === undefined ? undefined
      : d.periodUnit === 'seconds' ? Duration.seconds(d.periodMinutes * 60)
        : d.periodUnit === 'hours' && d.periodMinutes % 60 === 0 ? Duration.hours(d.periodMinutes / 60)
          : Duration.minutes(d.periodMinutes),
    evaluationPeriods: ev,
    datapointsToAlarm: d.datapointsRatio === undefined ? undefined : Math.max(1, Math.ceil(d.datapointsRatio * (ev ?? 1))),
    valueField: d.valueField,
    metricName: d.metricName,
    metricNamespace: d.metricNamespace,
    alarmName: d.alarmName,
  };
  if (d.preset) return FlowLogDetection[d.preset](options);
  return FlowLogDetection.custom({ ...options, threshold: d.threshold ?? 1, filter: buildFilter(d.conds) });
}

/** Whether every action condition of the detection holds for the one action the flow logs capture. */
function actionConsistent(d: DetectionSpec, captured: string): boolean {
  return detectionConds(d).filter(c => c.field.name === 'action')
    .every(c => (c.values ? c.values.includes(captured) : (c.cmp === '=') === (c.value === captured)));
}

interface Config {
  readonly realVpcs: { asVpcTarget: boolean; subnets: number[] }[];
  readonly vpcPlacement: 'same' | 'other';
  readonly importedVpcIds: string[];
  readonly importedSubnetIds: string[];
  readonly eniIds: string[];
  readonly tgwIds: string[];
  readonly tgwAttachmentIds: string[];
  readonly vpcFormat?: FlowLogField[];
  readonly tgwFormat?: FlowLogField[];
  readonly vpcDetections: DetectionSpec[];
  readonly tgwDetections: DetectionSpec[];
  readonly trafficType: ec2.FlowLogTrafficType;
  readonly maxAggregationInterval?: ec2.FlowLogMaxAggregationInterval;
  readonly tgwOneMinute: boolean;
  readonly logGroupName?: string;
  readonly retention?: logs.RetentionDays;
  readonly alarmEmails: string[];
}

function formatOf(fields: FlowLogField[]): fc.Arbitrary<FlowLogField[] | undefined> {
  return fc.oneof(fc.constant(undefined), fc.shuffledSubarray(fields, { minLength: 1 }));
}

function uniqueNames(ds: DetectionSpec[]): DetectionSpec[] {
  // Detection names and alarm names must be unique in a construct (the library refuses duplicates).
  return ds.map((d, i) => ({ ...d, name: `${d.name}x${i}`, alarmName: d.alarmName === undefined ? undefined : `${d.alarmName}x${i}` }));
}

const configArb: fc.Arbitrary<Config> = fc.record({
  realVpcs: fc.array(fc.record({ asVpcTarget: fc.boolean(), subnets: fc.subarray([0, 1, 2, 3]) }), { maxLength: 2 }),
  vpcPlacement: fc.constantFrom('same' as const, 'other' as const),
  importedVpcIds: fc.uniqueArray(resourceId('vpc-'), { maxLength: 2 }),
  importedSubnetIds: fc.uniqueArray(resourceId('subnet-'), { maxLength: 2 }),
  eniIds: fc.uniqueArray(resourceId('eni-'), { maxLength: 3 }),
  tgwIds: fc.uniqueArray(resourceId('tgw-'), { maxLength: 2 }),
  tgwAttachmentIds: fc.uniqueArray(resourceId('tgw-attach-'), { maxLength: 2 }),
  vpcFormat: formatOf(VPC_FIELDS),
  tgwFormat: formatOf(TGW_FIELDS),
  trafficType: fc.constantFrom(ec2.FlowLogTrafficType.ALL, ec2.FlowLogTrafficType.ACCEPT, ec2.FlowLogTrafficType.REJECT),
  maxAggregationInterval: fc.constantFrom(undefined, ec2.FlowLogMaxAggregationInterval.ONE_MINUTE, ec2.FlowLogMaxAggregationInterval.TEN_MINUTES),
  tgwOneMinute: fc.boolean(),
  logGroupName: fc.option(fc.stringMatching(/^[A-Za-z0-9_\-/.#]{1,40}$/), { nil: undefined }),
  retention: fc.option(fc.constantFrom(...RETENTIONS), { nil: undefined }),
  alarmEmails: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9.]{1,8}$/), fc.stringMatching(/^[a-z]{1,8}$/)).map(([a, b]) => `${a}@${b}.com`), { maxLength: 2 }),
  vpcDetections: fc.constant([] as DetectionSpec[]),
  tgwDetections: fc.constant([] as DetectionSpec[]),
}).filter(c => c.realVpcs.some(v => v.asVpcTarget || v.subnets.length > 0)
  || c.importedVpcIds.length + c.importedSubnetIds.length + c.eniIds.length > 0)
  .chain(c => fc.record({
    vpcDetections: fc.array(detectionSpec(c.vpcFormat ?? FlowLogField.DEFAULT_FORMAT, VPC, 'v'), { maxLength: 3 }).map(uniqueNames),
    tgwDetections: fc.array(detectionSpec(c.tgwFormat ?? FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT, TGW, 't'), { maxLength: 2 }).map(uniqueNames),
  }).map(d => ({ ...c, ...d })));

const vpcBaselines = new Map<number, Record<string, number>>();
/** Resources of a stack holding only `n` VPCs (what the VPCs themselves add to a same-stack template). */
function vpcBaseline(n: number): Record<string, number> {
  if (!vpcBaselines.has(n)) {
    const stack = newStack();
    for (let i = 0; i < n; i++) new ec2.Vpc(stack, `Vpc${i}`, { maxAzs: 2, natGateways: 0 });
    vpcBaselines.set(n, countByType(Template.fromStack(stack).toJSON()));
  }
  return vpcBaselines.get(n)!;
}

function countByType(json: any): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of Object.values<any>(json.Resources ?? {})) out[r.Type] = (out[r.Type] ?? 0) + 1;
  return out;
}

function expectedCondsMatch(column: ParsedColumn, conds: CondSpec[]) {
  // an any-of condition is the only one on its field: its values are the column's `||` alternatives
  const anyOf = conds.length === 1 && conds[0].values !== undefined;
  const expected = anyOf ? conds[0].values!.map(value => ({ cmp: '=', value })) : conds.map(c => ({ cmp: c.cmp, value: c.value }));
  expect(column.anyOf).toBe(anyOf && expected.length > 1);
  expect(column.conditions.length).toBe(expected.length);
  expected.forEach((c, i) => {
    const p = column.conditions[i];
    expect(p.op).toBe(c.cmp);
    if (typeof c.value === 'number') {
      expect(p.kind).toBe('number');
      expect(Number(p.text)).toBe(c.value);
    } else {
      expect(p.kind).toBe(c.value.includes('*') ? 'wildcard' : 'quoted');
      expect(p.text).toBe(c.value);
    }
  });
}

function synthesizeAndCheck(c: Config) {
  const app = new App();
  const stack = newStack(app);
  const net = c.vpcPlacement === 'same' ? stack : newStack(app, 'NetStack');
  const vpcs = c.realVpcs.map((_, i) => new ec2.Vpc(net, `Vpc${i}`, { maxAzs: 2, natGateways: 0 }));

  const vpcTargets: FlowLogTarget[] = [];
  c.realVpcs.forEach((spec, i) => {
    if (spec.asVpcTarget) vpcTargets.push(FlowLogTarget.fromVpc(vpcs[i]));
    const subnets = [...vpcs[i].publicSubnets, ...vpcs[i].isolatedSubnets, ...vpcs[i].privateSubnets];
    for (const s of spec.subnets) vpcTargets.push(FlowLogTarget.fromSubnet(subnets[s]));
  });
  c.importedVpcIds.forEach((id, i) => vpcTargets.push(FlowLogTarget.fromVpc(
    ec2.Vpc.fromVpcAttributes(stack, `ImportedVpc${i}`, { vpcId: id, availabilityZones: ['eu-west-1a'] }))));
  c.importedSubnetIds.forEach((id, i) => vpcTargets.push(FlowLogTarget.fromSubnet(ec2.Subnet.fromSubnetId(stack, `ImportedSubnet${i}`, id))));
  c.eniIds.forEach(id => vpcTargets.push(FlowLogTarget.fromNetworkInterfaceId(id)));
  const tgwTargets = [
    ...c.tgwIds.map(id => FlowLogTarget.fromTransitGatewayId(id)),
    ...c.tgwAttachmentIds.map(id => FlowLogTarget.fromTransitGatewayAttachmentId(id)),
  ];

  const captured = c.trafficType === ec2.FlowLogTrafficType.ACCEPT ? 'ACCEPT' : 'REJECT';
  const trafficType = c.trafficType !== ec2.FlowLogTrafficType.ALL && c.vpcDetections.every(d => actionConsistent(d, captured))
    ? c.trafficType : ec2.FlowLogTrafficType.ALL;

  const main = new FlowLogsToCloudWatch(stack, 'FlowLogs', {
    targets: vpcTargets,
    trafficType,
    logFormat: c.vpcFormat,
    maxAggregationInterval: c.maxAggregationInterval,
    logGroupName: c.logGroupName,
    retention: c.retention,
    alarmEmails: c.alarmEmails.length > 0 ? c.alarmEmails : undefined,
    detections: c.vpcDetections.map(buildDetection),
  });
  const tgw = tgwTargets.length === 0 ? undefined : new FlowLogsToCloudWatch(stack, 'TgwFlowLogs', {
    targets: tgwTargets,
    logFormat: c.tgwFormat,
    logGroup: main.logGroup,
    role: main.role,
    maxAggregationInterval: c.tgwOneMinute ? ec2.FlowLogMaxAggregationInterval.ONE_MINUTE : undefined,
    detections: c.tgwDetections.map(buildDetection),
  });

  const json = Template.fromStack(stack).toJSON();
  checkTemplate(Template.fromStack(stack));
  const resources: Record<string, any> = json.Resources;

  // One role, one log group, one delivery policy: every flow log uses them.
  const roleId = logicalId(stack, main.role.node.defaultChild);
  const groupId = logicalId(stack, main.logGroup.node.defaultChild);
  const policyIds = Object.keys(resources).filter(id => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resources[id].Type));
  const flowLogIds = Object.keys(resources).filter(id => resources[id].Type === 'AWS::EC2::FlowLog');
  for (const id of flowLogIds) {
    const p = resources[id].Properties;
    expect(p.DeliverLogsPermissionArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(p.LogGroupName).toEqual({ Ref: groupId });
    expect(p.LogDestinationType).toBe('cloud-watch-logs');
    expect([].concat(resources[id].DependsOn ?? []).some(d => policyIds.includes(d))).toBe(true);
  }

  // Exactly one flow log per target, with the target's type and ID.
  const checkFlowLogs = (construct: FlowLogsToCloudWatch, targets: FlowLogTarget[], kind: FlowLogRecordKind, format?: FlowLogField[]) => {
    expect(construct.flowLogs.length).toBe(targets.length);
    const defaultFormat = kind === VPC ? FlowLogField.DEFAULT_FORMAT : FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT;
    const differs = format !== undefined && format.map(f => f.name).join(' ') !== defaultFormat.map(f => f.name).join(' ');
    targets.forEach((target, i) => {
      const p = resources[logicalId(stack, construct.flowLogs[i])].Properties;
      expect(p.ResourceType).toBe(target.resourceType);
      if (Token.isUnresolved(target.resourceId)) expect(isIntrinsic(p.ResourceId)).toBe(true);
      else expect(p.ResourceId).toBe(target.resourceId);
      // LogFormat iff the format differs from the kind's default.
      if (differs) expect(p.LogFormat).toBe(format!.map(f => '${' + f.name + '}').join(' '));
      else expect(p.LogFormat).toBeUndefined();
      if (kind === VPC) {
        expect(p.TrafficType).toBe(trafficType);
        expect(p.MaxAggregationInterval).toBe(c.maxAggregationInterval);
      } else {
        expect(p).not.toHaveProperty('TrafficType');
        // Transit gateway flow logs only take 60 s, which is always sent (the API's default is refused).
        expect(p.MaxAggregationInterval).toBe(60);
      }
    });
  };
  checkFlowLogs(main, vpcTargets, VPC, c.vpcFormat);
  if (tgw) checkFlowLogs(tgw, tgwTargets, TGW, c.tgwFormat);

  // Metric filters: one column per format field, in format order, conditions where the filter has them.
  const checkDetections = (construct: FlowLogsToCloudWatch, specs: DetectionSpec[], format: FlowLogField[]) => {
    expect(construct.metricFilters.length).toBe(specs.length);
    specs.forEach((d, i) => {
      const mf = resources[logicalId(stack, construct.metricFilters[i].node.defaultChild)].Properties;
      const alarm = resources[logicalId(stack, construct.alarms[i].node.defaultChild)].Properties;
      const columns = parsePattern(mf.FilterPattern);
      expect(columns.map(x => x.name)).toEqual(format.map(col));
      const conds = detectionConds(d);
      columns.forEach((column, k) => expectedCondsMatch(column, conds.filter(x => x.field.name === format[k].name)));
      expect(mf.LogGroupName).toEqual({ Ref: groupId });
      const mt = mf.MetricTransformations[0];
      expect(mt.MetricValue).toBe(d.valueField ? `$${col(d.valueField)}` : '1');
      expect(mt.MetricName).toBe(d.metricName ?? d.name);
      expect(mt.MetricNamespace).toBe(d.metricNamespace ?? `FlowLogs/${stack.stackName}/${construct.node.id}`);
      expect(mt.DefaultValue).toBe(0);
      expect(alarm.MetricName).toBe(mt.MetricName);
      expect(alarm.Namespace).toBe(mt.MetricNamespace);
      expect(alarm.Statistic).toBe('Sum');
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm.Threshold).toBe(d.threshold ?? (d.preset ? PRESET_THRESHOLD[d.preset] : 1));
      expect(alarm.Period).toBe((d.periodMinutes ?? 60) * 60);
      const ev = d.evaluationPeriods ?? 1;
      expect(alarm.EvaluationPeriods).toBe(ev);
      expect(alarm.DatapointsToAlarm).toBe(d.datapointsRatio === undefined ? ev : Math.max(1, Math.ceil(d.datapointsRatio * ev)));
      if (d.alarmName) expect(alarm.AlarmName).toBe(d.alarmName);
      if (construct === main && c.alarmEmails.length > 0) {
        expect(alarm.AlarmActions).toEqual([{ Ref: logicalId(stack, main.alarmTopic!.node.defaultChild) }]);
      }
    });
  };
  checkDetections(main, c.vpcDetections, c.vpcFormat ?? FlowLogField.DEFAULT_FORMAT);
  if (tgw) checkDetections(tgw, c.tgwDetections, c.tgwFormat ?? FlowLogField.TRANSIT_GATEWAY_DEFAULT_FORMAT);

  // Resources: per type, and in total = targets + fixed overhead (README's table) + the same-stack VPCs.
  const detections = c.vpcDetections.length + (tgw ? c.tgwDetections.length : 0);
  // Each detection that reads a field (a condition, as every preset has, or a value field) gets a history query.
  const histories = [...c.vpcDetections, ...(tgw ? c.tgwDetections : [])]
    .filter(d => d.preset !== undefined || d.conds.length > 0 || d.valueField !== undefined).length;
  const emails = c.alarmEmails.length;
  const ours: Record<string, number> = {
    'AWS::EC2::FlowLog': vpcTargets.length + tgwTargets.length,
    'AWS::IAM::Role': 1,
    'AWS::Logs::LogGroup': 1,
    'AWS::Logs::MetricFilter': detections,
    'AWS::CloudWatch::Alarm': detections,
    'AWS::Logs::QueryDefinition': histories,
    'AWS::SNS::Topic': emails > 0 ? 1 : 0,
    'AWS::SNS::TopicPolicy': emails > 0 ? 1 : 0,
    'AWS::SNS::Subscription': emails,
  };
  const baseline = c.vpcPlacement === 'same' && vpcs.length > 0 ? vpcBaseline(vpcs.length) : {};
  const actual = countByType(json);
  const policies = (actual['AWS::IAM::Policy'] ?? 0) + (actual['AWS::IAM::ManagedPolicy'] ?? 0)
    - (baseline['AWS::IAM::Policy'] ?? 0) - (baseline['AWS::IAM::ManagedPolicy'] ?? 0);
  expect(policies).toBe(1);
  for (const [type, n] of Object.entries(ours)) expect(`${type}: ${(actual[type] ?? 0) - (baseline[type] ?? 0)}`).toBe(`${type}: ${n}`);
  const total = Object.keys(resources).length - Object.values(baseline).reduce((a, b) => a + b, 0);
  const fixedOverhead = 3 + 2 * detections + histories + (emails > 0 ? 2 + emails : 0);
  expect(total).toBe(vpcTargets.length + tgwTargets.length + fixedOverhead);
}

describe('1. random valid configurations synthesize with the documented invariants', () => {
  test('role, log group, one flow log per target, pattern columns, LogFormat, resource count', () => {
    fc.assert(fc.property(configArb, c => synthesizeAndCheck(c)), { numRuns: runs(40) });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The offline matcher agrees with the rendered pattern
// ---------------------------------------------------------------------------------------------

const CUSTOM_FIELDS = [FlowLogField.custom('x-count', NUM), FlowLogField.custom('x-label', FlowLogFieldType.TEXT)];

const matchCase = fc.shuffledSubarray([...FlowLogField.allKnown(), ...CUSTOM_FIELDS], { minLength: 1, maxLength: 10 })
  .chain(format => fc.array(condition(format, true), { maxLength: 5 })
    .chain(conds => fc.tuple(...format.map(f => recordValue(f, conds)))
      .map(values => ({ format, conds, values: values as string[] }))));

/** Like `matchCase`, with any-of conditions on 1-3 fields of the format. */
const anyOfCase = fc.shuffledSubarray([...FlowLogField.allKnown(), ...CUSTOM_FIELDS], { minLength: 1, maxLength: 10 })
  .chain(format => conditionsWithAnyOf(format, true)
    .chain(conds => fc.tuple(...format.map(f => recordValue(f, conds)))
      .map(values => ({ format, conds, values: values as string[] }))));

/**
 * Renders the filter of `conds` for `format`, checks the pattern's columns, and checks that
 * `matches()` of the record `values` equals an independent evaluation of the pattern.
 */
function matchesAgreesWithPattern(format: FlowLogField[], conds: readonly CondSpec[], values: string[]) {
  const filter = buildFilter(conds);
  const pattern = filter.renderPattern(format);
  const columns = parsePattern(pattern);
  expect(columns.map(x => x.name)).toEqual(format.map(col));
  columns.forEach((column, k) => expectedCondsMatch(column, conds.filter(x => x.field.name === format[k].name)));
  const expected = patternMatches(pattern, values.join(' '));
  expect(filter.matches(values.join(' '), format)).toBe(expected);
  return { columns, expected };
}

describe('2. FlowLogFilter.matches() agrees with the rendered pattern', () => {
  test('matches(record) equals an independent evaluation of renderPattern(format)', () => {
    const seen = { true: 0, false: 0 };
    fc.assert(fc.property(matchCase, ({ format, conds, values }) => {
      const { expected } = matchesAgreesWithPattern(format, conds, values);
      seen[String(expected) as 'true' | 'false']++;
    }), { numRuns: runs(400) });
    // Not vacuous: both verdicts occur, each in more than 5 % of the runs.
    expect(seen.true).toBeGreaterThan(runs(400) / 20);
    expect(seen.false).toBeGreaterThan(runs(400) / 20);
  });

  // Any-of conditions (issue 13, item 4). Mutation check: with matches() changed to require
  // every value of an any-of condition (`||` read as `&&`), this property fails at once;
  // `distinguishing` counts the runs in which the two readings differ, so the property cannot
  // pass vacuously.
  test('any-of: matches(record) equals an independent evaluation of the || columns of renderPattern(format)', () => {
    const seen = { true: 0, false: 0, distinguishing: 0 };
    fc.assert(fc.property(anyOfCase, ({ format, conds, values }) => {
      const { columns, expected } = matchesAgreesWithPattern(format, conds, values);
      seen[String(expected) as 'true' | 'false']++;
      // the same pattern with every `||` column read as `&&`
      const asAll = columns.every((column, i) => column.conditions.every(c => conditionHolds(c, values[i])));
      if (asAll !== expected) seen.distinguishing++;
    }), { numRuns: runs(500) });
    // Each in more than 4 % of the runs.
    expect(seen.true).toBeGreaterThan(runs(500) / 25);
    expect(seen.false).toBeGreaterThan(runs(500) / 25);
    expect(seen.distinguishing).toBeGreaterThan(runs(500) / 25);
  });

  test('any-of: the filter is the OR of single-value filters, one per value', () => {
    fc.assert(fc.property(anyOfCase, ({ format, conds, values }) => {
      const record = values.join(' ');
      const filter = buildFilter(conds);
      // expand the first any-of condition into one filter per value
      const at = conds.findIndex(c => c.values);
      const expanded = conds[at].values!.map(v => buildFilter(conds.map((c, i) => (i === at ? { field: c.field, cmp: '=', value: v } : c))));
      expect(filter.matches(record, format)).toBe(expanded.some(f => f.matches(record, format)));
    }), { numRuns: runs(300) });
  });

  test('a record with a field less never matches; with one more, its last field is the rest of the line', () => {
    fc.assert(fc.property(matchCase, fc.boolean(), fc.nat(), ({ format, conds, values }, extra, at) => {
      const filter = buildFilter(conds);
      if (extra) {
        // One value more at the end: the last field is "<last> <more>". Both evaluators agree; and
        // without a condition on the last field, the record matches exactly when the original does.
        const longer = [...values, values[at % values.length]].join(' ');
        expect(filter.matches(longer, format)).toBe(patternMatches(filter.renderPattern(format), longer));
        const last = format[format.length - 1];
        if (!conds.some(c => c.field.name === last.name)) expect(filter.matches(longer, format)).toBe(filter.matches(values.join(' '), format));
      } else {
        const shorter = values.filter((_, i) => i !== at % values.length);
        expect(filter.matches(shorter.join(' '), format)).toBe(false);
        expect(patternMatches(filter.renderPattern(format), shorter.join(' '))).toBe(false);
      }
      // Runs of spaces between fields change nothing.
      expect(filter.matches(values.join('  '), format)).toBe(filter.matches(values.join(' '), format));
    }), { numRuns: runs(200) });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Random invalid inputs: the library's own Error, never a TypeError or an invalid template
// ---------------------------------------------------------------------------------------------
//
// Every input has the type TypeScript and the jsii type checks require (issue 12: the library no
// longer checks types itself); what is random is its MEANING: numbers out of range, NaN and
// infinities, malformed, empty, blank, over-long or non-ASCII strings, wrong ID shapes, durations
// that are not whole minutes or too long, combinations that cannot work, and tokens of the right
// kind (`Token.asString` where a string goes, `Token.asNumber` where a number goes), for which the
// library skips value checks (or refuses them with its own message where a literal is needed).

/** Numbers of every meaning: NaN, infinities, huge, tiny, fractional, negative, zero. */
const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1, 0, -0, 0.1, 1.5, 2 ** 53, 2 ** 31, -(2 ** 31), 1e21, 1e-7, -1e300,
    Number.MIN_VALUE, Number.EPSILON),
  fc.integer(),
  fc.double(),
);
/** Strings of every meaning: empty, blank, padded, malformed, reserved, over-long, non-ASCII, control characters. */
const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\t\n', 'x', '-', '*', 'a b', ' a', 'a ', 'null', 'undefined', 'é', 'a:b', 'a$b', 'a*b', 'AWS/X', 'aws/x',
    'a\u0000b', 'a\u007fb', '${x}', 'x'.repeat(256), 'x'.repeat(513)),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
/** Where a number goes: odd numbers, or a number token. */
const numberOrToken: fc.Arbitrary<number> = fc.oneof(oddNumber, fc.constant(TOKEN_NUMBER));
/** Where a string goes: odd strings, or a string token. */
const stringOrToken: fc.Arbitrary<string> = fc.oneof(oddString, fc.constant(TOKEN_STRING));

/** Library resources a test brings (they need the stack, so the construct helper makes them). */
type Bring = 'logGroup' | 'infrequentLogGroup' | 'role' | 'encryptionKey' | 'alarmTopic' | 'alarmTopicKey';

function eniConstruct(props: FlowLogsToCloudWatchProps = {}, bring: readonly Bring[] = []): Template {
  const stack = newStack();
  const own: { -readonly [K in keyof FlowLogsToCloudWatchProps]: FlowLogsToCloudWatchProps[K] } = {};
  for (const b of bring) {
    switch (b) {
      case 'logGroup': own.logGroup = new logs.LogGroup(stack, 'OwnLogGroup'); break;
      case 'infrequentLogGroup':
        own.logGroup = new logs.LogGroup(stack, 'OwnIaLogGroup', { logGroupClass: logs.LogGroupClass.INFREQUENT_ACCESS });
        break;
      case 'role': own.role = new iam.Role(stack, 'OwnRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') }); break;
      case 'encryptionKey': own.encryptionKey = new kms.Key(stack, 'OwnKey'); break;
      case 'alarmTopic': own.alarmTopic = new sns.Topic(stack, 'OwnTopic'); break;
      case 'alarmTopicKey': own.alarmTopicKey = new kms.Key(stack, 'OwnTopicKey'); break;
    }
  }
  new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d')], ...own, ...props });
  return Template.fromStack(stack);
}

const ID_FACTORIES = {
  fromNetworkInterfaceId: { prefix: 'eni-', shape: /^eni-([0-9a-f]{8}|[0-9a-f]{17})$/, kind: VPC },
  fromTransitGatewayId: { prefix: 'tgw-', shape: /^tgw-([0-9a-f]{8}|[0-9a-f]{17})$/, kind: TGW },
  fromTransitGatewayAttachmentId: { prefix: 'tgw-attach-', shape: /^tgw-attach-([0-9a-f]{8}|[0-9a-f]{17})$/, kind: TGW },
} as const;

/** IDs close to a valid one: other prefixes, wrong digit counts, upper case, non-hex, spaces, new lines. */
const nearMissId = (prefixes: string[]) => fc.tuple(fc.constantFrom(...prefixes, 'ENI-', 'vpc-', ''),
  fc.oneof(hex(8), hex(17), hex(7), hex(9), hex(16), fc.constantFrom('1A2B3C4D', '1a2b3c4g', '1a2b 3c4', '1a2b3c4d\n', '12345', '67890')))
  .map(([p, h]) => p + h);

/** The IDs `ec2.Vpc.fromLookup` hands out before the lookup has run, which the library lets through. */
const LOOKUP_PLACEHOLDER = /^(vpc-12345|[ps]-(12345|67890))$/;

const ENI_TARGET = FlowLogTarget.fromNetworkInterfaceId('eni-1a2b3c4d');
const ENI_TARGET_2 = FlowLogTarget.fromNetworkInterfaceId('eni-0a1b2c3d4e5f67890');
const ENI_TARGET_KEYED = FlowLogTarget.fromNetworkInterfaceId(TOKEN_STRING, { key: 'TokenEni' });
const TGW_TARGET = FlowLogTarget.fromTransitGatewayId('tgw-0a1b2c3d');
const TGW_ATTACH_TARGET = FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0a1b2c3d');

const DETECTIONS = [
  FlowLogDetection.rejectedSsh(),
  FlowLogDetection.rejectedRdp({ alarmName: 'Same' }),
  FlowLogDetection.rejectedTraffic({ alarmName: 'Same' }),
  FlowLogDetection.custom({ name: 'Accepted', threshold: 1, filter: FlowLogFilter.all().whereString(FlowLogField.ACTION, FlowLogComparison.EQUAL, 'ACCEPT') }),
  FlowLogDetection.custom({ name: 'NotAccepted', threshold: 1, filter: FlowLogFilter.all().whereString(FlowLogField.ACTION, FlowLogComparison.NOT_EQUAL, 'ACCEPT') }),
  FlowLogDetection.custom({ name: 'Bytes', threshold: 1e9, filter: FlowLogFilter.all(), valueField: FlowLogField.BYTES }),
  FlowLogDetection.custom({ name: 'Flagged', threshold: 1, filter: FlowLogFilter.all().whereNumber(FlowLogField.TCP_FLAGS, FlowLogComparison.EQUAL, 2) }),
  FlowLogDetection.custom({ name: 'Blackhole', threshold: 1, filter: FlowLogFilter.all(), valueField: FlowLogField.PACKETS_LOST_BLACKHOLE }),
  FlowLogDetection.custom({
    name: 'RejectedSsh',
    threshold: 5,
    filter: FlowLogFilter.all().whereNumber(FlowLogField.DST_PORT, FlowLogComparison.EQUAL, 22),
    metricName: 'RejectedSsh',
  }),
];

/** An array with, sometimes, one of its entries a second time. */
const maybeWithDuplicate = <T>(arr: fc.Arbitrary<T[]>) => fc.tuple(arr, fc.boolean(), fc.nat())
  .map(([a, dup, at]) => dup && a.length > 0 ? [...a, a[at % a.length]] : a);

/** How many runs of a property ended in the library's own Error, and how many in a valid template. */
interface Outcomes { error: number; ok: number }

/** Both outcomes occur, each in at least `share` of the runs: the property is not vacuous. */
function expectBothOutcomes(seen: Outcomes, share = 0.05) {
  const total = seen.error + seen.ok;
  expect(seen.error).toBeGreaterThanOrEqual(total * share);
  expect(seen.ok).toBeGreaterThanOrEqual(total * share);
}

describe('3. invalid inputs produce the library\'s own clear Error', () => {
  test('FlowLogTarget factories: IDs and keys', () => {
    let seen: Outcomes = { error: 0, ok: 0 };
    fc.assert(fc.property(
      fc.constantFrom(...Object.keys(ID_FACTORIES) as (keyof typeof ID_FACTORIES)[]),
      fc.oneof(nearMissId(['eni-', 'tgw-', 'tgw-attach-']), oddString, fc.constant(TOKEN_STRING)),
      fc.option(fc.record({ key: fc.option(fc.oneof(stringOrToken, fc.constantFrom('Key', 'a/b', 'a.b')), { nil: undefined }) }), { nil: undefined }),
      (factory, id, options) => {
        seen[expectLibraryErrorOrValidTemplate(() => {
          const target = FlowLogTarget[factory](id, options);
          if (!Token.isUnresolved(id)) expect(id).toMatch(ID_FACTORIES[factory].shape);
          const stack = newStack();
          new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [target] });
          return Template.fromStack(stack);
        })]++;
      }), { numRuns: runs(300) });
    expectBothOutcomes(seen);
    seen = { error: 0, ok: 0 };
    fc.assert(fc.property(fc.constantFrom('fromVpc' as const, 'fromSubnet' as const),
      fc.oneof(nearMissId(['vpc-', 'subnet-', 'p-', 's-']), oddString, fc.constant(TOKEN_STRING)),
      (factory, id) => {
        seen[expectLibraryErrorOrValidTemplate(() => {
          const stack = newStack();
          const target = factory === 'fromVpc'
            ? FlowLogTarget.fromVpc(ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: id, availabilityZones: ['eu-west-1a'] }))
            : FlowLogTarget.fromSubnet(ec2.Subnet.fromSubnetId(stack, 'Subnet', id));
          if (!Token.isUnresolved(id) && !LOOKUP_PLACEHOLDER.test(id)) {
            expect(id).toMatch(factory === 'fromVpc' ? /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/ : /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/);
          }
          new FlowLogsToCloudWatch(stack, 'FlowLogs', { targets: [target] });
          return Template.fromStack(stack);
        })]++;
      }), { numRuns: runs(100) });
    expectBothOutcomes(seen);
  });

  test('FlowLogFilter.whereNumber / whereString and FlowLogField.custom: field, comparison, value', () => {
    // The field as a thunk, so that FlowLogField.custom's own errors happen inside the checked call,
    // and its value type, so that the method mostly suits it: invalid inputs are mixed in, weighted
    // so that not every run is refused at its first argument.
    const field: fc.Arbitrary<{ make: () => FlowLogField; valueType: FlowLogFieldType }> = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FlowLogField.allKnown(), ...CUSTOM_FIELDS).map(f => ({ make: () => f, valueType: f.valueType })) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.oneof(fc.constantFrom('x-new', 'x9', 'Bad', 'a b', 'srcport', 'log-status', '-x', 'x-', '9x', 'a_b'), oddString),
          fc.constantFrom(NUM, FlowLogFieldType.TEXT), fc.option(oddNumber, { nil: undefined }))
          .map(([name, valueType, version]) => ({ make: () => FlowLogField.custom(name, valueType, version), valueType })),
      },
    );
    const comparison = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...NUMBER_COMPARISONS) },
      { weight: 2, arbitrary: fc.constantFrom(...TEXT_COMPARISONS) },
      { weight: 1, arbitrary: fc.constantFrom('==', '<>', '', ' = ', '=~', '=>') },
      { weight: 1, arbitrary: stringOrToken },
    );
    const whereNumber = fc.record({
      method: fc.constant('whereNumber' as const),
      value: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: -10, max: 70_000 }) },
        { weight: 1, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
        { weight: 2, arbitrary: numberOrToken }),
    });
    const whereString = fc.record({
      method: fc.constant('whereString' as const),
      value: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('ACCEPT', 'REJECT', 'OK', 'NODATA', 'ok', 'a*b', 'a b', 'a"b', 'a\\b', '10.0.*', 'x*y z', 'a*"', 'eni-*') },
        { weight: 2, arbitrary: stringOrToken }),
    });
    const fieldAndCall = field.chain(f => fc.tuple(fc.constant(f.make), f.valueType === NUM
      ? fc.oneof({ weight: 4, arbitrary: whereNumber }, { weight: 1, arbitrary: whereString })
      : fc.oneof({ weight: 1, arbitrary: whereNumber }, { weight: 4, arbitrary: whereString })));
    const seen: Outcomes = { error: 0, ok: 0 };
    fc.assert(fc.property(fieldAndCall, comparison, ([makeField, c], cmp) => {
      seen[expectLibraryErrorOrValidTemplate(() => {
        const f = makeField();
        const filter = c.method === 'whereNumber'
          ? FlowLogFilter.all().whereNumber(f, cmp as FlowLogComparison, c.value)
          : FlowLogFilter.all().whereString(f, cmp as FlowLogComparison, c.value);
        const format = [f];
        const pattern = filter.renderPattern(format);
        parsePattern(pattern);
        for (const record of ['-', '22', 'ACCEPT', 'a', '1 2']) {
          expect(filter.matches(record, format)).toBe(patternMatches(pattern, record));
        }
        return undefined;
      })]++;
    }), { numRuns: runs(400) });
    expectBothOutcomes(seen);
  });

  test('FlowLogFilter.whereNumberIn / whereStringIn: lists of values, and another condition on the field', () => {
    const field = fc.constantFrom(...FlowLogField.allKnown(), ...CUSTOM_FIELDS);
    /** A list, with one of its values a second time in about one run of five. */
    const sometimesTwice = <T>(arr: fc.Arbitrary<T[]>) => fc.tuple(arr, fc.nat({ max: 4 }), fc.nat())
      .map(([a, dup, at]) => (dup === 0 && a.length > 0 ? [...a, a[at % a.length]] : a));
    const numbers = sometimesTwice(fc.oneof(
      { weight: 6, arbitrary: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(fc.integer({ min: -10, max: 70_000 }), { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(numberOrToken, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.integer({ min: 50, max: 90 }).map(n => Array.from({ length: n }, (_, i) => 1000 + i)) },
    ));
    const strings = sometimesTwice(fc.oneof(
      { weight: 6, arbitrary: fc.uniqueArray(fc.constantFrom('ACCEPT', 'REJECT', 'OK', 'NODATA', 'a||b', '10.0.*', 'eni-*', 'x'), { maxLength: 4 }) },
      { weight: 2, arbitrary: fc.array(fc.constantFrom('ok', 'a*b', 'a b', 'a"b', 'x*y z', ''), { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(stringOrToken, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.integer({ min: 60, max: 120 }).map(n => Array.from({ length: n }, (_, i) => `10.0.${i}.*`)) },
    ));
    const call = fc.record({
      // mostly the method that suits the field
      wrongMethod: fc.nat({ max: 7 }).map(n => n === 0),
      numbers,
      strings,
      // then, sometimes, another condition on the same field (refused: an any-of condition is alone on its field)
      then: fc.constantFrom('none' as const, 'none' as const, 'none' as const, 'none' as const, 'single' as const, 'anyOf' as const),
      format: fc.shuffledSubarray(FlowLogField.DEFAULT_FORMAT, { maxLength: 4 }),
    });
    const seen: Outcomes = { error: 0, ok: 0 };
    fc.assert(fc.property(field, call, (f, c) => {
      seen[expectLibraryErrorOrValidTemplate(() => {
        const inNumbers = (f.valueType === NUM) !== c.wrongMethod;
        let filter = inNumbers ? FlowLogFilter.all().whereNumberIn(f, c.numbers) : FlowLogFilter.all().whereStringIn(f, c.strings);
        if (c.then === 'single') {
          filter = f.valueType === NUM ? filter.whereNumber(f, FlowLogComparison.GREATER_THAN, 1) : filter.whereString(f, FlowLogComparison.NOT_EQUAL, 'x');
        } else if (c.then === 'anyOf') {
          filter = f.valueType === NUM ? filter.whereNumberIn(f, [1]) : filter.whereStringIn(f, ['x']);
        }
        const format = [f, ...c.format.filter(g => g.name !== f.name)];
        const pattern = filter.renderPattern(format);
        parsePattern(pattern);
        for (const value of ['-', '22', '1000', 'ACCEPT', 'REJECT', 'a||b', '10.0.5.1']) {
          const record = [value, ...format.slice(1).map(() => '7')].join(' ');
          expect(filter.matches(record, format)).toBe(patternMatches(pattern, record));
        }
        return undefined;
      })]++;
    }), { numRuns: runs(400) });
    expectBothOutcomes(seen);
  });

  test('FlowLogDetection options', () => {
    const durations = fc.oneof(
      fc.integer({ min: 0, max: 200_000 }).map(s => Duration.seconds(s)),
      fc.integer({ min: 0, max: 3000 }).map(m => Duration.minutes(m)),
      fc.integer({ min: 0, max: 200 }).map(s => Duration.millis(s * 1000)),
      fc.integer({ min: 0, max: 200_000 }).map(ms => Duration.millis(ms)),
      fc.integer({ min: 0, max: 50 }).map(h => Duration.hours(h)),
      fc.integer({ min: 0, max: 3 }).map(d => Duration.days(d)),
      fc.constantFrom(Duration.seconds(90.5), Duration.minutes(1.5), Duration.minutes(TOKEN_NUMBER), Duration.seconds(TOKEN_NUMBER)),
    );
    const options: fc.Arbitrary<FlowLogDetectionOptions> = fc.oneof(
      fc.record({ threshold: numberOrToken }),
      fc.record({ period: durations }),
      fc.record({ evaluationPeriods: numberOrToken }),
      fc.record({ datapointsToAlarm: numberOrToken }),
      fc.record({ evaluationPeriods: numberOrToken, datapointsToAlarm: numberOrToken }),
      fc.record({ period: durations, evaluationPeriods: fc.integer({ min: 1, max: 400 }), datapointsToAlarm: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ name: stringOrToken }),
      fc.record({ metricName: stringOrToken }),
      fc.record({ metricNamespace: fc.oneof(stringOrToken, fc.constantFrom('AWS/EC2', 'AWS/', 'aws/x', 'AWSX', 'Custom/Ok')) }),
      fc.record({ valueField: fc.constantFrom(...FlowLogField.allKnown(), ...CUSTOM_FIELDS) }),
      fc.record({ alarmName: stringOrToken }),
      fc.record({ alarmDescription: stringOrToken }),
      fc.record({ treatMissingData: fc.constantFrom(...Object.values(cloudwatch.TreatMissingData)) }),
    );
    const seen: Outcomes = { error: 0, ok: 0 };
    fc.assert(fc.property(options, fc.constantFrom('rejectedSsh' as const, 'rejectedAdminPorts' as const, 'rejectedTraffic' as const, 'custom' as const),
      (o, kind) => {
        seen[expectLibraryErrorOrValidTemplate(() => {
          const detection = kind === 'custom'
            ? FlowLogDetection.custom({ name: 'Custom', threshold: 1, filter: FlowLogFilter.all().whereNumber(FlowLogField.BYTES, FlowLogComparison.GREATER_THAN, 10), ...o })
            : FlowLogDetection[kind](o);
          return eniConstruct({ detections: [detection] });
        })]++;
      }), { numRuns: runs(250) });
    expectBothOutcomes(seen);
  });

  test('FlowLogsToCloudWatch props: values and combinations', () => {
    const targets = fc.constantFrom([ENI_TARGET], [ENI_TARGET_KEYED], [TGW_TARGET], [TGW_TARGET, TGW_ATTACH_TARGET]);
    const detections = maybeWithDuplicate(fc.shuffledSubarray(DETECTIONS, { maxLength: 3 }));
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const props: fc.Arbitrary<{ props: FlowLogsToCloudWatchProps; bring: Bring[] }> = fc.oneof(
      // Traffic type, aggregation interval and detections against the targets' kind.
      fc.record({
        trafficType: opt(fc.constantFrom(ec2.FlowLogTrafficType.ALL, ec2.FlowLogTrafficType.ACCEPT, ec2.FlowLogTrafficType.REJECT)),
        maxAggregationInterval: opt(fc.constantFrom(ec2.FlowLogMaxAggregationInterval.ONE_MINUTE, ec2.FlowLogMaxAggregationInterval.TEN_MINUTES)),
        retention: opt(fc.constantFrom(...RETENTIONS)),
        targets,
        detections,
      }),
      // Formats: empty, duplicate fields, fields of the other kind, detections reading fields not in it.
      fc.record({
        logFormat: maybeWithDuplicate(fc.shuffledSubarray([...FlowLogField.allKnown(), ...CUSTOM_FIELDS], { maxLength: 6 })),
        targets,
        detections,
      }),
      fc.record({ logGroupName: fc.oneof(stringOrToken, fc.constantFrom('/a/b', 'aws/x', '/aws/x', 'a#b.c_d-e', 'a'.repeat(512))) }),
      fc.record({
        alarmEmails: maybeWithDuplicate(fc.array(fc.oneof(fc.constantFrom('a@b.co', 'c@d.org', 'a@b', '@b.co', 'a b@c.de', TOKEN_STRING), oddString),
          { maxLength: 3 })),
        detections,
      }),
      fc.record({ targets: maybeWithDuplicate(fc.shuffledSubarray([ENI_TARGET, ENI_TARGET_2, ENI_TARGET_KEYED, TGW_TARGET, TGW_ATTACH_TARGET])) }),
      fc.record({ flowLogNestedStacks: fc.oneof(fc.integer({ min: 1, max: 100 }), numberOrToken) }),
      fc.record({ dashboardName: stringOrToken, dashboard: opt(fc.boolean()), detections }),
    ).map(p => ({ props: p as FlowLogsToCloudWatchProps, bring: [] as Bring[] }));
    // Resources of one's own, alone or with props that only apply without them.
    const brought = fc.record({
      bring: fc.subarray<Bring>(['logGroup', 'infrequentLogGroup', 'role', 'encryptionKey', 'alarmTopic', 'alarmTopicKey']),
      props: fc.record({
        logGroupName: opt(fc.constantFrom('/flow/logs', TOKEN_STRING)),
        retention: opt(fc.constantFrom(...RETENTIONS)),
        removalPolicy: opt(fc.constantFrom(RemovalPolicy.DESTROY, RemovalPolicy.RETAIN)),
        alarmEmails: opt(fc.constantFrom<string[]>(['a@b.co'], [])),
        detections,
      }),
    }).filter(b => !(b.bring.includes('logGroup') && b.bring.includes('infrequentLogGroup')));
    const seen: Outcomes = { error: 0, ok: 0 };
    fc.assert(fc.property(fc.oneof(props, brought), ({ props: p, bring }) => {
      seen[expectLibraryErrorOrValidTemplate(() => eniConstruct(p, bring))]++;
    }), { numRuns: runs(300) });
    expectBothOutcomes(seen);
  });
});

// ---------------------------------------------------------------------------------------------
// REGRESSIONS: defects the properties found, now fixed. Every input must give the library's own Error
// (or, where stated, a valid template).
//
// Type checks were removed in favour of TypeScript and the jsii-generated type checks (issue 12):
// the library checks only the MEANING of values of the right type (ranges, formats, names,
// combinations), and skips value checks for unresolved tokens. The regressions that were only
// about values of the wrong type went with them:
//   A. enum member NAMES ('ONE_DAY', 'ONE_MINUTE') as `retention` / `maxAggregationInterval`;
//   D. a `logGroup`, `role`, `encryptionKey`, `alarmTopic` or `alarmActions` entry of the wrong type;
//   G. values whose description throws (null-prototype objects, BigInts, `fromVpc({ node: null })`);
//   H. list tokens (Token.asList) where a number or a string is expected.
// The letters of the others are kept, so that older notes still find them. `OPEN` tests are defects
// found but not yet fixed in lib/: `test.failing` until they are.
// ---------------------------------------------------------------------------------------------

function failuresOf(cases: [string, () => Template | undefined][]): string[] {
  const out: string[] = [];
  for (const [name, fn] of cases) {
    try {
      expectLibraryErrorOrValidTemplate(fn);
    } catch (e) {
      out.push(`${name}: ${(e as Error).message}`);
    }
  }
  return out;
}

describe('regressions found by the properties (fixed)', () => {
  // B. FlowLogFilter.whereNumber (flow-log-filter.ts, `String(value)`) renders numbers in exponent
  //    notation (`bytes>1e+21`, `bytes>1e-7`), and a number TOKEN (Token.asNumber) is accepted and
  //    rendered as its encoding (`bytes>-1.888e+289`): not a number CloudWatch reads, and a token
  //    silently becomes a meaningless literal (whereString refuses tokens).
  //    Fix: refuse `Token.isUnresolved(value)` like whereString does, and refuse values whose
  //    String() has an exponent (or require Number.isSafeInteger / |value| < 1e21 and >= 1e-6).
  test('REGRESSION B: whereNumber renders exponent notation and number tokens into the pattern', () => {
    const cases: [string, number][] = [['1e21', 1e21], ['1e-7', 1e-7], ['-1e300', -1e300], ['Token.asNumber', TOKEN_NUMBER]];
    expect(failuresOf(cases.map(([name, v]) => [`bytes > ${name}`, () => {
      parsePattern(FlowLogFilter.all().whereNumber(FlowLogField.BYTES, FlowLogComparison.GREATER_THAN, v).renderPattern(FlowLogField.DEFAULT_FORMAT));
      return undefined;
    }]))).toEqual([]);
  });

  // C. `period` values that are Durations the library cannot convert: FlowLogDetection's constructor
  //    calls period.toSeconds() (flow-log-detection.ts), which throws CDK's Error for non-whole
  //    seconds; token Durations skip the check and then fail in CloudWatch's Metric
  //    ("'period' must be 1, 5, 10, 30, or a multiple of 60 seconds") or Duration.convert.
  //    Fix: use period.toMilliseconds() and check `ms % 60000 === 0` with the library's message;
  //    refuse unresolved periods with a clear message (an alarm period cannot be a token here).
  test('REGRESSION C: period Durations that are not whole seconds, or tokens', () => {
    expect(failuresOf([
      ['Duration.millis(1500)', () => eniConstruct({ detections: [FlowLogDetection.rejectedSsh({ period: Duration.millis(1500) })] })],
      ['Duration.seconds(90.5)', () => eniConstruct({ detections: [FlowLogDetection.rejectedSsh({ period: Duration.seconds(90.5) })] })],
      ['Duration.minutes(token)', () => eniConstruct({ detections: [FlowLogDetection.rejectedSsh({ period: Duration.minutes(TOKEN_NUMBER) })] })],
      ['Duration.seconds(token)', () => eniConstruct({ detections: [FlowLogDetection.rejectedSsh({ period: Duration.seconds(TOKEN_NUMBER) })] })],
    ])).toEqual([]);
  });

  // E. evaluationPeriods has no upper bound: evaluationPeriods x period may exceed CloudWatch's
  //    limit (7 days; 1 day for periods under an hour), e.g. 200 x 1 hour, or 1e300, which is not
  //    even an integer CloudFormation takes. Fix: check period x evaluationPeriods in FlowLogDetection.
  test('REGRESSION E: evaluationPeriods x period over CloudWatch\'s limit', () => {
    expect(failuresOf([
      ['evaluationPeriods: 200 (1 h)', () => eniConstruct({ detections: [FlowLogDetection.rejectedSsh({ evaluationPeriods: 200 })] })],
      ['evaluationPeriods: 49, period 30 min', () => eniConstruct({
        detections: [FlowLogDetection.rejectedSsh({ evaluationPeriods: 49, period: Duration.minutes(30) })],
      })],
      ['evaluationPeriods: 1e300', () => eniConstruct({ detections: [FlowLogDetection.rejectedSsh({ evaluationPeriods: 1e300 })] })],
    ])).toEqual([]);
  });

  // F. renderPattern / matches accept a format that lists a field twice (only `logFormat` is checked
  //    for duplicates): the pattern has two `srcport=5` columns, but matches() only checks the first,
  //    so matches('5 6', [SRC_PORT, SRC_PORT]) is true where the pattern does not match.
  //    Fix: in FlowLogFilter.checkFormat (flow-log-filter.ts), refuse duplicate field names.
  test('REGRESSION F: a format with a duplicate field: matches() disagrees with the pattern', () => {
    expect(failuresOf([['[SRC_PORT, SRC_PORT]', () => {
      const format = [FlowLogField.SRC_PORT, FlowLogField.SRC_PORT];
      const filter = FlowLogFilter.all().whereNumber(FlowLogField.SRC_PORT, FlowLogComparison.EQUAL, 5);
      const pattern = filter.renderPattern(format);
      expect(filter.matches('5 6', format)).toBe(patternMatches(pattern, '5 6'));
      return undefined;
    }]])).toEqual([]);
  });

  // I. (low) Two detections of one construct may have the same `alarmName`: the template has two
  //    AWS::CloudWatch::Alarm with one AlarmName, which CloudFormation refuses at deploy time.
  //    Fix: in FlowLogsToCloudWatch.addDetection, refuse a literal alarmName already used, like names.
  test('REGRESSION I (low): two detections with the same alarmName', () => {
    expect(failuresOf([['alarmName A twice', () => {
      const t = eniConstruct({
        detections: [FlowLogDetection.rejectedSsh({ alarmName: 'A' }), FlowLogDetection.rejectedRdp({ alarmName: 'A' })],
      });
      const names = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map(r => r.Properties.AlarmName);
      expect(new Set(names).size).toBe(names.length);
      return t;
    }]])).toEqual([]);
  });
});

describe('regressions found by the properties after the redesign (fixed)', () => {
  // J. (low) datapointsToAlarm was bounded only by evaluationPeriods: while evaluationPeriods is a
  //    token (its value checks skipped), a literal datapointsToAlarm of 2^53 or 1e300 passed, and the
  //    alarm's DatapointsToAlarm was not an integer CloudFormation takes. Fixed: a literal
  //    datapointsToAlarm x period is checked against the same limit as evaluationPeriods x period.
  test('REGRESSION J (low): datapointsToAlarm is bounded while evaluationPeriods is a token', () => {
    const ssh = (datapointsToAlarm: number) => [FlowLogDetection.rejectedSsh({ evaluationPeriods: TOKEN_NUMBER, datapointsToAlarm })];
    expect(failuresOf([
      ['datapointsToAlarm: 2^53', () => eniConstruct({ detections: ssh(2 ** 53) })],
      ['datapointsToAlarm: 1e300', () => eniConstruct({ detections: ssh(1e300) })],
    ])).toEqual([]);
  });
});
