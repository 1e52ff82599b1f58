from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """`?format=` picks the response format. An unknown one is a 400 naming the parameter rather than DRF's bare 404:
    it is most often a meeting format (`?format=virtual`), whose filter is `meeting_format`."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            formats = " or ".join(sorted({renderer.format for renderer in renderers}))
            raise ValidationError(
                {
                    "format": [
                        f"`format` chooses the response format ({formats}); got {format!r}. "
                        "To filter meetings by their format, use `meeting_format`."
                    ]
                }
            )
        return matching
