/**
 * @module The forms of the actions the lifecycle allows now — and only those. Simple steps are a
 * button with an optional note; a supplement request, the result and a rejection open a form.
 * After a refused submission the form opens again with what was typed and what is wrong.
 */
import { allowedActions } from '../../dossiers/lifecycle.ts';
import type { Dossier } from '../../dossiers/dossier.ts';
import type { ConsoleContext, FormBody } from '../console-module.ts';
import { html, type Html } from '../html.ts';
import type { StepChoice } from './answer-rows.ts';
import { isConsoleAction, type ConsoleAction } from './dossier-service-port.ts';

export interface ActionFormState {
  action: ConsoleAction;
  values: FormBody;
  error: string;
}

export interface ActionFormsInput {
  dossier: Dossier;
  steps: StepChoice[];
  /** Pre-filled address for delivery by post (the applicant's). */
  postAddress?: string;
  failed?: ActionFormState;
}

export function consoleActions(d: Dossier): ConsoleAction[] {
  return allowedActions(d.status).filter(isConsoleAction);
}

const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

export function renderActionForms(ctx: ConsoleContext, input: ActionFormsInput): Html {
  const d = input.dossier;
  const actions = consoleActions(d);
  if (actions.length === 0) return html`<p class="muted">${ctx.t('action.none', { status: ctx.t(`status.${d.status}`) })}</p>`;
  const failed = input.failed;
  const valuesFor = (a: ConsoleAction): FormBody => (failed?.action === a ? failed.values : {});
  // Focusing the message scrolls the reopened form into view (no script needed).
  const errorFor = (a: ConsoleAction): Html | '' => (failed?.action === a ? html`<p class="field-error" role="alert" tabindex="-1" autofocus>${failed.error}</p>` : '');
  const open = (a: ConsoleAction): Html | '' => (failed?.action === a ? html` open` : '');
  const start = (a: ConsoleAction, extra = ''): Html =>
    html`<form method="post" action="/console/dossiers/${d.code}/actions/${a}" class="stack action-form${extra}">${ctx.csrfField()}<input type="hidden" name="expected" value="${d.status}">`;

  const simple = (a: 'receive' | 'process' | 'complete'): Html => {
    const v = valuesFor(a);
    return html`<div class="action">
  ${start(a)}
    ${errorFor(a)}
    <label class="small">${ctx.t('action.note_optional')}<input name="note" maxlength="1000" value="${str(v.note)}"></label>
    <button type="submit" class="primary">${ctx.t(`action.${a}.button`)}</button>
  </form>
</div>`;
  };

  const supplement = (): Html => {
    const v = valuesFor('request_supplement');
    const chosen = new Set(list(v.steps));
    const group = (kind: StepChoice['kind']): Html | '' => {
      const steps = input.steps.filter((s) => s.kind === kind);
      if (steps.length === 0) return '';
      return html`<fieldset><legend>${ctx.t(`action.request_supplement.${kind === 'photo' ? 'photos' : 'fields'}`)}</legend>
        <div class="steps-list">${steps.map((s) => html`<label class="check"><input type="checkbox" name="steps" value="${s.id}"${chosen.has(s.id) ? html` checked` : ''}> ${s.label}</label>`)}</div>
      </fieldset>`;
    };
    return html`<details class="action"${open('request_supplement')}>
  <summary>${ctx.t('action.request_supplement.button')}</summary>
  ${start('request_supplement')}
    ${errorFor('request_supplement')}
    <p class="small muted">${ctx.t('action.request_supplement.help')}</p>
    ${group('field')}
    ${group('photo')}
    <label>${ctx.t('action.request_supplement.message')}<textarea name="message" rows="3" maxlength="1000" required>${str(v.message)}</textarea></label>
    <button type="submit" class="primary">${ctx.t('action.request_supplement.submit')}</button>
  </form>
</details>`;
  };

  const result = (): Html => {
    const v = valuesFor('result_ready');
    const method = str(v.method) === 'post' ? 'post' : 'pickup';
    return html`<details class="action"${open('result_ready')}>
  <summary>${ctx.t('action.result_ready.button')}</summary>
  ${start('result_ready', ' result-form')}
    ${errorFor('result_ready')}
    <fieldset class="methods"><legend>${ctx.t('action.result_ready.method')}</legend>
      <label class="check"><input type="radio" name="method" value="pickup"${method === 'pickup' ? html` checked` : ''}> ${ctx.t('action.result_ready.pickup')}</label>
      <label class="check"><input type="radio" name="method" value="post"${method === 'post' ? html` checked` : ''}> ${ctx.t('action.result_ready.post')}</label>
    </fieldset>
    <div class="for-pickup stack">
      <label>${ctx.t('action.result_ready.place')}<textarea name="place" rows="2" maxlength="300" placeholder="${ctx.t('action.result_ready.place_placeholder')}">${str(v.place)}</textarea></label>
      <label>${ctx.t('action.result_ready.hours')}<textarea name="hours" rows="2" maxlength="200">${v.hours === undefined ? ctx.t('action.result_ready.hours_default') : str(v.hours)}</textarea></label>
    </div>
    <div class="for-post stack">
      <label>${ctx.t('action.result_ready.address')}<textarea name="address" rows="2" maxlength="300">${v.address === undefined ? (input.postAddress ?? '') : str(v.address)}</textarea></label>
    </div>
    <label class="small">${ctx.t('action.note_optional')}<input name="note" maxlength="1000" value="${str(v.note)}"></label>
    <button type="submit" class="primary">${ctx.t('action.result_ready.submit')}</button>
  </form>
</details>`;
  };

  const reject = (): Html => {
    const v = valuesFor('reject');
    return html`<details class="action danger-zone"${open('reject')}>
  <summary>${ctx.t('action.reject.button')}</summary>
  ${start('reject')}
    ${errorFor('reject')}
    <label>${ctx.t('action.reject.reason')}<textarea name="note" rows="3" maxlength="1000" required>${str(v.note)}</textarea></label>
    <button type="submit" class="danger">${ctx.t('action.reject.submit')}</button>
  </form>
</details>`;
  };

  const forms: Record<ConsoleAction, () => Html> = {
    receive: () => simple('receive'),
    process: () => simple('process'),
    complete: () => simple('complete'),
    request_supplement: supplement,
    result_ready: result,
    reject,
  };
  return html`${actions.map((a) => forms[a]())}`;
}
