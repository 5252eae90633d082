/**
 * Compares the template another language's example app synthesized (examples/java, examples/go)
 * with the TypeScript example's (examples/app.ts), as JSON, after removing only what records how a
 * template was made: the AWS::CDK::Metadata resource (it names the language), `aws:cdk:path`
 * metadata, the CDKMetadataAvailable condition and the bootstrap version check (the same rules as
 * test/python/cdk_helpers.py). Exits 1 with a line diff when they differ.
 *
 *   npx ts-node --project test/tsconfig.json test/bindings/compare-template.ts <language> <template.json>
 */
import * as fs from 'fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../examples/app';

type Json = any;

/** A copy of a template without the parts that only record how it was made. */
export function stripCdkMetadata(template: Json): Json {
  const t = JSON.parse(JSON.stringify(template));
  const resources: Record<string, Json> = t.Resources ?? {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::CDK::Metadata') delete resources[id];
  }
  for (const r of Object.values(resources)) {
    if (r.Metadata && typeof r.Metadata === 'object') {
      delete r.Metadata['aws:cdk:path'];
      if (Object.keys(r.Metadata).length === 0) delete r.Metadata;
    }
  }
  for (const [section, key] of [['Conditions', 'CDKMetadataAvailable'], ['Parameters', 'BootstrapVersion'], ['Rules', 'CheckBootstrapVersion']]) {
    if (t[section]) {
      delete t[section][key];
      if (Object.keys(t[section]).length === 0) delete t[section];
    }
  }
  return t;
}

/** Where two JSON values differ: a path and both values, per difference (at most `max`). */
export function jsonDifferences(expected: Json, actual: Json, path = '', max = 20, out: string[] = []): string[] {
  if (out.length >= max) return out;
  const isObject = (v: Json) => v !== null && typeof v === 'object';
  if (isObject(expected) && isObject(actual) && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    for (const key of keys) {
      const at = Array.isArray(expected) ? `${path}[${key}]` : `${path}.${key}`;
      if (!(key in actual)) out.push(`${at}: missing (TypeScript: ${JSON.stringify(expected[key])})`);
      else if (!(key in expected)) out.push(`${at}: not in the TypeScript template (${JSON.stringify(actual[key])})`);
      else jsonDifferences(expected[key], actual[key], at, max, out);
      if (out.length >= max) break;
    }
  } else if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    out.push(`${path || '(root)'}: ${JSON.stringify(actual)} (TypeScript: ${JSON.stringify(expected)})`);
  }
  return out;
}

function main(): void {
  const [language, file] = process.argv.slice(2);
  if (!language || !file) {
    console.error('usage: compare-template.ts <language> <template.json>');
    process.exit(2);
  }
  const ts = stripCdkMetadata(Template.fromStack(buildApp().stack).toJSON());
  const other = stripCdkMetadata(JSON.parse(fs.readFileSync(file, 'utf8')));

  // Equality of two empty or broken templates proves nothing: the TypeScript one must hold the scenario.
  const types = Object.values<Json>(ts.Resources ?? {}).map((r) => r.Type as string);
  const count = (type: string) => types.filter((t) => t === type).length;
  const expected: Record<string, number> = { 'AWS::EC2::FlowLog': 2, 'AWS::IAM::Role': 1, 'AWS::Logs::LogGroup': 1, 'AWS::Logs::MetricFilter': 3, 'AWS::CloudWatch::Alarm': 4 };
  for (const [type, n] of Object.entries(expected)) {
    if (count(type) !== n) {
      console.error(`compare-template: the TypeScript example has ${count(type)} ${type}, expected ${n}: examples/app.ts changed, update this check`);
      process.exit(1);
    }
  }

  const diff = jsonDifferences(ts, other);
  if (diff.length > 0) {
    console.error(`compare-template: the ${language} example's template (${file}) differs from the TypeScript example's:`);
    console.error(diff.join('\n'));
    process.exit(1);
  }
  console.log(`compare-template: the ${language} example's template equals the TypeScript example's (${types.length} resources, metadata aside)`);
}

if (require.main === module) {
  main();
}
