import { createClock, DEFAULT_SANDBOX_TIME } from './clock';

describe('createClock', () => {
  it('stands still at its start until moved (manual)', () => {
    const clock = createClock();
    expect(clock.mode).toBe('manual');
    expect(clock.now().toISOString()).toBe(DEFAULT_SANDBOX_TIME);
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-03-15T12:01:30.000Z');
    clock.set('2025-07-01T00:00:00Z');
    expect(clock.nowMs()).toBe(Date.parse('2025-07-01T00:00:00Z'));
    expect(() => clock.set('not a date')).toThrow('Invalid time: not a date');
  });

  it('follows wall-clock time with an offset (real)', () => {
    const clock = createClock('real');
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50);
    clock.advance(3_600_000);
    expect(Math.abs(clock.nowMs() - Date.now() - 3_600_000)).toBeLessThan(50);
    clock.set('2030-01-01T00:00:00Z');
    expect(
      Math.abs(clock.nowMs() - Date.parse('2030-01-01T00:00:00Z')),
    ).toBeLessThan(50);
  });

  it('returns a given clock as is', () => {
    const clock = createClock('2026-01-01T00:00:00Z');
    expect(createClock(clock)).toBe(clock);
  });
});
