import { FlowLogField as F, FlowLogFieldType } from '../../lib';
import { insightsName } from '../../lib/private/insights-names';

describe('insightsName', () => {
  test('fields Logs Insights discovers in the default format get its names', () => {
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
    // (Amazon VPC flow logs: ... startTime, ... srcAddr, ... logStatus, ...)
    expect(insightsName(F.SRC_ADDR)).toBe('srcAddr');
    expect(insightsName(F.START_TIMESTAMP)).toBe('startTime');
    expect(insightsName(F.LOG_STATUS)).toBe('logStatus');
    expect(insightsName(F.PROTOCOL)).toBe('protocol');
  });

  test('other fields are named in camelCase', () => {
    expect(insightsName(F.TCP_FLAGS)).toBe('tcpFlags');
    expect(insightsName(F.PKT_SRC_ADDR)).toBe('pktSrcaddr');
    expect(insightsName(F.ECS_CONTAINER_INSTANCE_ARN)).toBe('ecsContainerInstanceArn');
    expect(insightsName(F.custom('x-2nd-count', FlowLogFieldType.NUMBER))).toBe('x2ndCount');
  });

  test('every known field gets a name of its own, usable in a parse clause', () => {
    const names = F.allKnown().map(insightsName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });
});
