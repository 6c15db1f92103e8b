"""Report outlines (đề cương báo cáo) transcribed from two source documents.

Pure data, no Django: each outline is a tree of sections that a unit fills in when it writes
its sơ kết / tổng kết report.

- ``SEED_000_OUTLINE``: the headings of Khối thi đua 4A's own six-month report for 2020
  (seed 000, "Sơ kết công tác thi đua - khen thưởng 06 tháng đầu năm 2020 …").
- ``SEED_003_OUTLINE``: the "ĐỀ CƯƠNG" attached to Kế hoạch số 2352/KH-CDNB ngày 02/7/2020 of
  Cụm thi đua các tỉnh miền Đông Nam bộ (seed 003), which member provinces must follow.

A section is a dict::

    {"number": "III", "title": "...", "kind": "narrative" | "computed" | "statistic",
     "source": "...", "hint": "...", "children": [...]}

``number`` is the label exactly as written in the source ("Phần I", "Phần thứ nhất", "I", "1",
"a"); ``title`` is the heading without its number and without trailing ":" / "." / ";".
``computed`` sections are built from records (``source`` names which), ``statistic`` sections
hold one figure (``source`` is its snake_case key), ``narrative`` sections are free text.
"""

import re
import unicodedata
from collections.abc import Iterator

KINDS = frozenset({"narrative", "computed", "statistic"})
COMPUTED_SOURCES = frozenset(
    {"targets_table", "titles_registered", "awards_received", "documents_issued", "ranking"}
)
_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def _section(number, title, kind="narrative", source="", hint="", children=()):
    return {
        "number": number,
        "title": title,
        "kind": kind,
        "source": source,
        "hint": hint,
        "children": list(children),
    }


# Seed 000's Phần I below its title: what a bloc did, the same headings at the half and the
# year's end.
_SEED_000_RESULTS = [
    _section(
        "I",
        "Thi đua thực hiện các chỉ tiêu, nhiệm vụ chính trị của cơ quan, đơn vị",
        kind="computed",
        source="targets_table",
        hint="Tổng hợp kết quả thực hiện chỉ tiêu thi đua đã đăng ký; chi tiết xem phụ lục 1.",
    ),
    _section(
        "II",
        "Thi đua thực hiện chủ trương của Đảng, chính sách và pháp luật của Nhà "
        "nước; xây dựng hệ thống chính trị",
        children=[
            _section(
                "1",
                "Tổ chức học tập, quán triệt, triển khai các chủ trương của Đảng, "
                "chính sách và pháp luật của Nhà nước",
            ),
            _section(
                "2",
                "Tổ chức có hiệu quả, có cách làm hay để tiếp tục đẩy mạnh việc "
                "“Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” "
                "theo tinh thần Chỉ thị số 05-CT/TW của Bộ Chính trị",
            ),
            _section("3", "Công tác xây dựng Đảng"),
            _section("4", "Kết quả hoạt động của đoàn thể"),
        ],
    ),
    _section(
        "III",
        "Thi đua thực hiện các nhiệm vụ công tác thi đua, khen thưởng",
        children=[
            _section(
                "1",
                "Công tác xây dựng, ban hành các văn bản để chỉ đạo, thực hiện "
                "công tác thi đua, khen thưởng",
            ),
            _section("2", "Công tác tổ chức, triển khai thực hiện phong trào thi đua"),
            _section(
                "3",
                "Kết quả phát hiện, giới thiệu, đào tạo, bồi dưỡng, nhân rộng gương "
                "điển hình tiên tiến của cơ quan, đơn vị",
            ),
            # Cites the award decisions 40/QĐ-UBND.KT and 41/QĐ-UBND.KT (25/02/2020).
            _section("4", "Công tác khen thưởng", kind="computed", source="awards_received"),
            _section(
                "5",
                "Công tác thanh tra, kiểm tra, giám sát và giải quyết đơn thư khiếu "
                "nại, tố cáo về công tác thi đua, khen thưởng",
            ),
        ],
    ),
    _section(
        "IV",
        "Đánh giá, nhận xét",
        children=[
            _section("1", "Thuận lợi"),
            _section("2", "Khó khăn, hạn chế"),
            _section("3", "Giải pháp khắc phục khó khăn"),
        ],
    ),
]


# Seed 000: the report's own headings. Phần II's numbered items 1–7 are the report's content
# (the 2020 tasks themselves), not headings, so Phần II has no children.
SEED_000_OUTLINE = {
    "code": "seed-000-bloc-h1",
    "name": ("Báo cáo sơ kết thi đua – khen thưởng 6 tháng (Khối thi đua 4A, văn bản gốc 000)"),
    "sections": [
        _section(
            "Phần I",
            "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2020",
            children=_SEED_000_RESULTS,
        ),
        _section("Phần II", "Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020"),
    ],
}


