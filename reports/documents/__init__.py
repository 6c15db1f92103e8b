"""One document registry: every kind of official document the portal prints, in every format.

In the manner of pretix's exporters (src/pretix/base/exporter.py), kept small: each kind is a
module here with a context builder (a selector that takes `user=` and scopes) and its layouts for
PDF, DOCX and XLSX, delegating to the writers (bloc_outputs, word, rendering, the XLSX writers).
Pages, the report version task and the commands all call `render`; nothing else picks a writer,
so a figure is computed once and every format of a kind shows the same one.
"""

from . import award_registry, award_summary, bloc_report, registration, unit_report
from .base import CONTENT_TYPES, Kind, Rendered, file_name

KINDS: dict[str, Kind] = {
    module.KIND.identifier: module.KIND
    for module in (bloc_report, registration, award_summary, unit_report, award_registry)
}
FORMATS = tuple(CONTENT_TYPES)


def render(kind: str, params: dict, format: str, *, user, built_hook=None) -> Rendered:
    """The document of `kind` built from `params`, laid out as `format` (pdf, docx, xlsx), for
    `user` (None: the command line). Raises PermissionDenied when the user may not read it,
    ValueError for an unknown kind or format. `built_hook()` runs between building the context
    and laying it out (the version task shows its progress there)."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind: {kind}")
    entry = KINDS[kind]
    if format not in entry.layouts:
        raise ValueError(f"{kind} has no {format} layout")
    built = entry.build(**params, user=user)
    if built_hook is not None:
        built_hook()
    return Rendered(
        data=entry.layouts[format](built.context),
        content_type=CONTENT_TYPES[format],
        filename=file_name(built.name, format),
        context=built.context,
    )
