/** @module The back-office gateway (re-exports only). */
export * from './gateway.ts';
export * from './create-gateway.ts';
export * from './gateway-env.ts';
export * from './gateway-signature.ts';
export * from './http-gateway.ts';
export * from './photo-links.ts';
export type { GatewayPayload, GatewayEvent } from './gateway-payload.ts';
export { StatusUpdateSchema, type StatusUpdate } from './status-update.ts';
