import { Duration } from 'aws-cdk-lib';

/**
 * Whether a literal Duration is an alarm period these alarms take: a whole number of minutes
 * (metric filter and `AWS/Logs` metrics have 1-minute resolution) from 1 minute to 1 day.
 */
export function isAlarmPeriod(period: Duration): boolean {
  const seconds = period.toMilliseconds() / 1000;
  return seconds >= 60 && seconds % 60 === 0 && seconds <= 86400;
}
