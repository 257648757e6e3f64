/**
 * @module Diacritic folding: the one normal form every matcher compares in.
 * "Đăng ký  Kết hôn!" → "dang ky ket hon". Citizens often type without tones.
 */

const COMBINING = /[\u0300-\u036f]/g;

/** NFC, lower-case, tones and marks removed (đ → d), punctuation to spaces, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Lower-case NFC with spacing and punctuation cleaned, tones kept. */
export function tidy(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const foldCache = new Map<string, string>();

/**
 * Folds one token that is already lower-case and free of punctuation ("đăng" → "dang").
 * Cached: the classifier folds every syllable of every message, and the vocabulary is small.
 */
export function foldToken(token: string): string {
  let out = foldCache.get(token);
  if (out === undefined) {
    out = token.normalize('NFD').replace(COMBINING, '').replace(/đ/g, 'd');
    if (foldCache.size >= 50_000) foldCache.clear();
    foldCache.set(token, out);
  }
  return out;
}
