import { describe, expect, it } from 'vitest';
import { readSession, SessionSchema } from './session.ts';

const context = (answers: string) => `{"answers":${answers},"trail":["a"],"editing":false,"today":"2026-11-28","draft":[]}`;
const stored = (answers: string) =>
  `{"v":1,"locale":"vi","flow":{"id":"khai-sinh","version":1,"runId":"r","consentAt":"2026-11-28T00:00:00.000Z","state":{"value":"b","context":${context(answers)}}},"updatedAt":"2026-11-28T00:00:00.000Z"}`;

/** What SessionSchema alone makes of a stored session: readSession must agree, whichever way it reads. */
function bySchema(raw: string): unknown {
  const r = SessionSchema.safeParse(JSON.parse(raw));
  return r.success ? { ok: true, session: r.data } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

describe('readSession', () => {
  it.each([
    ['ordinary answers', '{"a":"x","b":null,"c":{"street":"12","n":[1,2,{"d":true}]}}'],
    ['no answers', '{}'],
    ['an own __proto__ key (the record schema drops it)', '{"a":"x","__proto__":{"b":1}}'],
    ['an answer that is no JSON value', '{"a":"x","b":1e999}'],
    ['answers that are a list', '["x"]'],
    ['answers that are a string', '"x"'],
  ])('reads %s exactly as SessionSchema does', (_what, answers) => {
    const raw = stored(answers);
    expect(readSession(raw)).toEqual(bySchema(raw));
  });
  it.each([
    ['a trail with a number', '{"a":"x"}', '["a",1]', '[]'],
    ['a draft that is no list', '{}', '["a"]', '{"0":"p"}'],
    ['a draft with a photo id and a number', '{}', '[]', '["p1",2]'],
    ['a draft with no JSON value', '{}', '[]', '[1e999]'],
  ])('reads %s exactly as SessionSchema does', (_what, answers, trail, draft) => {
    const raw = stored(answers).replace('"trail":["a"]', `"trail":${trail}`).replace('"draft":[]', `"draft":${draft}`);
    expect(readSession(raw)).toEqual(bySchema(raw));
  });

  it('reads a supplement exactly as SessionSchema does, steps empty or not', () => {
    for (const steps of ['[]', '["a"]', '["a",2]']) {
      const raw = `{"v":1,"locale":"en","supplement":{"code":"HS-7K2M-9QXD","flowId":"khai-sinh","steps":${steps},"index":0,"answers":{"a":1},"draft":[],"proxy":false},"updatedAt":"x"}`;
      expect(readSession(raw)).toEqual(bySchema(raw));
    }
  });
});
