/**
 * How a condition compares a record field with a value (`FlowLogFilter.whereNumber`,
 * `FlowLogFilter.whereString`). Each member's value is the operator CloudWatch Logs' filter pattern
 * syntax writes.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export enum FlowLogComparison {
  /** `=`: equal (numbers and text; in text, `*` matches any run of characters). */
  EQUAL = '=',
  /** `!=`: not equal (numbers and text). */
  NOT_EQUAL = '!=',
  /** `<`: less than (numbers only). */
  LESS_THAN = '<',
  /** `<=`: less than or equal (numbers only). */
  LESS_THAN_OR_EQUAL = '<=',
  /** `>`: greater than (numbers only). */
  GREATER_THAN = '>',
  /** `>=`: greater than or equal (numbers only). */
  GREATER_THAN_OR_EQUAL = '>=',
}
