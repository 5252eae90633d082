/**
 * Writes the template of the TypeScript example app's stack (examples/app.ts,
 * `FlowLogsExample`) as JSON, for test/python to compare the Python example with; and, given a second
 * file, the organization example's templates (examples/organization/app.ts) as
 * `{ "<stack name>": template }`.
 *
 *   npx ts-node --project test/tsconfig.json test/python/ts-template.ts <outfile> <organization outfile>
 */
import * as fs from 'fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../examples/app';
import { buildOrganizationApp } from '../../examples/organization/app';

const [outfile, organizationOutfile] = process.argv.slice(2);
if (!outfile || !organizationOutfile) {
  console.error('usage: ts-node test/python/ts-template.ts <outfile> <organization outfile>');
  process.exit(2);
}
const { stack } = buildApp();
fs.writeFileSync(outfile, JSON.stringify(Template.fromStack(stack).toJSON(), null, 2) + '\n');
console.log(`wrote the template of ${stack.stackName} to ${outfile}`);
const organization = buildOrganizationApp();
fs.writeFileSync(organizationOutfile, JSON.stringify(Object.fromEntries([organization.management, organization.security]
  .map(s => [s.stackName, Template.fromStack(s).toJSON()])), null, 2) + '\n');
console.log(`wrote the templates of the organization example to ${organizationOutfile}`);
