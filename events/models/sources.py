from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from events.models.base import TrackedModel, bounded_text, digest, record_history, room_for_one_more
from events.querysets import SourceQuerySet

__all__ = ["MAX_SOURCES_PER_RECORD", "Citation", "Source"]

SPEAKS_FOR_ONE = "A speaker speaks for a nation or an organization, not both."

# How many sources one meeting, participation or contribution may cite.
MAX_SOURCES_PER_RECORD = 50


URL_TAKEN = "A source with this address is already recorded."
# The web addresses a source takes (on top of Django's URL validator), as the API's schema states them: http(s), a
# host name with a top-level domain, then any path, query or fragment. Every news page's address looks like this; an
# IP address or a port would be a mistake.
URL_PATTERN = "^https?://(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.){1,3}[a-zA-Z]{2,24}(?:[/?#][^\\s]*)?$"


@bounded_text
class Source(TrackedModel):
    """A report that facts are taken from: an article, a broadcast, a communiqué."""

    outlet = models.CharField(max_length=200, help_text="Publisher or broadcaster (e.g. Newslooks).")
    title = models.CharField(max_length=300, help_text="Headline or title of the report.")
    author = models.CharField(max_length=200, blank=True, help_text="Byline, as printed (e.g. J. Mansour).")
    programme = models.CharField(max_length=200, blank=True, help_text="Programme or section (e.g. Morning Edition).")
    dateline = models.CharField(
        max_length=100, blank=True, help_text="Place the report was filed from (e.g. WASHINGTON)."
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        validators=[RegexValidator(URL_PATTERN, "Enter the web address of a page: http(s)://, a host name, a path.")],
        help_text="Address of the report, when it has one; identifies the source.",
    )
    published_date = models.DateField(null=True, blank=True, help_text="Publication date, when the source gives one.")
    notes = models.TextField(
        max_length=2000, blank=True, help_text="Anything worth knowing about the source (e.g. an inferred date)."
    )

    objects = SourceQuerySet.as_manager()
    history = record_history()

    class Meta:
        ordering = ["outlet", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_unique_url",
                violation_error_code="duplicate",
                violation_error_message=URL_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["outlet", "title"],
                name="source_unique_outlet_title",
                violation_error_code="duplicate",
                violation_error_message="This outlet already has a source with this title.",
            ),
        ]

    def __str__(self):
        return f"{self.outlet}: {self.title}"

    def clean(self):
        if self.url and Source.objects.exclude(pk=self.pk).filter(url=self.url).exists():
            raise ValidationError({"url": ValidationError(URL_TAKEN, code="duplicate")})


@bounded_text
class Citation(TrackedModel):
    """A statement quoted in a source, with who said it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="citations")
    quote = models.TextField(max_length=2000, help_text="The words quoted, exactly as the source gives them.")
    speaker = models.CharField(
        max_length=200, help_text='Who said it, as the source describes them (e.g. "French military official").'
    )
    speaker_is_anonymous = models.BooleanField(default=False, help_text="The source withholds the speaker's name.")
    # PROTECT: nations are reference data.
    speaker_nation = models.ForeignKey(
        "events.Nation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The nation the speaker speaks for, when there is one.",
    )
    # PROTECT: organizations and people are part of the record; a quote's speaker is not silently dropped.
    speaker_organization = models.ForeignKey(
        "events.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The organization the speaker speaks for (e.g. NATO), when there is one, instead of a nation.",
    )
    speaker_person = models.ForeignKey(
        "events.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The speaker, when named and recorded as a person.",
    )
    # SET_NULL: the quote still stands in its source when the meeting record goes.
    meeting = models.ForeignKey(
        "events.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citations",
        help_text="The meeting the statement is about.",
    )
    context = models.TextField(
        max_length=2000, blank=True, help_text="What the statement was about, in the source's words."
    )
    quote_digest = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the quote.")

    history = record_history()

    class Meta:
        ordering = ["source", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(speaker_nation__isnull=True) | Q(speaker_organization__isnull=True),
                name="citation_speaks_for_one",
                violation_error_message=SPEAKS_FOR_ONE,
            ),
            # The importer's natural key; the quote is compared by its digest, which any length can index.
            models.UniqueConstraint(
                fields=["source", "quote_digest"],
                name="citation_unique_quote",
                violation_error_code="duplicate",
                violation_error_message="This source already has a citation with this quote.",
            ),
        ]

    MAX_PER_SOURCE = 500

    def __str__(self):
        return f"{self.speaker}: “{self.quote[:60]}”"

    def save(self, *args, **kwargs):
        self.quote_digest = digest(self.quote)
        super().save(*args, **kwargs)

    def clean(self):
        room_for_one_more(self, "source", self.MAX_PER_SOURCE)
        self.quote_digest = digest(self.quote)  # before the unique constraint is checked
        if self.speaker_nation_id and self.speaker_organization_id:
            raise ValidationError({"speaker_organization": SPEAKS_FOR_ONE})
