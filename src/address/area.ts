/**
 * @module The shapes of Vietnam's administrative areas after the 1 July 2025 reform
 * (two tiers: 34 provinces, then wards/communes/special zones) and what resolving a
 * citizen's free text into one of them returns.
 */

/** A province-level unit: a centrally-governed city ("Thành phố Hồ Chí Minh") or a province ("Cao Bằng"). */
export interface Province {
  /** Two-digit code from the package ("79" for Hồ Chí Minh City). */
  code: string;
  /** As the data names it: "Thành phố Hồ Chí Minh", "Cao Bằng". */
  name: string;
  /** With its kind, as written on forms: "Thành phố Hồ Chí Minh", "Tỉnh Cao Bằng". */
  fullName: string;
  /** Short, as written in addresses: "TP. Hồ Chí Minh", "Tỉnh Cao Bằng". */
  label: string;
  kind: 'city' | 'province';
}

export type WardType = 'phuong' | 'xa' | 'dac_khu';

/** A commune-level unit after the reform: phường (urban ward), xã (commune) or đặc khu (special zone). */
export interface Ward {
  /** Five-digit code from the package ("26734" for Phường Sài Gòn). */
  code: string;
  /** "Phường Bến Thành", "Xã Bình Chánh", "Đặc khu Côn Đảo". */
  name: string;
  type: WardType;
  /** The name without its kind: "Bến Thành". */
  core: string;
  provinceCode: string;
}

/** Where an old (pre-July 2025) address pointed, with names as the data spells them. */
export interface OldArea {
  /** "Phường 11"; absent when only an old district was given (e.g. "Huyện Côn Đảo"). */
  ward?: string;
  /** "Quận Gò Vấp", "Thành phố Thủ Đức". */
  district: string;
}

export interface AreaOption {
  ward: Ward;
  province: Province;
  /** Set when the text named an old ward/district and the data mapped it to this ward. */
  fromOld?: OldArea;
}

/**
 * Why several wards fit, so the question can say what is missing:
 * - `district`: an old district name ("Bình Thạnh", "Q1") that is now several wards;
 * - `split`: an old ward that the reform divided among several new wards;
 * - `need_district`: an old ward name found in several old districts ("phường 11");
 * - `ambiguous`: the text fits several names (a typo, or names that differ only in tone marks).
 */
export type CandidateReason = 'district' | 'split' | 'need_district' | 'ambiguous';

export type AreaMatch =
  | ({ kind: 'exact' } & AreaOption)
  | {
      kind: 'candidates';
      reason: CandidateReason;
      /** The 2–4 closest, best first (a lone fuzzy guess may come as one, to confirm). */
      options: AreaOption[];
      /** How many fitted before cutting to `options` (e.g. an old district that became 12 wards). */
      total: number;
      /** What the text named, as the data spells it: "Quận Bình Thạnh", "Phường 13, Quận Gò Vấp", "Phường 11". */
      subject?: string;
    }
  /** No ward found; `province` is set when the text named only a province ("hcm", "Hà Nội"). */
  | { kind: 'none'; province?: Province };
