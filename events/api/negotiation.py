from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


def serves(renderer, view):
    """Whether the renderer serves this view's operation: exports serve lists only, linked data meetings only (a
    renderer that does not say serves every operation)."""
    check = getattr(renderer, "serves", None)
    return check is None or check(view)


class ContentNegotiation(DefaultContentNegotiation):
    """`?format=` picks the response format. An unknown one is a 400 naming the parameter rather than DRF's bare 404:
    it is most often a meeting format (`?format=virtual`), whose filter is `meeting_format`.

    Only the renderers that serve the operation take part: `Accept: text/csv` on an object is a 406, `?format=csv`
    there a 400."""

    def select_renderer(self, request, renderers, format_suffix=None):
        view = (getattr(request, "parser_context", None) or {}).get("view")
        return super().select_renderer(request, [r for r in renderers if serves(r, view)], format_suffix)

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            *others, last = sorted({renderer.format for renderer in renderers})
            formats = f"{', '.join(others)} or {last}" if others else last
            raise ValidationError(
                {
                    "format": [
                        f"`format` chooses the response format ({formats}); got {format!r}. "
                        "To filter meetings by their format, use `meeting_format`."
                    ]
                }
            )
        return matching
