import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedCatalog } from '../i18n/locales.ts';

const catalog = sharedCatalog();
const fieldKeys = (lang: 'vi' | 'en'): string[] => [...catalog[lang].keys()].filter((k) => k.startsWith('fields.')).sort();
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

// The field modules this file vouches for; choice, yesno and address (ward matching) keep their own texts.
const MODULES = ['text', 'name', 'number', 'date', 'cccd', 'phone', 'email', 'location', 'photo'];

describe('locales/*/fields.yaml', () => {
  it('has exactly the same keys in Vietnamese and English', () => {
    expect(fieldKeys('vi').length).toBeGreaterThan(50);
    expect(fieldKeys('en')).toEqual(fieldKeys('vi'));
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of fieldKeys('vi')) {
      expect(placeholders(catalog.en.get(key) ?? ''), key).toEqual(placeholders(catalog.vi.get(key) ?? ''));
    }
  });

  it('has a text for every key the field modules use', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => MODULES.some((m) => f === `${m}-field.ts`))) {
      const src = readFileSync(`${dir}/${file}`, 'utf8');
      // fail('date.format'), { key: 'email.typo' }, t(locale, 'fields.photo.one'), ternaries of two keys.
      for (const m of src.matchAll(/(?<=fail\(|key: |t\([\w.]+, |\? |: )'(?:fields\.)?((?:text|name|number|date|cccd|phone|email|location|photo)\.[A-Za-z]+)'/g)) used.add(`fields.${m[1]}`);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !catalog.vi.has(k) || !catalog.en.has(k));
    expect(missing).toEqual([]);
    // And no dead texts: every key of these modules in the file is used by one of them.
    const unused = fieldKeys('vi').filter((k) => MODULES.includes(k.split('.')[1] ?? '') && !used.has(k));
    expect(unused).toEqual([]);
  });

  it('writes Vietnamese with its diacritics (no folded text slipped in)', () => {
    const vi = fieldKeys('vi').map((k) => catalog.vi.get(k) ?? '').join(' ');
    for (const folded of ['Vui long', 'so dien thoai', 'ngay sinh', 'khong']) expect(vi).not.toContain(folded);
    expect(vi).toContain('Vui lòng');
  });
});
