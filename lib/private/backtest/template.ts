/**
 * What the backtest engine reads from a synthesized CloudFormation template: log groups, metric
 * filters, Contributor Insights rules and alarms, with the intrinsic functions CDK writes for them
 * resolved (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`). Works on any template, not
 * only this library's (the seed's by-hand setup included).
 */
import { compilePattern, CompiledPattern, PatternError } from './pattern';

/** Bad input: the CLI prints it and exits with code 2. */
export class BacktestInputError extends Error {}

/** Pseudo parameters, given stable stand-in values. */
const PSEUDO: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:123456789012:stack/stack/00000000-0000-0000-0000-000000000000',
};

export interface MetricTransformation {
  readonly namespace: string;
  readonly name: string;
  /** `$column`, or a number. */
  readonly value: string;
  readonly defaultValue?: number;
  /** Dimension name -> `$column` or literal. */
  readonly dimensions: Record<string, string>;
  /** The unit it publishes (`Unit`, default `None`). */
  readonly unit: string;
}

export interface MetricFilterDef {
  readonly logicalId: string;
  readonly group: string;
  readonly patternText: string;
  readonly pattern: CompiledPattern;
  readonly transformations: MetricTransformation[];
}

export interface InsightRuleFilter {
  readonly match: string;
  readonly operator: string;
  readonly operand: unknown;
}

export interface InsightRuleDef {
  readonly logicalId: string;
  readonly ruleName: string;
  readonly enabled: boolean;
  readonly groups: string[];
  /** Field name -> 0-based position in the space-delimited record (CLF rules). */
  readonly positions: Map<string, number>;
  readonly keys: string[];
  readonly valueField?: string;
  readonly aggregateOn: 'Count' | 'Sum';
  readonly filters: InsightRuleFilter[];
  /** Why the rule cannot be evaluated, if it cannot. */
  readonly unsupported?: string;
}

export interface MetricRef {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
  /** The unit the alarm asks for, if any: another unit than the metric's gives no data ("stuck in INSUFFICIENT_DATA", AWS). */
  readonly unit?: string;
}

/** One entry of an alarm's query: a metric with a statistic, or an expression. */
export interface QueryEntry {
  readonly id: string;
  readonly metric?: MetricRef;
  readonly stat?: string;
  readonly expression?: string;
  readonly periodSeconds?: number;
  readonly returnData: boolean;
}

export interface AlarmDef {
  readonly logicalId: string;
  readonly alarmName?: string;
  /** States whose transitions notify (actions in the template, actions enabled). */
  readonly actionStates: Set<string>;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: string;
  readonly treatMissingData: string;
  readonly periodSeconds: number;
  readonly entries: QueryEntry[];
  /** The entry whose value the alarm compares with the threshold. */
  readonly returnId: string;
  /** Why the alarm cannot be evaluated offline, if it cannot. */
  readonly unsupported?: string;
}

export interface TemplateModel {
  readonly groups: Map<string, string>;
  readonly metricFilters: MetricFilterDef[];
  readonly insightRules: InsightRuleDef[];
  readonly alarms: AlarmDef[];
}

type Resources = Record<string, { Type?: string; Properties?: Record<string, any> }>;

/** Resolves CloudFormation intrinsics to plain values; throws for what it cannot resolve. */
class Resolver {
  constructor(private readonly resources: Resources, private readonly parameters: Record<string, any>) {}

