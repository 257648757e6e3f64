/**
 * @module `npx motcua zalo login`: an operator scans a QR code with the bot account's Zalo app;
 * the QR is drawn in the terminal and saved as a PNG under DATA_DIR (for a console or a remote
 * shell), and the resulting session is stored with mode 0600 for `npm start` to log in from.
 */
import type { Locale } from '../channels/channel.ts';
import { CredentialsStore } from '../channels/zalo/credentials-store.ts';
import { renderQrForTerminal } from '../channels/zalo/render-qr-terminal.ts';
import { defaultCredentialsPath } from '../channels/zalo/zalo-config.ts';
import { shortReason } from '../channels/zalo/short-reason.ts';
import { QrLoginDeclined, type QrLogin } from '../channels/zalo/qr-login.ts';
import { zcaQrLogin } from '../channels/zalo/zca-qr-login.ts';
import { t } from '../i18n/locales.ts';

export interface ZaloLoginOptions {
  dataDir: string;
  credentialsPath?: string;
  out: NodeJS.WritableStream;
  /** The QR login itself (default: zca-js); tests inject a fake. */
  login?: QrLogin;
  /** Language of the operator messages (default: from LANG, else English). */
  locale?: Locale;
}

/** Returns the process exit code: 0 when the credentials were saved. */
export async function runZaloLogin(opts: ZaloLoginOptions): Promise<number> {
  const store = new CredentialsStore(opts.credentialsPath ?? defaultCredentialsPath(opts.dataDir));
  const locale: Locale = opts.locale ?? (/^vi/i.test(process.env['LANG'] ?? '') ? 'vi' : 'en');
  const say = (key: string, params?: Record<string, string | number>): void => {
    opts.out.write(`${t(locale, `zalo.login.${key}`, params)}\n`);
  };
  const login = opts.login ?? zcaQrLogin;
  try {
    const session = await login({
      onQr: async (png) => {
        const path = await store.saveQr(png);
        const drawn = await renderQrForTerminal(png).catch(() => null);
        opts.out.write('\n');
        if (drawn) opts.out.write(drawn);
        else say('no_terminal_qr');
        say('scan', { path });
      },
      onScanned: () => say('scanned'),
      onExpired: () => say('expired'),
    });
    await store.write({ imei: session.imei, userAgent: session.userAgent, language: session.language, cookie: session.cookie });
    say('saved', { path: store.path });
    return 0;
  } catch (e) {
    if (e instanceof QrLoginDeclined) say('declined');
    else say('failed', { reason: shortReason(e) });
    return 1;
  } finally {
    // A used or expired QR is worthless and should not linger next to the session.
    await store.clearQr().catch(() => {});
  }
}
