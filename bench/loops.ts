/**
 * @module The two ways the benchmarks drive simulated citizens through the engine: a closed loop
 * (each citizen sends its next message when the reply comes) and an open loop (messages arrive at
 * a fixed rate whatever the replies do).
 */
import type { InboundEvent } from '../src/channels/channel.ts';
import type { Harness } from '../test/support/engine-harness.ts';

export const quantile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/** One script per citizen (citizen `i` follows `scripts[i % scripts.length]`); all of one length. */
export type Scripts = readonly (readonly InboundEvent[])[];

export async function closedLoop(h: Harness, scripts: Scripts, tag: string, chats: number, rounds = 1): Promise<{ msgsPerSec: number; p50: number; p99: number; messages: number }> {
  const lat: number[] = [];
  const citizen = async (i: number): Promise<void> => {
    for (let r = 0; r < rounds; r++) {
      const chat = `${tag}-${i}-${r}`;
      for (const e of scripts[i % scripts.length]!) {
        const t0 = performance.now();
        await h.send(chat, e);
        lat.push(performance.now() - t0);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: chats }, (_, i) => citizen(i)));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { msgsPerSec: Math.round(lat.length / secs), p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), messages: lat.length };
}

/**
 * Messages arrive at a fixed rate whatever the replies do; latency counts from the scheduled
 * arrival. The citizens are at different points of the procedure, as in a running service: slot
 * `c` of `chats` starts its first conversation `c mod L` message-times late (L = script length)
 * and then runs conversations back to back, so once every slot has started each window of
 * `chats` arrivals mixes all steps (the address step costs several times a yes/no). Latency is
 * counted from then on, for `measuredWindows` windows; the ramp-up windows only warm up.
 *
 * Between arrivals the loop sleeps on a timer, as a server waits in epoll. (A setImmediate spin
 * kept one core busy and allocated an Immediate per turn of the loop, so it took CPU from Redis
 * and the collector on this 2-core machine and added scavenges of its own.) Node's timers fire
 * up to about a millisecond late; that lateness is counted in the latency, never hidden.
 */
export async function openLoop(h: Harness, scripts: Scripts, rate: number, tag: string, chats: number, measuredWindows = scripts[0]!.length, onLatency?: (due: number, ms: number) => void): Promise<{ p50: number; p99: number; achieved: number; sent: number; sorted: number[] }> {
  const L = scripts[0]!.length;
  const windows = L - 1 + measuredWindows;
  const total = chats * windows;
  const lat: number[] = [];
  const start = performance.now() + 20;
  let next = 0;
  let done = 0;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      if (++done === total) resolve();
    };
    const tick = (): void => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / rate <= now) {
        const k = next++;
        const w = Math.floor(k / chats);
        const c = k % chats;
        const offset = c % L;
        if (w < offset) {
          finish();
          continue;
        }
        const due = start + (k * 1000) / rate;
        const conversation = Math.floor((w - offset) / L);
        sent++;
        void h.send(`${tag}-${c}-${conversation}`, scripts[c % scripts.length]![(w - offset) % L]!).then(() => {
          if (w >= L - 1) {
            const ms = performance.now() - due;
            lat.push(ms);
            onLatency?.(due, ms);
          }
          finish();
        });
      }
      if (next < total) setTimeout(tick, Math.max(0, Math.floor(start + (next * 1000) / rate - performance.now())));
    };
    tick();
  });
  const secs = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  return { p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), achieved: Math.round(sent / secs), sent, sorted: lat };
}