  public resolve(value: any, where: string): any {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(v => this.resolve(v, where));
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = value[key];
      switch (key) {
        case 'Ref': return this.ref(String(arg), where);
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
          return this.getAtt(String(id), String(attr), where);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg;
          return (this.resolve(parts, where) as any[]).map(p => String(p)).join(String(sep));
        }
        case 'Fn::Select': {
          const [index, list] = arg;
          return (this.resolve(list, where) as any[])[Number(this.resolve(index, where))];
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
          return String(text).replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
            if (vars && name in vars) return String(this.resolve(vars[name], where));
            const [id, attr] = name.split('.');
            return String(attr === undefined ? this.ref(id, where) : this.getAtt(id, attr, where));
          });
        }
        default:
          if (key.startsWith('Fn::') || key === 'Condition') {
            throw new BacktestInputError(`${where}: the intrinsic function ${key} cannot be resolved offline; synthesize the template with literal values for it.`);
          }
      }
    }
    const out: Record<string, any> = {};
    for (const k of keys) out[k] = this.resolve(value[k], where);
    return out;
  }

  /** A resource's identity (a log group's name if it has one, else its logical ID). */
  public ref(id: string, where: string): string {
    if (id in PSEUDO) return PSEUDO[id];
    if (id in this.parameters) {
      const def = this.parameters[id]?.Default;
      return def === undefined ? `\${${id}}` : String(def);
    }
    const resource = this.resources[id];
    if (!resource) throw new BacktestInputError(`${where}: Ref to ${JSON.stringify(id)}, which is neither a resource nor a parameter of the template.`);
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::Logs::LogGroup' && props.LogGroupName !== undefined) return String(this.resolve(props.LogGroupName, id));
    if (resource.Type === 'AWS::CloudWatch::InsightRule' && props.RuleName !== undefined) return String(this.resolve(props.RuleName, id));
    return id;
  }

  private getAtt(id: string, attr: string, where: string): string {
    const resource = this.resources[id];
    if (!resource) throw new BacktestInputError(`${where}: Fn::GetAtt of ${JSON.stringify(id)}, which is not a resource of the template.`);
    if (attr === 'RuleName' || (attr === 'LogGroupName')) return this.ref(id, where);
    if (resource.Type === 'AWS::Logs::LogGroup' && attr === 'Arn') {
      return `arn:aws:logs:${PSEUDO['AWS::Region']}:${PSEUDO['AWS::AccountId']}:log-group:${this.ref(id, where)}:*`;
    }
    return `${id}.${attr}`;
  }
}

/** Reads the template's text into the model the engine evaluates. */
export function readTemplate(text: string, source: string): TemplateModel {
  let template: any;
  try {
    template = JSON.parse(text);
  } catch (e) {
    throw new BacktestInputError(`${source} is not a JSON template (${(e as Error).message}); pass what \`cdk synth --json\` writes to cdk.out/<stack>.template.json.`);
  }
  if (template === null || typeof template !== 'object' || typeof template.Resources !== 'object' || template.Resources === null) {
    throw new BacktestInputError(`${source} is not a CloudFormation template: it has no "Resources" object.`);
  }
  const resources: Resources = template.Resources;
  const r = new Resolver(resources, template.Parameters ?? {});
  const groups = new Map<string, string>();
  const metricFilters: MetricFilterDef[] = [];
  const insightRules: InsightRuleDef[] = [];
  const alarms: AlarmDef[] = [];
  for (const [id, res] of Object.entries(resources)) {
    const props = res.Properties ?? {};
    switch (res.Type) {
      case 'AWS::Logs::LogGroup':
        groups.set(r.ref(id, id), id);
        break;
      case 'AWS::Logs::MetricFilter':
        metricFilters.push(readMetricFilter(id, props, r));
        break;
      case 'AWS::CloudWatch::InsightRule':
        insightRules.push(readInsightRule(id, props, r));
        break;
      case 'AWS::CloudWatch::Alarm':
        alarms.push(readAlarm(id, props, r));
        break;
      default:
    }
  }
  if (alarms.length === 0) {
    throw new BacktestInputError(`${source} has no AWS::CloudWatch::Alarm resources: there is nothing to backtest.`);
  }
  return { groups, metricFilters, insightRules, alarms };
}

