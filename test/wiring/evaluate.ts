/**
 * One IAM request evaluated by a real policy evaluation engine, @cloud-copilot/iam-simulate
 * (AGPL-3.0: a devDependency of these tests only, never bundled or required by the library).
 *
 * The engine is asked in strict mode, with concrete resources (no wildcard requests), and the
 * evaluation fails loudly when the engine reports an error or ignores part of the request, so
 * that no case can pass because the engine dropped something:
 *
 * - Context keys the engine does not know for the action are reported as `ignoredContextKeys`;
 *   such a case throws.
 * - One key the design relies on cannot be expressed as is: the engine only reads variable
 *   condition keys whose variable part follows a `/` (`aws:ResourceTag/<key>`), while KMS names
 *   encryption-context keys with a `:` (`kms:EncryptionContext:aws:logs:arn`). The engine reports
 *   that key as ignored. Such keys are therefore renamed, in the key policy and in the request
 *   alike, to `aws:RequestTag/kms-encryption-context:<key>`, a variable key the engine reads; the
 *   condition operator and value are evaluated unchanged. Every KMS case has a twin that differs
 *   only in that context value and must be denied, which proves the engine read it.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Request {
  /** An IAM principal ARN (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) or a service principal. */
  readonly principal: string;
  readonly action: string;
  /** A concrete resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
  /** Policies attached to the principal. */
  readonly identityPolicies?: Array<{ name: string; policy: unknown }>;
  /** The resource's policy: a trust policy, a key policy, a topic policy. */
  readonly resourcePolicy?: unknown;
}

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:/i;
const ALIAS = 'aws:RequestTag/kms-encryption-context:';

export async function evaluate(request: Request): Promise<Decision> {
  const context: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(request.context ?? {})) {
    context[key.replace(ENCRYPTION_CONTEXT, ALIAS)] = value;
  }
  const response = await runSimulation({
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: context,
    },
    identityPolicies: request.identityPolicies ?? [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy === undefined ? undefined : aliasKeys(request.resourcePolicy),
  }, { simulationMode: 'Strict' });
  if (response.resultType === 'error') {
    throw new Error(`the engine refused ${describe(request)}: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType !== 'single') {
    throw new Error(`the engine evaluated ${describe(request)} as a wildcard request; use a concrete resource`);
  }
  const ignored = (response.result as any).ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    throw new Error(`the engine ignored context key(s) ${ignored.join(', ')} of ${describe(request)}: this case cannot be evaluated as asked`);
  }
  return response.overallResult as Decision;
}

function aliasKeys(policy: unknown): unknown {
  return JSON.parse(JSON.stringify(policy), (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k.replace(ENCRYPTION_CONTEXT, ALIAS)] = v;
      return out;
    }
    return value;
  });
}

export function describe(request: Request): string {
  return `${request.principal} ${request.action} on ${request.resource}${request.context ? ` with ${JSON.stringify(request.context)}` : ''}`;
}
