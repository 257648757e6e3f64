/**
 * @module `motcua start` / `npm start`: boots the app from the environment and stops it
 * cleanly on SIGINT/SIGTERM. Returns -1: the process lives until a signal.
 */
import { createApp } from '../app/create-app.ts';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../log/logger.ts';
import { buildChannels } from '../app/build-channels.ts';

export async function runStart(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.env.LOG_LEVEL);
  const app = createApp({ config, logger, ...buildChannels(config, logger) });
  const url = await app.start();
  const local = url.replace('127.0.0.1', 'localhost');
  logger.info({ url: local, store: app.store.kind }, 'motcua is running');
  process.stdout.write(`\nmotcua is running: web chat at ${local}/\n`);
  if (app.store.kind === 'memory') {
    process.stdout.write('Store: in memory (conversations are lost on restart). Set REDIS_URL=redis://127.0.0.1:6379 to keep them in Redis.\n');
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void app.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return -1;
}
