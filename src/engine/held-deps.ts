/**
 * @module The engine's dependencies as a speculative turn sees them (see ChatTurn in
 * store.ts): every use of the store, the media or a hook — read or write — first waits for
 * `hold()`, which locks the chat, or rejects (SESSION_STALE) when the session changed and the
 * message must be handled again. Writes wait so that nothing a stale attempt does is seen;
 * reads wait so that what a turn reads is read under the chat's lock, as in a locked turn, and
 * so that a message takes its place in line within the CPU time of handling it, not after
 * round trips of its own. Most quick messages (an answer to a question) touch none of these.
 *
 * Each store interface is implemented method by method, so a method added to one does not
 * compile until it is written here too.
 */
import type { DossierActions, EngineDeps } from './turn.ts';
import type { Segment, Subscription } from '../broadcast/subscription.ts';
import type { Dossier } from '../dossiers/dossier.ts';
import type { SupplementAnswers } from '../dossiers/supplement.ts';
import type { MediaStore, StoredMedia } from '../media/media-store.ts';
import type { ChatLogEntry, ChatLogStore, CounterStore, DossierQuery, DossierStore, SessionStore, Store, SubscriptionStore } from '../store/store.ts';
import type { OfficialLinks } from './link-official.ts';

type Hold = () => Promise<void>;

// Classes rather than objects of arrow functions: one allocation per wrapper, none per method.
// `close` passes straight through: it ends the store, not a chat's business.

class HeldCounters implements CounterStore {
  constructor(
    private readonly s: CounterStore,
    private readonly hold: Hold,
  ) {}
  async hit(key: string, windowS: number): Promise<number> {
    await this.hold();
    return this.s.hit(key, windowS);
  }
  async count(key: string): Promise<number> {
    await this.hold();
    return this.s.count(key);
  }
}

class HeldSubscriptions implements SubscriptionStore {
  constructor(
    private readonly s: SubscriptionStore,
    private readonly hold: Hold,
  ) {}
  async put(sub: Subscription): Promise<void> {
    await this.hold();
    return this.s.put(sub);
  }
  async remove(chatKey: string): Promise<boolean> {
    await this.hold();
    return this.s.remove(chatKey);
  }
  async get(chatKey: string): Promise<Subscription | null> {
    await this.hold();
    return this.s.get(chatKey);
  }
  async list(segment: Segment): Promise<Subscription[]> {
    await this.hold();
    return this.s.list(segment);
  }
}

class HeldChatLog implements ChatLogStore {
  constructor(
    private readonly s: ChatLogStore,
    private readonly hold: Hold,
  ) {}
  async append(chatKey: string, messages: ChatLogEntry['message'][]): Promise<number[]> {
    await this.hold();
    return this.s.append(chatKey, messages);
  }
  async delete(chatKey: string): Promise<void> {
    await this.hold();
    return this.s.delete(chatKey);
  }
  async after(chatKey: string, seq: number, limit: number): Promise<ChatLogEntry[]> {
    await this.hold();
    return this.s.after(chatKey, seq, limit);
  }
  async position(chatKey: string): Promise<{ lastSeq: number; resetSeq: number }> {
    await this.hold();
    return this.s.position(chatKey);
  }
}

class HeldDossiers implements DossierStore {
  constructor(
    private readonly s: DossierStore,
    private readonly hold: Hold,
  ) {}
  async create(d: Dossier): Promise<{ dossier: Dossier; created: boolean }> {
    await this.hold();
    return this.s.create(d);
  }
  async update(code: string, change: (d: Dossier) => Dossier): Promise<Dossier | null> {
    await this.hold();
    return this.s.update(code, change);
  }
  async unlinkChat(chatKey: string): Promise<void> {
    await this.hold();
    return this.s.unlinkChat(chatKey);
  }
  async get(code: string): Promise<Dossier | null> {
    await this.hold();
    return this.s.get(code);
  }
  async list(query: DossierQuery): Promise<Dossier[]> {
    await this.hold();
    return this.s.list(query);
  }
  async byChat(chatKey: string): Promise<string[]> {
    await this.hold();
    return this.s.byChat(chatKey);
  }
}