function readMetricFilter(id: string, props: Record<string, any>, r: Resolver): MetricFilterDef {
  const where = `metric filter ${id}`;
  const patternText = String(r.resolve(props.FilterPattern ?? '', where));
  let pattern: CompiledPattern;
  try {
    pattern = compilePattern(patternText);
  } catch (e) {
    if (e instanceof PatternError) throw new BacktestInputError(`${where}: ${e.message}`);
    throw e;
  }
  const transformations = (r.resolve(props.MetricTransformations ?? [], where) as any[]).map(t => {
    const dims: Record<string, string> = {};
    for (const d of t.Dimensions ?? []) dims[String(d.Key)] = String(d.Value);
    const value = String(t.MetricValue ?? '').trim();
    if (!/^\$[A-Za-z0-9_.$@-]+$/.test(value) && (value === '' || !Number.isFinite(Number(value)))) {
      throw new BacktestInputError(`${where}: MetricValue ${JSON.stringify(value)} is neither a number nor a $column of the pattern.`);
    }
    // AWS: dimensions are "only available for JSON and space-delimited filter patterns", and a
    // value or dimension taken from the event needs a column of the pattern to take it from.
    if (Object.keys(dims).length > 0 && pattern.kind !== 'delimited') {
      throw new BacktestInputError(`${where}: Dimensions need a space-delimited pattern ([...]); the pattern ${JSON.stringify(patternText)} has no columns.`);
    }
    if (Object.keys(dims).length > 0 && t.DefaultValue !== undefined) {
      throw new BacktestInputError(`${where}: a metric transformation with Dimensions cannot have a DefaultValue (CloudWatch Logs refuses it).`);
    }
    for (const ref of [value, ...Object.values(dims)].filter(v => v.startsWith('$'))) {
      if (pattern.kind !== 'delimited') {
        throw new BacktestInputError(`${where}: ${ref} names a column, but the pattern ${JSON.stringify(patternText)} has no columns.`);
      }
      if (!pattern.hasColumn(ref.slice(1))) {
        throw new BacktestInputError(`${where}: ${ref} is not a column of the pattern ${JSON.stringify(patternText)} (name a column, or $N for its N-th).`);
      }
    }
    const defaultValue = t.DefaultValue === undefined ? undefined : Number(t.DefaultValue);
    if (defaultValue !== undefined && !Number.isFinite(defaultValue)) {
      throw new BacktestInputError(`${where}: DefaultValue ${JSON.stringify(t.DefaultValue)} is not a number.`);
    }
    return {
      namespace: String(t.MetricNamespace),
      name: String(t.MetricName),
      value,
      defaultValue,
      dimensions: dims,
      unit: t.Unit === undefined ? 'None' : String(t.Unit),
    };
  });
  return { logicalId: id, group: String(r.resolve(props.LogGroupName, where)), patternText, pattern, transformations };
}

