import { render, screen } from '@testing-library/react';
import {
  ComplianceCell,
  HealthCell,
} from '../TenantsOverviewPage/TenantsGridCells';
import { formatComplianceScore, formatScoreKinds } from './format';
import { StaleSources } from './StaleSources';

const score = {
  compliant: 13,
  evaluated: 14,
  noData: 0,
  evaluationFailing: 0,
  behindLatest: 1,
  suspended: 0,
  total: 15,
  byKind: {
    preventive: { compliant: 6, evaluated: 6 },
    detective: { compliant: 5, evaluated: 6 },
    'threat-detection': { compliant: 1, evaluated: 1 },
    baseline: { compliant: 1, evaluated: 1 },
  },
};

describe('account states and stale sources on the pages', () => {
  it('a suspended or closing tenant shows its state where health and score would be, never "Unknown"', () => {
    render(
      <>
        <HealthCell status={null} state="SUSPENDED" />
        <ComplianceCell score={null} state="PENDING_CLOSURE" />
        <HealthCell status="healthy" state="ACTIVE" />
      </>,
    );
    expect(screen.getByText('Suspended')).toBeInTheDocument();
    expect(screen.getByText('Closing')).toBeInTheDocument();
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(screen.queryByText('Unknown')).not.toBeInTheDocument();
  });

  it('the score says which kinds of control it counts', () => {
    expect(formatScoreKinds(score)).toBe(
      'SCP 6 of 6 · Config rule 5 of 6 · threat detection 1 of 1 · baseline 1 of 1',
    );
    expect(formatComplianceScore(score)).toBe(
      'Compliant: 13 of 14 evaluated (SCP 6 of 6, Config rule 5 of 6, threat detection 1 of 1, baseline 1 of 1) · 1 non-compliant · 1 behind latest version',
    );
  });

  it('one warning per stale source, with its error', () => {
    render(
      <StaleSources
        stale={{
          guardDuty: {
            since: '2026-03-15T12:00:00.000Z',
            error: 'AccessDeniedException: denied',
          },
        }}
      />,
    );
    expect(screen.getByTestId('stale-guardDuty')).toHaveTextContent(
      'GuardDuty: these values are from',
    );
    expect(screen.getByTestId('stale-guardDuty')).toHaveTextContent(
      'the latest read failed: AccessDeniedException: denied',
    );
  });
});
