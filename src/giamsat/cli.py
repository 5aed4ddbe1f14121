"""The `giamsat` console command: one entry point for everything a person runs.

`giamsat extract FILE` runs the Django-free extractor directly (fast start); every other
sub-command is a Django management command (serve, demo, token, audit, migrate, ...).
"""

import os
import sys

HELP = """giamsat — giám sát thực hiện Nghị quyết 57-NQ/TW

Cách dùng: giamsat LỆNH [tham số]

  serve [--host H] [--port N]   chạy máy chủ web (waitress) với tệp tĩnh
  demo [--force]                tạo tỉnh mẫu (Lai Châu) trong thư mục dữ liệu
  extract FILE [--json]         trích xuất văn bản (TXT, DOCX, PDF, XLSX)
  import FILE... [--yes]        nhập văn bản: trích xuất, chờ rà soát (hoặc ghi ngay với --yes)
  user create USERNAME --role R [--org MÃ]   tạo tài khoản, mật khẩu ngẫu nhiên phải đổi
  user unlock USERNAME          mở khóa đăng nhập (sai mật khẩu, sai mã xác thực hai bước)
  token create USERNAME         tạo khóa API cho người dùng (in khóa ở dòng cuối)
  token list | token revoke ID  liệt kê, thu hồi khóa API
  audit verify [--head MÃ]      kiểm tra chuỗi nhật ký (so với mốc đã ký) rồi ghi mốc mới; audit head: mã để
                                lưu nơi khác; audit anchor: bắt đầu mốc mới (sau khi khôi phục bản cũ)
  refresh-statuses              tính lại tình trạng nhiệm vụ cho hôm nay (chạy mỗi sáng)
  remind [--dry-run] [--today YYYY-MM-DD]  mở kỳ báo cáo, nhắc và đôn đốc (chạy hằng ngày)
  notify-send [--digest]        gửi thông báo chờ qua thư, Zalo, Telegram; gửi lại lượt lỗi (5 phút một lần)
  periods [--today YYYY-MM-DD]  mở, khóa các kỳ báo cáo
  evaluate --period P --level L [--publish]  đánh giá, xếp loại sở, ban, ngành (department) hoặc cấp xã (commune)
  warnings [--email]            danh sách cảnh báo sớm (gửi thư hằng tuần cho cơ quan theo dõi)
  backup FILE | restore FILE    sao lưu nhất quán / khôi phục vào hệ thống trống
  migrate, createsuperuser ...  các lệnh quản trị Django

Biến môi trường: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, GIAMSAT_DATA_DIR, GIAMSAT_DEMO_MODE.
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(HELP)
        return 0
    if argv[0] == "extract":
        from giamsat.ingest.cli import main as extract_main

        return extract_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["giamsat", *argv])
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
