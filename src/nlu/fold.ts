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
