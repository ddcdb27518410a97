import { startSandboxProcess } from './sandboxProcess';

describe('startSandboxProcess', () => {
  it('starts the CLI on a free port, answers on the endpoint it printed, and stops', async () => {
    const lines: string[] = [];
    const sandbox = await startSandboxProcess({
      tenants: 7,
      seed: 4,
      log: line => lines.push(line),
    });
    try {
      expect(sandbox.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await (
        await fetch(`${sandbox.endpoint}/_sandbox/health`)
      ).json();
      expect(health).toMatchObject({ status: 'ok', seed: 4, tenants: 7 });
      expect(lines[0]).toMatch(/^aws-sandbox: 7 tenants, seed 4, clock manual/);
    } finally {
      await sandbox.stop();
    }
    await expect(
      fetch(`${sandbox.endpoint}/_sandbox/health`),
    ).rejects.toThrow();
  }, 60_000);

  it('rejects when the CLI refuses its arguments', async () => {
    await expect(startSandboxProcess({ tenants: 3 })).rejects.toThrow(
      'aws-sandbox exited with 1 before listening',
    );
  }, 60_000);
});
