"""Whether a partnership is ready for the governors: what is missing, and warnings about the plan."""

from django.conf import settings

from partnerships.models import ClauseSection, Partnership

MISSING_CLAUSE = "add at least one clause to the terms and conditions"
MISSING_SECTIONS = "add clauses to the sections a contract cannot do without: {sections}"
MISSING_COST = "add a cost line to the service charge, or record that there is no charge"
MISSING_OBJECTIVE = "add at least one objective"
MISSING_ACTIVITY = "add at least one activity to the activity plan"
NO_TEACHING_OR_LEADERSHIP = (
    "The activity plan has no teaching or leadership activity. The DfE expects a trust partnership "
    "to focus on teaching and leadership, such as headteacher mentoring or curriculum development."
)


def missing_for_review(partnership: Partnership) -> list[str]:
    """What must be added before the governors can review the partnership, in task-list order."""
    missing = []
    if not partnership.clauses.exists():
        missing.append(MISSING_CLAUSE)
    else:
        sections = missing_required_sections(partnership)
        if sections:
            missing.append(MISSING_SECTIONS.format(sections=", ".join(sections)))
    if not partnership.no_charge and not partnership.cost_lines.exists():
        missing.append(MISSING_COST)
    if not partnership.objectives.exists():
        missing.append(MISSING_OBJECTIVE)
    if not partnership.activities.exists():
        missing.append(MISSING_ACTIVITY)
    return missing


def required_sections(partnership: Partnership) -> list[ClauseSection]:
    """The sections settings.AGREEMENT_REQUIRED_SECTIONS lists (names of ClauseSection members);
    the charges section only where there is a charge."""
    sections = [ClauseSection[name] for name in settings.AGREEMENT_REQUIRED_SECTIONS]
    if partnership.no_charge:
        sections = [section for section in sections if section != ClauseSection.CHARGES]
    return sections


def missing_required_sections(partnership: Partnership) -> list[str]:
    """Labels of the required sections that have no clause yet, in print order."""
    required = required_sections(partnership)
    if not required:
        return []
    present = set(partnership.clauses.values_list("section", flat=True))
    return [section.label for section in required if section not in present]


def plan_warnings(partnership: Partnership, activities=None) -> list[str]:
    """Warnings (not errors) about the activity plan."""
    activities = list(partnership.activities.all() if activities is None else activities)
    if activities and not any(activity.is_teaching_or_leadership for activity in activities):
        return [NO_TEACHING_OR_LEADERSHIP]
    return []


def lacks_teaching_or_leadership(queryset=None):
    """Partnerships with activities, none of them in a teaching-or-leadership category."""
    from partnerships.models import Activity

    queryset = Partnership.objects.all() if queryset is None else queryset
    return (
        queryset.filter(activities__isnull=False)
        .exclude(activities__category__in=Activity.Category.TEACHING_AND_LEADERSHIP)
        .distinct()
    )
