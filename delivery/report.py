"""The impact report's content: a snapshot of the stored facts (JSON, frozen with each version) and
the template context built from it, with the chart of objective ratings across reviews.

The four parts follow the DfE's trust partnership case study: context, support provided to date,
plan for future support, early impact.
"""

import datetime
from itertools import groupby

from partnerships.models import AcademisationConsideration, Activity, Partnership

from .models import EndReview, Rating, ReviewMeeting

Status = Activity.Status
DONE_OR_UNDER_WAY = (Status.DONE, Status.IN_PROGRESS)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _activity(activity: Activity) -> dict:
    return {
        "title": activity.title,
        "lead": activity.lead,
        "starts_on": _iso(activity.starts_on),
        "ends_on": _iso(activity.ends_on),
        "status": activity.get_status_display(),
        "impact_notes": activity.impact_notes,
    }


def _by_category(activities: list[Activity]) -> list[dict]:
    ordered = sorted(activities, key=lambda a: (Activity.Category.values.index(a.category), a.starts_on, a.pk))
    return [
        {"category": Activity.Category(category).label, "activities": [_activity(a) for a in group]}
        for category, group in groupby(ordered, key=lambda a: a.category)
    ]


def _academisation(partnership: Partnership) -> dict:
    record = AcademisationConsideration.objects.filter(partnership=partnership).first()
    if record is None:
        return {"outcome": "Not recorded yet", "consultation_started_on": None, "decided_on": None, "notes": ""}
    return {
        "outcome": record.get_outcome_display(),
        "consultation_started_on": _iso(record.consultation_started_on),
        "decided_on": _iso(record.decided_on),
        "notes": record.notes,
    }


def build_report_snapshot(partnership: Partnership) -> dict:
    """Everything the report prints, read from the database now."""
    school, trust = partnership.school, partnership.trust
    activities = list(partnership.activities.all())
    meetings = list(
        ReviewMeeting.objects.held()
        .filter(partnership=partnership)
        .order_by("held_on", "id")
        .prefetch_related("ratings")
    )
    end_review = EndReview.objects.filter(partnership=partnership).first()
    return {
        "reference": partnership.reference,
        "status": partnership.get_status_display(),
        "start_date": _iso(partnership.start_date),
        "end_date": _iso(partnership.end_date),
        "purpose": partnership.purpose,
        "school": {
            "name": school.name,
            "urn": school.urn,
            "la_name": school.la_name,
            "establishment_type": school.establishment_type,
            "phase": school.phase,
            "pupils_on_roll": school.pupils_on_roll,
            "previous_ofsted_grade": school.get_previous_ofsted_grade_display() if school.previous_ofsted_grade else "",
            "previous_ofsted_grade_on": _iso(school.previous_ofsted_grade_on),
            "ofsted_last_inspection": _iso(school.ofsted_last_inspection),
            "ofsted_last_inspection_type": school.ofsted_last_inspection_type,
            "ofsted_report_card": dict(school.ofsted_report_card or {}),
        },
        "trust": {"name": trust.name, "group_id": trust.group_id},
        "support": _by_category([a for a in activities if a.status in DONE_OR_UNDER_WAY]),
        "plan": _by_category([a for a in activities if a.status == Status.PLANNED]),
        "reviews": [{"held_on": _iso(m.held_on), "kind": m.get_kind_display()} for m in meetings],
        "objectives": [
            {
                "description": objective.description,
                "measure_of_success": objective.measure_of_success,
                "ratings": [_rating_at(meeting, objective.pk) for meeting in meetings],
            }
            for objective in partnership.objectives.all()
        ],
        "impact_notes": [{"title": a.title, "notes": a.impact_notes} for a in activities if a.impact_notes.strip()],
        "academisation": _academisation(partnership),
        "end_review": {
            "outcome": end_review.get_outcome_display(),
            "would_recommend": end_review.would_recommend,
            "lessons": end_review.lessons,
        }
        if end_review
        else None,
    }


def _rating_at(meeting: ReviewMeeting, objective_id: int) -> str | None:
    return next((r.rating for r in meeting.ratings.all() if r.objective_id == objective_id), None)


