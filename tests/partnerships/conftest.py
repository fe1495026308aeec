import pytest

from agreements import services as agreement_services
from tests.stand_in_pdf import quick_render


@pytest.fixture
def quick_pdf(monkeypatch):
    """Agreement versions get a real one-page PDF without WeasyPrint, for tests about what the
    pages say once an agreement has been generated or issued, not about the document."""
    monkeypatch.setattr(agreement_services, "render_pdf", quick_render)
