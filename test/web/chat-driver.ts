/**
 * @module Drives the web chat page like a person: reads the bot's last question on the page,
 * finds the flow step it asks (by its question text, or by the step id its buttons carry),
 * and answers it — tapping buttons where offered, typing otherwise, uploading photos and
 * sending the browser's location. Every action waits for the bot's reply.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';

export interface BotMessage {
  text: string;
  error: boolean;
  local: boolean;
  choices: { label: string; value: string; disabled: boolean }[];
}

/** What a flow file says about a step — only what the driver needs, read leniently. */
export interface StepInfo {
  id: string;
  type: string;
  optional: boolean;
  asks: string[];
  options: string[];
  min?: number;
  max?: number;
  minLength?: number;
}

export interface FlowInfo {
  id: string;
  steps: StepInfo[];
}

function askTexts(ask: unknown): string[] {
  if (typeof ask === 'string') return [ask];
  if (!ask || typeof ask !== 'object') return [];
  return Object.values(ask as Record<string, unknown>).flatMap(askTexts);
}

export function readFlow(path: string): FlowInfo {
  const doc = parse(readFileSync(path, 'utf8')) as { id: string; steps: Record<string, unknown>[] };
  return {
    id: doc.id,
    steps: doc.steps.map((s) => ({
      id: String(s.id),
      type: String(s.type),
      optional: s.optional === true,
      asks: askTexts(s.ask).filter((a) => a.length > 0),
      options: Array.isArray(s.options) ? s.options.map((o: { value: string }) => String(o.value)) : [],
      ...(typeof s.min === 'number' ? { min: s.min } : {}),
      ...(typeof s.max === 'number' ? { max: s.max } : {}),
      ...(typeof s.minLength === 'number' ? { minLength: s.minLength } : {}),
    })),
  };
}

/** How to answer a step: type a text, tap an option value, skip, send photos or the location. */
export type Answer =
  | { text: string }
  | { option: string }
  | { skip: true }
  | { photos: string[] }
  | { location: true };

export class ChatDriver {
  /** Every question the driver answered, for failure messages. */
  readonly transcript: string[] = [];

  constructor(readonly page: Page) {}

  /** Bot bubbles on the page, in order (text without the screen-reader prefix). */
  async botMessages(): Promise<BotMessage[]> {
    return this.page.$$eval('#messages > li.msg.bot', (lis) =>
      lis.map((li) => {
        const bubble = li.querySelector('.bubble')!.cloneNode(true) as HTMLElement;
        bubble.querySelectorAll('.sr-only').forEach((n) => n.remove());
        return {
          text: bubble.textContent ?? '',
          error: li.classList.contains('error'),
          local: li.classList.contains('local'),
          choices: Array.from(li.querySelectorAll<HTMLButtonElement>('.choices button')).map((b) => ({
            label: b.textContent ?? '',
            value: b.dataset.value ?? '',
            disabled: b.disabled,
          })),
        };
      }),
    );
  }

  async lastBot(): Promise<BotMessage> {
    const all = await this.botMessages();
    const last = all[all.length - 1];
    if (!last) throw new Error('no bot message on the page');
    return last;
  }

  /** Waits until the page shows more than `count` bot messages and nothing is in flight. */
  async waitForBot(count: number, timeout = 20_000): Promise<void> {
    await this.page.waitForFunction(
      (n) => document.querySelectorAll('#messages > li.msg.bot').length > n && (document.getElementById('typing') as HTMLElement).hidden,
      count,
      { timeout },
    );
  }

  async botCount(): Promise<number> {
    return this.page.locator('#messages > li.msg.bot').count();
  }

  /** Runs `act` and waits for the bot's answer to it. */
  async expectReply(act: () => Promise<void>): Promise<BotMessage> {
    const before = await this.botCount();
    await act();
    await this.waitForBot(before);
    return this.lastBot();
  }

  async tapValue(value: string): Promise<BotMessage> {
    // The open question's buttons are the enabled ones (an error note may come after them).
    return this.expectReply(() => this.page.locator(`#messages .choices button[data-value="${value}"]:not(:disabled)`).last().click());
  }

  async type(text: string): Promise<BotMessage> {
    return this.expectReply(async () => {
      await this.page.locator('#text').fill(text);
      await this.page.locator('#text').press('Enter');
    });
  }

  async sendPhoto(path: string): Promise<BotMessage> {
    return this.expectReply(() => this.page.locator('#photo-pick').setInputFiles(path));
  }

  async sendLocation(): Promise<BotMessage> {
    return this.expectReply(() => this.page.locator('#locate').click());
  }

