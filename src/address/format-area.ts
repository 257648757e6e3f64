/**
 * @module How areas read in replies: "Phường Bến Thành, TP. Hồ Chí Minh" in labels and summaries,
 * "phường An Hội Tây" (kind in lower case) inside a sentence, as Vietnamese addresses are written.
 */
import type { OldArea, Province, Ward } from './area.ts';

const KINDS = ['Phường', 'Xã', 'Đặc khu', 'Thị trấn', 'Quận', 'Huyện', 'Thị xã', 'Thành phố', 'Tỉnh'];

/** "Quận Gò Vấp" → "quận Gò Vấp"; names without a kind word are returned unchanged. */
export function lowerKind(name: string): string {
  const kind = KINDS.find((k) => name.startsWith(`${k} `));
  return kind ? kind.toLowerCase() + name.slice(kind.length) : name;
}

/** @example areaLabel(ward, province) // "Phường Bến Thành, TP. Hồ Chí Minh" */
export function areaLabel(ward: Ward, province: Province): string {
  return `${ward.name}, ${province.label}`;
}

/** The ward inside a sentence: "phường An Hội Tây". */
export function wardInSentence(ward: Ward): string {
  return lowerKind(ward.name);
}

/** @example oldAreaLabel({ ward: 'Phường 11', district: 'Quận Gò Vấp' }) // "Phường 11, quận Gò Vấp" */
export function oldAreaLabel(old: OldArea): string {
  return old.ward ? `${old.ward}, ${lowerKind(old.district)}` : old.district;
}
