import { describe, expect, it } from 'vitest';
import { readFlows } from '../flows/load-flows.ts';
import { sharedCatalog } from '../i18n/locales.ts';
import { outOfScopeReply, outOfScopeTopic } from './out-of-scope.ts';
import { OUT_OF_SCOPE_TOPICS } from './out-of-scope-topics.ts';

describe('outOfScopeReply', () => {
  it('finds the topic, with or without diacritics', () => {
    expect(outOfScopeTopic('Làm hộ chiếu ở đâu')).toBe('passport');
    expect(outOfScopeTopic('gia han passport')).toBe('passport');
    expect(outOfScopeTopic('doi bang lai xe may')).toBe('driving_licence');
    expect(outOfScopeTopic('làm sổ đỏ')).toBe('land');
    expect(outOfScopeTopic('thủ tục ly hôn')).toBe('divorce');
    expect(outOfScopeTopic('nhà tôi đang cháy')).toBe('emergency');
    expect(outOfScopeTopic('kể chuyện cười')).toBe('generic');
  });

  it('has a text for every topic in both languages', () => {
    const catalog = sharedCatalog();
    for (const topic of [...Object.keys(OUT_OF_SCOPE_TOPICS), 'generic', 'supported']) {
      for (const lang of ['vi', 'en'] as const) expect(catalog[lang].has(`nlu.out_of_scope.${topic}`), `${lang} ${topic}`).toBe(true);
    }
  });

  it('says where to go and lists what it can do', () => {
    const flows = readFlows(new URL('../../test/nlu/fixtures/flows', import.meta.url).pathname).flows;
    const vi = outOfScopeReply('làm hộ chiếu', 'vi', { flows });
    expect(vi).toContain('xuất nhập cảnh');
    expect(vi).toContain('Đăng ký khai sinh');
    expect(outOfScopeReply('renew my passport', 'en', { flows })).toContain('Immigration');
    expect(outOfScopeReply('hello?', 'en')).toContain("can't help");
  });
});
