/**
 * @module What one recipient of a broadcast gets: the text in their language (Vietnamese when
 * there is no English), the link on its own line, and the image from the MediaStore — one
 * message, so Telegram sends a photo with the text as its caption when it fits and Zalo an
 * image followed by the text. No buttons: Zalo has none, and guidance asks for no answer.
 */
import type { Locale, OutboundMessage } from '../channels/channel.ts';
import { MotcuaError } from '../errors.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { BroadcastDraft } from './broadcast-service.ts';

export function broadcastText(draft: Pick<BroadcastDraft, 'text' | 'link'>, locale: Locale): string {
  const text = (locale === 'en' ? draft.text.en : undefined) ?? draft.text.vi;
  return draft.link ? `${text}\n\n${draft.link}` : text;
}

/** Throws BAD_REQUEST when the image is gone from the MediaStore. */
export async function renderBroadcast(draft: BroadcastDraft, locale: Locale, media: Pick<MediaStore, 'get'>): Promise<OutboundMessage[]> {
  const text = broadcastText(draft, locale);
  if (!draft.imageId) return [{ text }];
  const image = await media.get(draft.imageId);
  if (!image) throw new MotcuaError('BAD_REQUEST', `the broadcast image ${draft.imageId} is not in the media store`, { imageId: draft.imageId });
  return [{ text, image: { data: image.data, mime: image.mime } }];
}
