"""Demo organisations, blocs and accounts built from the seed documents (shared/seeds).

000: Khối thi đua 4A of Đồng Tháp, 2020, eight members, Sở KH&CN leading (Huỳnh Văn Quân signs).
002: An Giang province (its 2021 campaign comes with the campaigns app).
003: Cụm thi đua các tỉnh miền Đông Nam bộ, 2020: Ninh Thuận leads, Bà Rịa - Vũng Tàu deputy.
004: Hồng Ngự district (Nguyễn Văn Khơi, Chủ tịch): 03 khối and 01 cụm; the seed names none of
     them, so the demo gives them descriptive names and a few members each.
Issue 16 (no seed; names of people invented): the Ministry of Education and Training counts
     school years; its cluster of the Mekong Delta's provincial departments of education, năm học
     2020–2021 (stored as 2020), led by Đồng Tháp's department with An Giang's as deputy.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from emulation_portal.audit import acting_as

from .models import (
    Bloc,
    BlocMembership,
    Organization,
    Person,
    StaffAssignment,
    User,
    YearKind,
)

K = Organization.Kind
R = BlocMembership.Role
S = StaffAssignment.SignsAs
DEMO_PASSWORD = "ThiDua@2020"  # noqa: S105 - printed on start for the demo only

# code, name, short name, kind, parent code
ORGANIZATIONS = [
    ("TW-HDTDKT", "Hội đồng Thi đua - Khen thưởng Trung ương", "HĐTĐKT TW", K.CENTRAL, None),
    ("TW-BTDKT", "Ban Thi đua - Khen thưởng Trung ương", "Ban TĐKT TW", K.CENTRAL, None),
    ("DT", "Ủy ban nhân dân tỉnh Đồng Tháp", "UBND tỉnh Đồng Tháp", K.PROVINCE, None),
    ("DT-SNV", "Sở Nội vụ tỉnh Đồng Tháp", "Sở Nội vụ", K.DEPARTMENT, "DT"),
    ("DT-SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", K.DEPARTMENT, "DT"),
    ("DT-SGTVT", "Sở Giao thông Vận tải", "Sở GTVT", K.DEPARTMENT, "DT"),
    ("DT-SXD", "Sở Xây dựng", "Sở XD", K.DEPARTMENT, "DT"),
    ("DT-SCT", "Sở Công Thương", "Sở CT", K.DEPARTMENT, "DT"),
    ("DT-BQLKKT", "Ban Quản lý Khu kinh tế", "BQL KKT", K.DEPARTMENT, "DT"),
    ("DT-STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", K.DEPARTMENT, "DT"),
    (
        "DT-XTTMDLDT",
        "Trung tâm Xúc tiến Thương mại, Du lịch và Đầu tư",
        "TT XTTMDL&ĐT",
        K.PUBLIC_SERVICE,
        "DT",
    ),
    ("DT-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", K.DEPARTMENT, "DT"),
    ("DT-HLHPN", "Hội Liên hiệp Phụ nữ Tỉnh", "Hội LHPN Tỉnh", K.MASS_ORGANIZATION, "DT"),
    ("DT-HN", "Ủy ban nhân dân huyện Hồng Ngự", "UBND huyện Hồng Ngự", K.DISTRICT, "DT"),
    ("DT-HN-PNV", "Phòng Nội vụ huyện Hồng Ngự", "Phòng Nội vụ", K.DEPARTMENT, "DT-HN"),
    ("DT-HN-PTCKH", "Phòng Tài chính - Kế hoạch huyện Hồng Ngự", "", K.DEPARTMENT, "DT-HN"),
    (
        "DT-HN-PNN",
        "Phòng Nông nghiệp và Phát triển nông thôn huyện Hồng Ngự",
        "",
        K.DEPARTMENT,
        "DT-HN",
    ),
    ("DT-HN-PGDDT", "Phòng Giáo dục và Đào tạo huyện Hồng Ngự", "", K.DEPARTMENT, "DT-HN"),
    ("DT-HN-PVHTT", "Phòng Văn hóa và Thông tin huyện Hồng Ngự", "", K.DEPARTMENT, "DT-HN"),
    (
        "DT-HN-MTTQ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Hồng Ngự",
        "",
        K.MASS_ORGANIZATION,
        "DT-HN",
    ),
    ("DT-HN-HND", "Hội Nông dân huyện Hồng Ngự", "", K.MASS_ORGANIZATION, "DT-HN"),
    ("DT-HN-HPN", "Hội Liên hiệp Phụ nữ huyện Hồng Ngự", "", K.MASS_ORGANIZATION, "DT-HN"),
    ("DT-HN-HDTN", "Huyện đoàn Hồng Ngự", "", K.MASS_ORGANIZATION, "DT-HN"),
    ("DT-HN-THCSTT", "Trường THCS Thường Thới Tiền", "", K.PUBLIC_SERVICE, "DT-HN"),
    ("DT-HN-THTT", "Trường Tiểu học Thường Thới Tiền", "", K.PUBLIC_SERVICE, "DT-HN"),
    ("DT-HN-TTYT", "Trung tâm Y tế huyện Hồng Ngự", "", K.PUBLIC_SERVICE, "DT-HN"),
    ("DT-HN-TTTT", "Thị trấn Thường Thới Tiền", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-TP1", "Xã Thường Phước 1", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-TP2", "Xã Thường Phước 2", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-TTHA", "Xã Thường Thới Hậu A", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-TL", "Xã Thường Lạc", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-LKA", "Xã Long Khánh A", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-LKB", "Xã Long Khánh B", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-LT", "Xã Long Thuận", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-PTA", "Xã Phú Thuận A", "", K.COMMUNE, "DT-HN"),
    ("DT-HN-PTB", "Xã Phú Thuận B", "", K.COMMUNE, "DT-HN"),
    ("AG", "Ủy ban nhân dân tỉnh An Giang", "UBND tỉnh An Giang", K.PROVINCE, None),
    ("AG-SNV", "Sở Nội vụ tỉnh An Giang", "Sở Nội vụ An Giang", K.DEPARTMENT, "AG"),
    ("NT", "Ủy ban nhân dân tỉnh Ninh Thuận", "UBND tỉnh Ninh Thuận", K.PROVINCE, None),
    ("BRVT", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "UBND tỉnh BR-VT", K.PROVINCE, None),
    ("BD", "Ủy ban nhân dân tỉnh Bình Dương", "UBND tỉnh Bình Dương", K.PROVINCE, None),
    ("BP", "Ủy ban nhân dân tỉnh Bình Phước", "UBND tỉnh Bình Phước", K.PROVINCE, None),
    ("BTH", "Ủy ban nhân dân tỉnh Bình Thuận", "UBND tỉnh Bình Thuận", K.PROVINCE, None),
    ("DN", "Ủy ban nhân dân tỉnh Đồng Nai", "UBND tỉnh Đồng Nai", K.PROVINCE, None),
    ("TN", "Ủy ban nhân dân tỉnh Tây Ninh", "UBND tỉnh Tây Ninh", K.PROVINCE, None),
    # A ministry sits under the Government: awards/powers.py gives it the ministry tier.
    ("TW-CP", "Chính phủ", "Chính phủ", K.CENTRAL, None),
    ("TW-BGDDT", "Bộ Giáo dục và Đào tạo", "Bộ GDĐT", K.CENTRAL, "TW-CP"),
    ("TW-BGDDT-VP", "Văn phòng Bộ Giáo dục và Đào tạo", "Văn phòng Bộ GDĐT", K.CENTRAL,
     "TW-BGDDT"),
    ("TG", "Ủy ban nhân dân tỉnh Tiền Giang", "UBND tỉnh Tiền Giang", K.PROVINCE, None),
    ("VL", "Ủy ban nhân dân tỉnh Vĩnh Long", "UBND tỉnh Vĩnh Long", K.PROVINCE, None),
    ("BTR", "Ủy ban nhân dân tỉnh Bến Tre", "UBND tỉnh Bến Tre", K.PROVINCE, None),
    ("DT-SGDDT", "Sở Giáo dục và Đào tạo tỉnh Đồng Tháp", "Sở GDĐT Đồng Tháp", K.DEPARTMENT, "DT"),
    ("AG-SGDDT", "Sở Giáo dục và Đào tạo tỉnh An Giang", "Sở GDĐT An Giang", K.DEPARTMENT, "AG"),
    ("TG-SGDDT", "Sở Giáo dục và Đào tạo tỉnh Tiền Giang", "Sở GDĐT Tiền Giang", K.DEPARTMENT,
     "TG"),
    ("VL-SGDDT", "Sở Giáo dục và Đào tạo tỉnh Vĩnh Long", "Sở GDĐT Vĩnh Long", K.DEPARTMENT, "VL"),
    ("BTR-SGDDT", "Sở Giáo dục và Đào tạo tỉnh Bến Tre", "Sở GDĐT Bến Tre", K.DEPARTMENT, "BTR"),
]  # fmt: skip

# Authorities emulating by school year (September to May); the others count calendar years.
SCHOOL_YEAR_AUTHORITIES = {"TW-BGDDT"}

# The emulation offices (their staff are the reviewers of that authority).
EMULATION_OFFICES = {
    "DT-SNV": "DT",
    "DT-HN-PNV": "DT-HN",
    "AG-SNV": "AG",
    "TW-BTDKT": "TW-HDTDKT",
    "TW-BGDDT-VP": "TW-BGDDT",
}

# code, name, kind, authority code, year, [(member code, role)]
BLOCS = [
    (
        "KTĐ4A",
        "Khối thi đua 4A",
        Bloc.Kind.BLOC,
        "DT",
        2020,
        [
            ("DT-SKHCN", R.LEADER),
            ("DT-SGTVT", R.MEMBER),
            ("DT-SXD", R.MEMBER),
            ("DT-SCT", R.MEMBER),
            ("DT-BQLKKT", R.MEMBER),
            ("DT-STNMT", R.MEMBER),
            ("DT-XTTMDLDT", R.MEMBER),
            ("DT-SNNPTNT", R.MEMBER),
        ],
    ),
    (
        "CTĐ-ĐNB",
        "Cụm thi đua các tỉnh miền Đông Nam bộ",
        Bloc.Kind.CLUSTER,
        "TW-HDTDKT",
        2020,
        [
            ("NT", R.LEADER),
            ("BRVT", R.DEPUTY),
            ("BD", R.MEMBER),
            ("BP", R.MEMBER),
            ("BTH", R.MEMBER),
            ("DN", R.MEMBER),
            ("TN", R.MEMBER),
        ],
    ),
    (
        "HN-K1",
        "Khối thi đua số 1 huyện Hồng Ngự (Mặt trận, đoàn thể)",
        Bloc.Kind.BLOC,
        "DT-HN",
        2020,
        [("DT-HN-MTTQ", R.LEADER), ("DT-HN-HND", R.DEPUTY), ("DT-HN-HPN", R.MEMBER),
         ("DT-HN-HDTN", R.MEMBER)],
    ),
    (
        "HN-K2",
        "Khối thi đua số 2 huyện Hồng Ngự (phòng, ban chuyên môn)",
        Bloc.Kind.BLOC,
        "DT-HN",
        2020,
        [("DT-HN-PTCKH", R.LEADER), ("DT-HN-PNN", R.DEPUTY), ("DT-HN-PGDDT", R.MEMBER),
         ("DT-HN-PVHTT", R.MEMBER), ("DT-HN-PNV", R.MEMBER)],
    ),
    (
        "HN-K3",
        "Khối thi đua số 3 huyện Hồng Ngự (đơn vị sự nghiệp)",
        Bloc.Kind.BLOC,
        "DT-HN",
        2020,
        [("DT-HN-TTYT", R.LEADER), ("DT-HN-THCSTT", R.DEPUTY), ("DT-HN-THTT", R.MEMBER)],
    ),
    (
        "HN-C1",
        "Cụm thi đua các xã, thị trấn huyện Hồng Ngự",
        Bloc.Kind.CLUSTER,
        "DT-HN",
        2020,
        [("DT-HN-TTTT", R.LEADER), ("DT-HN-TP1", R.DEPUTY)]
        + [(code, R.MEMBER) for code in ("DT-HN-TP2", "DT-HN-TTHA", "DT-HN-TL", "DT-HN-LKA",
                                          "DT-HN-LKB", "DT-HN-LT", "DT-HN-PTA", "DT-HN-PTB")],
    ),
    (
        "CTĐ-GDĐT-ĐBSCL",
        "Cụm thi đua các sở giáo dục và đào tạo vùng Đồng bằng sông Cửu Long",
        Bloc.Kind.CLUSTER,
        "TW-BGDDT",
        2020,
        [("DT-SGDDT", R.LEADER), ("AG-SGDDT", R.DEPUTY), ("TG-SGDDT", R.MEMBER),
         ("VL-SGDDT", R.MEMBER), ("BTR-SGDDT", R.MEMBER)],
    ),
]  # fmt: skip

# People named in the seeds: full name, gender, position, organisation code.
PEOPLE = [
    ("Huỳnh Văn Quân", "male", "Phó Giám đốc", "DT-SKHCN"),
    ("Nguyễn Văn Khơi", "male", "Chủ tịch", "DT-HN"),
]

# One account per role: username, full name, organisation, position, signs as (blank: does not
# sign), superuser, role.
ACCOUNTS = [
    ("admin", "Quản trị hệ thống", None, "", "", True, "Quản trị hệ thống"),
    ("sonoivu", "Lê Thị Thẩm Định", "DT-SNV", "Chuyên viên Ban Thi đua - Khen thưởng", "", False,
     "Thẩm định (Sở Nội vụ Đồng Tháp)"),
    ("hvquan", "Huỳnh Văn Quân", "DT-SKHCN", "Phó Giám đốc", S.DEPUTY, False,
     "Thư ký Khối thi đua 4A năm 2020 (Sở KH&CN, khối trưởng)"),
    ("xaydung", "Trần Văn Xây", "DT-SXD", "Chuyên viên Văn phòng", "", False,
     "Cán bộ đơn vị (Sở Xây dựng)"),
    ("congthuong", "Phạm Thị Thương", "DT-SCT", "Chuyên viên Văn phòng", "", False,
     "Cán bộ đơn vị (Sở Công Thương)"),
    ("bogddt", "Đỗ Thị Thu Hà", "TW-BGDDT-VP", "Chuyên viên Phòng Thi đua - Khen thưởng", "",
     False, "Thẩm định (Văn phòng Bộ Giáo dục và Đào tạo)"),
    ("sgddongthap", "Trần Thị Ngọc Lan", "DT-SGDDT", "Chuyên viên Văn phòng Sở", "", False,
     "Thư ký Cụm thi đua các sở GDĐT vùng ĐBSCL năm học 2020–2021 (Sở GDĐT Đồng Tháp, cụm trưởng)"),
    ("sgdtiengiang", "Lê Minh Tâm", "TG-SGDDT", "Chuyên viên Văn phòng Sở", "", False,
     "Cán bộ đơn vị (Sở GDĐT Tiền Giang, thành viên cụm)"),
]  # fmt: skip

# The leaders who sign the demo units' own reports (one head, one deputy signing "KT."): staff
# records without a password, as the portal knows a unit's leaders who never log in.
SIGNERS = [
    ("gdxaydung", "Nguyễn Văn Dựng", "DT-SXD", "Giám đốc", S.HEAD),
    ("pgdcongthuong", "Lê Văn Thành", "DT-SCT", "Phó Giám đốc", S.DEPUTY),
    ("gdsgddongthap", "Phan Văn Thạnh", "DT-SGDDT", "Giám đốc", S.HEAD),
    ("pgdsgddongthap", "Nguyễn Thị Bích Thủy", "DT-SGDDT", "Phó Giám đốc", S.DEPUTY),
    ("gdsgdangiang", "Võ Thanh Bình", "AG-SGDDT", "Giám đốc", S.HEAD),
    ("pgdsgdangiang", "Huỳnh Thị Mỹ Dung", "AG-SGDDT", "Phó Giám đốc", S.DEPUTY),
    ("gdsgdtiengiang", "Trương Văn Lộc", "TG-SGDDT", "Giám đốc", S.HEAD),
    ("gdsgdvinhlong", "Lâm Thị Kim Ngân", "VL-SGDDT", "Giám đốc", S.HEAD),
    ("gdsgdbentre", "Đặng Quốc Hùng", "BTR-SGDDT", "Giám đốc", S.HEAD),
]


@transaction.atomic
def load() -> list[tuple[str, str]]:
    """Create or update the demo records; running it again changes nothing. Returns the accounts."""
    with acting_as(None):
        orgs: dict[str, Organization] = {}
        for code, name, short_name, kind, parent in ORGANIZATIONS:
            orgs[code], _ = Organization.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "short_name": short_name,
                    "kind": kind,
                    "parent": orgs.get(parent),
                    # Authorities are listed before their offices.
                    "emulation_office_for": orgs.get(EMULATION_OFFICES.get(code)),
                    "year_kind": YearKind.SCHOOL
                    if code in SCHOOL_YEAR_AUTHORITIES
                    else YearKind.CALENDAR,
                },
            )
        for code, name, kind, authority, year, members in BLOCS:
            bloc, _ = Bloc.objects.update_or_create(
                code=code, defaults={"name": name, "kind": kind, "authority": orgs[authority]}
            )
            for member, role in members:
                BlocMembership.objects.update_or_create(
                    bloc=bloc, organization=orgs[member], year=year, defaults={"role": role}
                )
        for full_name, gender, position, org in PEOPLE:
            Person.objects.update_or_create(
                full_name=full_name,
                organization=orgs[org],
                defaults={"gender": gender, "position": position},
            )
        # Hashing takes half a second by design; the accounts share the password, so one hash
        # (salt included) serves them all: four hashes fewer on every fresh `make run`.
        password = None
        for username, full_name, org, position, signs_as, superuser, _role in ACCOUNTS:
            user, created = User.objects.update_or_create(
                username=username,
                defaults={
                    "full_name": full_name,
                    "is_superuser": superuser,
                    "is_staff": superuser,
                },
            )
            if created:
                password = password or make_password(DEMO_PASSWORD)
                user.password = password
                user.save(update_fields=["password"])
            if org:
                _assign(user, orgs[org], position, signs_as)
        for username, full_name, org, position, signs_as in SIGNERS:
            user, created = User.objects.update_or_create(
                username=username, defaults={"full_name": full_name}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            _assign(user, orgs[org], position, signs_as)
    return [(username, role) for username, *_rest, role in ACCOUNTS]


def _assign(user: User, organization: Organization, position: str, signs_as: str) -> None:
    StaffAssignment.objects.update_or_create(
        user=user,
        organization=organization,
        defaults={"position": position, "can_sign": bool(signs_as), "signs_as": signs_as},
    )
