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

/** A finding of another scanner that reads suppressions from resource metadata. */
export interface ScannerSuppressions {
  /** cfn_nag rule IDs (e.g. W13) with the reason, written as `cfn_nag.rules_to_suppress`. */
  readonly cfnNag: Array<{ readonly id: string; readonly reason: string }>;
  /** AWS Guard Rules Registry rule names, written as `guard.SuppressedRules`. */
  readonly guard: string[];
}

/**
 * Attaches cfn_nag and AWS CloudFormation Guard (rules registry) suppressions to a resource, in the
 * metadata each reads, for findings that are documented false positives.
 */
export function suppressScannerFindings(resource: CfnResource, suppressions: ScannerSuppressions) {
  resource.addMetadata('cfn_nag', { rules_to_suppress: suppressions.cfnNag.map(s => ({ id: s.id, reason: s.reason })) });
  resource.addMetadata('guard', { SuppressedRules: [...suppressions.guard] });
}
