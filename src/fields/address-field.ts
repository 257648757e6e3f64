/**
 * @module The `address` step: one message with house/street and ward ("12 Nguyễn Trãi, p11 Gò Vấp")
 * becomes the ward as it is after the July 2025 reform. An old ward is mapped and the citizen told
 * so; several possible wards become a `clarify` question with 2–4 complete addresses to pick from.
 */
import { z } from 'zod';
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import type { AreaMatch, AreaOption } from '../address/area.ts';
import { areaLabel, lowerKind, oldAreaLabel, wardInSentence } from '../address/format-area.ts';
import { resolveArea } from '../address/resolve-area.ts';
import { splitAddress } from '../address/split-address.ts';
import type { FieldError, FieldResult, FieldType, Json } from './field-type.ts';

type AddressStep = Extract<Step, { type: 'address' }>;

/** What an address step stores (JSON, in context, Redis and the dossier). */
export const AddressValueSchema = z.strictObject({
  /** As typed: "12 Nguyễn Trãi". */
  /** Empty for ward-only steps. */
  street: z.string(),
  wardCode: z.string(),
  /** "Phường Bến Thành". */
  ward: z.string(),
  /** "Thành phố Hồ Chí Minh", "Tỉnh Cao Bằng". */
  province: z.string(),
  provinceCode: z.string(),
  /** The whole address as shown: "12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh". */
  text: z.string(),
});
export type AddressValue = z.infer<typeof AddressValueSchema>;
const DisplayableSchema = z.object({ text: z.string() });

export interface AddressFieldOptions {
  /** Province assumed when the citizen names none (code or name). Default: Hồ Chí Minh City. */
  province?: string;
}

/** Longer than any real address; also bounds the work of reading one. */
export const MAX_ADDRESS_LENGTH = 300;

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

function toValue(street: string, o: AreaOption): AddressValue & { [k: string]: Json } {
  return {
    street,
    wardCode: o.ward.code,
    ward: o.ward.name,
    province: o.province.fullName,
    provinceCode: o.province.code,
    text: street ? `${street}, ${areaLabel(o.ward, o.province)}` : areaLabel(o.ward, o.province),
  };
}

/** "Phường 11, quận Gò Vấp cũ nay thuộc phường Thông Tây Hội, TP. Hồ Chí Minh." */
function oldNote(o: AreaOption): FieldError | undefined {
  if (!o.fromOld) return undefined;
  return { key: 'address.old_mapped', params: { old: oldAreaLabel(o.fromOld), ward: wardInSentence(o.ward), province: o.province.label } };
}

/** "Bạn ở phường nào?" worded after why several wards fit. */
function question(m: Extract<AreaMatch, { kind: 'candidates' }>): FieldError {
  const old = m.subject ? lowerKind(m.subject) : '';
  const more = m.total > m.options.length;
  switch (m.reason) {
    case 'district':
      return { key: more ? 'address.clarify_district_more' : 'address.clarify_district', params: { old: capitalise(old), count: m.total } };
    case 'split': {
      const from = m.options[0]?.fromOld;
      return { key: 'address.clarify_split', params: { old: from ? oldAreaLabel(from) : (m.subject ?? '') } };
    }
    case 'need_district': {
      const district = m.options[0]?.fromOld?.district;
      return { key: more ? 'address.clarify_need_district_more' : 'address.clarify_need_district', params: { old, example: `${old}, ${district ? lowerKind(district) : ''}` } };
    }
    case 'ambiguous':
      return { key: m.options.length === 1 ? 'address.clarify_confirm' : 'address.clarify_ambiguous' };
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A street part is at least a word ("12 Nguyễn Trãi", "tổ 3, ấp 2", "hẻm 34"); a bare number is not. */
function hasStreet(street: string): boolean {
  return /\p{L}{2,}/u.test(street);
}

/**
 * An address field assuming `opts.province` when none is named.
 * @example createAddressField({ province: 'Hà Nội' })
 */
export function createAddressField(opts: AddressFieldOptions = {}): FieldType<AddressStep> {
  const resolveOpts = opts.province ? { province: opts.province } : {};
  return {
    parse(event, step, ctx): FieldResult {
      const text = event.kind === 'text' ? event.text : event.kind === 'choice' ? event.value : undefined;
      if (text === undefined) return fail('address.need_text');
      if (text.length > MAX_ADDRESS_LENGTH) return fail('address.too_long', { count: text.length, max: MAX_ADDRESS_LENGTH });
      const split = splitAddress(text.trim(), resolveOpts);
      const street = split.street.replace(/\s+/g, ' ');
      const area = split.area;
      if (!area) return fail(hasStreet(street) ? 'address.need_area' : 'address.how_to');
      const match = resolveArea(area, resolveOpts);
      if (match.kind === 'none') return match.province ? fail('address.need_ward', { province: match.province.label }) : fail('address.not_found', { area });
      if (step.street === 'required' && !hasStreet(street)) return fail('address.need_street');
      if (match.kind === 'exact') {
        const note = oldNote(match);
        return note ? { ok: true, value: toValue(street, match), note } : { ok: true, value: toValue(street, match) };
      }
      // Labels show the old ward when it tells the options apart (which "phường 11"; the new Tân Định or
      // the old Tân Định of Bến Cát); not for a district's or a split ward's parts, which share it.
      const showOld = match.reason === 'need_district' || match.reason === 'ambiguous';
      return {
        ok: 'clarify',
        question: question(match),
        candidates: match.options.map((o) => ({
          label: showOld && o.fromOld?.ward ? t(ctx.locale, 'address.option_old', { area: areaLabel(o.ward, o.province), old: lowerKind(oldAreaLabel(o.fromOld)) }) : areaLabel(o.ward, o.province),
          value: toValue(street, o),
        })),
      };
    },

    display(value: Json): string {
      // Any stored shape with a `text` (also values saved before wards were matched) shows as typed.
      const v = DisplayableSchema.safeParse(value);
      return v.success ? v.data.text : typeof value === 'string' ? value : JSON.stringify(value);
    },

    hint(step: AddressStep, locale: Locale): string {
      return t(locale, step.street === 'required' ? 'address.format_hint' : 'address.format_hint_area');
    },
  };
}

/** The address field for the deployment's default province (Hồ Chí Minh City). */
export const addressField: FieldType<AddressStep> = createAddressField();
