/**
 * The procedure catalogue at schema level: the seven flows load without problems, each
 * starts by asking who is filing, has enough distinct examples for intent detection, and
 * answers the questions every citizen asks (documents, fee, time, place).
 */
import { describe, expect, it } from 'vitest';
import type { FlowDefinition, Step } from '../../src/flows/flow-schema.ts';
import { formatProblem, readFlows } from '../../src/flows/load-flows.ts';
import { fold } from '../../src/nlu/fold.ts';

const CATALOGUE = ['khai-sinh', 'khai-tu', 'ket-hon', 'xac-nhan-hon-nhan', 'dang-ky-hkd', 'cham-dut-hkd', 'phan-anh'] as const;

/** Folded keywords that show a FAQ answers one of the questions every procedure must cover. */
const FAQ_TOPICS: Record<string, string[]> = {
  documents: ['giay to', 'ho so'],
  fee: ['le phi', 'phi'],
  time: ['bao lau', 'thoi gian'],
  place: ['o dau', 'noi nop'],
};

const { flows, problems } = readFlows();
const byId = new Map(flows.map((f) => [f.id, f]));

function flow(id: string): FlowDefinition {
  const f = byId.get(id);
  if (!f) throw new Error(`flows/${id}.yaml is missing`);
  return f;
}

function stepOf(f: FlowDefinition, id: string): Step | undefined {
  return f.steps.find((s) => s.id === id);
}