# --- From the snapshot to the page ------------------------------------------------------------------


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _dated_activities(groups: list[dict]) -> list[dict]:
    return [
        {
            "category": group["category"],
            "activities": [
                {**a, "starts_on": _date(a["starts_on"]), "ends_on": _date(a["ends_on"])} for a in group["activities"]
            ],
        }
        for group in groups
    ]


# Chart geometry (SVG user units). Each objective gets its own line pattern and marker shape, so
# the lines are told apart without colour; the ratings are also in the table beside the chart.
CHART = {"width": 520, "height": 200, "left": 110, "right": 40, "top": 16, "bottom": 36}
PATTERNS = [("", "circle"), ("6 4", "square"), ("2 3", "triangle"), ("10 3 2 3", "diamond")]
LEVELS = [(Rating.ON_TRACK, 3), (Rating.SOME_CONCERNS, 2), (Rating.OFF_TRACK, 1)]


def _marker(shape: str, x: float, y: float) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    if shape == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"/>'
    return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"/>'


def ratings_chart(reviews: list[dict], objectives: list[dict]) -> dict | None:
    """Numbers for the SVG line chart (drawn by the template): axes, one series per objective."""
    if not reviews or not objectives:
        return None
    c = CHART
    plot_width = c["width"] - c["left"] - c["right"]
    plot_height = c["height"] - c["top"] - c["bottom"]
    step = plot_width / max(len(reviews) - 1, 1)
    xs = [c["left"] + (step * i if len(reviews) > 1 else plot_width / 2) for i in range(len(reviews))]

    def y_of(score: int) -> float:
        return c["top"] + plot_height * (3 - score) / 2

    series = []
    for number, objective in enumerate(objectives, 1):
        dash, shape = PATTERNS[(number - 1) % len(PATTERNS)]
        points = [
            (x, y_of(Rating.SCORES[rating])) for x, rating in zip(xs, objective["ratings"], strict=True) if rating
        ]
        series.append(
            {
                "number": number,
                "dash": dash,
                "shape": shape,
                "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                "markers": "".join(_marker(shape, x, y) for x, y in points),
                "legend_marker": _marker(shape, 0, 0),
            }
        )
    return {
        **c,
        "levels": [{"label": Rating(value).label, "y": y_of(score)} for value, score in LEVELS],
        "columns": [
            {"x": x, "label": f"{d:%b %Y}"} for x, d in zip(xs, (_date(r["held_on"]) for r in reviews), strict=True)
        ],
        "series": series,
        "plot_right": c["width"] - c["right"],
        "axis_y": c["height"] - c["bottom"],
    }


def report_context(snapshot: dict, *, narratives: dict, version: dict) -> dict:
    """Template context for the web page and the PDF: the snapshot with dates as dates."""
    objectives = [
        {
            **objective,
            "cells": [
                {
                    "value": rating,
                    "label": Rating(rating).label if rating else "Not rated",
                    "tag_class": Rating.TAG_COLOURS.get(rating, ""),
                }
                for rating in objective["ratings"]
            ],
        }
        for objective in snapshot["objectives"]
    ]
    reviews = [{**review, "held_on": _date(review["held_on"])} for review in snapshot["reviews"]]
    school = {
        **snapshot["school"],
        "ofsted_last_inspection": _date(snapshot["school"].get("ofsted_last_inspection")),
        "previous_ofsted_grade_on": _date(snapshot["school"].get("previous_ofsted_grade_on")),
    }
    academisation = {
        **snapshot["academisation"],
        "consultation_started_on": _date(snapshot["academisation"]["consultation_started_on"]),
        "decided_on": _date(snapshot["academisation"]["decided_on"]),
    }
    return {
        "report": snapshot,
        "reference": snapshot["reference"],
        "school": school,
        "trust": snapshot["trust"],
        "start_date": _date(snapshot["start_date"]),
        "end_date": _date(snapshot["end_date"]),
        "support": _dated_activities(snapshot["support"]),
        "plan": _dated_activities(snapshot["plan"]),
        "reviews": reviews,
        "objectives": objectives,
        "chart": ratings_chart(snapshot["reviews"], snapshot["objectives"]),
        "academisation": academisation,
        "narratives": narratives,
        "version": version,
    }