function readInsightRule(id: string, props: Record<string, any>, r: Resolver): InsightRuleDef {
  const where = `Contributor Insights rule ${id}`;
  const ruleName = String(r.resolve(props.RuleName, where));
  const enabled = String(r.resolve(props.RuleState ?? 'ENABLED', where)) === 'ENABLED';
  const bodyValue = r.resolve(props.RuleBody, where);
  let body: any;
  try {
    body = typeof bodyValue === 'string' ? JSON.parse(bodyValue) : bodyValue;
  } catch (e) {
    throw new BacktestInputError(`${where}: RuleBody is not JSON (${(e as Error).message}).`);
  }
  const base = {
    logicalId: id,
    ruleName,
    enabled,
    groups: (body?.LogGroupNames ?? []).map(String),
    positions: new Map<string, number>(),
    keys: [] as string[],
    aggregateOn: 'Count' as const,
    filters: [] as InsightRuleFilter[],
  };
  if (body?.LogFormat !== 'CLF' || typeof body?.Fields !== 'object') {
    return { ...base, unsupported: `${where} reads log format ${JSON.stringify(body?.LogFormat)}; the backtest engine evaluates CLF rules with Fields (space-delimited records) only` };
  }
  const positions = new Map<string, number>();
  for (const [pos, name] of Object.entries(body.Fields)) positions.set(String(name), Number(pos) - 1);
  const contribution = body.Contribution ?? {};
  const keys: string[] = (contribution.Keys ?? []).map(String);
  const filters: InsightRuleFilter[] = (contribution.Filters ?? []).map((f: any) => {
    const operator = Object.keys(f).find(k => k !== 'Match') ?? '';
    return { match: String(f.Match), operator, operand: f[operator] };
  });
  const read = [...keys, ...(contribution.ValueOf ? [String(contribution.ValueOf)] : []), ...filters.map(f => f.match)];
  const unknown = read.find(k => !positions.has(k));
  const badOp = filters.find(f => !['In', 'NotIn', 'StartsWith', 'EqualTo', 'NotEqualTo', 'GreaterThan', 'LessThan', 'IsPresent'].includes(f.operator));
  return {
    ...base,
    positions,
    keys,
    valueField: contribution.ValueOf === undefined ? undefined : String(contribution.ValueOf),
    aggregateOn: body.AggregateOn === 'Sum' ? 'Sum' : 'Count',
    filters,
    unsupported: unknown !== undefined ? `${where} names ${JSON.stringify(unknown)}, which its Fields do not map to a position`
      : badOp ? `${where} has a filter with operator ${JSON.stringify(badOp.operator)}, which the backtest engine does not evaluate` : undefined,
  };
}

