/**
 * @module The procedures this deployment offers, compiled once at start-up and looked up by id.
 * Only the current version of each flow is loaded; sessions on an older version are migrated.
 */
import { MotcuaError } from '../errors.ts';
import { compileFlow, type CompiledFlow } from './compile-flow.ts';
import type { FlowDefinition } from './flow-schema.ts';

export class FlowRegistry {
  private readonly byId = new Map<string, CompiledFlow>();

  constructor(flows: readonly FlowDefinition[]) {
    for (const f of flows) {
      if (this.byId.has(f.id)) throw new MotcuaError('FLOW_INVALID', `two flows have the id "${f.id}"`);
      this.byId.set(f.id, compileFlow(f));
    }
  }

  get(id: string): CompiledFlow | undefined {
    return this.byId.get(id);
  }

  all(): CompiledFlow[] {
    return [...this.byId.values()];
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}
