import { InputError } from '@backstage/errors';
import { ALL_AT_ONCE, WavePreferences } from './plan';
import type { RolloutRecord } from './releaseStore';
import type { RolloutPlanInput } from './rollout';

/** The stored plan of a rollout. */
export const planOf = (r: { input: string }) =>
  JSON.parse(r.input) as RolloutPlanInput;

/**
 * The plan of a rollback of `undone`: one wave over the accounts of its waves named in
 * `waveNames` (all when empty) whose recorded version is the undone one, back to
 * `undone.previousVersion`.
 * @throws InputError when there is no previous version or a wave name is unknown.
 */
export function rollbackPlan(
  undone: RolloutRecord,
  recorded: Map<string, string>,
  waveNames: string[] | undefined,
  preferences: WavePreferences | undefined,
): { plan: RolloutPlanInput; moved: string[] } {
  if (!undone.previousVersion)
    throw new InputError(
      `Nothing to roll back to: ${undone.version} was the first release of ${undone.stackSetName}`,
    );
  const source = planOf(undone);
  const chosen = source.waves.filter(
    w => !waveNames?.length || waveNames.includes(w.name),
  );
  if (waveNames?.length && chosen.length !== waveNames.length)
    throw new InputError(
      `Unknown wave in ${waveNames.join(
        ', ',
      )}; the rollout's waves are ${source.waves.map(w => w.name).join(', ')}`,
    );
  const moved = chosen
    .flatMap(w => w.accountIds)
    .filter(a => recorded.get(a) === undone.version);
  return {
    moved,
    plan: {
      waves: [
        {
          name: 'rollback',
          accountIds: moved,
          preferences: preferences ?? ALL_AT_ONCE,
        },
      ],
      regions: source.regions,
      ouId: source.ouId,
      rollsBack: undone.id,
      ...(source.pipeline ? { pipeline: source.pipeline } : {}),
    },
  };
}
