/** Customer tiers: which rule places a reporter, in which order, and what a change of reporter does. */
import { evaluateJson, metricsConfig } from '../../../test/support/evaluate';
import { AGENT, issue } from '../../../test/support/issue-builder';
import type { Config, MetricConfig } from './schema';
import { compileTier, decideTier, type TierFacts } from './tiers';

const M = 60_000;
const t = (hhmm: string, day = '2026-11-23') => `${day}T${hhmm}:00+01:00`;
const utc = (text: string) => Date.parse(text);
const MONDAY = t('09:00');

const tiers: Config['tiers'] = [
  { id: 'vip', name: 'VIP', rules: [{ accountIds: ['vip-1'] }, { groups: ['VIP-Customers'] }] },
  { id: 'gold', name: 'Gold', rules: [{ organizations: ['Globex'] }, { emailDomains: ['initech.example'] }, { field: 'customfield_10050', values: ['Gold', 'Platinum'] }] },
  { id: 'standard', name: 'Standard' },
];
const compiled = tiers.map(compileTier);
const facts = (partial: Partial<TierFacts>): TierFacts => ({ accountId: 'customer-1', groups: [], emailAddress: null, organizations: [], fields: {}, ...partial });

describe('decideTier', () => {
  it.each<[string, Partial<TierFacts>, string, string]>([
    ['a listed account', { accountId: 'vip-1' }, 'vip', 'listed by account'],
    ['a group, whatever its case', { groups: ['jira-users', 'vip-customers'] }, 'vip', 'member of group "vip-customers"'],
    ['an organization', { organizations: ['globex'] }, 'gold', 'in organization "globex"'],
    ['an e-mail domain, whatever its case', { emailAddress: 'Pat@Initech.Example' }, 'gold', 'e-mail domain initech.example'],
    ['a custom field value', { fields: { customfield_10050: ['Platinum'] } }, 'gold', 'customfield_10050 is "Platinum"'],
    ['nothing that matches', { emailAddress: 'pat@mail.initech.example' }, 'standard', 'default tier'],
    ['the first tier first, when two hold', { accountId: 'vip-1', organizations: ['Globex'] }, 'vip', 'listed by account'],
  ])('%s', (_, given, tier, reason) => {
    const decided = decideTier(compiled, facts(given));
    expect([decided.tier.id, decided.reason]).toEqual([tier, reason]);
  });

  it('a sub-domain is not the domain, and an address Jira hides matches no domain', () => {
    expect(decideTier(compiled, facts({ emailAddress: 'a@sub.initech.example' })).tier.id).toBe('standard');
    expect(decideTier(compiled, facts({ emailAddress: null })).tier.id).toBe('standard');
  });
});

describe('tiers in an evaluation', () => {
  // Response: 30m for VIP, Gold as VIP's row says nothing, so it takes Standard's 1h.
  const response: MetricConfig = { id: 'response', name: 'Response', start: [{ on: 'created' }], stop: [{ on: 'comment', by: 'agent' }, { on: 'resolution-set' }], targets: { '*': { vip: '30m', standard: '1h' } } };
  const resolution: MetricConfig = { id: 'resolution', name: 'Resolution', start: [{ on: 'created' }], stop: [{ on: 'resolution-set' }], targets: { '*': { vip: '2h', gold: 'none', standard: '4h' } } };
  const config = metricsConfig([response, resolution], tiers);

  it("the reporter's organization places the issue, and the panel says why", () => {
    const story = issue({ created: MONDAY, custom: { customfield_10002: { value: [{ id: '1', name: 'Globex' }], text: 'Globex' } } });
    const result = evaluateJson(story.json(), t('09:30'), { config });
    expect(result).toMatchObject({ tier: 'gold', tierName: 'Gold', tierReason: 'in organization "Globex"' });
    // A tier a cell leaves out takes the default tier's target; "none" is no target, with a note.
    expect(result.metrics.response).toMatchObject({ targetMs: 60 * M, explanation: { tier: 'gold', tierName: 'Gold' } });
    expect(result.metrics.resolution).toBeUndefined();
    expect(result.notes).toEqual(['Resolution: policy "Support" has no target for priority High and tier Gold']);
  });

  it("the reporter's e-mail domain, where Jira shows the address", () => {
    expect(evaluateJson(issue({ created: MONDAY, reporterEmail: 'pat@initech.example' }).json(), t('09:30'), { config }).tier).toBe('gold');
  });

  it('a reporter change re-decides the tier of running cycles from that instant; a stopped cycle keeps its own', () => {
    // Standard until 09:20, then the VIP reports it: resolution's target becomes VIP's 2h, and
    // response, answered at 09:10, stays met against Standard's 1h.
    const story = issue({ created: MONDAY }).comment(t('09:10'), AGENT).reporter(t('09:20'), 'vip-1');
    const result = evaluateJson(story.json(), t('10:00'), { config });
    expect(result).toMatchObject({ tier: 'vip', tierChanges: [{ at: utc(MONDAY), tier: 'standard' }, { at: utc(t('09:20')), tier: 'vip', reason: 'listed by account' }] });
    expect(result.metrics.response).toMatchObject({ state: 'stopped', status: 'met', targetMs: 60 * M, explanation: { tier: 'standard' } });
    expect(result.metrics.resolution).toMatchObject({ state: 'running', targetMs: 120 * M, elapsedMs: 60 * M, explanation: { tier: 'vip' } });
  });

  it('a move to a tier whose target is already used up breaches the cycle at the change', () => {
    // 40 minutes of Standard's hour used when the VIP (30m) takes over at 09:40.
    const story = issue({ created: MONDAY }).reporter(t('09:40'), 'vip-1');
    expect(evaluateJson(story.json(), t('10:00'), { config }).metrics.response).toMatchObject({ breached: true, breachedAt: utc(t('09:40')), targetMs: 30 * M });
  });

  it('an organization added later places the issue from that instant, as the changelog says', () => {
    const story = issue({ created: MONDAY }).custom(t('09:30'), 'customfield_10002', [{ id: '1', name: 'Globex' }], '[Globex]');
    const result = evaluateJson(story.json(), t('10:00'), { config });
    expect(result.tierChanges.map((change) => [change.at, change.tier])).toEqual([
      [utc(MONDAY), 'standard'],
      [utc(t('09:30')), 'gold'],
    ]);
  });
});
