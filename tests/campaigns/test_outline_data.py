"""Report outlines transcribed from seed 000 (Khối 4A's report) and seed 003 (a đề cương)."""

import copy
import unicodedata

import pytest

from campaigns.outline_data import (
    COMPUTED_SOURCES,
    KINDS,
    OUTLINES,
    SEED_000_OUTLINE,
    SEED_003_OUTLINE,
    validate,
    walk,
)

BOTH = [SEED_000_OUTLINE, SEED_003_OUTLINE]


def top(outline):
    return [(s["number"], s["title"]) for s in outline["sections"]]


def children(section):
    return [(s["number"], s["title"]) for s in section["children"]]


def find(outline, *numbers):
    """The section reached by following `numbers` from the top, e.g. ("Phần I", "III", "4")."""
    sections, section = outline["sections"], None
    for number in numbers:
        section = next(s for s in sections if s["number"] == number)
        sections = section["children"]
    return section


@pytest.mark.parametrize("outline", BOTH, ids=lambda o: o["code"])
def test_both_outlines_validate(outline):
    validate(outline)


def test_codes_and_names():
    assert SEED_000_OUTLINE["code"] == "seed-000-bloc-h1"
    assert SEED_003_OUTLINE["code"] == "seed-003-cluster-outline"
    assert "Khối thi đua 4A" in SEED_000_OUTLINE["name"]
    assert "Cụm thi đua các tỉnh miền Đông Nam bộ" in SEED_003_OUTLINE["name"]
    assert list(OUTLINES) == ["seed-000-bloc-h1", "seed-003-cluster-outline"]
    assert list(OUTLINES.values()) == BOTH


def test_seed_000_top_level():
    assert top(SEED_000_OUTLINE) == [
        ("Phần I", "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2020"),
        ("Phần II", "Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020"),
    ]


def test_seed_003_top_level():
    assert top(SEED_003_OUTLINE) == [
        ("Phần thứ nhất", "TÌNH HÌNH THỰC HIỆN GIAO ƯỚC THI ĐUA 06 THÁNG ĐẦU NĂM 2020"),
        (
            "Phần thứ hai",
            "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 06 THÁNG CUỐI NĂM 2020",
        ),
    ]


def test_seed_000_part_one_has_the_four_roman_sections_in_order():
    assert children(find(SEED_000_OUTLINE, "Phần I")) == [
        ("I", "Thi đua thực hiện các chỉ tiêu, nhiệm vụ chính trị của cơ quan, đơn vị"),
        (
            "II",
            "Thi đua thực hiện chủ trương của Đảng, chính sách và pháp luật của Nhà nước; "
            "xây dựng hệ thống chính trị",
        ),
        ("III", "Thi đua thực hiện các nhiệm vụ công tác thi đua, khen thưởng"),
        ("IV", "Đánh giá, nhận xét"),
    ]


def test_seed_000_arabic_subsections():
    numbers = {
        roman: [s["number"] for s in find(SEED_000_OUTLINE, "Phần I", roman)["children"]]
        for roman in ["I", "II", "III", "IV"]
    }
    assert numbers == {
        "I": [],
        "II": ["1", "2", "3", "4"],
        "III": ["1", "2", "3", "4", "5"],
        "IV": ["1", "2", "3"],
    }
    assert find(SEED_000_OUTLINE, "Phần I", "II", "1")["title"] == (
        "Tổ chức học tập, quán triệt, triển khai các chủ trương của Đảng, chính sách và pháp "
        "luật của Nhà nước"
    )
    assert [t for _, t in children(find(SEED_000_OUTLINE, "Phần I", "IV"))] == [
        "Thuận lợi",
        "Khó khăn, hạn chế",
        "Giải pháp khắc phục khó khăn",
    ]


def test_seed_000_computed_sections():
    computed = [
        (s["number"], s["source"]) for _, s in walk(SEED_000_OUTLINE) if s["kind"] != "narrative"
    ]
    assert computed == [("I", "targets_table"), ("4", "awards_received")]
    assert find(SEED_000_OUTLINE, "Phần I", "III", "4")["title"] == "Công tác khen thưởng"
    assert "phụ lục 1" in find(SEED_000_OUTLINE, "Phần I", "I")["hint"]


def test_seed_003_part_one_has_sections_i_to_v():
    part_one = find(SEED_003_OUTLINE, "Phần thứ nhất")
    assert [s["number"] for s in part_one["children"]] == ["I", "II", "III", "IV", "V"]
    assert [t for _, t in children(part_one)] == [
        "Tình hình phát triển kinh tế - xã hội 06 tháng đầu năm 2020",
        "Kết quả phong trào thi đua đối với việc thực hiện nhiệm vụ chính trị",
        "Công tác thi đua thực hiện các chủ trương của Đảng, chính sách pháp luật của Nhà "
        "nước; xây dựng Đảng và hệ thống chính trị",
        "Tình hình thực hiện các nhiệm vụ công tác thi đua, khen thưởng 06 tháng đầu năm 2020",
        "Đánh giá chung",
    ]
    assert [len(s["children"]) for s in part_one["children"]] == [0, 5, 6, 7, 3]


