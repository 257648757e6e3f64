/**
 * @module Each simulated citizen answers with its own name, ID number, phone, address and
 * hospital, so the benchmark pays for reading new text on every message as a real service does:
 * with one shared script every citizen sent the same 14 texts, and the engine's per-text caches
 * (the analysis of the last 64 texts, folded tokens) answered most of the work.
 *
 * The base script comes from the oracle (citizen-script.ts); only its free-text answers are
 * swapped, for values of the same kind that the same steps accept. `checkScripts` proves it.
 */
import type { InboundEvent } from '../src/channels/channel.ts';
import { readSession } from '../src/engine/session.ts';
import type { Harness } from '../test/support/engine-harness.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Hoàng', 'Gia', 'Bảo', 'Thanh', 'Quốc', 'Khánh'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Huy', 'Khôi', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];
const STREETS = ['Nguyễn Trãi', 'Lê Lợi', 'Lê Thánh Tôn', 'Pasteur', 'Nam Kỳ Khởi Nghĩa', 'Lý Tự Trọng', 'Hai Bà Trưng', 'Đồng Khởi'];
const HOSPITALS = ['Bệnh viện Từ Dũ', 'Bệnh viện Hùng Vương', 'Bệnh viện Nhi Đồng 1', 'Bệnh viện Quận 1', 'Bệnh viện Đa khoa Sài Gòn', 'Trạm y tế phường Bến Thành'];

const digits = (n: number, width: number): string => String(n).padStart(width, '0').slice(-width);

/** Citizen `i`'s own answer in place of the oracle's `text`, or `text` when it is not a personal one. */
function personal(text: string, i: number): string {
  // Prime steps through the lists, so neighbouring citizens differ in every part.
  const name = (salt: number): string => `${FAMILY[(i * 7 + salt) % FAMILY.length]} ${MIDDLE[(i * 5 + salt) % MIDDLE.length]} ${GIVEN[(i * 11 + salt) % GIVEN.length]}`;
  switch (text) {
    case 'Nguyễn Minh Khôi':
      return name(0);
    case 'Trần Thị Mai':
      return name(3);
    case '079090001234':
      // Same province, century/sex digit and birth year: only the serial changes.
      return `079090${digits(100_000 + i * 37, 6)}`;
    case '0901 234 567':
      return `09${digits(10 + (i % 80), 2)} ${digits(i * 13, 3)} ${digits(i * 29 + 7, 3)}`;
    case '12 Nguyễn Trãi, phường Bến Thành':
      return `${1 + ((i * 17) % 300)} ${STREETS[i % STREETS.length]}, phường Bến Thành`;
    case 'Bệnh viện Từ Dũ':
      return HOSPITALS[i % HOSPITALS.length]!;
    default:
      return text;
  }
}

/** One script per citizen: `base` with citizen `i`'s own answers. */
export function citizenScripts(base: readonly InboundEvent[], citizens: number): InboundEvent[][] {
  return Array.from({ length: citizens }, (_, i) => base.map((e): InboundEvent => (e.kind === 'text' ? { kind: 'text', text: personal(e.text, i) } : e)));
}

/** Throws unless every script takes its citizen through to a submitted dossier. */
export async function checkScripts(h: Harness, scripts: readonly (readonly InboundEvent[])[]): Promise<void> {
  await Promise.all(
    scripts.map(async (script, i) => {
      const chat = `check-${Date.now()}-${i}`;
      for (const e of script) await h.send(chat, e);
      const read = readSession(await h.store.sessions.peek(`web:${chat}`));
      if (!read.ok || !read.session?.lastSubmission) throw new Error(`citizen ${i}'s script did not submit: ${JSON.stringify(script.filter((e) => e.kind === 'text'))}`);
    }),
  );
}
