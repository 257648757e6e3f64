/**
 * @module Headers of the console's own resources (dossier photos, broadcast images, the Zalo
 * login QR): never stored by a browser or a proxy, never shown to another site or indexed.
 */
export const PRIVATE_HEADERS = {
  'cache-control': 'no-store, max-age=0',
  pragma: 'no-cache',
  expires: '0',
  'cross-origin-resource-policy': 'same-origin',
  'content-disposition': 'inline',
  'x-robots-tag': 'noindex',
} as const;
