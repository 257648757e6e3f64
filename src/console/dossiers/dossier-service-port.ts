/**
 * @module What the console needs from the dossier service (src/dossiers/dossier-service.ts):
 * lifecycle transitions and supplement requests, which also record history and queue the
 * status pushes. Errors are MotcuaErrors: TRANSITION_INVALID (409), DOSSIER_NOT_FOUND (404),
 * BAD_REQUEST (400). Return values are not used: the console reads the dossier back.
 */
import type { LifecycleAction } from '../../dossiers/lifecycle.ts';

export interface ConsoleDossierService {
  transition(code: string, input: { action: LifecycleAction; by: string; note?: string; at: Date }): Promise<unknown>;
  requestSupplement(code: string, input: { steps: string[]; message: string; by: string; at: Date }): Promise<unknown>;
}

/** The actions an official takes in the console (the citizen's chat answers supplements). */
export const CONSOLE_ACTIONS = ['receive', 'process', 'request_supplement', 'result_ready', 'complete', 'reject'] as const satisfies readonly LifecycleAction[];
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

export function isConsoleAction(a: string): a is ConsoleAction {
  return (CONSOLE_ACTIONS as readonly string[]).includes(a);
}
