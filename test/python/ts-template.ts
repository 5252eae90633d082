/**
 * Writes the template of the TypeScript example app's stack (examples/app.ts,
 * `FlowLogsExample`) as JSON, for test/python to compare the Python example with.
 *
 *   npx ts-node --project test/tsconfig.json test/python/ts-template.ts <outfile>
 */
import * as fs from 'fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../examples/app';

const outfile = process.argv[2];
if (!outfile) {
  console.error('usage: ts-node test/python/ts-template.ts <outfile>');
  process.exit(2);
}
const { stack } = buildApp();
fs.writeFileSync(outfile, JSON.stringify(Template.fromStack(stack).toJSON(), null, 2) + '\n');
console.log(`wrote the template of ${stack.stackName} to ${outfile}`);
