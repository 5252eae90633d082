import { Token } from 'aws-cdk-lib';
import { checkEnum, describeValue } from './describe';
import { libraryError } from './errors';

/**
 * What a public parameter must be, declared once per entry point and checked before anything else
 * (`guard`). Each kind says what it accepts and how to write one, so every refusal names the
 * parameter, the value received and the fix. Unresolved tokens skip the value checks.
 */
export interface Rule {
  /** What the parameter is, as messages say it: "a string", "a list of FlowLogTarget". */
  readonly what: string;
  /** How to write a good value (the fix in messages). */
  readonly example?: string;
  /** The kinds of unresolved token (string, number, list) that stand for a good value, unchecked. */
  readonly tokens?: Array<'string' | 'number' | 'list'>;
  /** A problem with the value (it is neither undefined, null, nor an accepted token), or undefined. */
  check(value: unknown, name: string, where: string): string | undefined;
}

/** `where: \`name\` must be <what>, got <value>. <fix>` */
function mustBe(where: string, name: string, rule: Rule, value: unknown, detail = ''): string {
  return `${where}: \`${name}\` must be ${rule.what}${detail}, got ${describeValue(value)}.${rule.example ? ` Use e.g. ${rule.example}.` : ''}`;
}

const unresolved = (value: unknown) => (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) && Token.isUnresolved(value);

/** Checks one value against its rule; returns the problem or undefined. */
function problemOf(where: string, name: string, value: unknown, rule: Rule, required: boolean): string | undefined {
  if (value === undefined) {
    return required ? `${where}: \`${name}\` is required (${rule.what}), got nothing.${rule.example ? ` Use e.g. ${rule.example}.` : ''}` : undefined;
  }
  if (value === null) {
    return `${where}: \`${name}\` is null; give ${rule.what}${required ? '' : ', or leave it out'}.${rule.example ? ` E.g. ${rule.example}.` : ''}`;
  }
  if (typeof value === 'function' && !rule.what.startsWith('a function')) {
    return `${where}: \`${name}\` must be ${rule.what}, got a function: was a factory passed without calling it?${rule.example ? ` Use e.g. ${rule.example}.` : ''}`;
  }
  if (unresolved(value)) {
    const kind = Array.isArray(value) ? 'list' : typeof value === 'number' ? 'number' : 'string';
    return rule.tokens?.includes(kind) ? undefined : mustBe(where, name, rule, value, `, which a ${kind} token cannot stand for here`);
  }
  return rule.check(value, name, where);
}

/**
 * Checks each `[name, value, rule, required?]` of an entry point and throws all problems at once.
 */
export function guard(where: string, params: Array<[string, unknown, Rule, boolean?]>) {
  const problems = params.map(([name, value, rule, required]) => problemOf(where, name, value, rule, required ?? false))
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw libraryError(problems.join('\n'));
}

/** Checks an object of props against its rules (unknown keys refused: nothing is silently ignored). */
export function guardProps(where: string, name: string, props: unknown, rules: Record<string, Rule>, required: string[] = []) {
  if (props === undefined && required.length === 0) return;
  const shape = is.struct(rules, required);
  const problem = problemOf(where, name, props, shape, true);
  if (problem) throw libraryError(problem);
}

function plainNumber(value: unknown): value is number {
  return typeof value === 'number';
}

