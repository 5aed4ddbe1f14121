"""Fifty-five questions about the demo's documents and data, as officials and citizens ask them (with and
without diacritics), each with the sources that answer it: labels of passages or citations ("2653/KH-UBND,
mục III.1"). A question is answered from the right source when one of them begins one of the top three
passages' labels, or a citation's label of a question about the system's data (overdue tasks: a figure)."""

VP = "Kế hoạch của Văn phòng UBND tỉnh"
HD = "Hướng dẫn ngày 25/04/2025"
CV = "Công văn ngày 25/06/2025"
P = "2653/KH-UBND"
C = "63-CTr/TU"

QUESTIONS: list[tuple[str, tuple[str, ...]]] = [
    # Plan 2653/KH-UBND: its parts
    ("Kế hoạch 2653 nhằm mục đích gì?", (f"{P}, mục I.1",)),
    ("Yêu cầu đối với công tác tuyên truyền theo Kế hoạch 2653", (f"{P}, mục I.2",)),
    ("hình thức tuyên truyền qua báo chí, phát thanh, truyền hình", (f"{P}, mục III.1",)),
    ("truyen thong qua nen tang so, mang xa hoi, ung dung di dong", (f"{P}, mục III.1",)),
    ("Sở Tài chính có nhiệm vụ gì trong kế hoạch tuyên truyền?", (f"{P}, mục V.3", f"{P}, nhiệm vụ V.3")),
    ("Sở Giáo dục và Đào tạo phải làm gì để tuyên truyền Nghị quyết 57?", (f"{P}, mục V.4", f"{P}, nhiệm vụ V.4")),
    ("Tổ công nghệ số cộng đồng có vai trò gì?", (f"{P}, mục V.9", f"{P}, nhiệm vụ V.9")),
    ("Báo Lai Châu và Đài Phát thanh và Truyền hình Lai Châu làm gì?", (f"{P}, mục V.7", f"{P}, nhiệm vụ V.7")),
    ("chế độ thông tin, báo cáo của kế hoạch tuyên truyền", (f"{P}, mục V.11", f"{P}, chế độ báo cáo")),
    ("Sau khi sắp xếp chính quyền địa phương 2 cấp thì nhiệm vụ của huyện chuyển cho ai?", (f"{P}, mục V.10",)),
    ("Ủy ban Mặt trận Tổ quốc tỉnh được đề nghị làm gì?", (f"{P}, mục V.8", f"{P}, nhiệm vụ V.8")),
    ("UBND các huyện, thành phố cập nhật thông tin tuyên truyền ở đâu?", (f"{P}, mục V.6", f"{P}, nhiệm vụ V.6")),
    ("Kế hoạch 2653 tuyên truyền những nội dung gì?", (f"{P}, mục II", f"{P}, trích yếu")),
    # Program 63-CTr/TU
    ("Mục tiêu chung của Chương trình hành động 63-CTr/TU là gì?", (f"{C}, mục II.1",)),
    ("Tầm nhìn đến năm 2045 của tỉnh về khoa học công nghệ", (f"{C}, mục II.3",)),
    ("Hằng năm bố trí bao nhiêu phần trăm chi ngân sách cho khoa học công nghệ?",
     (f"{C}, mục II.2", f"{C}, chỉ tiêu VB3-07")),
    ("phủ sóng 5G trên địa bàn tỉnh", (f"{C}, mục II.2",)),
    ("Hội đồng nhân dân tỉnh làm gì để thực hiện Nghị quyết 57?", (f"{C}, mục IV.3", f"{C}, nhiệm vụ IV.3")),
    ("hợp tác quốc tế về khoa học công nghệ, đổi mới sáng tạo",
     (f"{C}, mục III.7", f"{C}, nhiệm vụ III.7", f"{P}, nhiệm vụ 11")),
    ("chính sách thu hút, trọng dụng người có tài năng về Lai Châu", (f"{C}, mục III.4", f"{C}, nhiệm vụ III.4")),
    ("khuyến khích tinh thần khởi nghiệp đổi mới sáng tạo trong doanh nghiệp",
     (f"{C}, mục III.6", f"{C}, nhiệm vụ III.6")),
    ("chuyển đổi số trong du lịch, phát triển văn hóa số", (f"{C}, mục III.5", f"{C}, nhiệm vụ III.5")),
    ("Nguyên nhân của những hạn chế trong phát triển khoa học công nghệ của tỉnh", (f"{C}, mục I",)),
    ("Ủy ban Kiểm tra Tỉnh ủy có nhiệm vụ gì?", (f"{C}, mục IV.5", f"{C}, nhiệm vụ IV.5")),
    ("trung tâm nghiên cứu, thử nghiệm tập trung cho công nghệ chiến lược",
     (f"{C}, mục III.3", f"{C}, nhiệm vụ III.3")),
    # The office's plan (no number) and the guide, the dispatch
    ("ứng dụng blockchain và trí tuệ nhân tạo trong quy trình hành chính", (f"{VP}, mục III.1.2", f"{VP}, nhiệm vụ")),
    ("Kế hoạch nào thay thế Kế hoạch số 160/KH-VPUBND?", (f"{VP}, mục IV.3",)),
    ("Phòng Hành chính – Quản trị có trách nhiệm gì?", (f"{VP}, mục IV.2", f"{VP}, chế độ báo cáo")),
    ("phong trào học tập số trong toàn cơ quan", (f"{VP}, mục III.1.1", f"{VP}, nhiệm vụ")),
    ("nâng cao chất lượng dịch vụ công trực tuyến toàn trình", (f"{VP}, mục III.1.4", f"{VP}, nhiệm vụ")),
    ("Thời gian tuyên truyền theo hướng dẫn bắt đầu từ khi nào?", (f"{HD}, mục II.3",)),
    ("tuyên truyền Thông báo số 03-TB/BCĐTW tập trung vào nội dung gì", (f"{HD}, mục II.1.3",)),
    ("tuyên truyền qua hội nghị của cấp ủy, sinh hoạt chi bộ", (f"{HD}, mục II.2",)),
    ("phong trào bình dân học vụ số trong người lao động", (f"{CV}, mục 4",)),
    ("vai trò, trách nhiệm của đoàn viên, người lao động", (f"{CV}, mục 3",)),
    # Tasks: who leads, deadlines
    ("Ai chủ trì xây dựng chuyên trang, chuyên mục về Nghị quyết 57 trên truyền hình, báo, phát thanh?",
     (f"{P}, nhiệm vụ 12", f"{P}, nhiệm vụ V.7-1")),
    ("Cơ quan nào chủ trì tập huấn kỹ năng truyền thông trên nền tảng số cho đội ngũ thông tin cơ sở?",
     (f"{P}, nhiệm vụ 15",)),
    ("Sở nào chủ trì tuyên truyền về nghiên cứu khoa học trong giảng dạy và học tập?", (f"{P}, nhiệm vụ 8",)),
    ("Ai chủ trì sản xuất infographic, video, clip về khoa học công nghệ?", (f"{P}, nhiệm vụ 13",)),
    ("Cơ quan nào chủ trì tuyên truyền phát triển, trọng dụng nhân lực chất lượng cao?", (f"{P}, nhiệm vụ 7",)),
    ("so nao chu tri xuat ban an pham, tai lieu truyen thong ve nghi quyet 57", (f"{P}, nhiệm vụ 17",)),
    ("Thời hạn nhiệm vụ tuyên truyền kết quả hợp tác quốc tế là khi nào?", (f"{P}, nhiệm vụ 11",)),
    ("han hoan thanh nhiem vu huong dan nguoi dan ky nang su dung nen tang so",
     (f"{P}, nhiệm vụ 19", f"{P}, nhiệm vụ V.9")),
    ("Nhiệm vụ tuyên truyền các mục tiêu cụ thể của tỉnh Lai Châu có hạn khi nào?", (f"{P}, nhiệm vụ 3",)),
    # Overdue tasks of an agency: a figure with the list behind it
    ("Những nhiệm vụ nào của Sở Khoa học và Công nghệ đang quá hạn?", ("Danh sách nhiệm vụ quá hạn của Sở KH&CN",)),
    ("nhiem vu nao cua So Van hoa, The thao va Du lich dang qua han", ("Danh sách nhiệm vụ quá hạn của Sở VHTTDL",)),
    # Report due dates
    ("Hạn báo cáo 6 tháng là ngày nào?", (f"{P}, chế độ báo cáo",)),
    ("bao cao nam gui truoc ngay nao", (f"{P}, chế độ báo cáo",)),
    ("Báo cáo hằng tháng về tuyên truyền Nghị quyết 57 gửi trước ngày nào?",
     (f"{P}, chế độ báo cáo", f"{P}, mục V.11")),
    # Indicators: targets and values
    ("Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP năm 2030?", (f"{C}, chỉ tiêu VB3-02",)),
    ("Tỷ lệ sử dụng dịch vụ công trực tuyến phải đạt bao nhiêu?", (f"{C}, chỉ tiêu VB3-03",)),
    ("Tỉ lệ giao dịch không dùng tiền mặt mục tiêu là bao nhiêu", (f"{C}, chỉ tiêu VB3-04",)),
    ("nguon nhan luc nghien cuu khoa hoc dat bao nhieu nguoi tren van dan", (f"{C}, chỉ tiêu VB3-08",)),
    ("Bao nhiêu phần trăm doanh nghiệp có hoạt động đổi mới sáng tạo?", (f"{C}, chỉ tiêu VB3-05",)),
    ("Năng suất tổng hợp TFP đóng góp bao nhiêu vào tăng trưởng kinh tế?", (f"{C}, chỉ tiêu VB3-01", f"{C}, mục II.2")),
    ("số hóa 3D các điểm du lịch cộng đồng", (f"{C}, chỉ tiêu VB3-10", f"{C}, mục II.2")),
]

# Nothing in the demo answers these: an empty answer, the closest passages shown.
UNANSWERABLE = [
    "Giá vé máy bay đi Hà Nội bao nhiêu?",
    "Thời tiết Sa Pa ngày mai thế nào?",
    "Cách nấu phở bò ngon",
]
