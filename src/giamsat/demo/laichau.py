"""The demo province: the organizations of Lai Châu named in the seed documents.

Names and abbreviations are those the seed documents and provincial practice use. The district
level was abolished on 01/07/2025 (Resolution 202/2025/QH15 and the commune reorganization); the
demo records the districts with their end date, and the split of Thành phố Lai Châu into the two
wards that succeeded it, so that "who is responsible now" has something true to show.
"""

import datetime as dt

REORG_DAY = dt.date(2025, 7, 1)
ICT_MERGE_DAY = dt.date(2025, 3, 1)

# (code, name, short name, kind, level, aliases, parent code)
ORGANIZATIONS = [
    ("bct", "Bộ Chính trị", "BCT", "party", "central", ["Bộ Chính trị Ban Chấp hành Trung ương Đảng"], None),
    ("chinh-phu", "Chính phủ", "CP", "ministry", "central", ["Chính phủ nước CHXHCN Việt Nam"], None),
    ("tinh-uy", "Tỉnh ủy Lai Châu", "Tỉnh ủy", "party", "province",
     ["Ban Thường vụ Tỉnh ủy", "BTV Tỉnh ủy", "Tỉnh uỷ", "TT.Tỉnh ủy", "Thường trực Tỉnh ủy", "TU"], None),
    ("btgdv", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban TG&DV Tỉnh ủy",
     "party", "province", ["Ban Tuyên giáo &Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận"], "tinh-uy"),
    ("hdnd", "Hội đồng nhân dân tỉnh Lai Châu", "HĐND tỉnh", "council", "province",
     ["HĐND tỉnh", "TT.HĐND tỉnh", "Thường trực HĐND tỉnh"], None),
    ("ubnd", "Ủy ban nhân dân tỉnh Lai Châu", "UBND tỉnh", "peoples_committee", "province",
     ["UBND tỉnh", "UBND tỉnh Lai Châu", "Uỷ ban nhân dân tỉnh Lai Châu", "Ủy ban nhân dân tỉnh", "UBT"], None),
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh Lai Châu", "VP UBND tỉnh", "office", "province",
     ["Văn phòng UBND tỉnh", "VPUB", "VP UBND", "Văn phòng Ủy ban nhân dân tỉnh"], "ubnd"),
    ("vp-hcqt", "Phòng Hành chính - Quản trị, Văn phòng UBND tỉnh", "Phòng HC-QT", "office", "province",
     ["Phòng Hành chính – Quản trị", "HC-QT", "HCQT"], "vp-ubnd"),
    ("vp-kstt", "Phòng Kiểm soát thủ tục hành chính, Văn phòng UBND tỉnh", "Phòng KSTT", "office", "province",
     ["KSTT"], "vp-ubnd"),
    ("vp-hcc", "Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm PVHCC", "office", "province",
     ["HCC", "Trung tâm Phục vụ hành chính công"], "vp-ubnd"),
    ("vp-cb", "Trung tâm Công báo - Tin học, Văn phòng UBND tỉnh", "TT Công báo - Tin học", "office", "province",
     ["CB"], "vp-ubnd"),
    ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "department", "province",
     ["Sở VH,TT&DL", "Sở VHTT&DL", "Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao va Du lịch"], "ubnd"),
    ("skhcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", "department", "province", ["Sở KHCN", "SKHCN"], "ubnd"),
    ("stttt", "Sở Thông tin và Truyền thông", "Sở TT&TT", "department", "province", ["STTTT", "Sở TTTT"], "ubnd"),
    ("stc", "Sở Tài chính", "STC", "department", "province", [], "ubnd"),
    ("skhdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "department", "province", ["SKHĐT", "Sở KHĐT"], "ubnd"),
    ("sgddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "department", "province", ["Sở GDĐT"], "ubnd"),
    ("snv", "Sở Nội vụ", "SNV", "department", "province", [], "ubnd"),
    ("sngv", "Sở Ngoại vụ", "SNgV", "department", "province", [], "ubnd"),
    ("syt", "Sở Y tế", "SYT", "department", "province", [], "ubnd"),
    ("sct", "Sở Công Thương", "SCT", "department", "province", [], "ubnd"),
    ("stp", "Sở Tư pháp", "STP", "department", "province", [], "ubnd"),
    ("snnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "department", "province", ["Sở NNMT"], "ubnd"),
    ("sxd", "Sở Xây dựng", "SXD", "department", "province", [], "ubnd"),
    ("ttt", "Thanh tra tỉnh", "TTT", "department", "province", [], "ubnd"),
    ("bqlkkt", "Ban Quản lý Khu kinh tế tỉnh", "BQL KKT", "department", "province",
     ["Ban Quản lý Khu kinh tế tỉnh Lai Châu"], "ubnd"),
    ("cat", "Công an tỉnh", "CA tỉnh", "security", "province", ["Công an tỉnh Lai Châu"], None),
    ("bchqs", "Bộ Chỉ huy Quân sự tỉnh", "BCH QS tỉnh", "security", "province", [], None),
    ("bao-lc", "Báo Lai Châu", "Báo LC", "press", "province", [], "tinh-uy"),
    ("dai-ptth", "Đài Phát thanh và Truyền hình Lai Châu", "Đài PT-TH Lai Châu", "press", "province",
     ["Đài PT-TH Lai Châu", "Đài Phát thanh và Truyền hình tỉnh", "Đài PTTH Lai Châu"], "ubnd"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lai Châu", "UBMTTQ tỉnh", "front", "province",
     ["Ủy ban Mặt trận Tổ quốc tỉnh", "Uỷ ban Mặt trận Tổ quốc tỉnh", "MTTQ tỉnh"], None),
    ("ldld", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ tỉnh", "union", "province",
     ["Liên đoàn Lao động tỉnh", "Ban Thường vụ LĐLĐ tỉnh", "LĐLĐ"], None),
    ("tinh-doan", "Tỉnh đoàn Lai Châu", "Tỉnh đoàn", "front", "province", [], None),
    ("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh", "front", "province", [], None),
    ("hnd", "Hội Nông dân tỉnh", "Hội ND tỉnh", "front", "province", [], None),
    ("hccb", "Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh", "front", "province", [], None),
    ("cd-laichau", "Trường Cao đẳng Lai Châu", "CĐ Lai Châu", "school", "province", [], None),
    ("ubkt-tu", "Ủy ban Kiểm tra Tỉnh ủy", "UBKT Tỉnh ủy", "party", "province", [], "tinh-uy"),
    ("du-ubnd", "Đảng ủy UBND tỉnh", "Đảng ủy UBND tỉnh", "party", "province", [], "tinh-uy"),
    ("cong-ttdt", "Cổng Thông tin điện tử tỉnh", "Cổng TTĐT tỉnh", "press", "province",
     ["Cổng thông tin điện tử tỉnh Lai Châu"], "vp-ubnd"),
]

# Districts and the city, abolished on 01/07/2025.
DISTRICTS = [
    ("ubnd-tp", "UBND thành phố Lai Châu", ["Ủy ban nhân dân thành phố Lai Châu"]),
    ("ubnd-tam-duong", "UBND huyện Tam Đường", []),
    ("ubnd-phong-tho", "UBND huyện Phong Thổ", []),
    ("ubnd-sin-ho", "UBND huyện Sìn Hồ", []),
    ("ubnd-muong-te", "UBND huyện Mường Tè", []),
    ("ubnd-than-uyen", "UBND huyện Than Uyên", []),
    ("ubnd-tan-uyen", "UBND huyện Tân Uyên", []),
    ("ubnd-nam-nhun", "UBND huyện Nậm Nhùn", []),
]

# Commune-level units that succeeded the city (a split: one predecessor, two successors).
COMMUNES = [
    ("ubnd-p-tan-phong", "UBND phường Tân Phong", "ubnd-tp"),
    ("ubnd-p-doan-ket", "UBND phường Đoàn Kết", "ubnd-tp"),
]

# The commune that takes over each dissolved district's open tasks in the demo. ILLUSTRATIVE: in reality a
# district's functions passed partly to the province and partly to several communes; the demo names one
# commune after each district (docs/huong-dan/sap-xep-co-quan.md says so).
DISTRICT_HEIRS = [
    ("ubnd-x-tam-duong", "UBND xã Tam Đường", "ubnd-tam-duong"),
    ("ubnd-x-phong-tho", "UBND xã Phong Thổ", "ubnd-phong-tho"),
    ("ubnd-x-sin-ho", "UBND xã Sìn Hồ", "ubnd-sin-ho"),
    ("ubnd-x-muong-te", "UBND xã Mường Tè", "ubnd-muong-te"),
    ("ubnd-x-than-uyen", "UBND xã Than Uyên", "ubnd-than-uyen"),
    ("ubnd-x-tan-uyen", "UBND xã Tân Uyên", "ubnd-tan-uyen"),
    ("ubnd-x-nam-nhun", "UBND xã Nậm Nhùn", "ubnd-nam-nhun"),
]
# The deciding documents as the demo records them: the decree on provincial departments (Decree 45/2025/NĐ-CP,
# in force 01/03/2025) and the Law on the Organization of Local Government (72/2025/QH15, in force 01/07/2025,
# two-level local government without districts).
DEPARTMENTS_DECREE = ("45/2025/NĐ-CP", dt.date(2025, 2, 28), "Chính phủ")
LOCAL_GOVERNMENT_LAW = ("72/2025/QH15", dt.date(2025, 6, 16), "Quốc hội")

# Merges of 01/03/2025 (Decree 45/2025 on provincial departments).
MERGES = [
    ("stttt", "skhcn", ICT_MERGE_DAY, "Sáp nhập theo Nghị định 45/2025/NĐ-CP"),
    ("skhdt", "stc", ICT_MERGE_DAY, "Sáp nhập theo Nghị định 45/2025/NĐ-CP"),
]

# Collective phrases of the plans and the organizations they stand for.
GROUPS = [
    ("Các sở, ban, ngành tỉnh", {"kinds": ["department"]},
     ["Các sở, ban, ngành", "các sở, ban, ngành, đơn vị liên quan", "Các sở, ban, ngành, đoàn thể tỉnh",
      "Các Sở, Ban, Ngành, Đoàn thể tỉnh", "các sở, ban, ngành, đơn vị", "Các sở, ban,ngành, đơn vị liên quan"]),
    ("UBND các huyện, thành phố", {"codes": [c for c, _, _ in DISTRICTS]},
     ["UBND các huyện, thành phố", "UBND các huyện, thành phố", "Cơ quan LĐLĐ các huyện, thành phố"]),
    ("UBND các cấp", {"codes": [c for c, _, _ in DISTRICTS] + [c for c, _, _ in COMMUNES + DISTRICT_HEIRS]},
     ["UBND các cấp"]),
    ("UBND cấp xã", {"codes": [c for c, _, _ in COMMUNES + DISTRICT_HEIRS]},
     ["UBND các xã, phường, thị trấn", "UBND cấp xã", "UBND các xã, phường"]),
    ("Các cơ quan báo chí, truyền thông", {"kinds": ["press"]},
     ["các cơ quan báo chí, truyền thông", "Các cơ quan thông tấn, báo chí"]),
    ("Các tổ chức chính trị - xã hội tỉnh", {"kinds": ["front", "union"]},
     ["các tổ chức chính trị - xã hội cấp tỉnh", "các đoàn thể tỉnh"]),
]

# Demo users (role, organization code). Passwords come from GIAMSAT_DEMO_PASSWORD or are generated.
USERS = [
    ("quantri", "Quản trị hệ thống", "admin", None),
    ("vanphong", "Nguyễn Thị Hồng (Văn phòng UBND tỉnh)", "office", "vp-ubnd"),
    ("svhttdl", "Lò Văn Minh (Sở VHTTDL)", "focal", "svhttdl"),
    ("skhcn", "Trần Thu Hà (Sở KH&CN)", "focal", "skhcn"),
    ("ld-svhttdl", "Phạm Quốc Bảo (Lãnh đạo Sở VHTTDL)", "head", "svhttdl"),
    ("lanhdao", "Lãnh đạo UBND tỉnh", "leader", "ubnd"),
    ("kiemtra", "Cán bộ Ủy ban Kiểm tra Tỉnh ủy", "inspector", "ubkt-tu"),
]
