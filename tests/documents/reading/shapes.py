"""Directives of the shapes offices issue, for the reader's tests (invented, realistic)."""

from .builders import build

MOTTO = ["ĐẢNG CỘNG SẢN VIỆT NAM"]

CLOSING_LEFT = [
    "Nơi nhận:",
    "- Ban Tuyên giáo Trung ương,",
    "- Thường trực Tỉnh ủy,",
    "- Lưu Văn phòng Tỉnh ủy.",
]


def ke_hoach() -> bytes:
    """A Kế hoạch with I-/II-/III- parts numbered by Word, deadlines in the text."""
    return build(
        ["TỈNH ỦY QUẢNG NGÃI", "BAN THƯỜNG VỤ", "*", "Số 25-KH/TU"],
        [*MOTTO, "Quảng Ngãi, ngày 15 tháng 3 năm 2026"],
        [
            "KẾ HOẠCH",
            "triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024",
            "của Bộ Chính trị về đột phá phát triển khoa học, công nghệ",
            "-----",
            "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ban Thường vụ "
            "Tỉnh ủy ban hành Kế hoạch thực hiện như sau:",
            (0, "MỤC ĐÍCH, YÊU CẦU"),
            (1, "Quán triệt sâu sắc nội dung Nghị quyết đến cán bộ, đảng viên."),
            (0, "NHIỆM VỤ, GIẢI PHÁP"),
            (
                1,
                "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy, Ủy ban MTTQ "
                "Việt Nam tỉnh tổ chức hội nghị quán triệt Nghị quyết, hoàn thành trước ngày "
                "30/6/2026.",
            ),
            (1, "Ban cán sự đảng UBND tỉnh chỉ đạo:"),
            (
                2,
                "Xây dựng đề án phát triển khoa học, công nghệ của tỉnh; hoàn thành trong quý "
                "III/2026.",
            ),
            (3, "Rà soát cơ chế, chính sách hiện hành."),
            (4, "Báo cáo kết quả rà soát định kỳ."),
            (2, "Bố trí kinh phí thực hiện. Thời gian: thường xuyên."),
            (0, "TỔ CHỨC THỰC HIỆN"),
            (
                1,
                "Đảng đoàn Liên hiệp các Hội KH&KT tỉnh phối hợp với Sở Khoa học và Công nghệ "
                "tổ chức tọa đàm chuyên đề trong tháng 9/2026.",
            ),
            (1, "Văn phòng Tỉnh ủy theo dõi, tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy."),
        ],
        CLOSING_LEFT,
        ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "", "Nguyễn Văn A"],
    )


def chi_thi() -> bytes:
    """A Chỉ thị: typed numbers (no Word numbering), "Kính gửi"-less, tasks to many bodies."""
    return build(
        ["TỈNH ỦY QUẢNG NGÃI", "*", "Số 12-CT/TU"],
        [*MOTTO, "Quảng Ngãi, ngày 02 tháng 02 năm 2026"],
        [
            "CHỈ THỊ",
            "về tăng cường sự lãnh đạo của Đảng đối với công tác phổ biến kiến thức",
            "-----",
            "Thời gian qua, công tác phổ biến kiến thức khoa học trên địa bàn tỉnh đạt nhiều "
            "kết quả. Để khắc phục những hạn chế, Ban Thường vụ Tỉnh ủy yêu cầu:",
            "1. Các cấp ủy, tổ chức đảng các cấp quán triệt và tổ chức thực hiện nghiêm Chỉ "
            "thị này.",
            "2. Đảng đoàn HĐND tỉnh lãnh đạo giám sát việc thực hiện, hằng năm báo cáo kết quả.",
            "3. Ban Tuyên giáo Tỉnh ủy và Ban Dân vận Tỉnh ủy:",
            "a) Hướng dẫn tuyên truyền nội dung Chỉ thị, chậm nhất ngày 31/3/2026.",
            "b) Theo dõi, đôn đốc, kiểm tra; sơ kết việc thực hiện trong năm 2027.",
            "+ Sản phẩm: báo cáo sơ kết.",
        ],
        ["Nơi nhận:", "- Như trên,", "- Lưu Văn phòng Tỉnh ủy."],
        ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "(Đã ký)", "Trần Văn B"],
    )


def action_plan() -> bytes:
    """A Kế hoạch whose tasks are a table: task / lead / coordinating / deadline / product."""
    return build(
        ["TỈNH ỦY QUẢNG NGÃI", "BAN TUYÊN GIÁO", "*", "Số 40-KH/BTGTU"],
        [*MOTTO, "Quảng Ngãi, ngày 20 tháng 4 năm 2026"],
        [
            "KẾ HOẠCH",
            "tuyên truyền kỷ niệm các ngày lễ lớn năm 2026",
            "Căn cứ hướng dẫn của Ban Tuyên giáo Trung ương, Ban Tuyên giáo Tỉnh ủy ban hành "
            "Kế hoạch như sau:",
            [
                [
                    "TT",
                    "Nội dung nhiệm vụ",
                    "Cơ quan chủ trì",
                    "Cơ quan phối hợp",
                    "Thời gian hoàn thành",
                    "Sản phẩm",
                ],
                ["I", "CÔNG TÁC TUYÊN TRUYỀN", "", "", "", ""],
                [
                    "1",
                    "Tuyên truyền trên báo chí",
                    "Ban Tuyên giáo Tỉnh ủy",
                    "Hội Nông dân tỉnh, Tỉnh đoàn",
                    "Quý II/2026",
                    "Chuyên mục",
                ],
                [
                    "2",
                    "Tổ chức hội thi tìm hiểu",
                    "Liên đoàn Lao động tỉnh",
                    "Hội LHPN tỉnh; Sở Giáo dục",
                    "Trước ngày 15/8/2026",
                    "Hội thi",
                ],
                ["II", "KIỂM TRA, BÁO CÁO", "", "", "", ""],
                [
                    "1",
                    "Tổng hợp, báo cáo kết quả",
                    "Ban Tuyên giáo Tỉnh ủy",
                    "",
                    "Thường xuyên",
                    "Báo cáo",
                ],
            ],
        ],
        ["Nơi nhận:", "- Thường trực Tỉnh ủy,", "- Lưu VT."],
        ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "Lê Thị C"],
    )


def thong_bao() -> bytes:
    """A Thông báo kết luận of the Standing Committee, with Word numbering for its items."""
    return build(
        ["TỈNH ỦY QUẢNG NGÃI", "*", "Số 310-TB/TU"],
        [*MOTTO, "Quảng Ngãi, ngày 10 tháng 5 năm 2026"],
        [
            "THÔNG BÁO",
            "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY",
            "về tình hình thực hiện Công văn số 186-CV/TU",
            "-----",
            "Ngày 08/5/2026, Ban Thường vụ Tỉnh ủy họp nghe báo cáo; sau khi thảo luận, Ban "
            "Thường vụ Tỉnh ủy kết luận như sau:",
            (
                1,
                "Ban Tuyên giáo Tỉnh ủy tiếp tục theo dõi, tổng hợp việc thực hiện, báo cáo "
                "trước ngày 30/11/2026.",
            ),
            (
                1,
                "Ủy ban Kiểm tra Tỉnh ủy kiểm tra việc thực hiện tại một số địa phương trong quý "
                "IV/2026.",
            ),
            (1, "Hội Khuyến học tỉnh xây dựng chương trình phổ biến kiến thức."),
        ],
        ["Nơi nhận:", "- Các đồng chí Tỉnh ủy viên,", "- Lưu Văn phòng Tỉnh ủy."],
        ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "", "Phạm Văn D"],
    )
