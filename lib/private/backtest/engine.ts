/**
 * The backtest engine: flow log events in, every alarm of a template evaluated minute by minute as
 * CloudWatch evaluates it, state transitions and notifications out.
 *
 * Metrics, as CloudWatch Logs documents them:
 * - a metric filter publishes its value for each matching event, at the event's minute; in a minute
 *   where events arrived but none matched, its `DefaultValue` (once per event); nothing in a minute
 *   without events;
 * - `AWS/Logs` `IncomingLogEvents` / `IncomingBytes` (dimension `LogGroupName`) count the group's
 *   events and their UTF-8 bytes at their ingestion minute;
 * - a Contributor Insights rule (CLF, `Fields`) aggregates matching events per contributor, read by
 *   `INSIGHT_RULE_METRIC`.
 * A datapoint is visible to an evaluation once its event was ingested (flow log records arrive
 * minutes after their `start`), so the newest period an alarm sees is often incomplete, as in AWS.
 *
 * Alarms are evaluated every minute on periods that slide with the evaluation time (CloudWatch's
 * default `SlidingWindow`): at minute t the newest period is [t - Period, t). Each evaluation reads
 * the evaluation range (`evaluationRange`) and applies `nextState`.
 */
import { AlarmState, breaches, evaluationRange, nextState, Point } from './alarm-state';
import { FlowEvent } from './events';
import { Expr, parseExpression, references, UnsupportedExpression, evaluate } from './expression';
import { splitFields } from './pattern';
import { ContributorSeries, Series, STATISTICS } from './series';
import { AlarmDef, BacktestInputError, InsightRuleDef, MetricFilterDef, MetricRef, MetricTransformation, TemplateModel } from './template';

const MINUTE = 60_000;

export interface EngineOptions {
  /** ms; the alarms are created at this time (default: the first event's minute). */
  readonly from?: number;
  /** ms; the last evaluation (default: the minute after the last event was ingested). */
  readonly to?: number;
  /** The log group the events belong to (its name or logical ID); needed when the template reads several. */
  readonly logGroup?: string;
  /** Keep each alarm's value and state per evaluation (for plots). */
  readonly timeline?: boolean;
}

export interface Transition {
  readonly time: string;
  readonly from: AlarmState;
  readonly to: AlarmState;
}

export interface TimelinePoint {
  /** ms */
  readonly time: number;
  /** The newest period's value, as the alarm saw it. */
  readonly value?: number;
  readonly state: AlarmState;
}

export interface AlarmResult {
  readonly logicalId: string;
  readonly alarmName?: string;
  readonly evaluated: boolean;
  readonly reason?: string;
  readonly finalState: AlarmState | 'NOT_EVALUATED';
  readonly transitions: Transition[];
  readonly notifications: Transition[];
  readonly threshold?: number;
  readonly comparison?: string;
  readonly periodSeconds?: number;
  readonly timeline?: TimelinePoint[];
}

export interface EngineResult {
  readonly from: string;
  readonly to: string;
  readonly logGroup: string;
  readonly events: number;
  readonly alarms: AlarmResult[];
}

/** A metric filter transformation the alarms read, with its data. */
interface ActiveTransformation {
  readonly t: MetricTransformation;
  readonly key: string;
  /** For transformations with dimensions: a series per dimension values. */
  readonly series: Map<string, Series>;
  readonly columns: Array<[string, string]>;
}

interface ActiveFilter {
  readonly def: MetricFilterDef;
  readonly transformations: ActiveTransformation[];
}

interface ActiveRule {
  readonly def: InsightRuleDef;
  readonly series: ContributorSeries;
  readonly test: (fields: string[]) => boolean;
  readonly keyIdx: number[];
  readonly valueIdx: number;
}

interface CompiledAlarm {
  readonly def: AlarmDef;
  readonly periodMinutes: number;
  readonly value: (start: number, end: number, now: number) => number | undefined;
}

function metricKey(namespace: string, name: string, dims: Record<string, string>): string {
  return `${namespace}\u0000${name}\u0000${Object.keys(dims).sort().map(k => `${k}=${dims[k]}`).join('\u0000')}`;
}

