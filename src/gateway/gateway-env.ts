/**
 * @module The gateway's settings, validated at boot with the rest of the configuration:
 * GATEWAY_URL (the back office; unset = the built-in console only), GATEWAY_SECRET (signs
 * both directions; required with GATEWAY_URL, and alone it enables inbound status updates),
 * GATEWAY_PHOTO_TTL_HOURS (how long photo links work), PUBLIC_URL (how the back office
 * reaches this server, for photo links and the status URL).
 */
import { z } from 'zod';

const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => undefined), schema]).optional();

export const GatewayEnvSchema = z.object({
  GATEWAY_URL: optional(z.url({ protocol: /^https?$/, error: 'expected the back office URL, e.g. https://office.example.vn/motcua/dossiers' })),
  GATEWAY_SECRET: optional(z.string().min(32, 'use at least 32 random characters, e.g. the output of `openssl rand -hex 32`')),
  GATEWAY_PHOTO_TTL_HOURS: z.coerce.number({ error: 'expected a number of hours, e.g. 72' }).min(1).max(24 * 30).default(72),
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'expected this server\'s public address, e.g. https://motcua.example.vn' })),
});
export type GatewayEnv = z.infer<typeof GatewayEnvSchema>;

/** Cross-field rule, added to the merged schema: a back office URL needs a secret to sign with. */
export function refineGatewayEnv(env: { GATEWAY_URL?: string | undefined; GATEWAY_SECRET?: string | undefined }, ctx: z.RefinementCtx): void {
  if (env.GATEWAY_URL && !env.GATEWAY_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['GATEWAY_SECRET'], message: 'required when GATEWAY_URL is set (both sides sign with it), e.g. the output of `openssl rand -hex 32`' });
  }
}
