"""The report page's StreamField blocks: one per okcore report block (okcore.report.model).

They mirror the document's shape field for field, so a draft generated from the data,
what SZ edits in Wagtail, the approved snapshot and every file are the same document
(cms.reports.convert turns one into the other). Texts are plain (TextBlock, CharBlock):
the files carry no markup, and wagtail-localize offers each text for translation.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        choices=[("1", "1"), ("2", "2"), ("3", "3")],
        default="2",
        label=pgettext_lazy("report block", "Level"),
    )
    text = blocks.CharBlock(label=pgettext_lazy("report block", "Heading"))
    key = blocks.CharBlock(
        required=False,
        label=pgettext_lazy("report block", "Key"),
        help_text=pgettext_lazy(
            "report block",
            "Names a generated section (goal-2, summary); leave it as it is.",
        ),
    )
    written = blocks.BooleanBlock(
        required=False,
        label=pgettext_lazy("report block", "Written by SZ"),
        help_text=pgettext_lazy(
            "report block",
            "The text up to the next heading is yours: generating the draft again keeps it.",
        ),
    )

    class Meta:
        icon = "title"
        label = pgettext_lazy("report block", "Heading")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=pgettext_lazy("report block", "Text"))
    source = blocks.CharBlock(label=pgettext_lazy("report block", "Unit"))

    class Meta:
        icon = "openquote"
        label = pgettext_lazy("report block", "Quote")


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=pgettext_lazy("report block", "Caption"))
    header = blocks.ListBlock(
        blocks.CharBlock(required=False), label=pgettext_lazy("report block", "Column headers")
    )
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(required=False)),
        label=pgettext_lazy("report block", "Rows"),
    )
    row_headers = blocks.BooleanBlock(
        required=False,
        default=True,
        label=pgettext_lazy("report block", "The first cell of each row heads the row"),
    )

    class Meta:
        icon = "table"
        label = pgettext_lazy("report block", "Table")


class ChartRowBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=pgettext_lazy("report block", "Indicator"))
    baseline = blocks.FloatBlock(required=False, label=pgettext_lazy("report block", "Baseline"))
    value = blocks.FloatBlock(required=False, label=pgettext_lazy("report block", "Value"))
    target = blocks.FloatBlock(required=False, label=pgettext_lazy("report block", "Target"))
    target_label = blocks.CharBlock(
        required=False, label=pgettext_lazy("report block", "Target as written")
    )


class ChartBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=pgettext_lazy("report block", "Key"))
    title = blocks.CharBlock(label=pgettext_lazy("report block", "Title"))
    description = blocks.TextBlock(label=pgettext_lazy("report block", "Description"))
    rows = blocks.ListBlock(ChartRowBlock(), label=pgettext_lazy("report block", "Indicators"))
    label_baseline = blocks.CharBlock(label=pgettext_lazy("report block", "Legend: baseline"))
    label_value = blocks.CharBlock(label=pgettext_lazy("report block", "Legend: value"))
    label_target = blocks.CharBlock(label=pgettext_lazy("report block", "Legend: target"))

    class Meta:
        icon = "view"
        label = pgettext_lazy("report block", "Chart")


class ReportBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.TextBlock(icon="pilcrow", label=pgettext_lazy("report block", "Paragraph"))
    list = blocks.ListBlock(
        blocks.CharBlock(), icon="list-ul", label=pgettext_lazy("report block", "List")
    )
    quote = QuoteBlock()
    table = TableBlock()
    chart = ChartBlock()