describe('flow catalogue', () => {
  it('loads every flow file without problems', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('has the seven procedures', () => {
    for (const id of CATALOGUE) expect(byId.has(id), `flows/${id}.yaml`).toBe(true);
  });

  it('never repeats an example utterance across flows (compared folded)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const f of flows) {
      for (const e of f.examples) {
        const k = fold(e);
        const prev = owner.get(k);
        if (prev !== undefined && prev !== f.id) clashes.push(`"${e}" in ${prev} and ${f.id}`);
        owner.set(k, f.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  describe.each(CATALOGUE)('%s', (id) => {
    it('has at least 15 distinct examples, some without diacritics', () => {
      const f = flow(id);
      const folded = f.examples.map(fold);
      expect(new Set(folded).size).toBe(folded.length);
      expect(folded.length).toBeGreaterThanOrEqual(15);
      // Citizens often type without tones: some examples must look like that.
      expect(f.examples.some((e) => e === fold(e) || /^[\x20-\x7e]+$/.test(e))).toBe(true);
    });

    it('starts by asking who is filing, with self and helping options', () => {
      const f = flow(id);
      const first = f.steps[0]!;
      expect(first.id).toBe('filer');
      expect(first.type).toBe('choice');
      expect(first.when).toBeUndefined();
      expect(f.onBehalf).toEqual({ field: 'filer', selfValue: 'self' });
      if (first.type === 'choice') {
        expect(first.options.map((o) => o.value)).toContain('self');
        expect(first.options.length).toBeGreaterThanOrEqual(2);
      }
    });

    it('asks the relationship only when helping someone, and records it in the dossier', () => {
      const f = flow(id);
      const rel = stepOf(f, 'relationship');
      expect(rel?.type).toBe('choice');
      expect(rel?.when).toEqual({ field: 'filer', ne: 'self' });
      expect(f.dossier.relationship).toBe('relationship');
      expect(f.dossier.applicantName).toBeDefined();
      expect(f.dossier.ward).toBeDefined();
    });

    it('has FAQ answers about documents, fee, time and place', () => {
      const f = flow(id);
      const keywords = f.faq.flatMap((q) => q.keywords);
      for (const k of keywords) expect(k, `faq keyword "${k}" must be folded`).toBe(fold(k));
      for (const [topic, words] of Object.entries(FAQ_TOPICS)) {
        expect(keywords.some((k) => words.includes(k)), `a FAQ about ${topic}`).toBe(true);
      }
    });

    it('keeps choice answers unambiguous within each step', () => {
      const f = flow(id);
      for (const s of f.steps) {
        if (s.type !== 'choice') continue;
        const seen = new Map<string, string>();
        for (const o of s.options) {
          for (const w of new Set([o.value, o.label.vi, o.label.en, ...o.synonyms].map(fold))) {
            const prev = seen.get(w);
            expect(prev === undefined || prev === o.value, `${s.id}: "${w}" means both ${prev} and ${o.value}`).toBe(true);
            seen.set(w, o.value);
          }
        }
      }
    });

    it('marks photos of identity and civil-status papers as sensitive', () => {
      const f = flow(id);
      for (const s of f.steps) {
        if (s.type === 'photo' && s.id !== 'photos') expect(s.sensitive, `${s.id}`).toBe(true);
      }
    });

    it('words self/proxy questions only in flows that know who is filing', () => {
      const f = flow(id);
      const split = f.steps.filter((s) => 'self' in s.ask);
      if (split.length > 0) expect(f.onBehalf).toBeDefined();
    });
  });

  it('branches where the rules branch', () => {
    const ks = flow('khai-sinh');
    expect(stepOf(ks, 'late_registration')?.when).toEqual({ field: 'child_dob', olderThanDays: 60 });
    expect(stepOf(ks, 'birth_cert_photo')?.when).toEqual({ field: 'has_birth_cert', eq: true });
    expect(stepOf(ks, 'witness_statement')?.when).toEqual({ field: 'has_witness', eq: true });
    expect(stepOf(ks, 'birth_undertaking')?.when).toEqual({ field: 'has_witness', eq: false });
    expect(stepOf(ks, 'father_recognition')?.when).toEqual({ field: 'parents_married', eq: false });

    const kt = flow('khai-tu');
    expect(stepOf(kt, 'late_registration')?.when).toEqual({ field: 'death_date', olderThanDays: 15 });
    expect(stepOf(kt, 'death_notice_facility')?.when).toEqual({ field: 'death_place_type', eq: 'facility' });

    const kh = flow('ket-hon');
    expect(kh.procedure.inPerson?.vi).toMatch(/có mặt/);
    expect(stepOf(kh, 'status_certificate')?.when).toEqual({ field: 'both_reside_there', eq: false });
    expect(stepOf(kh, 'authorization')).toBeUndefined(); // marriage registration cannot be delegated

    const hkd = flow('dang-ky-hkd');
    const lines = stepOf(hkd, 'business_lines');
    expect(lines?.type === 'choice' && lines.multiple).toBe(true);
    expect(stepOf(hkd, 'business_lines_other')?.when).toEqual({ field: 'business_lines', includes: 'other' });
    expect(stepOf(hkd, 'capital')?.type).toBe('number');
    expect(stepOf(hkd, 'members_details')?.when).toEqual({ field: 'family_members', eq: true });

    const cd = flow('cham-dut-hkd');
    expect(stepOf(cd, 'certificate_number')).toBeDefined();
    expect(stepOf(cd, 'reason')?.type).toBe('choice');
    expect(stepOf(cd, 'tax_settled')?.type).toBe('yesno');

    const pa = flow('phan-anh');
    const photos = stepOf(pa, 'photos');
    expect(photos?.type === 'photo' && photos.min === 1 && photos.max === 5).toBe(true);
    expect(stepOf(pa, 'location')?.type).toBe('location');
    expect(stepOf(pa, 'reporter_name')?.when).toEqual({ field: 'share_contact', eq: true });
  });

  it('asks a non-relative helper for an authorisation in civil-status flows', () => {
    for (const id of ['khai-sinh', 'khai-tu', 'xac-nhan-hon-nhan']) {
      expect(stepOf(flow(id), 'authorization')?.when, id).toEqual({ field: 'relationship', in: ['grandchild', 'other'] });
    }
    for (const id of ['dang-ky-hkd', 'cham-dut-hkd']) {
      expect(stepOf(flow(id), 'authorization')?.when, id).toEqual({ field: 'filer', ne: 'self' });
    }
  });

  it('states the online level and never a fee amount', () => {
    for (const id of CATALOGUE) {
      const p = flow(id).procedure;
      // Only the report is not an administrative procedure; every procedure states full or partial.
      expect(p.onlineLevel === 'none', id).toBe(id === 'phan-anh');
      // No invented amounts: fee texts carry no figures of money.
      expect(p.fee.vi, id).not.toMatch(/\d[\d.,]*\s*(đ|đồng|vnd|nghìn|ngàn|triệu)/i);
      expect(p.fee.en, id).not.toMatch(/\d[\d.,]*\s*(vnd|dong|thousand|million)/i);
    }
    expect(flow('xac-nhan-hon-nhan').procedure.onlineLevel).toBe('full');
    expect(flow('ket-hon').procedure.onlineLevel).toBe('partial');
  });
});
