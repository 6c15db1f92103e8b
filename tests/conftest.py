import datetime
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told the test process is not really async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require(available: bool, what: str) -> None:
    """Missing services skip a test on a laptop but fail it in CI, where they must be present."""
    if not available:
        if IN_CI:
            pytest.fail(f"{what} is required in CI but is not available")
        pytest.skip(f"{what} is not available on this machine")


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The English UI is a compiled catalogue; compile it as `make install` does."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the site's language.

    A request through LocaleMiddleware (e.g. after choosing English) leaves its language active
    on the thread; without this, every later test would read English messages.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test is about the real broker (marker `redis`)."""
    from emulation_portal.celery import app

    if request.node.get_closest_marker("redis"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _load_demo():
    """The demo world of `load_demo`: Đồng Tháp, Khối thi đua 4A 2020 and one account per role."""
    from blocs import demo as blocs_demo
    from blocs.models import Bloc, Organization, User

    blocs_demo.load()
    org = {o.code: o for o in Organization.objects.all()}
    users = {u.username: u for u in User.objects.all()}
    return SimpleNamespace(
        org=org,
        bloc=Bloc.objects.get(code="KTĐ4A"),
        admin=users["admin"],
        reviewer=users["sonoivu"],
        secretariat=users["hvquan"],
        xaydung=users["xaydung"],
        congthuong=users["congthuong"],
        password=blocs_demo.DEMO_PASSWORD,
    )


@pytest.fixture
def demo(db):
    return _load_demo()


@pytest.fixture
def demo_live(transactional_db, live_server):
    """The demo world committed to the database, for browser tests against `live_server`.

    Transactional tests flush the tables afterwards, data migrations' rows included, so the
    award catalogue is seeded again here.
    """
    from awards import catalogue
    from awards.models import AwardType

    catalogue.seed(AwardType)
    world = _load_demo()
    world.url = live_server.url
    return world


def has_redis() -> bool:
    return bool(os.environ.get("REDIS_URL"))


def has_celery_binary() -> bool:
    return shutil.which("celery") is not None


# The sample from shared/samples, committed so tests run wherever the repository is cloned.
SAMPLE = Path(__file__).resolve().parents[1] / "fixtures/dang_ky_chi_tieu_khoi_4A_2020.xlsx"


@pytest.fixture
def sample_bytes():
    return SAMPLE.read_bytes()


@pytest.fixture
def campaign(demo):
    """Kế hoạch 20/KH-UBND of 21/01/2020, the campaign seed 000 reports on."""
    from campaigns.models import Campaign

    return Campaign.objects.get_or_create(
        authority=demo.org["DT"],
        year=2020,
        kind=Campaign.Kind.ANNUAL,
        defaults={
            "name": "Phong trào thi đua yêu nước năm 2020",
            "plan_symbol": "20/KH-UBND",
            "plan_date": datetime.date(2020, 1, 21),
            "start": datetime.date(2020, 1, 1),
            "end": datetime.date(2020, 12, 31),
            "registration_deadline": datetime.date(2020, 2, 15),
        },
    )[0]


@pytest.fixture
def world(demo, campaign, sample_bytes):
    """The demo world with seed 000's registrations imported and the 2019 awards decided."""
    from awards import demo as awards_demo
    from campaigns import importer

    importer.apply_import(
        importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc),
        actor=demo.secretariat,
        source="mau.xlsx",
    )
    awards_demo.load()
    return demo


@pytest.fixture
def full_demo(demo):
    """Everything `load_demo` loads: registrations, six-month reports, scoring, awards."""
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    return demo
