import { Token } from 'aws-cdk-lib';
import { FlowLogField } from './flow-log-field';
import { describeValue } from './private/describe';
import { libraryError } from './private/errors';
import { fieldConstant, formatNames } from './private/record-format';

/**
 * Whose tags a flow log writes into its records' tag fields (version 11).
 *
 * @experimental follows AWS's version-11 tag fields (June 2026), which may still change.
 */
export enum FlowLogTagResourceType {
  /** The network interface's tags: the fields `interface-tag` and `interface-tag-2`. */
  NETWORK_INTERFACE = 'network-interface',
  /** The instance's tags: `instance-tag` and `instance-tag-2`. */
  INSTANCE = 'instance',
  /** The Auto Scaling group's tags: `asg-tag` and `asg-tag-2`. */
  AUTO_SCALING_GROUP = 'auto-scaling-group',
}

/**
 * Tag enrichment of a flow log (`TagFieldSpecifications`): the tag keys of one resource type whose
 * values the records carry. The first key fills `<type>-tag`, the second `<type>-tag-2`.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 *
 * @experimental follows AWS's version-11 tag fields (June 2026), which may still change.
 */
export interface FlowLogTagEnrichment {
  /** Whose tags. */
  readonly resourceType: FlowLogTagResourceType;
  /** One or two tag keys (1-128 characters each). */
  readonly tagKeys: string[];
}

/** The record fields each resource type's first and second tag key fill. */
const TAG_FIELDS: Record<string, [FlowLogField, FlowLogField]> = {
  'network-interface': [FlowLogField.INTERFACE_TAG, FlowLogField.INTERFACE_TAG_2],
  'instance': [FlowLogField.INSTANCE_TAG, FlowLogField.INSTANCE_TAG_2],
  'auto-scaling-group': [FlowLogField.ASG_TAG, FlowLogField.ASG_TAG_2],
};

/** Checks the prop's own shape (at construction). */
export function checkTagEnrichment(specs: FlowLogTagEnrichment[]) {
  if (specs.length < 1 || specs.length > 3) {
    throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` lists 1 to 3 resource types (network-interface, instance, auto-scaling-group), got ${specs.length}. Leave it out for no tag fields.`);
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!(spec.resourceType in TAG_FIELDS)) {
      throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` resource type must be a FlowLogTagResourceType (NETWORK_INTERFACE, INSTANCE, AUTO_SCALING_GROUP), got ${describeValue(spec.resourceType)}.`);
    }
    if (seen.has(spec.resourceType)) {
      throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` lists ${spec.resourceType} twice; give its one or two tag keys in one entry.`);
    }
    seen.add(spec.resourceType);
    const keys = spec.tagKeys;
    if (keys.length < 1 || keys.length > 2) {
      throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` for ${spec.resourceType} takes 1 or 2 tag keys (the first fills ${TAG_FIELDS[spec.resourceType][0].name}, the second ${TAG_FIELDS[spec.resourceType][1].name}), got ${describeValue(keys)}.`);
    }
    for (const key of keys) {
      if (!Token.isUnresolved(key) && (key.length < 1 || key.length > 128)) {
        throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` tag key for ${spec.resourceType} must be 1-128 characters, got ${describeValue(key)}.`);
      }
    }
    if (keys.length === 2 && keys[0] === keys[1]) {
      throw libraryError(`FlowLogsToCloudWatch: \`tagEnrichment\` for ${spec.resourceType} lists the tag key ${describeValue(keys[0])} twice.`);
    }
  }
}

/**
 * What keeps tag enrichment and the record format from fitting (none: they fit): a key whose field
 * the format lacks (its value would be dropped), a tag field in the format without a key to fill
 * it (it would always be `-`).
 */
export function tagEnrichmentProblems(specs: FlowLogTagEnrichment[], format: FlowLogField[]): string[] {
  const problems: string[] = [];
  const has = (f: FlowLogField) => format.some(g => g.name === f.name);
  for (const [type, fields] of Object.entries(TAG_FIELDS)) {
    const spec = specs.find(s => s.resourceType === type);
    fields.forEach((field, i) => {
      const key = spec?.tagKeys[i];
      if (key !== undefined && !has(field)) {
        problems.push(`FlowLogsToCloudWatch: \`tagEnrichment\` gives the tag key ${describeValue(key)} for ${type}, which fills \`${field.name}\`, but the record format lacks it (${formatNames(format)}). Add ${fieldConstant(field)} to \`logFormat\`, or leave the key out.`);
      }
      if (key === undefined && has(field)) {
        problems.push(`FlowLogsToCloudWatch: \`logFormat\` has \`${field.name}\`, but \`tagEnrichment\` gives no ${i === 0 ? 'first' : 'second'} tag key for ${type}, so the field would always be \`-\`. Add the key to \`tagEnrichment\`, or remove ${fieldConstant(field)} from \`logFormat\`.`);
      }
    });
  }
  return problems;
}

/** `TagFieldSpecifications` of the flow logs (aws-cdk-lib's `CfnFlowLog` property). */
export function renderTagEnrichment(specs: FlowLogTagEnrichment[]): Array<{ resourceType: string; tagKeys: string[] }> {
  return specs.map(s => ({ resourceType: s.resourceType, tagKeys: [...s.tagKeys] }));
}