  /** The step a bot message asks, recognised by its question text or its buttons' values. */
  stepOf(flow: FlowInfo, msg: BotMessage): StepInfo | undefined {
    const byText = flow.steps.find((s) => s.asks.some((a) => msg.text.startsWith(a) || msg.text.includes(a)));
    if (byText) return byText;
    for (const c of msg.choices) {
      const m = /^a:([^:]+):/.exec(c.value);
      const step = m && flow.steps.find((s) => s.id === m[1]);
      if (step) return step;
    }
    return undefined;
  }

  /**
   * Answers every question until the bot shows a tracking code. `answers` by step id; steps
   * without an entry get `fallback(step)`. Fails with the conversation so far when the bot
   * asks the same thing three times (an answer it does not accept) or something unknown.
   */
  async completeFlow(flow: FlowInfo, answers: Record<string, Answer>, fallback: (s: StepInfo) => Answer, maxTurns = 80): Promise<string> {
    let same = 0;
    let previous = '';
    // A receipt for a photo ("Đã nhận 1/3 ảnh" + Xong) belongs to the photo step asked before it.
    let current: StepInfo | undefined;
    for (let turn = 0; turn < maxTurns; turn++) {
      const msg = await this.lastBot();
      const code = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/.exec(msg.text);
      if (code) return code[0];
      if (msg.error) this.fail(`the page shows an error: ${msg.text}`);
      same = msg.text === previous ? same + 1 : 0;
      previous = msg.text;
      if (same >= 2) this.fail(`the bot asked the same thing three times: ${msg.text}`);
      this.transcript.push(`BOT: ${msg.text}${msg.choices.length ? ` [${msg.choices.map((c) => c.value).join(' | ')}]` : ''}`);

      const values = msg.choices.filter((c) => !c.disabled).map((c) => c.value);
      // Prompts the engine itself makes (consent, summary, pick a candidate).
      if (values.includes('consent:yes')) { await this.act('tap consent:yes', () => this.tapValue('consent:yes')); continue; }
      if (values.includes('review:confirm')) { await this.act('tap review:confirm', () => this.tapValue('review:confirm')); continue; }
      if (values.includes('confirm:yes')) { await this.act('tap confirm:yes', () => this.tapValue('confirm:yes')); continue; }
      const pick = values.find((v) => v.startsWith('pick:'));
      if (pick) { await this.act(`tap ${pick}`, () => this.tapValue(pick)); continue; }

      const step = this.stepOf(flow, msg) ?? (values.includes('cmd:done') && current?.type === 'photo' ? current : undefined);
      if (!step) this.fail(`cannot tell which step this question is: ${msg.text}`);
      current = step;
      if (step.type === 'photo' && values.includes('cmd:done') && /\d\/\d/.test(msg.text)) {
        // A multi-photo step after at least one photo: the answer says how many to send.
        const wanted = answers[step.id];
        const sent = Number(/(\d+)\/\d+/.exec(msg.text)?.[1] ?? '0');
        const total = wanted && 'photos' in wanted ? wanted.photos.length : 1;
        if (sent >= total) { await this.act('tap cmd:done', () => this.tapValue('cmd:done')); continue; }
        await this.act(`photo ${sent + 1} for ${step.id}`, () => this.sendPhoto((wanted as { photos: string[] }).photos[sent]!));
        continue;
      }
      const answer = answers[step.id] ?? fallback(step);
      await this.answer(step, answer, values);
    }
    return this.fail(`no tracking code after ${maxTurns} turns`);
  }

  private async answer(step: StepInfo, a: Answer, values: string[]): Promise<void> {
    if ('skip' in a) {
      if (values.includes('cmd:skip')) await this.act(`skip ${step.id}`, () => this.tapValue('cmd:skip'));
      else await this.act(`type bỏ qua for ${step.id}`, () => this.type('bỏ qua'));
      return;
    }
    if ('option' in a) {
      const value = `a:${step.id}:${a.option}`;
      if (values.includes(value)) await this.act(`tap ${value}`, () => this.tapValue(value));
      else this.fail(`step ${step.id}: no button ${value} among ${values.join(', ')}`);
      return;
    }
    if ('photos' in a) {
      await this.act(`photo 1 for ${step.id}`, () => this.sendPhoto(a.photos[0]!));
      return;
    }
    if ('location' in a) {
      await this.act(`location for ${step.id}`, () => this.sendLocation());
      return;
    }
    await this.act(`type ${JSON.stringify(a.text)} for ${step.id}`, () => this.type(a.text));
  }

  private async act(what: string, fn: () => Promise<unknown>): Promise<void> {
    this.transcript.push(`YOU: ${what}`);
    try {
      await fn();
    } catch (e) {
      this.fail(`${what} failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }

  fail(why: string): never {
    throw new Error(`${why}\n--- conversation (last 12) ---\n${this.transcript.slice(-12).join('\n')}`);
  }
}
