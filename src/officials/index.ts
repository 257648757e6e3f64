/** @module Officials who log in to the console: accounts, roles, password hashing. */
export * from './official.ts';
export * from './officials-store.ts';
export * from './password-hash.ts';
export * from './official-links.ts';
