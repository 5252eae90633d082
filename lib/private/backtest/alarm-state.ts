/**
 * One alarm evaluation as CloudWatch documents it ("How alarm state is evaluated when data is
 * missing", CloudWatch User Guide): the datapoints of the evaluation range, the alarm's
 * `EvaluationPeriods` (N), `DatapointsToAlarm` (M) and `TreatMissingData`, give the next state.
 *
 * - At least N real datapoints in the range: the N most recent real ones decide (missing data
 *   settings are ignored): ALARM when M or more of them breach, else OK.
 * - None: `missing` -> INSUFFICIENT_DATA, `ignore` -> the current state, `breaching` -> ALARM,
 *   `notBreaching` -> OK.
 * - Some, but fewer than N: every real datapoint counts, and missing ones fill the rest
 *   (`breaching`: as breaching; `notBreaching`: as not breaching). With `missing` and `ignore`,
 *   M breaching real ones give ALARM and a non-breaching real one gives OK; when every real one
 *   breaches but there are fewer than M, `missing` goes to ALARM if the oldest breaching one is at
 *   least M periods old (AWS's "premature alarm state" rule) and `ignore` keeps the current state.
 *   Where AWS says only that such an alarm "does not go immediately into ALARM" (`missing`, the
 *   breaching datapoint younger than M periods), the engine goes to INSUFFICIENT_DATA, as AWS's
 *   earlier version of the same table did.
 *
 * These rules reproduce every row of both of AWS's tables (test/private/backtest/alarm-state.test.ts).
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** A datapoint of the range: breaching, not breaching, or missing (undefined). */
export type Point = boolean | undefined;

/**
 * How many datapoints CloudWatch retrieves for an alarm of N evaluation periods. AWS documents
 * only that it is more than N and depends on the period; its worked examples use 5 for N = 3.
 * The engine uses N + 2 for every period.
 */
export function evaluationRange(evaluationPeriods: number): number {
  return evaluationPeriods + 2;
}

/**
 * The state after one evaluation.
 *
 * @param points the evaluation range, oldest first, newest last
 */
export function nextState(points: Point[], n: number, m: number, treatMissingData: string, current: AlarmState): AlarmState {
  const real: Array<{ breaching: boolean; age: number }> = [];
  points.forEach((p, i) => { if (p !== undefined) real.push({ breaching: p, age: points.length - i }); });
  if (real.length >= n) {
    const recent = real.slice(real.length - n);
    return recent.filter(p => p.breaching).length >= m ? 'ALARM' : 'OK';
  }
  const breaching = real.filter(p => p.breaching).length;
  if (real.length === 0) {
    switch (treatMissingData) {
      case 'breaching': return 'ALARM';
      case 'notBreaching': return 'OK';
      case 'ignore': return current;
      default: return 'INSUFFICIENT_DATA';
    }
  }
  switch (treatMissingData) {
    case 'breaching': return breaching + (n - real.length) >= m ? 'ALARM' : 'OK';
    case 'notBreaching': return breaching >= m ? 'ALARM' : 'OK';
    default: {
      if (breaching >= m) return 'ALARM';
      if (breaching < real.length) return 'OK';
      if (treatMissingData === 'ignore') return current;
      // Every real datapoint breaches, fewer than M: the premature-alarm rule.
      return real[0].age >= m ? 'ALARM' : 'INSUFFICIENT_DATA';
    }
  }
}

/** Whether `value` breaches `threshold` under a fixed-threshold comparison operator. */
export function breaches(value: number, comparison: string, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'GreaterThanThreshold': return value > threshold;
    case 'LessThanThreshold': return value < threshold;
    default: return value <= threshold;
  }
}