/** The sub-stores are wrapped on first use: most turns that touch the store read one of them. */
class HeldStore implements Store {
  private heldCounters: CounterStore | undefined;
  private heldSubscriptions: SubscriptionStore | undefined;
  private heldChatLog: ChatLogStore | undefined;
  private heldDossiers: DossierStore | undefined;

  constructor(
    private readonly s: Store,
    private readonly hold: Hold,
  ) {}
  get kind(): Store['kind'] {
    return this.s.kind;
  }
  get counters(): CounterStore {
    return (this.heldCounters ??= new HeldCounters(this.s.counters, this.hold));
  }
  get subscriptions(): SubscriptionStore {
    return (this.heldSubscriptions ??= new HeldSubscriptions(this.s.subscriptions, this.hold));
  }
  get chatLog(): ChatLogStore {
    return (this.heldChatLog ??= new HeldChatLog(this.s.chatLog, this.hold));
  }
  get dossiers(): DossierStore {
    return (this.heldDossiers ??= new HeldDossiers(this.s.dossiers, this.hold));
  }
  /** Turns are the engine's own business (engine.ts), never a handler's. */
  get sessions(): SessionStore {
    return this.s.sessions;
  }
  async ping(): Promise<void> {
    await this.hold();
    return this.s.ping();
  }
  close(): Promise<void> {
    return this.s.close();
  }
}

class HeldMedia implements MediaStore {
  constructor(
    private readonly m: MediaStore,
    private readonly hold: Hold,
  ) {}
  async put(data: Uint8Array, mime: string): Promise<StoredMedia> {
    await this.hold();
    return this.m.put(data, mime);
  }
  async delete(id: string): Promise<void> {
    await this.hold();
    return this.m.delete(id);
  }
  async get(id: string): Promise<{ data: Uint8Array; mime: string } | null> {
    await this.hold();
    return this.m.get(id);
  }
}

class HeldDossierActions implements DossierActions {
  constructor(
    private readonly a: DossierActions,
    private readonly hold: Hold,
  ) {}
  async completeSupplement(code: string, input: SupplementAnswers): Promise<Dossier | null> {
    await this.hold();
    return this.a.completeSupplement(code, input);
  }
}

class HeldOfficialLinks implements OfficialLinks {
  constructor(
    private readonly l: OfficialLinks,
    private readonly hold: Hold,
  ) {}
  async redeem(code: string, chat: Parameters<OfficialLinks['redeem']>[1]): Promise<{ username: string } | null> {
    await this.hold();
    return this.l.redeem(code, chat);
  }
}

/** What each dependency is: pure ones are shared as they are, the others wrapped. */
type Pure = 'flows' | 'nlu' | 'fields' | 't' | 'settings' | 'log' | 'now';
type Wrapped = 'store' | 'media' | 'onSubmitted' | 'dossierActions' | 'officialLinks';
// A dependency added to EngineDeps does not compile until it is sorted into one of the two.
const everyDependencySorted: Exclude<keyof EngineDeps, Pure | Wrapped> extends never ? true : never = true;
void everyDependencySorted;

/**
 * `deps` for a turn that must `hold()` before changing anything outside the session: a copy
 * of `deps` with the dependencies that change things wrapped. A copy rather than an object of
 * getters so that it has the shape of `deps` itself, and the engine's many `turn.deps.…` reads
 * stay monomorphic (getters made every message ~5 % dearer in the 1,000-chat closed loop).
 */
export function heldDeps(deps: EngineDeps, hold: Hold): EngineDeps {
  const held: EngineDeps = { ...deps };
  held.store = new HeldStore(deps.store, hold);
  held.media = new HeldMedia(deps.media, hold);
  const { onSubmitted, dossierActions, officialLinks } = deps;
  if (onSubmitted) held.onSubmitted = (d) => hold().then(() => onSubmitted(d));
  if (dossierActions) held.dossierActions = new HeldDossierActions(dossierActions, hold);
  if (officialLinks) held.officialLinks = new HeldOfficialLinks(officialLinks, hold);
  return held;
}
