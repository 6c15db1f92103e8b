"""A ministry's cluster of provincial departments prints as a clerk would type it: its name
broken between words and places in the header, dated from its leader's province."""

from blocs.models import Bloc, Organization
from reports import decree30


def test_header_never_ends_a_line_inside_a_word():
    name = "Cụm thi đua các sở giáo dục và đào tạo vùng Đồng bằng sông Cửu Long"
    assert decree30.header_lines(name) == [
        "CỤM THI ĐUA CÁC",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "VÙNG ĐỒNG BẰNG",
        "SÔNG CỬU LONG",
    ]
    assert decree30.header_lines("Sở Khoa học và Công nghệ") == ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]


def test_a_central_bodys_cluster_is_dated_from_its_leaders_province():
    province = Organization(name="Ủy ban nhân dân tỉnh Đồng Tháp", kind="province")
    leader = Organization(
        name="Sở Giáo dục và Đào tạo tỉnh Đồng Tháp", kind="department", parent=province
    )
    ministry = Organization(name="Bộ Giáo dục và Đào tạo", kind="central")
    cluster = Bloc(name="Cụm", kind="cluster", authority=ministry)
    assert decree30.bloc_place(cluster, leader) == "Đồng Tháp"
    assert decree30.bloc_place(cluster, None) == "Hà Nội"
    council = Bloc(name="Cụm", kind="cluster", authority=Organization(kind="central"))
    assert decree30.bloc_place(council, province) == "Hà Nội"
    provincial = Bloc(name="Khối thi đua 4A", authority=province)
    assert decree30.bloc_place(provincial, leader) == "Đồng Tháp"