def test_seed_003_lettered_subsections_and_part_two():
    culture = find(SEED_003_OUTLINE, "Phần thứ nhất", "II", "2")
    assert children(culture) == [
        ("a", "Giáo dục và Đào tạo"),
        ("b", "Y tế, chăm sóc sức khỏe nhân dân"),
        ("c", "Văn hóa, thể thao và du lịch"),
        ("d", "Chính sách xã hội"),
    ]
    assert "COVID-19" in find(SEED_003_OUTLINE, "Phần thứ nhất", "II", "2", "b")["hint"]
    assert children(find(SEED_003_OUTLINE, "Phần thứ hai")) == [
        ("1", "Khái quát phương hướng, nhiệm vụ chung của tỉnh"),
        ("2", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng"),
    ]


def test_seed_003_computed_sections():
    computed = {
        (s["number"], s["title"]): s["source"]
        for _, s in walk(SEED_003_OUTLINE)
        if s["kind"] == "computed"
    }
    assert computed == {
        ("1", "Kết quả thực hiện các chỉ tiêu phát triển kinh tế"): "targets_table",
        (
            "1",
            "Công tác xây dựng, ban hành các văn bản để chỉ đạo, thực hiện công tác thi đua, "
            "khen thưởng",
        ): "documents_issued",
        ("5", "Công tác khen thưởng"): "awards_received",
    }
    assert "tốc độ tăng trưởng GDP" in find(SEED_003_OUTLINE, "Phần thứ nhất", "II", "1")["hint"]


@pytest.mark.parametrize("outline", BOTH, ids=lambda o: o["code"])
def test_every_text_is_trimmed_nfc_without_markdown(outline):
    assert unicodedata.is_normalized("NFC", outline["name"])
    for _, section in walk(outline):
        for field in ("title", "hint"):
            text = section[field]
            assert unicodedata.is_normalized("NFC", text), (field, text)
            assert text == text.strip()
            assert "*" not in text
        assert section["kind"] in KINDS
        assert not section["title"].endswith((":", ";", "."))


def test_walk_yields_depth_first_in_document_order():
    visited = [(depth, s["number"]) for depth, s in walk(SEED_003_OUTLINE)]
    assert visited[:10] == [
        (0, "Phần thứ nhất"),
        (1, "I"),
        (1, "II"),
        (2, "1"),
        (2, "2"),
        (3, "a"),
        (3, "b"),
        (3, "c"),
        (3, "d"),
        (2, "3"),
    ]
    assert visited[-3:] == [(0, "Phần thứ hai"), (1, "1"), (1, "2")]
    assert len(visited) == 34
    assert len(list(walk(SEED_000_OUTLINE))) == 18


def _broken(**changes):
    """Seed 000 with Phần I > III > 4 (Công tác khen thưởng) altered."""
    outline = copy.deepcopy(SEED_000_OUTLINE)
    find(outline, "Phần I", "III", "4").update(changes)
    return outline


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "empty title"),
        ({"title": "Cong tác khen thu\u031bo\u031b\u0300ng"}, "NFC"),
        ({"kind": "table"}, "unknown kind"),
        ({"kind": "computed", "source": "awards"}, "valid source"),
        ({"kind": "computed", "source": ""}, "valid source"),
        ({"kind": "statistic", "source": ""}, "snake_case"),
        ({"kind": "statistic", "source": "Sáng kiến"}, "snake_case"),
        ({"kind": "statistic", "source": "initiativeCount"}, "snake_case"),
        ({"kind": "narrative", "source": "awards_received"}, "must not have a source"),
        ({"number": "3"}, "duplicate"),
        ({"number": ""}, "empty number"),
    ],
)
def test_validate_rejects(changes, message):
    with pytest.raises(ValueError, match=message) as raised:
        validate(_broken(**changes))
    assert "Phần I > III" in str(raised.value)


def test_validate_accepts_a_statistic_child_and_every_computed_source():
    outline = _broken(
        children=[
            {
                "number": "a",
                "title": "Số sáng kiến",
                "kind": "statistic",
                "source": "initiatives",
                "hint": "",
                "children": [],
            }
        ]
    )
    validate(outline)
    for source in COMPUTED_SOURCES:
        validate(_broken(source=source))


def test_duplicate_numbers_are_only_rejected_among_siblings():
    # "1" exists under both II and III of Phần I; that is fine.
    validate(SEED_000_OUTLINE)
    outline = copy.deepcopy(SEED_000_OUTLINE)
    outline["sections"][1]["number"] = "Phần I"
    with pytest.raises(ValueError, match="duplicate"):
        validate(outline)
