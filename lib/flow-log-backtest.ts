import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stage, Stack } from 'aws-cdk-lib';
import { runSync } from './private/backtest/run';
import { BacktestInputError } from './private/backtest/template';
import { libraryError } from './private/errors';
import { guardProps, is } from './private/guard';

/**
 * Props of `FlowLogBacktest.run`.
 *
 * @experimental new in 0.x: the report may gain fields and the engine rules may be refined as AWS documents them.
 */
export interface FlowLogBacktestProps {
  /**
   * The synthesized CloudFormation template (JSON) whose alarms are evaluated: any template with
   * `AWS::Logs::MetricFilter`, `AWS::CloudWatch::InsightRule` and `AWS::CloudWatch::Alarm`
   * resources, not only this library's. Give `templateFile` or `stack`.
   *
   * @default - the template of `stack`
   */
  readonly templateFile?: string;

  /**
   * A stack of your app, synthesized for the backtest instead of `templateFile`.
   *
   * @default - the template in `templateFile`
   */
  readonly stack?: Stack;

  /**
   * The flow log events, one or more files: what `aws logs filter-log-events` prints
   * (`{"events":[...]}` pages, concatenated or in a JSON array), or flow log files as flow logs
   * deliver them to Amazon S3 (`.log` or `.log.gz`, the first line naming the fields; an event's
   * time is its `start` field, and its ingestion time is taken to be the same).
   */
  readonly eventFiles: string[];

  /**
   * When the alarms are created (ISO 8601, e.g. `2026-01-05T00:00:00Z`; `--from` of the command): they start in
   * `INSUFFICIENT_DATA` then. Events before it are metric history, as CloudWatch uses data from
   * before an alarm was created.
   *
   * @default - the first event's minute
   */
  readonly startTime?: string;

  /**
   * The last evaluation (ISO 8601).
   *
   * @default - the minute after the last event was ingested
   */
  readonly endTime?: string;

  /**
   * The log group the events are from (its name or its logical ID), when the template reads several.
   *
   * @default - the one log group the template's metric filters, rules and alarms read
   */
  readonly logGroup?: string;
}

/**
 * A change of an alarm's state.
 *
 * @experimental new in 0.x: the report may gain fields and the engine rules may be refined as AWS documents them.
 */
export interface FlowLogBacktestTransition {
  /** When (ISO 8601, a whole minute: CloudWatch evaluates alarms every minute). */
  readonly time: string;
  /** The state before: `OK`, `ALARM` or `INSUFFICIENT_DATA` (`from` in the command's JSON). */
  readonly fromState: string;
  /** The state after (`to` in the command's JSON). */
  readonly toState: string;
}

/**
 * One alarm of the template, as the backtest evaluated it.
 *
 * @experimental new in 0.x: the report may gain fields and the engine rules may be refined as AWS documents them.
 */
export interface FlowLogBacktestAlarm {
  /** The alarm's logical ID in the template. */
  readonly logicalId: string;
  /**
   * The alarm's `AlarmName`.
   *
   * @default - none in the template (CloudFormation generates one)
   */
  readonly alarmName?: string;
  /**
   * Whether the alarm was evaluated. Anomaly detection band alarms are not (their model is AWS's),
   * nor alarms on metrics no flow log event moves; `reason` says why.
   */
  readonly evaluated: boolean;
  /**
   * Why the alarm was not evaluated.
   *
   * @default - it was evaluated
   */
  readonly reason?: string;
  /** The state at the end of the window (`OK`, `ALARM`, `INSUFFICIENT_DATA`), or `NOT_EVALUATED`. */
  readonly finalState: string;
  /** Every state change, in order (alarms start in `INSUFFICIENT_DATA` at `from`). */
  readonly transitions: FlowLogBacktestTransition[];
  /** The transitions into a state the template has actions for (`AlarmActions`, `OKActions`, `InsufficientDataActions`). */
  readonly notifications: FlowLogBacktestTransition[];
}

/**
 * What a backtest found.
 *
 * @experimental new in 0.x: the report may gain fields and the engine rules may be refined as AWS documents them.
 */