function readAlarm(id: string, props: Record<string, any>, r: Resolver): AlarmDef {
  const where = `alarm ${id}`;
  // Only what the evaluation reads is resolved: actions are counted, not resolved (an
  // Fn::ImportValue topic is still an action), and a description may hold anything.
  const p: Record<string, any> = {};
  for (const key of ['ActionsEnabled', 'AlarmName', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator',
    'TreatMissingData', 'Metrics', 'ThresholdMetricId', 'Namespace', 'MetricName', 'Dimensions', 'Statistic', 'ExtendedStatistic', 'Period', 'Unit']) {
    if (props[key] !== undefined) p[key] = r.resolve(props[key], `${where} (${key})`);
  }
  const actionStates = new Set<string>();
  if (p.ActionsEnabled !== false && p.ActionsEnabled !== 'false') {
    if ((props.AlarmActions ?? []).length > 0) actionStates.add('ALARM');
    if ((props.OKActions ?? []).length > 0) actionStates.add('OK');
    if ((props.InsufficientDataActions ?? []).length > 0) actionStates.add('INSUFFICIENT_DATA');
  }
  const evaluationPeriods = Number(p.EvaluationPeriods ?? 1);
  const common = {
    logicalId: id,
    alarmName: p.AlarmName === undefined ? undefined : String(p.AlarmName),
    actionStates,
    evaluationPeriods,
    datapointsToAlarm: Number(p.DatapointsToAlarm ?? evaluationPeriods),
    threshold: Number(p.Threshold),
    comparison: String(p.ComparisonOperator),
    treatMissingData: String(p.TreatMissingData ?? 'missing'),
  };
  // What CloudWatch refuses (PutMetricAlarm): the alarm could never be created, so it is bad input, not a state.
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    throw new BacktestInputError(`${where}: EvaluationPeriods ${JSON.stringify(p.EvaluationPeriods)} is not a whole number of at least 1 (CloudWatch refuses the alarm).`);
  }
  if (!Number.isInteger(common.datapointsToAlarm) || common.datapointsToAlarm < 1 || common.datapointsToAlarm > evaluationPeriods) {
    throw new BacktestInputError(`${where}: DatapointsToAlarm ${JSON.stringify(p.DatapointsToAlarm)} must be a whole number from 1 to EvaluationPeriods `
      + `(${evaluationPeriods}); CloudWatch refuses the alarm.`);
  }
  if (!['missing', 'ignore', 'breaching', 'notBreaching'].includes(common.treatMissingData)) {
    throw new BacktestInputError(`${where}: TreatMissingData ${JSON.stringify(common.treatMissingData)} is not one of breaching, notBreaching, ignore, missing `
      + '(CloudWatch refuses the alarm).');
  }
  const dims = (list: any[] | undefined) => {
    const out: Record<string, string> = {};
    for (const d of list ?? []) out[String(d.Name)] = String(d.Value);
    return out;
  };
  let entries: QueryEntry[];
  let returnId: string;
  let periodSeconds: number;
  let unsupported: string | undefined;
  if (Array.isArray(p.Metrics)) {
    entries = p.Metrics.map((m: any) => ({
      id: String(m.Id),
      metric: m.MetricStat ? {
        namespace: String(m.MetricStat.Metric.Namespace),
        name: String(m.MetricStat.Metric.MetricName),
        dimensions: dims(m.MetricStat.Metric.Dimensions),
        unit: m.MetricStat.Unit === undefined ? undefined : String(m.MetricStat.Unit),
      } : undefined,
      stat: m.MetricStat ? String(m.MetricStat.Stat) : undefined,
      expression: m.Expression === undefined ? undefined : String(m.Expression),
      periodSeconds: m.MetricStat ? Number(m.MetricStat.Period) : (m.Period === undefined ? undefined : Number(m.Period)),
      // AWS: ReturnData defaults to true (CDK leaves it out on the alarm's expression).
      returnData: m.ReturnData === undefined || m.ReturnData === true || m.ReturnData === 'true',
    }));
    if (p.ThresholdMetricId !== undefined) {
      unsupported = 'anomaly detection band alarm: its band comes from a model CloudWatch trains on the metric\'s history, which cannot be reproduced offline';
    } else if (entries.some(e => /ANOMALY_DETECTION_BAND/i.test(e.expression ?? ''))) {
      unsupported = 'the alarm reads ANOMALY_DETECTION_BAND, a model CloudWatch trains on the metric\'s history, which cannot be reproduced offline';
    }
    const returned = entries.filter(e => e.returnData && e.id !== p.ThresholdMetricId);
    returnId = returned[0]?.id ?? entries[0]?.id ?? '';
    periodSeconds = returned[0]?.periodSeconds ?? entries.find(e => e.periodSeconds)?.periodSeconds ?? NaN;
    if (!unsupported && returned.length !== 1) unsupported = `the alarm's Metrics return ${returned.length} results; an alarm compares exactly one`;
  } else {
    returnId = 'm1';
    periodSeconds = Number(p.Period);
    if (p.ExtendedStatistic !== undefined) unsupported = `the statistic ${JSON.stringify(p.ExtendedStatistic)} (a percentile) needs each datapoint's distribution, which the backtest engine does not keep`;
    entries = [{
      id: 'm1',
      metric: {
        namespace: String(p.Namespace),
        name: String(p.MetricName),
        dimensions: dims(p.Dimensions),
        unit: p.Unit === undefined ? undefined : String(p.Unit),
      },
      stat: String(p.Statistic ?? p.ExtendedStatistic),
      periodSeconds,
      returnData: true,
    }];
  }
  if (!unsupported && !(periodSeconds >= 60 && periodSeconds % 60 === 0)) {
    unsupported = `the alarm's period (${periodSeconds} s) is not a whole number of minutes; the engine evaluates standard-resolution alarms`;
  }
  if (!unsupported && !['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'].includes(common.comparison)) {
    unsupported = `comparison ${common.comparison} is not a fixed-threshold comparison`;
  }
  if (!unsupported && !Number.isFinite(common.threshold)) unsupported = 'the alarm has no numeric Threshold';
  return { ...common, periodSeconds, entries, returnId, unsupported };
}
