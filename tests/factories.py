"""Test data. Nations and roles come from the reference-data migration, so factories look them up."""

import datetime

import factory

from events import models


def nation(code):
    return models.Nation.objects.get(code=code)


def role(code):
    return models.ParticipationRole.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    short_name = factory.Sequence(lambda n: f"O{n}")
    kind = models.OrganizationKind.ALLIANCE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    organization = factory.SubFactory(OrganizationFactory)
    nation = factory.LazyFunction(lambda: nation("FR"))
    start_date = datetime.date(2000, 1, 1)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    outlet = "Test Wire"
    title = factory.Sequence(lambda n: f"Report {n}")
    author = "A. Reporter"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    start_date = datetime.date(2025, 3, 11)
    end_date = factory.SelfAttribute("start_date")
    city = "Paris"
    host_country = factory.LazyFunction(lambda: nation("FR"))
    format = models.MeetingFormat.IN_PERSON
    status = models.MeetingStatus.HELD


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Session

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Session {n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participation

    meeting = factory.SubFactory(MeetingFactory)
    nation = factory.LazyFunction(lambda: nation("FR"))
    role = factory.LazyFunction(lambda: role("participant"))
    status = models.ParticipationStatus.ATTENDED
    attendance_mode = models.AttendanceMode.IN_PERSON


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contribution

    meeting = factory.SubFactory(MeetingFactory)
    nation = factory.LazyFunction(lambda: nation("FR"))
    categories = factory.LazyFunction(lambda: [models.ContributionCategory.TROOPS])
    description = "A battalion"
    status = models.ContributionStatus.PLEDGED


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Citation

    source = factory.SubFactory(SourceFactory)
    quote = factory.Sequence(lambda n: f"Statement number {n}")
    speaker = "A spokesperson"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ParticipationRole
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"Role {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Person {n}")


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Delegate

    participation = factory.SubFactory(ParticipationFactory)
    person = factory.SubFactory(PersonFactory)
    level = models.DelegateLevel.MINISTER


class ReportedCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportedCount

    meeting = factory.SubFactory(MeetingFactory)
    count = 20
    qualifier = models.CountQualifier.EXACT


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Series

    slug = factory.Sequence(lambda n: f"series-{n}")
    name = factory.Sequence(lambda n: f"Series {n}")
