/**
 * @module zca-js, typed. zca-js 2.2.0's `index.d.ts` says `export * from "./dist"` — a
 * directory import without an extension, which TypeScript's NodeNext resolution (ours) cannot
 * follow, so `import { Zalo } from 'zca-js'` type-checks as "no exported member". The runtime
 * module is fine; this file takes the values from it and the types from the declaration file
 * itself, in one place. (With `"paths": { "zca-js": ["./node_modules/zca-js/dist/index.d.ts"] }`
 * in tsconfig this file could become a plain re-export.)
 */
import * as runtime from 'zca-js';
import type * as Typed from '../../../node_modules/zca-js/dist/index.js';

export type { API, ImageMetadataGetterResponse, Message, MessageContent, Style, TMessage, TGroupMessage, LoginQRCallbackEvent } from '../../../node_modules/zca-js/dist/index.js';

// The declarations cannot be attached to the runtime import (see above); `any` is the bridge,
// confined to this line.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped: any = runtime;

export const zca: typeof Typed = untyped;
