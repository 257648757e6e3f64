/** @module `motcua zalo login`: QR login for the Zalo channel, credentials saved under DATA_DIR. */
import { parseZaloConfig } from '../channels/zalo/zalo-config.ts';
import { loadConfig } from '../config/config.ts';
import { runZaloLogin } from './zalo-login.ts';

export async function runZaloLoginCommand(): Promise<number> {
  const config = loadConfig();
  const zalo = parseZaloConfig(process.env, config.dataDir);
  return runZaloLogin({ dataDir: config.dataDir, credentialsPath: zalo.credentialsPath, out: process.stdout, locale: config.env.DEFAULT_LOCALE });
}