export class BacktestEngine {
  /** Events added. */
  public events = 0;
  private readonly group: string;
  private filters: ActiveFilter[] = [];
  /** The metrics (keys) the alarms read. */
  private readonly used = new Set<string>();
  private readonly rules = new Map<string, ActiveRule>();
  private readonly incomingEvents = new Series();
  private readonly incomingBytes = new Series();
  /** Per event minute of the group: [earliest ingestion minute, events]. */
  private readonly groupMinutes = new Map<number, number[]>();
  private readonly alarms: Array<CompiledAlarm | { def: AlarmDef; reason: string }> = [];
  private readonly needsFields: boolean;
  private firstEvent = Infinity;
  private lastIngest = -Infinity;

  constructor(private readonly model: TemplateModel, private readonly options: EngineOptions = {}) {
    this.group = this.pickGroup();
    const byKey = new Map<string, ActiveTransformation>();
    // Filters publishing the same metric add to the same datapoints, as in CloudWatch.
    const shared = new Map<string, Map<string, Series>>();
    for (const def of model.metricFilters) {
      if (def.group !== this.group) continue;
      const transformations = def.transformations.map(t => {
        const dimsKey = metricKey(t.namespace, t.name, Object.fromEntries(Object.keys(t.dimensions).map(k => [k, ''])));
        let series = shared.get(dimsKey);
        if (!series) shared.set(dimsKey, series = new Map());
        const active: ActiveTransformation = {
          t,
          key: dimsKey,
          series,
          columns: Object.entries(t.dimensions),
        };
        return active;
      });
      this.filters.push({ def, transformations });
      for (const at of transformations) {
        if (!byKey.has(at.key)) byKey.set(at.key, at);
      }
    }
    for (const def of model.alarms) {
      if (def.unsupported) {
        this.alarms.push({ def, reason: def.unsupported });
        continue;
      }
      try {
        this.alarms.push(this.compileAlarm(def, byKey));
      } catch (e) {
        if (!(e instanceof UnsupportedExpression)) throw e;
        this.alarms.push({ def, reason: e.message });
      }
    }
    // Only what the alarms read is computed.
    const used = this.used;
    this.filters = this.filters.filter(f => f.transformations.some(t => used.has(t.key)));
    this.needsFields = this.filters.some(f => f.def.pattern.kind === 'delimited' || f.transformations.some(t => t.t.value.startsWith('$') || t.columns.length > 0))
      || this.rules.size > 0;
  }

  /** Adds one event of the group. */
  public add(e: FlowEvent) {
    this.events++;
    const minute = Math.floor(e.timestamp / MINUTE);
    const ingest = Math.max(minute, Math.floor(e.ingestionTime / MINUTE));
    if (e.timestamp < this.firstEvent) this.firstEvent = e.timestamp;
    if (e.ingestionTime > this.lastIngest) this.lastIngest = e.ingestionTime;
    this.incomingEvents.add(ingest, ingest, 1);
    this.incomingBytes.add(ingest, ingest, Buffer.byteLength(e.message, 'utf8'));
    const gm = this.groupMinutes.get(minute);
    if (!gm) {this.groupMinutes.set(minute, [ingest, 1]);} else {
      gm[1]++;
      if (ingest < gm[0]) gm[0] = ingest;
    }
    const fields = this.needsFields ? (e.fields ?? splitFields(e.message)) : [];
    for (const f of this.filters) {
      if (!f.def.pattern.matches(e.message, fields)) continue;
      for (const at of f.transformations) {
        const raw = at.t.value.startsWith('$') ? f.def.pattern.column(at.t.value.slice(1), fields, e.message) : at.t.value;
        const value = Number(raw);
        if (raw === undefined || raw === '' || !Number.isFinite(value)) continue;
        let dims = '';
        if (at.columns.length > 0) {
          dims = at.columns.map(([k, v]) => `${k}=${v.startsWith('$') ? f.def.pattern.column(v.slice(1), fields, e.message) : v}`).join('\u0000');
        }
        let s = at.series.get(dims);
        if (!s) at.series.set(dims, s = new Series());
        s.add(minute, ingest, value);
      }
    }
    for (const r of this.rules.values()) {
      if (!r.test(fields)) continue;
      const value = r.valueIdx < 0 ? 1 : Number(fields[r.valueIdx]);
      if (!Number.isFinite(value)) continue;
      r.series.add(minute, ingest, r.keyIdx.map(i => fields[i]).join(' '), value);
    }
  }

