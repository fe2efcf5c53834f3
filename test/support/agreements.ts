import type { AgreementConfig } from '../../src/domain';
import { PEOPLE } from './world';

/** Pat & Co, the standard customer's agreement from July 2026 (monthly, Berlin, €5,000, 10 % at risk), with `overrides`. */
export function patCo(overrides: Partial<AgreementConfig> & Pick<AgreementConfig, 'serviceLevels'>): AgreementConfig {
  return {
    id: 'pat-co',
    name: 'Pat & Co support',
    customer: { name: 'Pat & Co', rules: [{ accountIds: [PEOPLE.customer] }] },
    validFrom: '2026-07-01',
    period: 'month',
    timeZone: 'Europe/Berlin',
    fee: { amount: 5000, currency: 'EUR' },
    credits: { atRiskPercent: 10 },
    ...overrides,
  };
}
