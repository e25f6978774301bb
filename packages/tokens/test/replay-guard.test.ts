import { describe, expect, it } from 'vitest';
import { createMemoryReplayGuard } from '../src/index.js';
import { createClock, NOW_MS } from './helpers.js';

describe('memory replay guard', () => {
  it('accepts the first use only', async () => {
    const guard = createMemoryReplayGuard(createClock().now);
    expect(await guard.consume('iss', 'j1', NOW_MS + 1000)).toBe(true);
    expect(await guard.consume('iss', 'j1', NOW_MS + 1000)).toBe(false);
  });

  it('keeps issuers apart', async () => {
    const guard = createMemoryReplayGuard(createClock().now);
    expect(await guard.consume('ab', 'c', NOW_MS + 1000)).toBe(true);
    expect(await guard.consume('a', 'bc', NOW_MS + 1000)).toBe(true);
    expect(await guard.consume('other', 'c', NOW_MS + 1000)).toBe(true);
  });

  it('forgets a pair after expiry', async () => {
    const clock = createClock();
    const guard = createMemoryReplayGuard(clock.now);
    await guard.consume('iss', 'j1', NOW_MS + 1000);

    clock.advance(1000);
    expect(await guard.consume('iss', 'j1', NOW_MS + 5000)).toBe(true);
    expect(await guard.consume('iss', 'j1', NOW_MS + 5000)).toBe(false);
  });

  it('sweeps expired pairs', async () => {
    const clock = createClock();
    const guard = createMemoryReplayGuard(clock.now);
    await guard.consume('iss', 'old', NOW_MS + 1000);
    await guard.consume('iss', 'kept', NOW_MS + 120_000);

    clock.advance(61_000);
    await guard.consume('iss', 'trigger', NOW_MS + 200_000);
    expect(await guard.consume('iss', 'kept', NOW_MS + 120_000)).toBe(false);
    expect(await guard.consume('iss', 'old', NOW_MS + 200_000)).toBe(true);
  });

  it('uses the real clock by default', async () => {
    const guard = createMemoryReplayGuard();
    expect(await guard.consume('iss', 'j1', Date.now() + 60_000)).toBe(true);
    expect(await guard.consume('iss', 'j1', Date.now() + 60_000)).toBe(false);
  });
});
