import { describe, expect, it } from 'vitest';
import { splitAddress } from './split-address.ts';

describe('splitAddress', () => {
  it.each([
    ['12 Nguyễn Trãi, p11 Gò Vấp', '12 Nguyễn Trãi', 'p11 Gò Vấp'],
    ['12 Nguyễn Trãi p11 Gò Vấp', '12 Nguyễn Trãi', 'p11 Gò Vấp'],
    ['số 5 hẻm 34 Lê Văn Sỹ, phường 14, quận 3', 'số 5 hẻm 34 Lê Văn Sỹ', 'phường 14, quận 3'],
    ['tổ 3, ấp 2, xã Bình Chánh', 'tổ 3, ấp 2', 'xã Bình Chánh'],
    // No comma, no kind word: the area is the longest tail that names a ward.
    ['12 Nguyễn Trãi Bến Thành', '12 Nguyễn Trãi', 'Bến Thành'],
    ['45 Bình Thới, P.14, Q.11, TP.HCM', '45 Bình Thới', 'P.14, Q.11, TP.HCM'],
    // Street names containing kind words ("Huyền", "Tỉnh lộ") stay in the street.
    ['88 Huyền Trân Công Chúa, p Bến Thành, q1', '88 Huyền Trân Công Chúa', 'p Bến Thành, q1'],
    ['123/4 Tỉnh lộ 10, Bình Tân', '123/4 Tỉnh lộ 10', 'Bình Tân'],
    ['Số 7 đường số 3, khu phố 2, phường Linh Trung, TP Thủ Đức', 'Số 7 đường số 3, khu phố 2', 'phường Linh Trung, TP Thủ Đức'],
    ['12 Phố Huế, phường Ba Đình, Hà Nội', '12 Phố Huế', 'phường Ba Đình, Hà Nội'],
    // A typo in the ward: split at the kind word, or at the last comma.
    ['12 Nguyễn Trãi, phường Bến Thnah', '12 Nguyễn Trãi', 'phường Bến Thnah'],
    ['12 Nguyen Trai, Ben Thnah', '12 Nguyen Trai', 'Ben Thnah'],
    ['12 nguyen trai, tphcm', '12 nguyen trai', 'tphcm'],
    ['12 Nguyễn Trãi, Bến Thành ward, HCMC', '12 Nguyễn Trãi', 'Bến Thành ward, HCMC'],
    ['p11 go vap', '', 'p11 go vap'],
    ['12 Nguyễn Trãi', '12 Nguyễn Trãi', ''],
  ])('%j', (text, street, area) => {
    expect(splitAddress(text)).toEqual({ street, area });
  });
});
