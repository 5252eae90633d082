/**
 * A synthesized app "as deployed": every CloudFormation intrinsic of its templates resolved to
 * the concrete names and ARNs CloudFormation would give, so that an IAM policy engine can
 * evaluate real requests against real policies (test/wiring.test.ts).
 *
 * Physical names are made up but deterministic, and follow each service's ARN format: a role is
 * `arn:aws:iam::<account>:role/<RoleName or stack-logicalId>`, a log group's `Arn` attribute is
 * `arn:aws:logs:<region>:<account>:log-group:<name>:*`, and so on. Nested stacks are resolved with
 * the parameters their parent passes them. An intrinsic or resource type this module does not know
 * throws, so nothing is evaluated on a value that was guessed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

type Json = any;

export interface Env {
  readonly account: string;
  readonly region: string;
}

/** One resource of a deployed stack, its properties resolved on demand. */
export interface DeployedResource {
  readonly stack: DeployedStack;
  readonly logicalId: string;
  readonly type: string;
  /** The raw (unresolved) properties. */
  readonly properties: Json;
}

export class DeployedStack {
  public readonly nested: DeployedStack[] = [];

  constructor(
    public readonly name: string,
    public readonly template: Json,
    public readonly env: Env,
    private readonly parameters: Record<string, Json>,
    outdir: string,
  ) {
    for (const [logicalId, resource] of Object.entries<Json>(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const file = resource.Metadata?.['aws:asset:path'];
      if (!file) throw new Error(`nested stack ${logicalId} of ${name} has no aws:asset:path metadata`);
      const params: Record<string, Json> = {};
      for (const [key, value] of Object.entries<Json>(resource.Properties?.Parameters ?? {})) params[key] = this.resolve(value);
      const nestedTemplate = JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8'));
      this.nested.push(new DeployedStack(`${name}-${logicalId}`, nestedTemplate, env, params, outdir));
    }
  }

  /** This stack and its nested stacks, depth first. */
  public get all(): DeployedStack[] {
    return [this, ...this.nested.flatMap(n => n.all)];
  }

  public resources(type?: string): DeployedResource[] {
    return Object.entries<Json>(this.template.Resources ?? {})
      .filter(([, r]) => type === undefined || r.Type === type)
      .map(([logicalId, r]) => ({ stack: this, logicalId, type: r.Type, properties: r.Properties ?? {} }));
  }

  public resource(logicalId: string): DeployedResource {
    const r = this.template.Resources?.[logicalId];
    if (!r) throw new Error(`no resource ${logicalId} in ${this.name}`);
    return { stack: this, logicalId, type: r.Type, properties: r.Properties ?? {} };
  }

  /** A value with every intrinsic resolved. */
  public resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return this.intrinsic(keys[0], value[keys[0]]);
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.resolve(v);
    return out;
  }

  /** A resolved property of a resource. */
  public prop(resource: DeployedResource, name: string): Json {
    return this.resolve(resource.properties[name]);
  }

