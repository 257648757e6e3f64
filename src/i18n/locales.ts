/**
 * @module Shared bot texts from `locales/<lang>/<namespace>.yaml`, looked up as
 * `namespace.path.to.key`. Both languages must have the same keys (a test checks it).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Locale } from '../channels/channel.ts';
import { MotcuaError } from '../errors.ts';
import { fill, LOCALES } from './text.ts';

export const DEFAULT_LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

type Tree = { [k: string]: string | Tree };
const TreeSchema: z.ZodType<Tree> = z.lazy(() => z.record(z.string(), z.union([z.string(), TreeSchema])));

export type Catalog = Record<Locale, Map<string, string>>;

function flatten(tree: Tree, prefix: string, out: Map<string, string>): void {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
}

/** Reads every `locales/<lang>/*.yaml`; throws naming the file when one is malformed. */
export function loadCatalog(dir: string = DEFAULT_LOCALES_DIR): Catalog {
  const catalog = {} as Catalog;
  for (const lang of LOCALES) {
    const map = new Map<string, string>();
    const langDir = join(dir, lang);
    for (const file of readdirSync(langDir).filter((f) => f.endsWith('.yaml')).sort()) {
      const path = join(langDir, file);
      const parsed = TreeSchema.safeParse(parseYaml(readFileSync(path, 'utf8')) ?? {});
      if (!parsed.success) {
        throw new MotcuaError('CONFIG_INVALID', `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      flatten(parsed.data, basename(file, '.yaml'), map);
    }
    catalog[lang] = map;
  }
  return catalog;
}

export type Translate = (locale: Locale, key: string, params?: Record<string, string | number>) => string;

let shared: Catalog | undefined;

/** The catalog from the repository's `locales/`, loaded once. */
export function sharedCatalog(): Catalog {
  shared ??= loadCatalog();
  return shared;
}

/**
 * A translator over a catalog. A missing key is a bug (the parity test catches it in CI);
 * at run time it falls back to the other language, then to the key itself, rather than crash a chat.
 */
export function translator(catalog: Catalog = sharedCatalog()): Translate {
  return (locale, key, params) => {
    const s = catalog[locale].get(key) ?? catalog[locale === 'vi' ? 'en' : 'vi'].get(key) ?? key;
    return params ? fill(s, params) : s;
  };
}

let sharedT: Translate | undefined;

/** The translator over the repository's locales. */
export const t: Translate = (locale, key, params) => (sharedT ??= translator())(locale, key, params);