# The year-end report of the same bloc: seed 000's headings over the whole year, then the next
# year's directions (what the province's tổng kết reports close with).
SEED_000_ANNUAL_OUTLINE = {
    "code": "seed-000-bloc-annual",
    "name": "Báo cáo tổng kết thi đua – khen thưởng năm (Khối thi đua 4A, theo văn bản gốc 000)",
    "sections": [
        _section(
            "Phần I",
            "Tình hình tổ chức thực hiện phong trào thi đua năm 2020",
            children=_SEED_000_RESULTS,
        ),
        _section("Phần II", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2021"),
    ],
}


# An education authority's own year-end outline (the demo's Ministry of Education and Training
# names it in its schedule): seed 000's results over the school year, closing with the next
# school year's directions.
SCHOOL_ANNUAL_OUTLINE = {
    "code": "school-year-annual",
    "name": "Đề cương báo cáo tổng kết năm học (cụm thi đua các sở giáo dục và đào tạo)",
    "sections": [
        _section(
            "Phần I",
            "Tình hình tổ chức thực hiện phong trào thi đua năm học 2020–2021",
            children=_SEED_000_RESULTS,
        ),
        _section(
            "Phần II", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm học 2021–2022"
        ),
    ],
}


# Seed 003: the ĐỀ CƯƠNG transcribed literally (Phần headings are upper case in the source).
SEED_003_OUTLINE = {
    "code": "seed-003-cluster-outline",
    "name": (
        "Đề cương báo cáo kết quả thực hiện giao ước thi đua 06 tháng đầu năm 2020 "
        "(Cụm thi đua các tỉnh miền Đông Nam bộ, văn bản gốc 003)"
    ),
    "sections": [
        _section(
            "Phần thứ nhất",
            "TÌNH HÌNH THỰC HIỆN GIAO ƯỚC THI ĐUA 06 THÁNG ĐẦU NĂM 2020",
            children=[
                _section(
                    "I",
                    "Tình hình phát triển kinh tế - xã hội 06 tháng đầu năm 2020",
                    hint="Nêu khái quát đặc điểm tình hình kinh tế - xã hội, trật tự an toàn xã "
                    "hội, an ninh quốc phòng của địa phương trong 06 tháng đầu năm 2020; thuận "
                    "lợi, khó khăn trong việc triển khai thực hiện các chỉ tiêu do Chính phủ, "
                    "Trung ương giao và Nghị quyết của Hội đồng nhân dân tỉnh.",
                ),
                _section(
                    "II",
                    "Kết quả phong trào thi đua đối với việc thực hiện nhiệm vụ chính trị",
                    children=[
                        _section(
                            "1",
                            "Kết quả thực hiện các chỉ tiêu phát triển kinh tế",
                            kind="computed",
                            source="targets_table",
                            hint="Nêu kết quả các chỉ tiêu: tốc độ tăng trưởng GDP; tổng kim "
                            "ngạch xuất khẩu; tổng thu ngân sách trên địa bàn tỉnh; cơ cấu kinh "
                            "tế của tỉnh; thu hút đầu tư trong nước, nước ngoài…",
                        ),
                        _section(
                            "2",
                            "Kết quả thực hiện nhiệm vụ phát triển văn hóa - xã hội",
                            children=[
                                _section("a", "Giáo dục và Đào tạo"),
                                _section(
                                    "b",
                                    "Y tế, chăm sóc sức khỏe nhân dân",
                                    hint="Cần đánh giá về kết quả thi đua thực hiện công tác "
                                    "phòng, chống dịch bệnh COVID-19 trên địa bàn.",
                                ),
                                _section("c", "Văn hóa, thể thao và du lịch"),
                                _section("d", "Chính sách xã hội"),
                            ],
                        ),
                        _section("3", "Công tác quốc phòng, an ninh"),
                        _section(
                            "4",
                            "Công tác thanh tra, giải quyết khiếu nại, tố cáo và thực hành tiết "
                            "kiệm, phòng, chống tham nhũng, lãng phí",
                        ),
                        _section("5", "Thực hiện cải cách hành chính"),
                    ],
                ),
                _section(
                    "III",
                    "Công tác thi đua thực hiện các chủ trương của Đảng, chính sách pháp luật "
                    "của Nhà nước; xây dựng Đảng và hệ thống chính trị",
                    children=[
                        _section(
                            "1",
                            "Tổ chức học tập, quán triệt, triển khai các chủ trương của Đảng, "
                            "chính sách pháp luật của Nhà nước",
                        ),
                        _section(
                            "2",
                            "Kết quả triển khai thực hiện chương trình mục tiêu quốc gia về "
                            "“Cả nước chung sức, xây dựng nông thôn mới” giai đoạn 2016-2020",
                        ),
                        # "15/5/20106" is a typo of the source (15/5/2016), kept as written.
                        _section(
                            "3",
                            "Triển khai thực hiện Chỉ thị số 05-CT/TW ngày 15/5/20106 của Bộ "
                            "Chính trị về đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, "
                            "phong cách Hồ Chí Minh",
                        ),
                        _section(
                            "4",
                            "Kết quả phát hiện, giới thiệu, đào tạo, bồi dưỡng, nhân rộng gương "
                            "điển hình tiên tiến của địa phương trong 06 tháng đầu năm 2020",
                        ),
                        _section("5", "Công tác xây dựng Đảng"),
                        _section("6", "Kết quả hoạt động của Mặt trận Tổ quốc và các đoàn thể"),
                    ],
                ),
                _section(
                    "IV",
                    "Tình hình thực hiện các nhiệm vụ công tác thi đua, khen thưởng 06 tháng đầu "
                    "năm 2020",
                    children=[
                        _section(
                            "1",
                            "Công tác xây dựng, ban hành các văn bản để chỉ đạo, thực hiện "
                            "công tác thi đua, khen thưởng",
                            kind="computed",
                            source="documents_issued",
                        ),
                        _section(
                            "2",
                            "Công tác tổ chức, triển khai thực hiện 04 phong trào thi đua do Thủ "
                            "tướng Chính phủ phát động và các phong trào thi đua do địa phương "
                            "phát động",
                        ),
                        _section("3", "Công tác tổ chức Đại hội Thi đua yêu nước các cấp"),
                        _section(
                            "4", "Công tác phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến"
                        ),
                        # The plan attaches a summary table of awards from 01/01 to 15/06/2020
                        # (state-level and province-level forms, tập thể / cá nhân).
                        _section(
                            "5",
                            "Công tác khen thưởng",
                            kind="computed",
                            source="awards_received",
                            hint="Tổng hợp kết quả khen thưởng 06 tháng đầu năm 2020 (từ ngày "
                            "01/01/2020 đến hết ngày 15/06/2020) theo biểu đính kèm.",
                        ),
                        _section(
                            "6",
                            "Công tác thanh tra, kiểm tra, giám sát và giải quyết đơn thư khiếu "
                            "nại, tố cáo về công tác thi đua, khen thưởng",
                        ),
                        _section(
                            "7",
                            "Công tác kiện toàn tổ chức bộ máy làm công tác thi đua, khen thưởng; "
                            "hoạt động của Hội đồng Thi đua - Khen thưởng; công tác tập huấn, bồi "
                            "dưỡng nghiệp vụ thi đua, khen thưởng",
                        ),
                    ],
                ),
                _section(
                    "V",
                    "Đánh giá chung",
                    children=[
                        _section("1", "Những mặt làm được"),
                        _section("2", "Những tồn tại, hạn chế trong công tác thi đua, khen thưởng"),
                        _section("3", "Nguyên nhân tồn tại, biện pháp khắc phục"),
                    ],
                ),
            ],
        ),
        _section(
            "Phần thứ hai",
            "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 06 THÁNG CUỐI NĂM 2020",
            children=[
                _section("1", "Khái quát phương hướng, nhiệm vụ chung của tỉnh"),
                _section("2", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng"),
            ],
        ),
    ],
}

OUTLINES = {o["code"]: o for o in (SEED_000_OUTLINE, SEED_003_OUTLINE)}


def walk(outline: dict) -> Iterator[tuple[int, dict]]:
    """Yield ``(depth, section)`` in document order; top-level sections have depth 0."""

    def _walk(sections, depth):
        for section in sections:
            yield depth, section
            yield from _walk(section.get("children", ()), depth + 1)

    yield from _walk(outline.get("sections", ()), 0)


def validate(outline: dict) -> None:
    """Raise ``ValueError`` at the first malformed section of ``outline``."""

    def _check(sections, path):
        seen = set()
        for section in sections:
            number = str(section.get("number", "")).strip()
            where = " > ".join([*path, number or "?"])
            if not number:
                raise ValueError(f"{where}: empty number")
            if number in seen:
                raise ValueError(f"{where}: duplicate number among siblings")
            seen.add(number)
            title = section.get("title", "")
            if not isinstance(title, str) or not title.strip():
                raise ValueError(f"{where}: empty title")
            if title != title.strip() or not unicodedata.is_normalized("NFC", title):
                raise ValueError(f"{where}: title must be trimmed NFC text")
            kind = section.get("kind")
            source = section.get("source", "")
            if kind not in KINDS:
                raise ValueError(f"{where}: unknown kind {kind!r}")
            if kind == "computed" and source not in COMPUTED_SOURCES:
                raise ValueError(f"{where}: computed section needs a valid source, got {source!r}")
            if kind == "statistic" and not (
                isinstance(source, str) and _SNAKE_CASE.fullmatch(source)
            ):
                raise ValueError(f"{where}: statistic needs a snake_case key, got {source!r}")
            if kind == "narrative" and source:
                raise ValueError(f"{where}: narrative section must not have a source")
            _check(section.get("children", ()), [*path, number])

    _check(outline.get("sections", ()), [])
