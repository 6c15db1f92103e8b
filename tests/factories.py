import factory

from blocs.models import Bloc, BlocMembership, Organization, Person, StaffAssignment, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG-{n:04d}")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm số {n}")
    kind = Organization.Kind.DEPARTMENT


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    code = factory.Sequence(lambda n: f"KTĐ{n}")
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    authority = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.PROVINCE)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocMembership

    bloc = factory.SubFactory(BlocFactory)
    organization = factory.SubFactory(OrganizationFactory)
    year = 2020


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.django.Password("ThiDua@2020")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    organization = factory.SubFactory(OrganizationFactory)
