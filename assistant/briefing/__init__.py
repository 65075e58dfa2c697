"""Briefings for spokespeople: key points, timeline, quotes by speaker, gaps and sources, on a topic.

Everything is extractive: every line is the documents' own words and cites where they stand.
Key points are the best-scoring sentences of the passages retrieved for the topic (two at
most from one passage, ``key_points.py``); the timeline is the topic's dated events and the
quotes are the statements extracted at ingest (``events.py``); "what the documents do not
say" lists the usual questions of a briefing that the assistant, asked them, abstains on or
answers without touching the aspect (``gaps.py``); ``build.py`` gathers them and
``render.py`` writes Markdown, HTML or Word.
"""

from assistant.briefing.build import build_briefing
from assistant.briefing.lines import Briefing, Line
from assistant.briefing.render import to_html, to_markdown, write_docx

__all__ = ["Briefing", "Line", "build_briefing", "to_html", "to_markdown", "write_docx"]
