/**
 * @module Configuration from the environment, validated once at boot (one zod schema per
 * module, merged), with messages that say how to fix a wrong value.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { TelegramEnvSchema } from '../channels/telegram/telegram-env.ts';
import { ZaloEnvSchema } from '../channels/zalo/zalo-config.ts';
import { MotcuaError } from '../errors.ts';
import { GatewayEnvSchema, refineGatewayEnv } from '../gateway/gateway-env.ts';
import { OutboxEnvSchema } from '../outbox/outbox-env.ts';
import { BroadcastEnvSchema } from '../broadcast/broadcast-env.ts';
import { TrustProxySchema } from '../http/trust-proxy.ts';

const optionalString = z.string().trim().transform((v) => (v === '' ? undefined : v)).optional();

const core = z.object({
  PORT: z.coerce.number({ error: 'expected a port number, e.g. PORT=3000' }).int().min(0, 'expected 0–65535 (0 = any free port)').max(65535, 'expected 0–65535').default(3000),
  HOST: z.string().default('127.0.0.1'),
  TRUST_PROXY: TrustProxySchema,
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a Redis URL like redis://127.0.0.1:6379')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_PREFIX: z.string().default('motcua:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_LOCALE: z.enum(['vi', 'en'], { error: 'expected vi or en' }).default('vi'),
  FLOWS_DIR: optionalString,
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PHOTO_MAX_MB: z.coerce.number().min(1).max(20).default(10),
  CONTROLLER_VI: z.string().default('Ủy ban nhân dân phường/xã tiếp nhận hồ sơ, qua đơn vị vận hành trợ lý Một Cửa'),
  CONTROLLER_EN: z.string().default('the ward/commune People\'s Committee receiving the application, through the operator of the One-Stop Desk assistant'),
  OFFICE_VI: z.string().default('Bộ phận Một cửa của UBND phường/xã nơi bạn cư trú, giờ hành chính từ thứ Hai đến thứ Sáu (và sáng thứ Bảy ở nhiều nơi).'),
  OFFICE_EN: z.string().default('the one-stop desk of the People\'s Committee of the ward/commune where you live, office hours Monday to Friday (and Saturday mornings in many places).'),
});

// One schema per integration, merged and checked once at boot.
const EnvSchema = z
  .object({ ...core.shape, ...TelegramEnvSchema.shape, ...ZaloEnvSchema.shape, ...OutboxEnvSchema.shape, ...BroadcastEnvSchema.shape, ...GatewayEnvSchema.shape })
  .superRefine(refineGatewayEnv);
export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env;
  port: number;
  host: string;
  dataDir: string;
  redisUrl?: string;
}

/** Validates `env`; throws CONFIG_INVALID listing every bad variable and how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = EnvSchema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      const got = name in env ? ` (got ${JSON.stringify(String(env[name]).slice(0, 40))})` : '';
      return `  ${name}: ${i.message}${got}`;
    });
    throw new MotcuaError('CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}\nFix the variables above (see .env.example) and start again.`);
  }
  const e = r.data;
  return { env: e, port: e.PORT, host: e.HOST, dataDir: resolve(e.DATA_DIR), ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}) };
}
