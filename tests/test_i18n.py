import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default(client, demo):
    client.force_login(demo.xaydung)
    html = client.get(reverse("bloc_list")).content.decode()
    assert '<html lang="vi">' in html
    assert "Khối, cụm thi đua" in html


def test_english_is_available(client, demo):
    client.force_login(demo.xaydung)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("bloc_list")).content.decode()
    assert '<html lang="en">' in html
    assert "Emulation blocs and clusters" in html or "Emulation bloc" in html


def test_english_catalogue_is_complete():
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/en/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert not missing, "untranslated (run `make messages` and translate): " + "; ".join(missing)


def test_dates_are_day_month_year(client, demo):
    from django.utils import formats, timezone

    moment = timezone.datetime(2020, 2, 5, 9, 30)
    assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "05/02/2020"
    assert formats.number_format(1150.5, 1, force_grouping=True) == "1.150,5"


def test_catalogues_define_each_message_once():
    """Entries appended by parallel branches can repeat a message; msgfmt refuses such a file
    and a lenient compiler silently keeps one of the translations."""
    for language in ("en", "vi"):
        path = settings.BASE_DIR / f"locale/{language}/LC_MESSAGES/django.po"
        keys = [(e.msgctxt, e.msgid) for e in polib.pofile(str(path))]
        assert len(keys) == len(set(keys)), [k for k in set(keys) if keys.count(k) > 1]