/** The rules. */
export const is = {
  string(options: { min?: number; max?: number; example?: string; tokens?: boolean } = {}): Rule {
    const { min = 0, max } = options;
    const what = `a string${min > 0 || max !== undefined ? ` of ${min}-${max ?? 'any'} characters` : ''}`;
    return {
      what,
      example: options.example,
      tokens: options.tokens === false ? [] : ['string'],
      check(value, name, where) {
        if (typeof value !== 'string') return mustBe(where, name, this, value);
        if (value.length < min || (max !== undefined && value.length > max)) return mustBe(where, name, this, value, ` (it has ${value.length})`);
        return undefined;
      },
    };
  },

  number(options: { min?: number; max?: number; integer?: boolean; positive?: boolean; what?: string; example?: string } = {}): Rule {
    const { min, max, integer, positive } = options;
    const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : max !== undefined ? ` of at most ${max}` : '';
    return {
      what: options.what ?? `${integer ? 'a whole number' : 'a finite number'}${range}${positive ? ' greater than 0' : ''}`,
      example: options.example,
      tokens: ['number'],
      check(value, name, where) {
        if (!plainNumber(value) || !Number.isFinite(value)) return mustBe(where, name, this, value);
        if (integer && !Number.isInteger(value)) return mustBe(where, name, this, value);
        const outside = (min !== undefined && value < min) || (max !== undefined && value > max) || (positive && value <= 0);
        if (outside) return mustBe(where, name, this, value);
        return undefined;
      },
    };
  },

  boolean(): Rule {
    return {
      what: 'true or false',
      check(value, name, where) {
        return typeof value === 'boolean' ? undefined : mustBe(where, name, this, value);
      },
    };
  },

  /** A list whose items follow `of`. */
  list(of: Rule, options: { min?: number; max?: number } = {}): Rule {
    const { min = 0, max } = options;
    return {
      what: `a list of ${of.what.replace(/^an? /, '')}${min > 0 || max !== undefined ? ` (${min}-${max ?? 'any'} items)` : ''}`,
      example: of.example ? `[${of.example}]` : undefined,
      tokens: of.tokens?.length ? ['list'] : [],
      check(value, name, where) {
        if (!Array.isArray(value)) {
          const single = of.check(value, name, where) === undefined;
          return mustBe(where, name, this, value, single ? ' (one item? put it in a list: [item])' : '');
        }
        if (value.length < min || (max !== undefined && value.length > max)) return mustBe(where, name, this, value);
        const problems = value.map((item, i) => problemOf(where, `${name}[${i}]`, item, of, true)).filter(p => p !== undefined);
        return problems.length > 0 ? problems.join('\n') : undefined;
      },
    };
  },

  /** An instance of one of this library's classes, made by its factories. */
  instance(cls: { prototype: unknown }, what: string, example: string): Rule {
    return {
      what,
      example,
      check(value, name, where) {
        return value instanceof (cls as any) ? undefined : mustBe(where, name, this, value);
      },
    };
  },

  /** A member of an enum. */
  enumOf(values: Record<string, string | number>, type: string): Rule {
    // A token stands for a member only if it is of the members' kind (RetentionDays are numbers).
    const numeric = Object.values(values).some(v => typeof v === 'number');
    return {
      what: `one of ${type}`,
      tokens: [numeric ? 'number' : 'string'],
      check(value, name, where) {
        try {
          checkEnum(value, values, where, name, type);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    };
  },

  /**
   * An object of an aws-cdk-lib interface, recognized by its members (an app may hold two copies of
   * aws-cdk-lib, so `instanceof` would refuse good values). `hints` names what a wrong kind is for.
   */
  shape(what: string, members: string[], example: string, hints: Array<[string, string]> = []): Rule {
    return {
      what,
      example,
      check(value, name, where) {
        if (typeof value === 'object' && members.every(m => m in (value as object))) return undefined;
        const hint = typeof value === 'object' ? hints.find(([member]) => member in (value as object)) : undefined;
        return mustBe(where, name, this, value) + (hint ? ` ${hint[1]}` : '');
      },
    };
  },

  /** A struct (a plain object of props): each known prop checked, unknown ones refused. */
  struct(rules: Record<string, Rule>, required: string[] = [], what = 'an object of props'): Rule {
    return {
      what,
      check(value, name, where) {
        if (typeof value !== 'object' || Array.isArray(value)) return mustBe(where, name, this, value);
        const problems: string[] = [];
        for (const key of Object.keys(value as object)) {
          if (!(key in rules) && (value as any)[key] !== undefined) {
            const lower = key.toLowerCase();
            const near = Object.keys(rules).filter(k => k.toLowerCase().includes(lower.slice(0, 5)) || lower.includes(k.toLowerCase()));
            problems.push(`${where}: \`${name}\` has no prop \`${key}\`${near.length > 0 ? `; did you mean ${near.map(k => '`' + k + '`').join(' or ')}?` : ''} Known props: ${Object.keys(rules).join(', ')}.`);
          }
        }
        for (const [key, rule] of Object.entries(rules)) {
          const problem = problemOf(where, name === 'props' || name === 'options' ? key : `${name}.${key}`, (value as any)[key], rule, required.includes(key));
          if (problem) problems.push(problem);
        }
        return problems.length > 0 ? problems.join('\n') : undefined;
      },
    };
  },
};

/** aws-cdk-lib kinds the library takes, recognized by members every implementation has. */
export const cdk = {
  duration: is.shape('a Duration', ['toSeconds', 'toMinutes'], 'Duration.minutes(5)'),
  logGroup: is.shape('a logs.ILogGroup', ['logGroupName', 'logGroupArn', 'addMetricFilter'], 'a logs.LogGroup, or one imported with logs.LogGroup.fromLogGroupName'),
  role: is.shape('an iam.IRole', ['roleArn', 'roleName', 'grantPassRole'], 'an iam.Role, or one imported with iam.Role.fromRoleArn'),
  key: is.shape('a kms.IKey', ['keyArn', 'keyId', 'addToResourcePolicy'], 'a kms.Key with key rotation on'),
  topic: is.shape('an sns.ITopic', ['topicArn', 'addSubscription'], 'an sns.Topic, or one imported with sns.Topic.fromTopicArn'),
  alarmAction: is.shape('a cloudwatch.IAlarmAction', ['bind'], 'new cw_actions.SnsAction(topic)',
    [['topicArn', 'That is a topic: wrap it, new cw_actions.SnsAction(topic), or give it as `alarmTopic`.']]),
  vpc: is.shape('an ec2.IVpc', ['vpcId', 'selectSubnets'], 'an ec2.Vpc, or one imported with ec2.Vpc.fromLookup',
    [['subnetId', 'That is a subnet: use FlowLogTarget.fromSubnet(subnet).']]),
  subnet: is.shape('an ec2.ISubnet', ['subnetId', 'availabilityZone'], 'vpc.privateSubnets[0]',
    [['vpcId', 'That is a VPC: use FlowLogTarget.fromVpc(vpc).']]),
  grantable: is.shape('an iam.IGrantable', ['grantPrincipal'], 'a role, user or group'),
  scope: is.shape('a construct (an App, a Stage or a Stack)', ['node'], 'app'),
  removalPolicy: is.enumOf({ DESTROY: 'destroy', RETAIN: 'retain', SNAPSHOT: 'snapshot', RETAIN_ON_UPDATE_OR_DELETE: 'retain-on-update-or-delete' }, 'RemovalPolicy'),
};
