/** @module Addresses after the July 2025 reform: re-exports only. */
export type { AreaMatch, AreaOption, CandidateReason, OldArea, Province, Ward, WardType } from './area.ts';
export { addressIndex, buildAddressIndex, nameKey, type AddressIndex, type AddressIndexStats, type OldDistrict, type OldWard, type ProvinceIndex } from './address-index.ts';
export { loadAddressData, parseAddressData, type AddressData, type AddressDataFacts, type WardMapping } from './address-data.ts';
export { areaLabel, lowerKind, oldAreaLabel, wardInSentence } from './format-area.ts';
export { DEFAULT_PROVINCE, MAX_CANDIDATES, homeProvince, resolveArea, resolveTokens, type ResolveOptions } from './resolve-area.ts';
export { splitAddress, type SplitAddress } from './split-address.ts';
export { tokenizeArea, type AreaToken, type Marker } from './area-tokens.ts';
export { measureIndex, measureLookups, type IndexCost } from './measure-address.ts';
