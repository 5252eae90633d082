export * from './flow-log-field';
export * from './flow-log-target';
export * from './flow-log-filter';
export * from './flow-log-detection';
export * from './flow-log-contributor-rule';
export * from './flow-log-query';
export * from './flow-logs-to-cloudwatch';
export * from './flow-log-backtest';
