"""A realistic synthetic consolidated report, for `manage.py bench_pdf` and the PDF tests.

Its shape is that of the report on Công văn 186-CV/TU: five parts, the task subsections of II-
with several paragraphs each, a "Nơi nhận" list and an annex with one row per unit and a status
per task (14 columns, so it goes on landscape pages).
"""

import datetime

from documents.dates import document_date, short_date
from documents.document import Annex, PartyDocument, Section

TASK_NUMBERS = ["1", "2", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "5.a", "5.b"]

_DISTRICTS = [
    "Bình Sơn", "Sơn Tịnh", "Tư Nghĩa", "Nghĩa Hành", "Mộ Đức", "Đức Phổ", "Ba Tơ", "Minh Long",
    "Sơn Hà", "Sơn Tây", "Trà Bồng", "Lý Sơn", "Kon Plông", "Đắk Hà", "Sa Thầy", "Ngọc Hồi",
]  # fmt: skip
_BODIES = [
    "Đảng đoàn Hội đồng nhân dân tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh",
    "Đảng đoàn Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Đảng đoàn Mặt trận Tổ quốc tỉnh",
    "Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy Khối Doanh nghiệp tỉnh", "Ban Tổ chức Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy", "Đảng ủy Quân sự tỉnh", "Đảng ủy Công an tỉnh",
]  # fmt: skip

_PARAGRAPHS = [
    "Các cấp ủy, tổ chức đảng đã quán triệt, triển khai thực hiện nghiêm túc Kết luận số "
    "93-KL/TW của Bộ Chính trị; ban hành kế hoạch, chương trình hành động cụ thể, phân công "
    "rõ trách nhiệm của tập thể, cá nhân; gắn việc thực hiện với nhiệm vụ chính trị của địa "
    "phương, cơ quan, đơn vị.",
    "Công tác tuyên truyền được đổi mới về nội dung và hình thức, chú trọng **đội ngũ trí thức "
    "trẻ**, trí thức người dân tộc thiểu số; kịp thời biểu dương những tập thể, cá nhân tiêu "
    "biểu có nhiều đóng góp cho sự phát triển kinh tế - xã hội của tỉnh.",
    "Việc tạo môi trường thuận lợi để đội ngũ trí thức phát huy năng lực sáng tạo có chuyển "
    "biến tích cực; *cơ chế, chính sách thu hút, trọng dụng nhân tài* từng bước được hoàn "
    "thiện, song kết quả ở một số nơi còn hạn chế, chưa tương xứng với tiềm năng.",
    "- Tổ chức hội nghị quán triệt đến cán bộ chủ chốt các cấp;\n"
    "- Đưa nội dung vào sinh hoạt chi bộ định kỳ hằng tháng;\n"
    "- Đăng tải tin, bài trên Báo Quảng Ngãi, Đài Phát thanh - Truyền hình tỉnh.",
]

TASK_HEADINGS = [
    "1. Công tác lãnh đạo, chỉ đạo, quán triệt, tuyên truyền",
    "2. Thể chế hóa chủ trương của Đảng về xây dựng đội ngũ trí thức",
    "3. Đổi mới, nâng cao hiệu quả hoạt động của các cơ quan nhà nước",
    "3.1. Hoàn thiện cơ chế, chính sách sử dụng, trọng dụng trí thức",
    "3.2. Đầu tư cơ sở vật chất cho hoạt động khoa học, công nghệ",
    "3.3. Đào tạo, bồi dưỡng, thu hút nhân tài",
    "4. Nâng cao vai trò của Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "4.1. Tư vấn, phản biện và giám định xã hội",
    "4.2. Tập hợp, đoàn kết đội ngũ trí thức",
    "4.3. Phổ biến kiến thức khoa học, công nghệ",
    "5. Công tác kiểm tra, giám sát việc thực hiện",
    "5.1. Chế độ thông tin, báo cáo định kỳ",
]


def sample_units(count: int) -> list[str]:
    names = [f"Huyện ủy {name}" for name in _DISTRICTS] + list(_BODIES)
    extra = 1
    while len(names) < count:
        names.append(f"Đảng ủy xã {_DISTRICTS[extra % len(_DISTRICTS)]} {extra:02d}")
        extra += 1
    return names[:count]


