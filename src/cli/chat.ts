/**
 * @module `motcua chat`: the same engine and flows as `start`, in this terminal, with the
 * in-memory store (or Redis when REDIS_URL is set).
 */
import { createApp } from '../app/create-app.ts';
import { TerminalChannel } from '../channels/terminal/terminal-channel.ts';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../log/logger.ts';

export async function runChat(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const app = createApp({ config, logger });
  const terminal = new TerminalChannel(process.stdin, process.stdout);
  process.stdout.write('motcua chat — type your message; a number picks a choice; /photo <file>, /loc <lat>,<lng>; Ctrl-D to quit.\n');
  await terminal.start(async (m) => {
    const replies = await app.engine.handle(m);
    await terminal.send(m.chatId, replies);
  });
  await app.store.close();
  return 0;
}