  /** Evaluates every alarm over the window and reports. */
  public finish(): EngineResult {
    // Default values: minutes with events but no match.
    for (const f of this.filters) {
      for (const at of f.transformations) {
        if (at.t.defaultValue === undefined || at.columns.length > 0) continue;
        let s = at.series.get('');
        if (!s) at.series.set('', s = new Series());
        for (const [minute, [ingest, count]] of this.groupMinutes) {
          if (!s.has(minute)) s.add(minute, ingest, at.t.defaultValue, count);
        }
      }
    }
    const fromMs = this.options.from ?? (Number.isFinite(this.firstEvent) ? this.firstEvent : NaN);
    const toMs = this.options.to ?? (Number.isFinite(this.lastIngest) ? this.lastIngest + MINUTE : NaN);
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
      throw new BacktestInputError('no events were read and no --from/--to window was given: there is nothing to evaluate.');
    }
    const from = Math.floor(fromMs / MINUTE);
    const to = Math.floor(toMs / MINUTE);
    if (to < from) throw new BacktestInputError(`the window ends (${iso(to)}) before it starts (${iso(from)}).`);
    const results: AlarmResult[] = this.alarms.map(a => {
      if ('reason' in a) {
        return {
          logicalId: a.def.logicalId,
          alarmName: a.def.alarmName,
          evaluated: false,
          reason: a.reason,
          finalState: 'NOT_EVALUATED',
          transitions: [],
          notifications: [],
        };
      }
      return this.run(a, from, to);
    });
    return { from: iso(from), to: iso(to), logGroup: this.group, events: this.events, alarms: results };
  }

  private run(a: CompiledAlarm, from: number, to: number): AlarmResult {
    const { def, periodMinutes: p } = a;
    const range = evaluationRange(def.evaluationPeriods);
    let state: AlarmState = 'INSUFFICIENT_DATA';
    const transitions: Transition[] = [];
    const timeline: TimelinePoint[] = [];
    const points: Point[] = new Array(range);
    for (let t = from + 1; t <= to; t++) {
      let newest: number | undefined;
      for (let k = 0; k < range; k++) {
        const end = t - (range - 1 - k) * p;
        const v = a.value(end - p, end, t);
        points[k] = v === undefined ? undefined : breaches(v, def.comparison, def.threshold);
        if (k === range - 1) newest = v;
      }
      const next = nextState(points, def.evaluationPeriods, def.datapointsToAlarm, def.treatMissingData, state);
      if (next !== state) {
        transitions.push({ time: iso(t), from: state, to: next });
        state = next;
      }
      if (this.options.timeline) timeline.push({ time: t * MINUTE, value: newest, state });
    }
    return {
      logicalId: def.logicalId,
      alarmName: def.alarmName,
      evaluated: true,
      finalState: state,
      transitions,
      notifications: transitions.filter(tr => def.actionStates.has(tr.to)),
      threshold: def.threshold,
      comparison: def.comparison,
      periodSeconds: def.periodSeconds,
      timeline: this.options.timeline ? timeline : undefined,
    };
  }

  private pickGroup(): string {
    const m = this.model;
    // The log groups the alarms read: through the metric filters publishing their metrics, the
    // rules their expressions name, and AWS/Logs metrics of a group.
    const read = new Set<string>();
    const entries = m.alarms.flatMap(a => a.entries);
    const metrics = new Set(entries.filter(e => e.metric).map(e => `${e.metric!.namespace}\u0000${e.metric!.name}`));
    const expressions = entries.map(e => e.expression ?? '').join('\n');
    for (const f of m.metricFilters) {
      if (f.transformations.some(t => metrics.has(`${t.namespace}\u0000${t.name}`))) read.add(f.group);
    }
    for (const r of m.insightRules) {
      if (expressions.includes(r.ruleName)) r.groups.forEach(g => read.add(g));
    }
    for (const e of entries) {
      if (e.metric?.namespace === 'AWS/Logs' && e.metric.dimensions.LogGroupName !== undefined) read.add(e.metric.dimensions.LogGroupName);
    }
    const wanted = this.options.logGroup;
    if (wanted !== undefined) {
      const byId = [...m.groups].find(([, id]) => id === wanted)?.[0];
      const group = byId ?? wanted;
      if (!read.has(group)) {
        throw new BacktestInputError(`--log-group ${JSON.stringify(wanted)}: no metric filter, Contributor Insights rule or AWS/Logs alarm of the template reads that log group (it reads ${[...read].map(g => JSON.stringify(g)).join(', ') || 'none'}).`);
      }
      return group;
    }
    if (read.size === 0) {
      throw new BacktestInputError('the template\'s alarms read no log group (no metric filter, Contributor Insights rule or AWS/Logs metric): flow log events cannot move them.');
    }
    if (read.size > 1) {
      throw new BacktestInputError(`the template reads several log groups (${[...read].map(g => JSON.stringify(g)).join(', ')}); say which one the events are from with --log-group (a name or a logical ID).`);
    }
    return [...read][0];
  }

  private compileAlarm(def: AlarmDef, byKey: Map<string, ActiveTransformation>): CompiledAlarm {
    const entries = new Map(def.entries.map(e => [e.id, e]));
    const compiled = new Map<string, (s: number, e: number, n: number) => number | undefined>();
    const visiting = new Set<string>();
    const compileEntry = (id: string): ((s: number, e: number, n: number) => number | undefined) => {
      const done = compiled.get(id);
      if (done) return done;
      const entry = entries.get(id);
      if (!entry) throw new UnsupportedExpression(`the alarm's expression reads ${JSON.stringify(id)}, which is not one of its Metrics`);
      if (visiting.has(id)) throw new UnsupportedExpression(`the alarm's expressions refer to each other in a cycle through ${JSON.stringify(id)}`);
      visiting.add(id);
      let fn: (s: number, e: number, n: number) => number | undefined;
      if (entry.metric) {
        const stat = entry.stat ?? '';
        if (!STATISTICS.includes(stat)) throw new UnsupportedExpression(`the statistic ${JSON.stringify(stat)} is not evaluated (the engine evaluates ${STATISTICS.join(', ')})`);
        fn = this.metricSource(entry.metric, stat, byKey);
      } else {
        let expr: Expr;
        try {
          expr = parseExpression(entry.expression ?? '');
        } catch (e) {
          throw new UnsupportedExpression(`expression ${JSON.stringify(entry.expression)}: ${(e as Error).message}`);
        }
        const refs = references(expr);
        const ids = new Map(refs.ids.map(r => [r, compileEntry(r)]));
        for (const rule of refs.rules) this.activateRule(rule);
        fn = (s, e, n) => evaluate(expr, r => ids.get(r)!(s, e, n), (rule, metric) => this.rules.get(rule)?.series.window(s, e, n, metric));
      }
      visiting.delete(id);
      compiled.set(id, fn);
      return fn;
    };
    const value = compileEntry(def.returnId);
    return { def, periodMinutes: def.periodSeconds / 60, value };
  }

  private metricSource(metric: MetricRef, stat: string, byKey: Map<string, ActiveTransformation>) {
    const { namespace, name, dimensions: dims, unit } = metric;
    // An alarm asking for another unit than the one published reads no data (AWS: the alarm can get
    // "stuck in the INSUFFICIENT DATA state").
    const unitDiffers = (published: string) => unit !== undefined && unit !== published;
    if (namespace === 'AWS/Logs' && (name === 'IncomingLogEvents' || name === 'IncomingBytes') && Object.keys(dims).length === 1 && dims.LogGroupName !== undefined) {
      if (dims.LogGroupName !== this.group || unitDiffers(name === 'IncomingBytes' ? 'Bytes' : 'None')) return () => undefined;
      const s = name === 'IncomingLogEvents' ? this.incomingEvents : this.incomingBytes;
      return (a: number, b: number, n: number) => s.window(a, b, n, stat);
    }
    const plain = byKey.get(metricKey(namespace, name, dims));
    if (plain && plain.columns.length === 0) {
      if (unitDiffers(plain.t.unit)) return () => undefined;
      this.used.add(plain.key);
      return (a: number, b: number, n: number) => plain.series.get('')?.window(a, b, n, stat);
    }
    const dimmed = byKey.get(metricKey(namespace, name, Object.fromEntries(Object.keys(dims).map(k => [k, '']))));
    if (dimmed && Object.keys(dims).length > 0) {
      if (unitDiffers(dimmed.t.unit)) return () => undefined;
      this.used.add(dimmed.key);
      const key = dimmed.columns.map(([k]) => `${k}=${dims[k]}`).join('\u0000');
      return (a: number, b: number, n: number) => dimmed.series.get(key)?.window(a, b, n, stat);
    }
    const anywhere = this.model.metricFilters.some(f => f.transformations.some(t => t.namespace === namespace && t.name === name));
    if (anywhere) return () => undefined; // published by a filter on another log group: no data from these events
    throw new UnsupportedExpression(`the alarm reads metric ${namespace} / ${name}${Object.keys(dims).length ? ' ' + JSON.stringify(dims) : ''}, which no metric filter of the template publishes and which is not an AWS/Logs metric of a log group (IncomingLogEvents, IncomingBytes)`);
  }

  private activateRule(name: string) {
    if (this.rules.has(name)) return;
    const def = this.model.insightRules.find(r => r.ruleName === name);
    if (!def) throw new UnsupportedExpression(`INSIGHT_RULE_METRIC reads rule ${JSON.stringify(name)}, which is not an AWS::CloudWatch::InsightRule of the template`);
    if (def.unsupported) throw new UnsupportedExpression(def.unsupported);
    const series = new ContributorSeries();
    if (!def.enabled || !def.groups.includes(this.group)) {
      // A disabled rule, or one on another group: it sees none of these events.
      this.rules.set(name, { def, series, test: () => false, keyIdx: [], valueIdx: -1 });
      return;
    }
    const pos = (f: string) => def.positions.get(f)!;
    const tests = def.filters.map(f => {
      const i = pos(f.match);
      const operand = f.operand;
      const list = Array.isArray(operand) ? operand.map(String) : [String(operand)];
      const n = Number(operand);
      switch (f.operator) {
        case 'In': return (x: string[]) => list.includes(x[i]);
        case 'NotIn': return (x: string[]) => x[i] !== undefined && !list.includes(x[i]);
        case 'StartsWith': return (x: string[]) => x[i] !== undefined && list.some(p => x[i].startsWith(p));
        case 'EqualTo': return (x: string[]) => x[i] !== undefined && x[i] !== '' && Number(x[i]) === n;
        case 'NotEqualTo': return (x: string[]) => x[i] !== undefined && x[i] !== '' && Number.isFinite(Number(x[i])) && Number(x[i]) !== n;
        case 'GreaterThan': return (x: string[]) => Number(x[i]) > n;
        case 'LessThan': return (x: string[]) => Number(x[i]) < n;
        default: return (x: string[]) => x[i] !== undefined && x[i] !== '-';
      }
    });
    const keyIdx = def.keys.map(pos);
    this.rules.set(name, {
      def,
      series,
      test: x => tests.every(t => t(x)),
      keyIdx,
      valueIdx: def.aggregateOn === 'Sum' && def.valueField !== undefined ? pos(def.valueField) : -1,
    });
  }
}

function iso(minute: number): string {
  return new Date(minute * MINUTE).toISOString();
}
