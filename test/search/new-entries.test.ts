/**
 * The two entries issue #17 added (security-group rules can deny access, §4.1; the console lists an
 * instance's ENIs, §5.1) are found for questions that are neither their aliases nor their training questions.
 */
import { describe, expect, it } from 'vitest';
import { engineRanker } from '../../src/search/evaluate.js';
import { services } from '../support/services.js';

const rank = engineRanker(services().search);

describe('issue #17 entries are found', () => {
  it.each([
    ['安全组规则可以禁止实例访问公网吗', 'security-group-can-deny-access'],
    ['安全组只能放行不能禁止吗', 'security-group-can-deny-access'],
    ['控制台怎么查看实例绑定的弹性网卡', 'eni-view-attached-enis'],
    ['where can I see the ENIs on an instance', 'eni-view-attached-enis'],
  ])('%s → %s', (q, id) => {
    const ranked = rank(q);
    expect(ranked.ids[0]).toBe(id);
    expect(ranked.band).toBe('answer');
  });
});
