import { memo, useEffect, useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import {
  DEPLOYMENT_STATUSES,
  HEALTH_STATUSES,
  type AccountState,
  type BudgetFilter,
  type DeploymentStatus,
  type HealthStatus,
} from '@tenancy/plugin-tenants-common';
import { TenantListView } from './useTenantListParams';

const STATES: AccountState[] = [
  'ACTIVE',
  'SUSPENDED',
  'PENDING_CLOSURE',
  'PENDING_ACTIVATION',
  'CLOSED',
];
const HEALTH: readonly HealthStatus[] = HEALTH_STATUSES;
const RELEASE: readonly DeploymentStatus[] = DEPLOYMENT_STATUSES;
const SEARCH_DELAY_MS = 300;
/** The budget filter's choices: the vend-time budget read by the last finance refresh. */
const BUDGET_OPTIONS: { value: BudgetFilter; label: string }[] = [
  { value: 'over', label: 'Over budget' },
  { value: 'forecast-over', label: 'Forecast over budget' },
];

function MultiFilter<T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T[];
  freeSolo?: boolean;
  onChange: (value: T[]) => void;
}) {
  return (
    <Autocomplete
      multiple
      size="small"
      freeSolo={props.freeSolo}
      options={props.options}
      value={props.value}
      onChange={(_, v) => props.onChange(v as T[])}
      sx={{ minWidth: 180 }}
      renderInput={params => <TextField {...params} label={props.label} />}
    />
  );
}

/**
 * Search box and filters of the overview; every change goes to the URL (debounced for the
 * search box) so a filtered view can be shared.
 */
export const TenantsFilters = memo(function TenantsFiltersView(props: {
  /** Only the filter fields of the view, so a sort or page change does not re-render these. */
  view: Pick<
    TenantListView,
    'q' | 'health' | 'release' | 'budget' | 'state' | 'tier' | 'owner'
  >;
  tiers: string[];
  owners: string[];
  /** False when the user may not read health on every tenant (the server refuses the filter). */
  showHealth: boolean;
  /** False when the user may not read the release on every tenant. */
  showRelease: boolean;
  /** False when the user may not read spend on every tenant (budgets compare spend). */
  showBudget: boolean;
  onChange: (change: Partial<TenantListView>) => void;
}) {
  const { view, onChange } = props;
  const [q, setQ] = useState(view.q);
  useEffect(() => setQ(view.q), [view.q]);
  useEffect(() => {
    if (q === view.q) return undefined;
    const timer = setTimeout(() => onChange({ q }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q, view.q, onChange]);

  return (
    <Box display="flex" flexWrap="wrap" gap={2} mb={2}>
      <TextField
        size="small"
        label="Search tenant, account name or id"
        value={q}
        onChange={e => setQ(e.target.value)}
        sx={{ minWidth: 280 }}
        inputProps={{ 'aria-label': 'Search tenants' }}
      />
      {props.showHealth && (
        <MultiFilter
          label="Health"
          options={HEALTH}
          value={view.health}
          onChange={health => onChange({ health })}
        />
      )}
      {props.showRelease && (
        <MultiFilter
          label="Release"
          options={RELEASE}
          value={view.release}
          onChange={release => onChange({ release })}
        />
      )}
      {props.showBudget && (
        <TextField
          select
          size="small"
          label="Budget"
          value={view.budget ?? ''}
          onChange={e =>
            onChange({
              budget: (e.target.value || undefined) as BudgetFilter | undefined,
            })
          }
          sx={{ minWidth: 180 }}
          SelectProps={{
            SelectDisplayProps: {
              'data-testid': 'budget-filter',
            } as React.HTMLAttributes<HTMLDivElement>,
          }}
        >
          <MenuItem value="">Any</MenuItem>
          {BUDGET_OPTIONS.map(o => (
            <MenuItem key={o.value} value={o.value}>
              {o.label}
            </MenuItem>
          ))}
        </TextField>
      )}
      <MultiFilter
        label="State"
        options={STATES}
        value={view.state}
        onChange={state => onChange({ state })}
      />
      <MultiFilter
        label="Tier"
        freeSolo
        options={props.tiers}
        value={view.tier}
        onChange={tier => onChange({ tier })}
      />
      <MultiFilter
        label="Owner"
        freeSolo
        options={props.owners}
        value={view.owner}
        onChange={owner => onChange({ owner })}
      />
    </Box>
  );
});
