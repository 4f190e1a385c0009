"""Coding stage: recognised mentions → event frames → EventReports."""

from __future__ import annotations

from marsad.coder.analysis import Analysis, analyse
from marsad.coder.coalesce import coalesce
from marsad.coder.frames import build_frames
from marsad.coder.reports import frame_to_report
from marsad.records import EventReport


def code_analysis(analysis: Analysis, resources) -> list[EventReport]:
    """EventReports of one analysed document."""
    reports = []
    for frame in build_frames(analysis, resources.policy):
        report = frame_to_report(analysis, frame, resources)
        if report is not None:
            reports.append(report)
    return coalesce(reports, resources.policy.rank)


__all__ = ["Analysis", "analyse", "code_analysis"]
