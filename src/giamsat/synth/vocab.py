"""Names and phrases of the synthetic country: the 34 provinces of 2025, their agencies, communes, tasks.

Province names are the real ones (VN-CONVENTIONS §3, Resolution 202/2025/QH15); communes are made-up
names built from common Vietnamese place-name syllables, so nobody mistakes them for real units.
"""

# The 34 provincial-level units from 1 July 2025; the six centrally-run cities first.
CITIES = ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"]
PROVINCES = CITIES + [
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "An Giang",
    "Cà Mau",
]
assert len(PROVINCES) == 34

# Province-level organizations: (slug, name with {unit} "tỉnh X"/"thành phố X", short name, kind, role).
# role: "party" leads the Party programme, "ubnd" issues the plan, "office" is the monitoring office,
# "issuer" issues its own implementation plan. The first entries are the ones the small scale keeps.
PROVINCE_ORGS = [
    ("tinh-uy", "{party} {name}", "{party}", "party", "party"),
    ("ubnd", "Ủy ban nhân dân {unit}", "UBND {short_unit}", "peoples_committee", "ubnd"),
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân {unit}", "VP UBND {short_unit}", "office", "office"),
    ("skhcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", "department", "issuer"),
    ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "department", "issuer"),
    ("snv", "Sở Nội vụ", "Sở NV", "department", "issuer"),
    ("stc", "Sở Tài chính", "Sở TC", "department", "issuer"),
    ("sgddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "department", "issuer"),
    ("hdnd", "Hội đồng nhân dân {unit}", "HĐND {short_unit}", "council", "council"),
    ("syt", "Sở Y tế", "Sở YT", "department", "issuer"),
    ("sct", "Sở Công Thương", "Sở CT", "department", "issuer"),
    ("stp", "Sở Tư pháp", "Sở TP", "department", "issuer"),
    ("snnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "department", "issuer"),
    ("sxd", "Sở Xây dựng", "Sở XD", "department", "issuer"),
    ("sngv", "Sở Ngoại vụ", "Sở NgV", "department", "issuer"),
    ("sdttg", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", "department", "issuer"),
    ("ttt", "Thanh tra {unit}", "Thanh tra {short_unit}", "department", "issuer"),
    ("bqlkcn", "Ban Quản lý các khu công nghiệp {unit}", "BQL các KCN", "department", "issuer"),
    ("bqlda", "Ban Quản lý dự án đầu tư xây dựng {unit}", "BQLDA ĐTXD", "department", "issuer"),
    ("ttpvhcc", "Trung tâm Phục vụ hành chính công {unit}", "TT PVHCC", "office", "issuer"),
    ("ttcds", "Trung tâm Chuyển đổi số {unit}", "TT CĐS", "department", "issuer"),
    ("btgdv", "Ban Tuyên giáo và Dân vận {party}", "Ban TG&DV", "party", "party"),
    ("btc-tu", "Ban Tổ chức {party}", "Ban TC", "party", "party"),
    ("ubkt-tu", "Ủy ban Kiểm tra {party}", "UBKT", "party", "party"),
    ("vp-tu", "Văn phòng {party}", "VP {party}", "party", "party"),
    ("ca", "Công an {unit}", "CA {short_unit}", "security", "issuer"),
    ("bchqs", "Bộ Chỉ huy Quân sự {unit}", "BCHQS", "security", "issuer"),
    ("bao-ptth", "Báo và Phát thanh, Truyền hình {name}", "Báo và PT-TH", "press", "issuer"),
    ("cong-ttdt", "Cổng Thông tin điện tử {unit}", "Cổng TTĐT", "press", "issuer"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}", "UBMTTQ", "front", "issuer"),
    ("ldld", "Liên đoàn Lao động {unit}", "LĐLĐ", "union", "issuer"),
    ("tinh-doan", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {unit}", "Tỉnh đoàn", "front", "issuer"),
    ("hlhpn", "Hội Liên hiệp Phụ nữ {unit}", "Hội LHPN", "front", "issuer"),
    ("hnd", "Hội Nông dân {unit}", "Hội ND", "front", "issuer"),
    ("hccb", "Hội Cựu chiến binh {unit}", "Hội CCB", "front", "issuer"),
    ("lhh", "Liên hiệp các Hội Khoa học và Kỹ thuật {unit}", "Liên hiệp hội KH&KT", "front", "issuer"),
    ("cd", "Trường Cao đẳng {name}", "CĐ {name}", "school", "issuer"),
    ("tct", "Trường Chính trị {unit}", "Trường Chính trị", "school", "issuer"),
    ("bhxh", "Bảo hiểm xã hội {unit}", "BHXH", "other", "issuer"),
    ("thue", "Thuế {unit}", "Thuế {short_unit}", "other", "issuer"),
    ("vnpt", "Viễn thông {name}", "VNPT {name}", "other", "issuer"),
]

MINISTRIES = [
    ("bkhcn", "Bộ Khoa học và Công nghệ", "Bộ KH&CN"),
    ("bnv", "Bộ Nội vụ", "Bộ NV"),
    ("btc", "Bộ Tài chính", "Bộ TC"),
    ("bgddt", "Bộ Giáo dục và Đào tạo", "Bộ GD&ĐT"),
    ("bca", "Bộ Công an", "Bộ CA"),
    ("bcthg", "Bộ Công Thương", "Bộ CT"),
    ("byt", "Bộ Y tế", "Bộ YT"),
    ("bvhttdl", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ VHTTDL"),
]

# Made-up commune names: two syllables, e.g. "Tân Phú", "Vĩnh Hòa".
COMMUNE_FIRST = [
    "Tân",
    "Phú",
    "An",
    "Bình",
    "Vĩnh",
    "Long",
    "Mỹ",
    "Hòa",
    "Thạnh",
    "Phước",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Hưng",
    "Thuận",
    "Quang",
    "Minh",
    "Thái",
    "Hồng",
    "Sơn",
    "Kim",
    "Ngọc",
]
COMMUNE_SECOND = [
    "Phú",
    "Hòa",
    "Lợi",
    "Thành",
    "Hưng",
    "Bình",
    "An",
    "Lộc",
    "Điền",
    "Xuân",
    "Hải",
    "Lâm",
    "Tiến",
    "Thịnh",
    "Phong",
    "Mỹ",
    "Khánh",
    "Sơn",
    "Yên",
    "Hiệp",
    "Đức",
    "Trường",
    "Tân",
    "Thủy",
]
DISTRICT_NAMES = [
    "Tam Đường",
    "Phong Thổ",
    "Sìn Hồ",
    "Mường Tè",
    "Than Uyên",
    "Tân Uyên",
    "Nậm Nhùn",
    "Văn Bàn",
    "Bảo Yên",
    "Bắc Hà",
    "Mường Khương",
    "Si Ma Cai",
]

SOLUTION_GROUP_SECTIONS = {
    1: "I. Nâng cao nhận thức, đột phá đổi mới tư duy",
    2: "II. Hoàn thiện thể chế",
    3: "III. Đầu tư, hoàn thiện hạ tầng",
    4: "IV. Phát triển nhân lực chất lượng cao",
    5: "V. Chuyển đổi số trong hệ thống chính trị",
    6: "VI. Khoa học, công nghệ và đổi mới sáng tạo trong doanh nghiệp",
    7: "VII. Hợp tác quốc tế",
}
TASK_ACTIONS = [
    "Xây dựng",
    "Triển khai",
    "Tổ chức",
    "Hoàn thiện",
    "Nâng cấp",
    "Đẩy mạnh",
    "Rà soát",
    "Tuyên truyền",
    "Đào tạo, bồi dưỡng về",
    "Số hóa",
    "Ban hành",
    "Kiểm tra, đánh giá",
]
TASK_OBJECTS = {
    1: [
        "nội dung Nghị quyết 57-NQ/TW đến cán bộ, đảng viên",
        "chuyên mục về khoa học, công nghệ trên báo, đài",
        "hội nghị quán triệt, học tập Nghị quyết",
        "cuộc thi tìm hiểu về chuyển đổi số",
    ],
    2: [
        "cơ chế, chính sách hỗ trợ đổi mới sáng tạo",
        "quy chế quản lý, chia sẻ dữ liệu",
        "quy định về thử nghiệm có kiểm soát (sandbox)",
        "danh mục thủ tục hành chính được cắt giảm",
    ],
    3: [
        "trung tâm dữ liệu của tỉnh",
        "hạ tầng mạng 5G và cáp quang đến thôn, bản",
        "nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
        "hệ thống giám sát an toàn thông tin (SOC)",
    ],
    4: [
        "đội ngũ cán bộ chuyên trách chuyển đổi số",
        "chương trình thu hút nhân lực chất lượng cao",
        "kỹ năng số cho người dân qua tổ công nghệ số cộng đồng",
        "đào tạo lại cán bộ sau sắp xếp bộ máy",
    ],
    5: [
        "cơ sở dữ liệu chuyên ngành",
        "dịch vụ công trực tuyến toàn trình",
        "hệ thống quản lý văn bản và điều hành",
        "ứng dụng định danh điện tử VNeID trong giải quyết thủ tục",
    ],
    6: [
        "hỗ trợ doanh nghiệp đổi mới công nghệ",
        "sàn giao dịch công nghệ của tỉnh",
        "mạng lưới khởi nghiệp sáng tạo",
        "thương mại điện tử cho sản phẩm OCOP",
    ],
    7: [
        "hợp tác với các viện, trường quốc tế",
        "thu hút đầu tư nước ngoài vào công nghệ cao",
        "diễn đàn đổi mới sáng tạo khu vực",
        "trao đổi chuyên gia về chuyển đổi số",
    ],
}
PRODUCTS = [
    "Kế hoạch được ban hành",
    "Báo cáo kết quả",
    "Hệ thống được đưa vào vận hành",
    "Quyết định phê duyệt",
    "Cơ sở dữ liệu được cập nhật",
    "Hội nghị được tổ chức",
    "Tài liệu tuyên truyền",
    "",
]
NARRATIVES = [
    "Đã ban hành văn bản triển khai, phân công cán bộ theo dõi.",
    "Đang phối hợp với các đơn vị liên quan hoàn thiện dự thảo.",
    "Đã tổ chức hội nghị quán triệt với {n} đại biểu tham dự.",
    "Đã cập nhật {n} hồ sơ lên hệ thống, đạt tiến độ đề ra.",
    "Đang khảo sát hiện trạng, xây dựng phương án kỹ thuật.",
    "Đã hoàn thành giai đoạn {n}, chuẩn bị nghiệm thu.",
    "Đã đăng tải {n} tin, bài trên cổng thông tin điện tử.",
]
DIFFICULTIES = [
    "Thiếu kinh phí thực hiện.",
    "Hạ tầng mạng tại vùng sâu, vùng xa còn hạn chế.",
    "Cán bộ kiêm nhiệm, chưa có chuyên trách.",
    "Dữ liệu chưa được chuẩn hóa, đồng bộ.",
]
PROPOSALS = [
    "Đề nghị bố trí bổ sung kinh phí.",
    "Đề nghị Sở KH&CN hướng dẫn kỹ thuật.",
    "Đề nghị kéo dài thời hạn đến cuối năm.",
    "Đề nghị tổ chức tập huấn cho cán bộ cơ sở.",
]

# Indicators reported monthly by every commune: (name, unit, aggregation, baseline, 2030 target, direction).
COMMUNE_INDICATORS = [
    ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình", "%", "avg", 30, 80, "increase"),
    ("Tỷ lệ hồ sơ được số hóa kết quả giải quyết", "%", "avg", 40, 100, "increase"),
    ("Số tin, bài tuyên truyền về chuyển đổi số", "tin, bài", "sum", 5, 20, "increase"),
    ("Tỷ lệ người dân trưởng thành có danh tính số", "%", "avg", 50, 95, "increase"),
    ("Tỷ lệ hộ gia đình có kết nối băng rộng cáp quang", "%", "avg", 60, 95, "increase"),
    ("Số hộ kinh doanh bán hàng trên sàn thương mại điện tử", "hộ", "sum", 10, 80, "increase"),
    ("Tỷ lệ thanh toán không dùng tiền mặt tại chợ", "%", "avg", 10, 60, "increase"),
    ("Số thành viên tổ công nghệ số cộng đồng", "người", "sum", 20, 60, "increase"),
    ("Tỷ lệ hồ sơ trễ hạn", "%", "avg", 8, 1, "decrease"),
    ("Số lượt người dân được hướng dẫn kỹ năng số", "lượt", "sum", 100, 600, "increase"),
]
PROVINCE_INDICATORS = [
    ("Tỷ trọng kinh tế số trong GRDP", "%", "latest", 8, 30, "increase"),
    ("Chi cho nghiên cứu và phát triển so với GRDP", "%", "latest", 0.4, 2, "increase"),
    ("Số doanh nghiệp công nghệ số", "doanh nghiệp", "latest", 100, 400, "increase"),
    ("Chỉ số đổi mới sáng tạo cấp tỉnh (PII)", "điểm", "latest", 30, 45, "increase"),
    ("Tỷ lệ cơ quan nhà nước sử dụng chữ ký số", "%", "latest", 80, 100, "increase"),
    ("Số sáng kiến được công nhận", "sáng kiến", "latest", 20, 60, "increase"),
]
REVIEW_NOTES = ["Số liệu chưa khớp với báo cáo thống kê.", "Thiếu tài liệu minh chứng.", "Sai đơn vị tính."]
REPORT_RESULTS = [
    "Đã triển khai đầy đủ các nhiệm vụ được giao trong kỳ.",
    "Hoàn thành phần lớn nhiệm vụ, một số nhiệm vụ đang tiếp tục thực hiện.",
]

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Hà", "Lường"]
GIVEN_NAMES = [
    "Văn Minh",
    "Thị Hồng",
    "Quốc Bảo",
    "Thu Hà",
    "Đức Anh",
    "Thị Lan",
    "Văn Hùng",
    "Ngọc Ánh",
    "Minh Tuấn",
    "Thị Mai",
    "Văn Thắng",
    "Hải Yến",
]
NOTHING = "Không phát sinh"
