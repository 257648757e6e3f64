/** @module Paths of test fixtures. */
export const FIXTURE_FLOWS = new URL('../fixtures/flows', import.meta.url).pathname;
