"""partnerships.lifecycle.TRANSITIONS is the one declaration of the lifecycle: walk it.

A new state or transition is added there; these tests fail until it has a service, a permission
predicate, a button label and (for people's transitions) a page whose view checks that predicate.
"""

import importlib

import pytest
from django.urls import resolve, reverse

from partnerships import lifecycle, permissions
from partnerships.models import Partnership

Status = Partnership.Status
TRANSITIONS = sorted(lifecycle.TRANSITIONS)


def service_of(transition):
    module, name = transition.service.split(":")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("name", TRANSITIONS)
def test_every_transition_has_a_service_a_permission_and_a_label(name):
    transition = lifecycle.TRANSITIONS[name]
    assert callable(service_of(transition)), f"{name}: no service {transition.service}"
    assert callable(getattr(permissions, transition.permission, None)), f"{name}: no predicate {transition.permission}"
    assert transition.label.strip(), f"{name}: no button label"
    assert transition.actor in permissions.ACTORS, f"{name}: unknown actor {transition.actor}"
    assert set(transition.targets) <= set(Status.values), f"{name}: unknown source state"
    for target in transition.targets.values():
        assert target in (*Status.values, lifecycle.RESUME, None), f"{name}: unknown target {target}"


@pytest.mark.parametrize("name", [name for name in TRANSITIONS if lifecycle.TRANSITIONS[name].url_name])
def test_every_page_transition_is_guarded_by_its_own_predicate(name):
    transition = lifecycle.TRANSITIONS[name]
    view = resolve(reverse(transition.url_name, args=[1])).func.view_class
    assert view.permission is getattr(permissions, transition.permission), (
        f"{transition.url_name} checks {view.permission}, not {transition.permission}"
    )


def test_every_state_but_the_final_ones_can_move_on():
    sources = {source for transition in lifecycle.TRANSITIONS.values() for source in transition.sources}
    assert set(Status.values) - sources == set(Status.TERMINAL)


def test_every_state_is_reachable_from_draft():
    reachable, frontier = {Status.DRAFT}, [Status.DRAFT]
    while frontier:
        state = frontier.pop()
        for transition in lifecycle.TRANSITIONS.values():
            target = transition.targets.get(state, "none")
            targets = (Status.AGREED, Status.ACTIVE) if target == lifecycle.RESUME else (target,)
            for to in targets:
                if to in Status.values and to not in reachable:
                    reachable.add(to)
                    frontier.append(to)
    assert reachable == set(Status.values)


def test_a_guarded_service_names_the_action_and_the_state():
    partnership = Partnership(status=Status.CONCLUDED)
    with pytest.raises(
        lifecycle.TransitionNotAllowed, match="You cannot recall from review a partnership that is concluded."
    ):
        lifecycle.guard(partnership, "recall")
