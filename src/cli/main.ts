/**
 * @module The `motcua` command line: start, chat, classify, flows check, zalo login.
 * The one place (with the other cli/ files) that writes to the terminal directly.
 */
import { isMotcuaError } from '../errors.ts';

const USAGE = `motcua — the ward's one-stop desk in the chat

usage:
  motcua start            run everything configured (web chat on http://localhost:3000 by default)
  motcua chat             chat with the bot in this terminal
  motcua classify         one utterance per stdin line → one JSON line with its intent
  motcua flows check      validate and path-check every flow (exit 1 on any problem)
  motcua zalo login       log in to Zalo by QR code and save the credentials
  motcua officials add|passwd|list|remove   console accounts (see "motcua officials help")

configuration: environment variables, see .env.example
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, sub] = argv;
  switch (cmd) {
    case 'start':
    case undefined: {
      const { runStart } = await import('./start.ts');
      return runStart();
    }
    case 'chat': {
      const { runChat } = await import('./chat.ts');
      return runChat();
    }
    case 'classify': {
      const { runClassifyCommand } = await import('./classify-command.ts');
      return runClassifyCommand();
    }
    case 'flows':
      if (sub === 'check') {
        const { runFlowsCheck } = await import('./flows-check.ts');
        return runFlowsCheck(process.stdout);
      }
      break;
    case 'zalo':
      if (sub === 'login') {
        const { runZaloLoginCommand } = await import('./zalo-login-command.ts');
        return runZaloLoginCommand();
      }
      break;
    // Console accounts (src/cli/officials-command.ts).
    case 'officials': {
      const { runOfficialsCommand } = await import('./officials-command.ts');
      return runOfficialsCommand(argv.slice(1));
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
  }
  process.stderr.write(`unknown command: ${argv.join(' ')}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${isMotcuaError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
