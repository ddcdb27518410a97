import {
  executionFailureReason,
  parsePipelineExecutionName,
  pipelineExecutionName,
} from './pipelineExecutions';

describe('pipeline execution names and reasons', () => {
  it('names an attempt <wavePrefix>-a<attempt>-<accountId> and reads it back; other names are not ours', () => {
    const name = pipelineExecutionName(
      'tr-1-2-0-0123456789-w3',
      2,
      '111111111111',
    );
    expect(name).toBe('tr-1-2-0-0123456789-w3-a2-111111111111');
    expect(parsePipelineExecutionName(name)).toEqual({
      wavePrefix: 'tr-1-2-0-0123456789-w3',
      attempt: 2,
      accountId: '111111111111',
    });
    expect(
      parsePipelineExecutionName('adhoc-run-111111111111'),
    ).toBeUndefined();
    expect(parsePipelineExecutionName('tr-1-w1-a1-1111')).toBeUndefined();
  });

  it('says why an execution did not succeed: status, error, cause (cut at 500)', () => {
    expect(executionFailureReason({ status: 'SUCCEEDED', error: 'x' })).toBe(
      '',
    );
    expect(
      executionFailureReason({
        status: 'FAILED',
        error: 'States.TaskFailed',
        cause: 'quota',
      }),
    ).toBe('FAILED: States.TaskFailed: quota');
    expect(executionFailureReason({ status: 'ABORTED' })).toBe(
      'ABORTED: no error',
    );
    expect(
      executionFailureReason({
        status: 'TIMED_OUT',
        error: 'States.Timeout',
        cause: 'c'.repeat(600),
      }),
    ).toBe(`TIMED_OUT: States.Timeout: ${'c'.repeat(500)}`);
  });
});
