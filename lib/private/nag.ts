import { CfnResource } from 'aws-cdk-lib';

/** One cdk-nag rule suppression, in the shape cdk-nag reads from resource metadata. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  readonly appliesTo?: Array<string | { regex: string }>;
}

/**
 * Attaches cdk-nag suppressions to a resource as metadata, the way
 * `NagSuppressions.addResourceSuppressions` does, without depending on cdk-nag
 * at run time. Users running cdk-nag see these findings as suppressed, with
 * the reason; nothing changes for anyone else.
 */
export function suppressNagFindings(resource: CfnResource, suppressions: NagSuppression[]) {
  const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', {
    rules_to_suppress: [
      ...existing,
      ...suppressions.map(s => ({ id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}) })),
    ],
  });
}
