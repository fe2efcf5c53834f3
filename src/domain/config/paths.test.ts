import { loadExampleConfig } from '../../../test/support/evaluate';
import { describePath, pathKeys } from './paths';

const config = loadExampleConfig();

describe('a config path in words', () => {
  it('names the policy, the metric, the priority and the tier of a target cell', () => {
    expect(describePath(config, 'policies[0].metrics[0].targets.High.vip')).toBe('Customer support → Time to first response → High → VIP');
    expect(describePath(config, 'policies[0].metrics[1].targets["*"].standard')).toBe('Customer support → Time to resolution → Any other priority → Standard');
  });

  it('names fields in words, and elements by name, id or position', () => {
    expect(describePath(config, 'calendars[0].timeZone')).toBe('Berlin office hours → time zone');
    expect(describePath(config, 'agreements[0].serviceLevels[1].minimum')).toBe('Acme support agreement → Resolution → minimum level');
    expect(describePath(config, 'policies[0].scope.projects')).toBe('Customer support → scope → projects');
    expect(describePath(config, 'policies[7].name')).toBe('#8 → name');
    expect(describePath(config, 'policies')).toBe('Policies');
    expect(describePath(config, '$')).toBe('The document');
  });

  it('reads the keys of any path it formats', () => {
    expect(pathKeys('policies[0].metrics["a b"].targets.High')).toEqual(['policies', 0, 'metrics', 'a b', 'targets', 'High']);
  });
});
