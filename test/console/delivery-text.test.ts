/** How delivery attempts read on an alert's history in the console, in both languages. */
import { describe, expect, it } from 'vitest';
import { deliveryText } from '../../client/console/alert-detail/delivery-text.ts';
import type { DeliveryDetail } from '../../streams/notify.ts';

const base: DeliveryDetail = {
  channel: 'ch-1', name: '甲一小区物业群', kind: 'wecom', node: 'n-a1', step: 0, outcome: 'sent', attempt: 1, attempts: 4, status: 200, answer: '', alerts: 1,
};

describe('delivery entries', () => {
  it.each([
    ['sent at raise, zh', base, 'zh', '企业微信群机器人 “甲一小区物业群” · 已送达 · 第 1/4 次 · 首次通知'],
    ['sent at raise, en', base, 'en', 'WeCom group robot “甲一小区物业群” · delivered · attempt 1 of 4 · first notice'],
    ['a retry of an escalation digest, with the answer, zh', { ...base, kind: 'dingtalk', name: '街道中心', step: 1, outcome: 'retry', attempt: 2, status: 500, answer: 'upstream down', alerts: 12, retryInS: 4 },
      'zh', '钉钉机器人 “街道中心” · 发送失败，4 秒后重试 · 第 2/4 次 · 第 1 级升级 · 汇总 12 条 · 500 upstream down'],
    ['given up, nothing answered, en', { ...base, kind: 'email', outcome: 'failed', attempt: 4, status: null, answer: 'no answer within 10000 ms' },
      'en', 'E-mail (SMTP) “甲一小区物业群” · failed, given up · attempt 4 of 4 · first notice · no answer: no answer within 10000 ms'],
  ] as const)('%s', (_name, d, lang, want) => {
    expect(deliveryText(d as DeliveryDetail, lang)).toBe(want);
  });
});
