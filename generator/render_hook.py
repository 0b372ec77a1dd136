"""MkDocs hook: one Python-Markdown converter for every page of a build, reset between pages.

MkDocs 1.6 builds a new ``markdown.Markdown`` with all the site's extensions for every page
(``Page.render``): loading and configuring the extensions again each time. This hook gives
each page MkDocs' own ``Page.render`` with one change: the converter is made once per
config and ``reset()`` before each page, and MkDocs' four per-page processors (which hold
the page's file) are registered on it again, which replaces the previous page's by name.
The HTML is the same byte for byte (tests/test_site.py builds the example both ways).

The copy follows MkDocs 1.6.1, which pyproject.toml pins; with any other version the hook
leaves MkDocs alone.
"""

from __future__ import annotations

import logging
import types
from typing import Any

import markdown
import mkdocs
from mkdocs.structure import pages

_FOLLOWS = "1.6.1"
_kept: list[tuple[Any, markdown.Markdown]] = []  # (config, its converter): the latest only


def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    if mkdocs.__version__ == _FOLLOWS:
        page.render = types.MethodType(_render, page)
    return page


def _converter(config: Any) -> markdown.Markdown:
    if _kept and _kept[0][0] is config:
        md = _kept[0][1]
        md.reset()
        return md
    md = markdown.Markdown(
        extensions=config["markdown_extensions"],
        extension_configs=config["mdx_configs"] or {},
    )
    _kept[:] = [(config, md)]
    return md


def _render(page: Any, config: Any, files: Any) -> None:
    """``mkdocs.structure.pages.Page.render`` of MkDocs 1.6.1, with a kept converter."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = _converter(config)
    raw_html_ext = pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    page.content = md.convert(page.markdown)
    page.toc = pages.get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = (
        extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    )
    if pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors
