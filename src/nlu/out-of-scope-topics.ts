/**
 * @module What citizens ask for that this assistant does not handle yet, by topic, so the
 * reply can say where to go instead. Order matters: the first topic found names the reply
 * ("bằng lái" before "xe"). Each topic has a text under `nlu.out_of_scope.<topic>`.
 */

export const OUT_OF_SCOPE_TOPICS = {
  emergency: ['cháy nhà', 'hỏa hoạn', 'đang cháy', 'cháy', 'có trộm', 'ăn trộm', 'cướp', 'cấp cứu', 'xe cấp cứu', 'fire', 'robbery', 'ambulance', 'emergency'],
  passport: ['hộ chiếu', 'passport', 'xuất cảnh', 'xuất nhập cảnh'],
  visa: ['visa', 'thị thực', 'thẻ tạm trú cho người nước ngoài', 'giấy phép lao động', 'work permit'],
  driving_licence: [
    'bằng lái', 'giấy phép lái xe', 'lái xe', 'học lái', 'thi bằng', 'bằng lái xe', 'driving licence', 'driving license',
    "driver's license", 'drivers license', 'driver license',
  ],
  vehicle: ['biển số', 'đăng kí xe', 'sang tên xe', 'giấy đăng kí xe', 'cà vẹt', 'đăng kiểm', 'number plate', 'vehicle registration'],
  land: [
    'sổ đỏ', 'sổ hồng', 'đất đai', 'nhà đất', 'thửa đất', 'tách thửa', 'quyền sử dụng đất', 'mảnh đất', 'mua đất', 'tranh chấp đất',
    'sang tên nhà', 'land title', 'land use', 'red book', 'pink book',
  ],
  residence: ['tạm trú', 'thường trú', 'tạm vắng', 'hộ khẩu', 'cư trú', 'residence registration', 'temporary residence', 'permanent residence'],
  id_card: [
    'làm căn cước', 'cấp căn cước', 'đổi căn cước', 'cấp lại căn cước', 'căn cước bị mất', 'làm lại căn cước', 'đổi căn cước công dân',
    'làm căn cước công dân', 'căn cước gắn chip', 'chip', 'định danh điện tử', 'vneid', 'mất căn cước', 'báo mất căn cước', 'id card', 'identity card',
  ],
  divorce: ['ly hôn', 'ly dị', 'quyền nuôi con', 'divorce'],
  tax: ['thuế', 'mã số thuế', 'quyết toán', 'hoàn thuế', 'tax'],
  insurance: [
    'bảo hiểm xã hội', 'bảo hiểm y tế', 'thẻ bảo hiểm', 'lương hưu', 'trợ cấp thất nghiệp', 'thất nghiệp', 'social insurance', 'health insurance', 'pension',
  ],
  criminal_record: ['lý lịch tư pháp', 'criminal record'],
  building_permit: ['giấy phép xây dựng', 'cấp phép xây dựng', 'xin phép xây', 'xin phép xây dựng', 'xin phép sửa nhà', 'building permit', 'construction permit'],
  company: ['công ty', 'doanh nghiệp', 'trách nhiệm hữu hạn', 'tnhh', 'cổ phần', 'company', 'enterprise', 'corporation'],
  civil_status_other: [
    'trích lục', 'bản sao', 'cải chính', 'thay đổi họ tên', 'thay đổi tên', 'đổi tên', 'đổi họ', 'con nuôi', 'giám hộ', 'nhận cha', 'nhận mẹ',
    'nhận cha mẹ', 'quốc tịch', 'chứng thực', 'công chứng', 'xác định lại dân tộc', 'adoption', 'adopt', 'certified copy', 'notarize',
  ],
  weather: ['thời tiết', 'trời mưa', 'có mưa', 'mưa không', 'bão', 'nhiệt độ', 'nắng nóng', 'weather', 'rain', 'forecast'],
} as const satisfies Record<string, readonly string[]>;

export type OutOfScopeTopic = keyof typeof OUT_OF_SCOPE_TOPICS | 'generic';
