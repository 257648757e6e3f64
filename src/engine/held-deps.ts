/**
 * @module The engine's dependencies as a speculative turn sees them (see ChatTurn in
 * store.ts): everything that changes something outside the session — a dossier, a
 * subscription, a counter, a photo, a hook — first waits for `hold()`, which locks the chat
 * or rejects (SESSION_STALE) when the turn must start over. Reads go straight through: a
 * turn that read stale data is discarded at its commit.
 *
 * Each store interface is listed method by method, so a method added to one does not compile
 * until it is sorted into "changes" or "reads".
 */
import type { DossierActions, EngineDeps } from './turn.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { ChatLogStore, CounterStore, DossierStore, Store, SubscriptionStore } from '../store/store.ts';
import type { OfficialLinks } from './link-official.ts';

type Hold = () => Promise<void>;

function heldStore(s: Store, hold: Hold): Store {
  const counters: CounterStore = {
    hit: (key, windowS) => hold().then(() => s.counters.hit(key, windowS)),
    count: (key) => s.counters.count(key),
  };
  const subscriptions: SubscriptionStore = {
    put: (sub) => hold().then(() => s.subscriptions.put(sub)),
    remove: (key) => hold().then(() => s.subscriptions.remove(key)),
    get: (key) => s.subscriptions.get(key),
    list: (segment) => s.subscriptions.list(segment),
  };
  const chatLog: ChatLogStore = {
    append: (key, messages) => hold().then(() => s.chatLog.append(key, messages)),
    delete: (key) => hold().then(() => s.chatLog.delete(key)),
    after: (key, seq, limit) => s.chatLog.after(key, seq, limit),
    position: (key) => s.chatLog.position(key),
  };
  const dossiers: DossierStore = {
    create: (d) => hold().then(() => s.dossiers.create(d)),
    update: (code, change) => hold().then(() => s.dossiers.update(code, change)),
    unlinkChat: (key) => hold().then(() => s.dossiers.unlinkChat(key)),
    get: (code) => s.dossiers.get(code),
    list: (query) => s.dossiers.list(query),
    byChat: (key) => s.dossiers.byChat(key),
  };
  return {
    kind: s.kind,
    counters,
    subscriptions,
    chatLog,
    dossiers,
    // Turns are the engine's own business (engine.ts), never a handler's.
    sessions: s.sessions,
    ping: () => s.ping(),
    close: () => s.close(),
  };
}

function heldMedia(m: MediaStore, hold: Hold): MediaStore {
  return {
    put: (data, mime) => hold().then(() => m.put(data, mime)),
    delete: (id) => hold().then(() => m.delete(id)),
    get: (id) => m.get(id),
  };
}

/**
 * Most speculative turns touch none of the guarded dependencies (a text answer changes only
 * the session), so the wrappers are built on first use: a turn costs this one object.
 */
class HeldDeps implements EngineDeps {
  private heldStore: Store | undefined;
  private heldMedia: MediaStore | undefined;

  constructor(
    private readonly base: EngineDeps,
    private readonly hold: Hold,
  ) {}

  get flows(): EngineDeps['flows'] {
    return this.base.flows;
  }
  get nlu(): EngineDeps['nlu'] {
    return this.base.nlu;
  }
  get fields(): EngineDeps['fields'] {
    return this.base.fields;
  }
  get t(): EngineDeps['t'] {
    return this.base.t;
  }
  get settings(): EngineDeps['settings'] {
    return this.base.settings;
  }
  get log(): EngineDeps['log'] {
    return this.base.log;
  }
  get now(): EngineDeps['now'] {
    return this.base.now;
  }
  get store(): Store {
    return (this.heldStore ??= heldStore(this.base.store, this.hold));
  }
  get media(): MediaStore {
    return (this.heldMedia ??= heldMedia(this.base.media, this.hold));
  }
  get onSubmitted(): EngineDeps['onSubmitted'] {
    const hook = this.base.onSubmitted;
    return hook && ((d) => this.hold().then(() => hook(d)));
  }
  get dossierActions(): DossierActions | undefined {
    const actions = this.base.dossierActions;
    return actions && { completeSupplement: (code, input) => this.hold().then(() => actions.completeSupplement(code, input)) };
  }
  get officialLinks(): OfficialLinks | undefined {
    const links = this.base.officialLinks;
    return links && { redeem: (code, chat) => this.hold().then(() => links.redeem(code, chat)) };
  }
}

// An optional dependency added to EngineDeps but not here would vanish in speculative turns.
const everyDependency: Exclude<keyof EngineDeps, keyof HeldDeps> extends never ? true : never = true;
void everyDependency;

/** `deps` for a turn that must `hold()` before changing anything outside the session. */
export function heldDeps(deps: EngineDeps, hold: Hold): EngineDeps {
  return new HeldDeps(deps, hold);
}
