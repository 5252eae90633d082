#!/usr/bin/env node
// Runs the package's command, as a user of the installed package does (`npx cdk-flow-logs-backtest`),
// in a consumer app on its synthesized template: the README's minimal app (the source document's
// rejected-SSH alarm, >= 10 in an hour, e-mailed). Usage: node check-backtest.js <app dir> <template.json> <label>
//
// 12 rejected SSH records at 00:10 (ingested 6 minutes later) among accepted traffic every minute:
// by AWS's evaluation rules the alarm goes OK at 00:01 and to ALARM at 00:17 (a notification: it has
// an SNS action), and back to OK an hour later. An events file of another shape exits with 2.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [dir, template, label = dir] = process.argv.slice(2);
const T0 = Date.parse('2026-01-05T00:00:00Z');
const MIN = 60000;
const record = (ms, port, action) => `2 123456789012 eni-1a2b3c4d 203.0.113.7 10.0.0.5 40000 ${port} 6 1 40 ${ms / 1000} ${ms / 1000 + 30} ${action} OK`;
const events = [];
for (let m = 0; m < 180; m++) events.push({ timestamp: T0 + m * MIN, ingestionTime: T0 + (m + 6) * MIN, message: record(T0 + m * MIN, 443, 'ACCEPT') });
for (let i = 0; i < 12; i++) {
  const ms = T0 + 10 * MIN + i * 1000;
  events.push({ timestamp: ms, ingestionTime: ms + 6 * MIN, message: record(ms, 22, 'REJECT') });
}
const eventsFile = path.join(dir, 'backtest-events.json');
fs.writeFileSync(eventsFile, JSON.stringify({ events }));
const badFile = path.join(dir, 'backtest-bad.txt');
fs.writeFileSync(badFile, 'not flow logs\n');

const run = (...args) => spawnSync('npx', ['--no-install', 'cdk-flow-logs-backtest', '--template', template, ...args], { cwd: dir, encoding: 'utf8' });
const problems = [];
const ok = run('--events', eventsFile, '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T03:00:00Z', '--json');
if (ok.status !== 0) {
  problems.push(`exit ${ok.status}: ${ok.stderr}`);
} else {
  const report = JSON.parse(ok.stdout);
  const alarms = report.alarms;
  const got = JSON.stringify(alarms.map(a => [a.finalState, a.transitions.map(t => `${t.time.slice(11, 16)} ${t.from}->${t.to}`), a.notifications.length]));
  const want = JSON.stringify([['OK', ['00:01 INSUFFICIENT_DATA->OK', '00:17 OK->ALARM', '01:11 ALARM->OK'], 1]]);
  if (got !== want) problems.push(`alarms: expected ${want}, got ${got}`);
}
const bad = run('--events', badFile);
if (bad.status !== 2 || bad.stdout !== '' || !/is not one of the accepted event files/.test(bad.stderr)) {
  problems.push(`bad input: expected exit 2, no output and a message, got exit ${bad.status}, stdout ${JSON.stringify(bad.stdout.slice(0, 100))}, stderr ${JSON.stringify(bad.stderr.slice(0, 200))}`);
}
if (problems.length > 0) {
  console.error(`${label}: npx cdk-flow-logs-backtest:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${label}: npx cdk-flow-logs-backtest: the README app's alarm fires once on 12 rejected SSH attempts; bad input exits 2`);