def sample_document(
    *, units: int = 150, task_sections: int = 12, paragraphs: int = 4, draft: bool = False
) -> PartyDocument:
    issued_on = datetime.date(2026, 1, 15)
    unit_names = sample_units(units)
    # The status codes the consolidated report's annex prints.
    statuses = ["HT", "ĐTH", "TX", "CTK"]
    rows = []
    for index, name in enumerate(unit_names, start=1):
        missing = index % 17 == 0
        late = index % 7 == 0
        submitted = "" if missing else short_date(issued_on - datetime.timedelta(days=index % 20))
        timing = "Chưa gửi" if missing else ("Trễ hạn" if late else "Đúng hạn")
        tasks = ["CBC" if missing else statuses[(index + t) % 4] for t in range(len(TASK_NUMBERS))]
        rows.append([str(index), name, submitted, timing, *tasks])

    sections = [
        Section(
            "I- Tình hình triển khai, quán triệt",
            1,
            f"Đã có {units - units // 17} trên {units} đơn vị gửi báo cáo; tổ chức 412 hội nghị "
            "quán triệt với 18.350 lượt cán bộ, đảng viên tham dự.\n\n" + _PARAGRAPHS[0],
        ),
        Section("II- Kết quả thực hiện", 1, ""),
    ]
    for number in range(task_sections):
        heading = TASK_HEADINGS[number % len(TASK_HEADINGS)]
        body = "\n\n".join(
            f"**{unit_names[(number + p) % units]}:** " + _PARAGRAPHS[(number + p) % 3]
            for p in range(paragraphs)
        )
        sections.append(Section(heading, 2, body + "\n\n" + _PARAGRAPHS[3]))
    sections += [
        Section("III- Đánh giá chung", 1, ""),
        Section("1. Ưu điểm", 2, _PARAGRAPHS[1]),
        Section("2. Hạn chế, khuyết điểm", 2, _PARAGRAPHS[2]),
        Section("3. Nguyên nhân", 2, _PARAGRAPHS[2]),
        Section("a) Nguyên nhân khách quan", 3, _PARAGRAPHS[0]),
        Section("IV- Phương hướng, nhiệm vụ thời gian tới", 1, _PARAGRAPHS[3]),
        Section("V- Kiến nghị, đề xuất", 1, _PARAGRAPHS[1]),
    ]
    return PartyDocument(
        parent_body="TỈNH ỦY QUẢNG NGÃI",
        issuing_body="BAN TUYÊN GIÁO",
        number_line="Số 25-BC/BTGTU",
        place_date_line=document_date("Quảng Ngãi", issued_on),
        doc_type="BÁO CÁO",
        subject="kết quả thực hiện Công văn số 186-CV/TU, ngày 04/01/2021 của Ban Thường vụ "
        "Tỉnh ủy về tiếp tục thực hiện Kết luận số 93-KL/TW của Bộ Chính trị",
        opening="Thực hiện Công văn số 186-CV/TU, ngày 04/01/2021 của Ban Thường vụ Tỉnh ủy về "
        "triển khai thực hiện Kết luận số 93-KL/TW, ngày 20/02/2019 của Bộ Chính trị, Ban Tuyên "
        "giáo Tỉnh ủy báo cáo kết quả như sau:",
        sections=sections,
        annex=Annex(
            title="PHỤ LỤC\nTình hình gửi báo cáo và kết quả thực hiện nhiệm vụ của các đơn vị\n"
            "(Năm 2025; HT: hoàn thành; TX: thực hiện thường xuyên; ĐTH: đang thực hiện; "
            "CTK: chưa triển khai; CBC: chưa báo cáo)",
            columns=["STT", "Đơn vị", "Ngày gửi", "Thời hạn", *TASK_NUMBERS],
            rows=rows,
        ),
        distribution=[
            "Thường trực Tỉnh ủy (b/c)",
            "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy",
            "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc",
            "Lãnh đạo Ban",
            "Lưu Văn phòng Ban",
        ],
        signing_authority="K/T TRƯỞNG BAN",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_name="Nguyễn Văn A",
        draft=draft,
        issued_on=issued_on,
    )