  private intrinsic(fn: string, arg: Json): Json {
    switch (fn) {
      case 'Ref': return this.ref(arg);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
        return this.getAtt(id, attr);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg;
        return (this.resolve(parts) as Json[]).join(sep);
      }
      case 'Fn::Select': return (this.resolve(arg[1]) as Json[])[Number(this.resolve(arg[0]))];
      case 'Fn::Split': return String(this.resolve(arg[1])).split(arg[0]);
      case 'Fn::GetAZs': return ['a', 'b', 'c'].map(s => `${this.env.region}${s}`);
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        return String(text).replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
          if (vars[name] !== undefined) return String(this.resolve(vars[name]));
          return String(name.includes('.') ? this.getAtt(...(name.split(/\.(.+)/) as [string, string])) : this.ref(name));
        });
      }
      default: throw new Error(`${this.name}: intrinsic ${fn} is not resolved by test/wiring/deployed.ts`);
    }
  }

  private ref(name: string): Json {
    switch (name) {
      case 'AWS::AccountId': return this.env.account;
      case 'AWS::Region': return this.env.region;
      case 'AWS::Partition': return 'aws';
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return this.name;
    }
    if (name in this.parameters) return this.parameters[name];
    if (this.template.Parameters?.[name]) {
      const def = this.template.Parameters[name].Default;
      if (def === undefined) throw new Error(`${this.name}: parameter ${name} has no value`);
      return def;
    }
    const r = this.resource(name);
    const { account, region } = this.env;
    switch (r.type) {
      case 'AWS::IAM::Role': return this.prop(r, 'RoleName') ?? `${this.name}-${name}`;
      case 'AWS::IAM::ManagedPolicy': return `arn:aws:iam::${account}:policy/${this.prop(r, 'ManagedPolicyName') ?? `${this.name}-${name}`}`;
      case 'AWS::IAM::Policy': return `${this.name}-${name}`;
      case 'AWS::IAM::Group': return this.prop(r, 'GroupName') ?? `${this.name}-${name}`;
      case 'AWS::IAM::User': return this.prop(r, 'UserName') ?? `${this.name}-${name}`;
      case 'AWS::Logs::LogGroup': return this.prop(r, 'LogGroupName') ?? `${this.name}-${name}`;
      case 'AWS::SNS::Topic': return `arn:aws:sns:${region}:${account}:${this.prop(r, 'TopicName') ?? `${this.name}-${name}`}`;
      case 'AWS::KMS::Key': return `key-${name}`;
      case 'AWS::CloudWatch::Alarm': return this.prop(r, 'AlarmName') ?? `${this.name}-${name}`;
      case 'AWS::EC2::VPC': return `vpc-${hex(name)}`;
      case 'AWS::EC2::Subnet': return `subnet-${hex(name)}`;
      case 'AWS::EC2::FlowLog': return `fl-${hex(name)}`;
      case 'AWS::EC2::TransitGateway': return `tgw-${hex(name)}`;
      case 'AWS::EC2::NetworkInterface': return `eni-${hex(name)}`;
      case 'AWS::Events::EventBus': return this.prop(r, 'Name');
      case 'AWS::Events::Rule': return this.prop(r, 'Name') ?? `${this.name}-${name}`;
      case 'AWS::Config::ConfigRule': return this.prop(r, 'ConfigRuleName') ?? `${this.name}-${name}`;
      default: throw new Error(`${this.name}: Ref to ${r.type} (${name}) is not resolved by test/wiring/deployed.ts`);
    }
  }

  private getAtt(id: string, attr: string): Json {
    const r = this.resource(id);
    const { account, region } = this.env;
    const key = `${r.type}.${attr}`;
    switch (key) {
      case 'AWS::IAM::Role.Arn': return `arn:aws:iam::${account}:role/${this.ref(id)}`;
      case 'AWS::IAM::Group.Arn': return `arn:aws:iam::${account}:group/${this.ref(id)}`;
      case 'AWS::IAM::User.Arn': return `arn:aws:iam::${account}:user/${this.ref(id)}`;
      case 'AWS::Logs::LogGroup.Arn': return `arn:aws:logs:${region}:${account}:log-group:${this.ref(id)}:*`;
      case 'AWS::SNS::Topic.TopicArn': return this.ref(id);
      case 'AWS::SNS::Topic.TopicName': return String(this.ref(id)).split(':').pop();
      case 'AWS::KMS::Key.Arn': return `arn:aws:kms:${region}:${account}:key/${this.ref(id)}`;
      case 'AWS::CloudWatch::Alarm.Arn': return `arn:aws:cloudwatch:${region}:${account}:alarm:${this.ref(id)}`;
      case 'AWS::Events::EventBus.Arn': return `arn:aws:events:${region}:${account}:event-bus/${this.ref(id)}`;
      case 'AWS::Events::Rule.Arn': {
        const bus = this.prop(r, 'EventBusName');
        return `arn:aws:events:${region}:${account}:rule/${bus && bus !== 'default' ? `${bus}/` : ''}${this.ref(id)}`;
      }
    }
    if (r.type === 'AWS::CloudFormation::Stack' && attr.startsWith('Outputs.')) {
      const nested = this.nested.find(n => n.name === `${this.name}-${id}`)!;
      return nested.resolve(nested.template.Outputs[attr.slice('Outputs.'.length)].Value);
    }
    throw new Error(`${this.name}: Fn::GetAtt ${key} is not resolved by test/wiring/deployed.ts`);
  }
}

/** Synthesizes `app` and returns its stacks (with their nested stacks) as deployed. */
export function deploy(app: App, defaultEnv: Env): DeployedStack[] {
  const assembly = app.synth();
  return app.node.children.filter((c): c is Stack => c instanceof Stack).map(stack => {
    const artifact = assembly.getStackArtifact(stack.artifactId);
    const env = {
      account: stack.resolve(stack.account).Ref ? defaultEnv.account : stack.account,
      region: stack.resolve(stack.region).Ref ? defaultEnv.region : stack.region,
    };
    return new DeployedStack(stack.stackName, artifact.template, env, {}, assembly.directory);
  });
}

function hex(text: string): string {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 0xffffffff;
  return h.toString(16).padStart(8, '0').slice(0, 8) + '0'.repeat(9);
}
