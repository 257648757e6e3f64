/**
 * @module The consent request the Personal Data Protection Law (91/2025/QH15) requires before
 * collecting anything: what data, why, who controls it, how long, the right to refuse and
 * withdraw — specific to the procedure, never pre-ticked.
 */
import type { OutboundMessage } from '../channels/channel.ts';
import type { CompiledFlow } from '../flows/compile-flow.ts';
import { pick } from '../i18n/text.ts';
import { encodeChoice } from './choice-values.ts';
import { tr, type Turn } from './turn.ts';

/** A flow text placed inside a sentence: without its own final punctuation. */
function inline(text: string): string {
  return text.trim().replace(/[.;,:!。]+$/u, '');
}

export function renderConsent(turn: Turn, flow: CompiledFlow): OutboundMessage {
  const { locale } = turn.session;
  const f = flow.flow;
  const sensitive = f.steps.some((s) => s.type === 'photo' && s.sensitive);
  const lines = [
    tr(turn, 'engine.consent.intro', { title: pick(f.title, locale) }),
    tr(turn, 'engine.consent.data', { data: inline(pick(f.consent.data, locale)) }),
    tr(turn, 'engine.consent.purpose', { title: pick(f.title, locale), authority: inline(pick(f.procedure.authority, locale)) }),
    tr(turn, 'engine.consent.controller', { controller: inline(pick(turn.deps.settings.controller, locale)) }),
    tr(turn, 'engine.consent.retention', { days: turn.deps.settings.retentionDays }),
    ...(sensitive ? [tr(turn, 'engine.consent.sensitive')] : []),
    tr(turn, 'engine.consent.rights'),
    '',
    tr(turn, 'engine.consent.question'),
  ];
  return {
    text: lines.join('\n'),
    choices: [
      { label: tr(turn, 'engine.consent.yes_button'), value: encodeChoice({ kind: 'consent', yes: true }) },
      { label: tr(turn, 'engine.consent.no_button'), value: encodeChoice({ kind: 'consent', yes: false }) },
    ],
  };
}
