/** @module The Zalo channel (zca-js personal account): public surface for the app. */
export { createZaloChannel } from './create-zalo-channel.ts';
export { CredentialsStore, credentialsError, LOGIN_COMMAND, type ZaloCredentials } from './credentials-store.ts';
export { parseZaloConfig, ZaloEnvSchema, defaultCredentialsPath, type ZaloConfig } from './zalo-config.ts';
export { ZaloChannel, ZALO_CAPABILITIES, type ZaloChannelOptions } from './zalo-channel.ts';
export { ZaloSupervisor, type SupervisorStatus, type SupervisorState } from './supervisor.ts';
export { SendQueue, type SendQueueOptions } from './send-queue.ts';
export type { ZaloPort, ZaloPortEvents, ZaloImage, SendTextOptions } from './zalo-port.ts';
export type { ZaloIncoming } from './zalo-incoming.ts';
export type { ZaloLog } from './zalo-log.ts';
