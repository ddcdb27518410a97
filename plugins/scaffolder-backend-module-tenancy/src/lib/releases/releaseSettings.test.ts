import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readReleaseSettings } from './releaseSettings';

const MACHINE =
  'arn:aws:states:us-east-1:111111111111:stateMachine:tenant-stack-deployment';
const read = (releases: JsonObject) =>
  readReleaseSettings(new ConfigReader({ tenancy: { releases } }));

describe('readReleaseSettings: the release target', () => {
  it('defaults to the StackSet; pipeline takes the state machine ARN', () => {
    expect([read({}).target, read({}).stateMachineArn]).toEqual([
      'stackSet',
      undefined,
    ]);
    const pipeline = read({
      target: 'pipeline',
      pipeline: { stateMachineArn: MACHINE },
    });
    expect([pipeline.target, pipeline.stateMachineArn]).toEqual([
      'pipeline',
      MACHINE,
    ]);
  });

  it('names the key when the target or the ARN is not allowed', () => {
    expect(() => read({ target: 'codepipeline' })).toThrow(
      "tenancy.releases.target must be stackSet or pipeline, got 'codepipeline'",
    );
    expect(() => read({ target: 'pipeline' })).toThrow(
      "tenancy.releases.pipeline.stateMachineArn must be a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>) when target is pipeline, got ''",
    );
    expect(() =>
      read({
        target: 'pipeline',
        pipeline: {
          stateMachineArn: MACHINE.replace('stateMachine', 'activity'),
        },
      }),
    ).toThrow(/got 'arn:aws:states:us-east-1:111111111111:activity:/);
  });
});
