/**
 * The dossier service: a status change writes the dossier and pushes one message to each chat
 * that follows it, in that chat's language, once — through the in-process outbox; invalid
 * changes are refused; supplements open and close; a back office's replayed status is
 * ignored; a change whose pushes could not be queued is announced later by the recovery job.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DossierService, type StatusChange } from '../../src/dossiers/dossier-service.ts';
import type { ChatIdentity, Dossier } from '../../src/dossiers/dossier.ts';
import { statusPushes } from '../../src/dossiers/status-pushes.ts';
import { isMotcuaError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { memoryDeliveryBackend, type DeliveryBackend } from '../../src/outbox/delivery-backend.ts';
import { DurableOutbox } from '../../src/outbox/durable-outbox.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/store.ts';
import { FAST_RETRY, MESSAGES, RecordingChannel, sampleDossier, sleep, until } from './outbox-support.ts';

const OWNER: ChatIdentity = { channel: 'web', chatId: 'owner', locale: 'vi' };
const SON: ChatIdentity = { channel: 'telegram', chatId: '5001', locale: 'en' };

let store: Store;
let backend: DeliveryBackend;
let web: RecordingChannel;
let telegram: RecordingChannel;
let outbox: DurableOutbox;
let service: DossierService;
let d: Dossier;
const at = (min: number): Date => new Date(Date.parse('2026-11-20T03:00:00Z') + min * 60_000);

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isMotcuaError(e) ? e.code : String(e);
  }
  return 'resolved';
}

const delivered = (n: number): Promise<void> => until(() => web.sent.length + telegram.sent.length >= n, `${n} pushes`);

beforeEach(async () => {
  store = createMemoryStore();
  backend = memoryDeliveryBackend();
  web = new RecordingChannel('web');
  telegram = new RecordingChannel('telegram');
  outbox = new DurableOutbox({ ...backend, logger: silentLogger(), channels: [web, telegram], retry: FAST_RETRY });
  service = new DossierService({ dossiers: store.dossiers, outbox, messages: MESSAGES, logger: silentLogger(), queues: backend.queues, recoveryDelayMs: 200 });
  await outbox.start();
  await service.start();
  d = (await store.dossiers.create(sampleDossier(OWNER, [SON]))).dossier;
});

afterEach(async () => {
  await service.stop();
  await outbox.stop();
});

describe('DossierService.transition', () => {
  it('pushes one message to the submitter and each follower, in their language', async () => {
    const after = await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    expect(after.status).toBe('received');
    expect(after.history.at(-1)).toMatchObject({ status: 'received', by: 'official:lan' });
    await delivered(2);
    const [vi] = web.to('owner');
    const [en] = telegram.to('5001');
    expect(vi).toContain(`Hồ sơ ${d.code} – Đăng ký khai sinh`);
    expect(vi).toContain('Trạng thái mới: đã tiếp nhận');
    expect(vi).toContain('Cán bộ sẽ sớm xem xét hồ sơ');
    expect(en).toContain(`Application ${d.code} – Birth registration`);
    expect(en).toContain('New status: received');
    const states = await outbox.forDossier(d.code);
    expect(states.map((s) => s.id).sort()).toEqual([`status:${d.code}:1:telegram:5001`, `status:${d.code}:1:web:owner`]);
    await until(async () => (await outbox.forDossier(d.code)).every((s) => s.status === 'sent'), 'states sent');
  });

  it('sends exactly one message per recipient for each change', async () => {
    await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    await service.transition(d.code, { action: 'process', by: 'official:lan', at: at(1) });
    await service.transition(d.code, { action: 'result_ready', by: 'official:lan', at: at(2), note: 'Mời bạn nhận kết quả tại Bộ phận Một cửa phường Bến Thành, thời gian: 8:00–11:30.' });
    await service.transition(d.code, { action: 'complete', by: 'official:lan', at: at(3) });
    await delivered(8);
    await sleep(100);
    expect(web.to('owner')).toHaveLength(4);
    expect(telegram.to('5001')).toHaveLength(4);
    expect(web.to('owner')[2]).toContain('Kết quả đã sẵn sàng. Mời bạn nhận kết quả tại Bộ phận Một cửa phường Bến Thành');
    expect(web.to('owner')[3]).toContain('Hồ sơ đã hoàn thành');
  });

  it('tells the reason of a rejection', async () => {
    await service.transition(d.code, { action: 'reject', by: 'official:lan', at: at(0), note: 'Giấy chứng sinh không hợp lệ.' });
    await delivered(2);
    expect(web.to('owner')[0]).toContain('Lý do: Giấy chứng sinh không hợp lệ.');
    expect(telegram.to('5001')[0]).toContain('Reason: Giấy chứng sinh không hợp lệ.');
  });

  it('refuses invalid changes with stable codes and pushes nothing', async () => {
    expect(await rejection(service.transition(d.code, { action: 'complete', by: 'official:lan', at: at(0) }))).toBe('TRANSITION_INVALID');
    expect(await rejection(service.transition('HS-2222-2222', { action: 'receive', by: 'official:lan', at: at(0) }))).toBe('DOSSIER_NOT_FOUND');
    expect(await rejection(service.transition(d.code, { action: 'reject', by: 'official:lan', at: at(0) }))).toBe('BAD_REQUEST');
    await sleep(50);
    expect(web.sent).toHaveLength(0);
    expect((await store.dossiers.get(d.code))?.status).toBe('submitted');
  });

  it('lets only one of two simultaneous identical actions through', async () => {
    const results = await Promise.allSettled([
      service.transition(d.code, { action: 'receive', by: 'official:a', at: at(0) }),
      service.transition(d.code, { action: 'receive', by: 'official:b', at: at(0) }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await delivered(2);
    await sleep(50);
    expect(web.to('owner')).toHaveLength(1);
  });

  it('calls status listeners after the pushes are queued; a failing listener breaks nothing', async () => {
    const seen: StatusChange[] = [];
    service.onStatusChanged(() => {
      throw new Error('listener bug');
    });
    const off = service.onStatusChanged((c) => {
      seen.push(c);
    });
    await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    off();
    await service.transition(d.code, { action: 'process', by: 'official:lan', at: at(1) });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ index: 1, from: 'submitted', entry: { status: 'received' } });
  });
});

describe('supplements', () => {
  beforeEach(async () => {
    await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    await delivered(2);
  });

  it('records the request and tells the submitter to answer in chat, the follower who will', async () => {
    const after = await service.requestSupplement(d.code, { steps: ['birth_certificate'], message: 'Ảnh giấy chứng sinh bị mờ.', by: 'official:lan', at: at(1) });
    expect(after.status).toBe('supplement_requested');
    expect(after.supplement).toEqual({ steps: ['birth_certificate'], message: 'Ảnh giấy chứng sinh bị mờ.', requestedAt: at(1).toISOString(), by: 'official:lan' });
    await delivered(4);
    expect(web.to('owner')[1]).toContain('Cán bộ đề nghị bổ sung: “Ảnh giấy chứng sinh bị mờ.”');
    expect(web.to('owner')[1]).toContain('Bạn gõ “bổ sung”');
    expect(telegram.to('5001')[1]).toContain('The person who filed the application will be guided');
    expect(await outbox.forDossier(d.code)).toHaveLength(4);
  });

  it('refuses a request without steps or message', async () => {
    expect(await rejection(service.requestSupplement(d.code, { steps: [], message: 'x', by: 'official:lan', at: at(1) }))).toBe('BAD_REQUEST');
    expect(await rejection(service.requestSupplement(d.code, { steps: ['a'], message: '  ', by: 'official:lan', at: at(1) }))).toBe('BAD_REQUEST');
  });

  it('closes the request when the citizen answers in chat: followers hear of it, the submitter is not pushed', async () => {
    await service.requestSupplement(d.code, { steps: ['child_name'], message: 'Tên chưa đúng.', by: 'official:lan', at: at(1) });
    await delivered(4);
    const done = await service.completeSupplement(d.code, { answers: { child_name: 'Nguyễn Văn Bình' }, photoSteps: new Set(), by: 'citizen', at: at(2), note: 'Công dân đã bổ sung: Họ tên' });
    expect(done?.status).toBe('processing');
    expect(done?.supplement).toBeUndefined();
    expect(done?.answers.child_name).toBe('Nguyễn Văn Bình');
    await delivered(5);
    await sleep(50);
    expect(web.to('owner')).toHaveLength(2);
    expect(telegram.to('5001')[2]).toContain('The additional information has reached the officials');
    expect(telegram.to('5001')[2]).not.toContain('Công dân');
    expect(await service.completeSupplement(d.code, { answers: {}, photoSteps: new Set(), by: 'citizen', at: at(3) })).toBeNull();
  });
});

describe('DossierService.applyExternalStatus', () => {
  it('applies a status once; the same status and time again is a replay and sends nothing', async () => {
    const first = await service.applyExternalStatus(d.code, { status: 'received', at: at(0) });
    expect(first.applied).toBe(true);
    expect(first.dossier.history.at(-1)).toMatchObject({ status: 'received', by: 'gateway' });
    await delivered(2);
    const again = await service.applyExternalStatus(d.code, { status: 'received', at: at(0) });
    expect(again.applied).toBe(false);
    await sleep(100);
    expect(web.sent.length + telegram.sent.length).toBe(2);
    expect(await rejection(service.applyExternalStatus(d.code, { status: 'received', at: at(5) }))).toBe('TRANSITION_INVALID');
    expect(await rejection(service.applyExternalStatus(d.code, { status: 'completed', at: at(5) }))).toBe('TRANSITION_INVALID');
  });

  it('opens a supplement with steps when the back office names them', async () => {
    await service.applyExternalStatus(d.code, { status: 'received', at: at(0) });
    const r = await service.applyExternalStatus(d.code, { status: 'supplement_requested', message: 'Thiếu ảnh CCCD.', steps: ['id_photo'], at: at(1) });
    expect(r.dossier.supplement?.steps).toEqual(['id_photo']);
    const back = await service.applyExternalStatus(d.code, { status: 'processing', at: at(2) });
    expect(back.dossier.supplement).toBeUndefined();
  });
});

describe('recovery', () => {
  it('announces a change whose pushes could not be queued, once, after the delay', async () => {
    const real = outbox.enqueue.bind(outbox);
    let failures = 1;
    outbox.enqueue = async (items) => {
      if (failures-- > 0) throw new Error('outbox unreachable');
      return real(items);
    };
    const after = await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    expect(after.status).toBe('received');
    await sleep(50);
    expect(web.sent).toHaveLength(0);
    await delivered(2);
    await sleep(300);
    expect(web.to('owner')).toHaveLength(1);
    expect(telegram.to('5001')).toHaveLength(1);
  });

  it('announcing the same change again enqueues nothing new', async () => {
    const changed = await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    await delivered(2);
    // What the recovery job does when its guard was not removed: the same pushes, from the stored history.
    await outbox.enqueue(statusPushes(changed, 1, MESSAGES));
    await sleep(100);
    expect(web.sent.length + telegram.sent.length).toBe(2);
  });
});