export interface FlowLogBacktestReport {
  /** When the alarms were created (ISO 8601). */
  readonly startTime: string;
  /** The last evaluation (ISO 8601). */
  readonly endTime: string;
  /** The log group the events were taken to be from (its name, or its logical ID when it has no literal name). */
  readonly logGroup: string;
  /** How many events were read. */
  readonly events: number;
  /** Every alarm of the template. */
  readonly alarms: FlowLogBacktestAlarm[];
}

/**
 * Backtests alarms: evaluates every CloudWatch alarm of a template over flow log events, minute by
 * minute, as CloudWatch evaluates alarms (sliding periods, the evaluation range and the missing
 * data rules of AWS's "How alarm state is evaluated when data is missing"), and reports each
 * alarm's transitions and notifications. The metrics come from the template's own metric filters
 * (their patterns parsed and evaluated here), Contributor Insights rules (`INSIGHT_RULE_METRIC`)
 * and `AWS/Logs` `IncomingLogEvents` / `IncomingBytes`.
 *
 * The same engine is the `cdk-flow-logs-backtest` command.
 *
 * @example
 * const report = FlowLogBacktest.run({
 *   templateFile: 'cdk.out/FlowLogsExample.template.json',
 *   eventFiles: ['events.json'],
 *   startTime: '2026-01-05T00:00:00Z',
 * });
 * const notified: string[] = [];
 * for (const alarm of report.alarms) {
 *   if (alarm.notifications.length > 0) {
 *     notified.push(alarm.logicalId);
 *   }
 * }
 *
 * @experimental new in 0.x: the report may gain fields and the engine rules may be refined as AWS documents them.
 */
export class FlowLogBacktest {
  /**
   * Runs a backtest. Bad input (a file that is not one of the accepted shapes, a template without
   * alarms, `to` before `from`, a filter pattern the engine cannot evaluate) throws an error that
   * says what is wrong.
   */
  public static run(props: FlowLogBacktestProps): FlowLogBacktestReport {
    guardProps('FlowLogBacktest.run', 'props', props, {
      templateFile: is.string({ min: 1, tokens: false, example: '\'cdk.out/MyStack.template.json\'' }),
      stack: is.shape('a Stack', ['templateOptions', 'artifactId'], 'the stack the construct is in'),
      eventFiles: is.list(is.string({ min: 1, tokens: false, example: '\'events.json\'' }), { min: 1 }),
      startTime: is.string({ tokens: false, example: '\'2026-12-01T00:00:00Z\'' }),
      endTime: is.string({ tokens: false, example: '\'2026-12-02T00:00:00Z\'' }),
      logGroup: is.string({ tokens: false }),
    }, ['eventFiles']);
    if ((props.templateFile === undefined) === (props.stack === undefined)) {
      throw libraryError('FlowLogBacktest.run: give exactly one of `templateFile` (a synthesized template) and `stack`.');
    }
    let template = props.templateFile;
    let tmp: string | undefined;
    if (props.stack) {
      const stage = Stage.of(props.stack);
      if (!stage) throw libraryError('FlowLogBacktest.run: `stack` is not in an app.');
      const assembly = stage.synth();
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-logs-backtest-'));
      template = path.join(tmp, 'template.json');
      fs.writeFileSync(template, JSON.stringify(assembly.getStackArtifact(props.stack.artifactId).template));
    }
    try {
      const r = runSync({ template: template!, events: [...props.eventFiles], from: props.startTime, to: props.endTime, logGroup: props.logGroup });
      return {
        startTime: r.from,
        endTime: r.to,
        logGroup: r.logGroup,
        events: r.events,
        alarms: r.alarms.map(a => ({
          logicalId: a.logicalId,
          alarmName: a.alarmName,
          evaluated: a.evaluated,
          reason: a.reason,
          finalState: a.finalState,
          transitions: a.transitions.map(transition),
          notifications: a.notifications.map(transition),
        })),
      };
    } catch (e) {
      if (e instanceof BacktestInputError) {
        // The template of a stack lives in a temporary file: name the stack instead.
        const message = tmp ? e.message.split(template!).join(`the template of stack ${props.stack!.stackName}`) : e.message;
        throw libraryError(`FlowLogBacktest.run: ${message}`);
      }
      throw e;
    } finally {
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  private constructor() {}
}

function transition(t: { time: string; from: string; to: string }): FlowLogBacktestTransition {
  return { time: t.time, fromState: t.from, toState: t.to };
}
