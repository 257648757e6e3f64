import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchChoice, matchOption, type ChoiceOptionLike } from './match-choice.ts';

const SEX: ChoiceOptionLike[] = [
  { value: 'male', label: { vi: 'Nam', en: 'Male' }, synonyms: ['con trai', 'trai', 'bé trai', 'boy'] },
  { value: 'female', label: { vi: 'Nữ', en: 'Female' }, synonyms: ['con gái', 'gái', 'bé gái', 'girl'] },
];
const CATEGORY: ChoiceOptionLike[] = [
  { value: 'sidewalk', label: { vi: 'Lấn chiếm vỉa hè', en: 'Sidewalk encroachment' }, synonyms: ['via he', 'le duong'] },
  { value: 'rubbish', label: { vi: 'Rác thải, môi trường', en: 'Rubbish and environment' }, synonyms: ['rac', 'do rac'] },
  { value: 'construction', label: { vi: 'Xây dựng không phép', en: 'Construction without permit' }, synonyms: ['xay khong phep'] },
  { value: 'noise', label: { vi: 'Tiếng ồn', en: 'Noise' }, synonyms: ['karaoke', 'loa'] },
  { value: 'other', label: { vi: 'Khác', en: 'Other' } },
];
const PLACE: ChoiceOptionLike[] = [
  { value: 'hospital', label: { vi: 'Bệnh viện', en: 'Hospital' } },
  { value: 'home', label: { vi: 'Tại nhà', en: 'At home' } },
  { value: 'other', label: { vi: 'Nơi khác', en: 'Elsewhere' } },
];

const one = (text: string, options = SEX): unknown => matchChoice(text, options, 'vi');
const many = (text: string): unknown => matchChoice(text, CATEGORY, 'vi', { multiple: true });

describe('matchChoice', () => {
  it('by number', () => {
    for (const t of ['2', 'số 2', 'so 2', '2.', 'chọn 2 nhé', 'tôi chọn số 2 ạ']) expect(one(t), t).toEqual({ kind: 'match', values: ['female'] });
    expect(one('3')).toEqual({ kind: 'none' });
    expect(one('0')).toEqual({ kind: 'none' });
  });

  it('by label or synonym, with or without diacritics, in a sentence', () => {
    for (const t of ['nữ', 'nu', 'Nữ ạ', 'NỮ', 'female', 'con gái', 'con gai', 'bé là con gái ạ', 'girl']) expect(one(t), t).toEqual({ kind: 'match', values: ['female'] });
    expect(one('không phải nam')).toEqual({ kind: 'none' });
    expect(one('xây dựng', CATEGORY)).toEqual({ kind: 'match', values: ['construction'] });
    expect(one('sinh ở nhà', PLACE)).toEqual({ kind: 'match', values: ['home'] });
    expect(one('bệnh viện Từ Dũ', PLACE)).toEqual({ kind: 'match', values: ['hospital'] });
  });

  it('fuzzily', () => {
    expect(one('benh vein', PLACE)).toEqual({ kind: 'match', values: ['hospital'] });
    expect(one('tai nhaa', PLACE)).toEqual({ kind: 'match', values: ['home'] });
  });

  it('asks again when the answer fits two options', () => {
    expect(one('1, 2')).toEqual({ kind: 'ambiguous', values: ['male', 'female'] });
    expect(one('nam và nữ')).toEqual({ kind: 'ambiguous', values: ['male', 'female'] });
    expect(matchOption('phuong', ['Phường 1', 'Phường 11'])).toEqual({ kind: 'ambiguous', indexes: [0, 1] });
    expect(matchOption('Phường 1', ['Phường 1', 'Phường 11'])).toEqual({ kind: 'match', indexes: [0] });
  });

  it('several at once', () => {
    for (const t of ['1, 3', '1 và 3', '1 3', 'a, c', '1;3']) expect(many(t), t).toEqual({ kind: 'match', values: ['sidewalk', 'construction'] });
    expect(many('rác và tiếng ồn')).toEqual({ kind: 'match', values: ['rubbish', 'noise'] });
    expect(many('lấn chiếm vỉa hè, rác')).toEqual({ kind: 'match', values: ['sidewalk', 'rubbish'] });
    expect(many('tất cả')).toEqual({ kind: 'match', values: CATEGORY.map((o) => o.value) });
    expect(many('1, 9')).toEqual({ kind: 'none' });
  });

  it('nothing for unrelated text', () => {
    for (const t of ['', 'xyz', 'Nguyễn Văn An', '12/03/2024']) expect(one(t), t).toEqual({ kind: 'none' });
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.boolean(), (s, multiple) => void matchChoice(s, CATEGORY, 'vi', { multiple })));
  });
});

describe('matchOption (the engine port)', () => {
  it('picks among plain labels', () => {
    const labels = ['Xác nhận và nộp', 'Sửa thông tin', 'Hủy hồ sơ'];
    expect(matchOption('sửa', labels)).toEqual({ kind: 'match', indexes: [1] });
    expect(matchOption('xac nhan', labels)).toEqual({ kind: 'match', indexes: [0] });
    expect(matchOption('3', labels)).toEqual({ kind: 'match', indexes: [2] });
  });
});
