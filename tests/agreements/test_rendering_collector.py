"""Rendering pauses Python's garbage collector (a quarter of the render's CPU time) and always
turns it back on: a failed render must not leave a worker process without it."""

import gc

import pytest

from agreements import rendering


@pytest.fixture
def collector_on():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_collector_is_off_during_a_render_and_on_after(collector_on, monkeypatch):
    seen = []
    monkeypatch.setattr(rendering, "_render", lambda snapshot: seen.append(gc.isenabled()) or "pdf")

    assert rendering.render_pdf({}) == "pdf"

    assert seen == [False]
    assert gc.isenabled()


def test_collector_is_on_again_after_a_render_fails(collector_on, monkeypatch):
    def fail(snapshot):
        raise ValueError("layout failed")

    monkeypatch.setattr(rendering, "_render", fail)

    with pytest.raises(ValueError, match="layout failed"):
        rendering.render_pdf({})
    assert gc.isenabled()


def test_collector_turned_off_elsewhere_stays_off(collector_on):
    gc.disable()
    with rendering.collector_paused():
        pass
    assert not gc.isenabled()
