"""Authority on the data for campaigns and periods (issue 13, finding 3): a campaign, a period and
its outline belong to one authority; importing a bloc's table is its secretariat's job."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import importer, permissions, progress, services
from campaigns.models import Campaign, ReportingPeriod, ReportOutline, Target

pytestmark = pytest.mark.django_db
D = datetime.date


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def new_campaign(authority):
    return Campaign(
        name="Thi đua chuyên đề chuyển đổi số",
        kind=Campaign.Kind.THEMATIC,
        year=2020,
        authority=authority,
        start=D(2020, 3, 1),
        end=D(2020, 9, 30),
    )


def test_a_reviewer_launches_campaigns_for_its_own_authority_only(demo):
    with pytest.raises(ValidationError) as exc:
        services.campaign_save(
            campaign=new_campaign(demo.org["AG"]), phases=[], actor=demo.reviewer
        )
    assert "authority" in exc.value.message_dict
    assert "Ủy ban nhân dân tỉnh An Giang không thuộc phạm vi anh/chị quản lý." in messages(exc)
    assert not Campaign.objects.filter(name__startswith="Thi đua chuyên đề").exists()
    services.campaign_save(campaign=new_campaign(demo.org["DT"]), phases=[], actor=demo.reviewer)
    services.campaign_save(campaign=new_campaign(demo.org["AG"]), phases=[], actor=demo.admin)
    assert Campaign.objects.filter(name__startswith="Thi đua chuyên đề").count() == 2


def test_a_secretariat_does_not_launch_campaigns(demo):
    with pytest.raises(ValidationError):
        services.campaign_save(
            campaign=new_campaign(demo.org["DT"]), phases=[], actor=demo.secretariat
        )


def test_a_campaign_with_registrations_keeps_its_authority_even_for_the_admin(world, campaign):
    campaign.authority = world.org["AG"]
    with pytest.raises(ValidationError) as exc:
        services.campaign_save(campaign=campaign, phases=None, actor=world.admin)
    assert "không chuyển sang cơ quan khác được" in messages(exc)
    assert Campaign.objects.get(pk=campaign.pk).authority == world.org["DT"]


def test_periods_are_set_for_the_users_own_authority_only(demo):
    with pytest.raises(ValidationError):
        progress.periods_ensure_defaults(authority=demo.org["AG"], year=2022, actor=demo.reviewer)
    assert not ReportingPeriod.objects.filter(year=2022).exists()
    made = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2022, actor=demo.reviewer
    )
    assert {p.authority for p in made} == {demo.org["DT"]}


def test_a_period_follows_a_shared_outline_or_its_authoritys_own(client, demo):
    period = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2022, actor=demo.reviewer
    )[0]
    foreign = ReportOutline.objects.create(
        code="AG-2022", name="Đề cương An Giang", authority=demo.org["AG"]
    )
    own = ReportOutline.objects.create(
        code="DT-2022", name="Đề cương Đồng Tháp", authority=demo.org["DT"]
    )
    client.force_login(demo.reviewer)
    url = reverse("period_edit", args=[period.pk])
    outlines = set(client.get(url).context["form"].fields["outline"].queryset)
    assert own in outlines and foreign not in outlines
    body = {
        "name": period.name,
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
        "due": period.due.strftime("%d/%m/%Y"),
    }
    response = client.post(url, body | {"outline": foreign.pk})
    assert response.status_code == 200 and "outline" in response.context["form"].errors
    period.refresh_from_db()
    assert period.outline_id != foreign.pk
    assert client.post(url, body | {"outline": own.pk}).status_code == 302
    # The model says it too, for any other path that validates the period.
    period.outline = foreign
    with pytest.raises(ValidationError) as exc:
        period.full_clean()
    assert "Đề cương này thuộc Ủy ban nhân dân tỉnh An Giang." in messages(exc)


def test_importing_the_blocs_table_is_the_secretariats_job(client, demo, campaign):
    bloc = demo.bloc
    assert permissions.can_import_registrations(demo.secretariat, bloc, 2020)
    assert permissions.can_import_registrations(demo.admin, bloc, 2020)
    assert not permissions.can_import_registrations(demo.reviewer, bloc, 2020)
    assert not permissions.can_import_registrations(demo.secretariat, bloc, 2021)
    import_url = reverse("bloc_import", args=[campaign.pk, bloc.pk])
    overview = reverse("bloc_overview", args=[campaign.pk, bloc.pk])
    client.force_login(demo.reviewer)
    assert client.get(import_url).status_code == 403
    assert import_url not in client.get(overview).content.decode()
    client.force_login(demo.secretariat)
    assert import_url in client.get(overview).content.decode()


def test_import_service_checks_the_actor(demo, campaign, sample_bytes):
    """The views refuse a reviewer's import; the importer refuses it again when called directly."""
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    before = Target.objects.count()
    with pytest.raises(ValidationError, match="không phải thư ký"):
        importer.apply_import(plan, actor=demo.reviewer, source="mau.xlsx")
    with pytest.raises(ValidationError, match="không phải thư ký"):
        importer.record_batch(
            data=sample_bytes, name="mau.xlsx", campaign=campaign, bloc=demo.bloc,
            actor=demo.reviewer, replace_accepted=False,
        )  # fmt: skip
    assert Target.objects.count() == before
