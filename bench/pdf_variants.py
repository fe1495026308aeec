"""Compare print-stylesheet variants for the agreement PDF, in CPU time (robust on a shared machine).

    .venv/bin/python bench/pdf_variants.py [--rounds 3] [--scenario realistic]

Renders one snapshot (bench/bench_agreement_pdf.py's scenarios) with the shipped stylesheet and
with variants that switch off one feature each, and the plain-paragraph floor, all in one run.
For each variant: median CPU ms per page, the ratio to the floor, and whether every page looks
the same as the shipped stylesheet's (pages rasterised at 60 dpi, pixels compared). Everything
is rendered as shipped: tagged PDF/UA-1, the floor too.
A variant that changes the look is evidence of what a feature costs, not a candidate.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_agreement_pdf import (  # noqa: E402
    SCENARIOS,
    build_snapshot,
    cpu_seconds,
    floor_reference,
    setup_django,
)

STYLESHEET = ROOT / "static" / "agreements" / "print" / "agreement.css"


def variants(css: str) -> dict[str, str]:
    return {
        "shipped": css,
        "no margin boxes (header/footer)": re.sub(r"@(top|bottom)-(left|right)\s*\{[^}]*\}", "", css),
        "no string-set": re.sub(r"string-set:[^;]*;", "", css),
        "no target-counter (contents page numbers)": css.replace("content: target-counter(attr(href url), page);", ""),
        "overflow-wrap: normal": css.replace("overflow-wrap: break-word;", "", 1),
        "overflow-wrap: anywhere (before)": css.replace("overflow-wrap: break-word;", "overflow-wrap: anywhere;", 1),
        "no kerning/ligatures": css.replace(
            "html {", "html { font-kerning: none; font-variant-ligatures: none; text-rendering: optimizeSpeed;", 1
        ),
        "tables auto layout": css.replace("table-layout: fixed;", ""),
        # The content's own cost: no author stylesheet at all (the browser's defaults, 16 px text).
        "no author stylesheet (browser defaults)": "",
    }


def render(snapshot: dict, css_text: str):
    """As render_pdf renders (the trimmed user agent stylesheet, the collector paused)."""
    from weasyprint import CSS
    from weasyprint.urls import path2url

    from agreements import rendering

    base = rendering.assets_dir()
    css = CSS(string=css_text, base_url=path2url(STYLESHEET), url_fetcher=rendering.fetcher())
    html = rendering.AgreementHTML(
        string=rendering.render_html(snapshot), base_url=path2url(base), url_fetcher=rendering.fetcher()
    )
    with rendering.collector_paused():
        document = html.render(stylesheets=[css], pdf_variant=rendering.PDF_VARIANT)
        return document, document.write_pdf(pdf_variant=rendering.PDF_VARIANT)


def pages_as_images(pdf: bytes) -> list:
    import subprocess

    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(Path(folder) / "page")], check=True)
        return [Image.open(io.BytesIO(page.read_bytes())).convert("L") for page in sorted(Path(folder).glob("*.png"))]


def same_look(first: bytes, second: bytes) -> str:
    from PIL import ImageChops

    a, b = pages_as_images(first), pages_as_images(second)
    if len(a) != len(b):
        return f"no: {len(b)} pages, not {len(a)}"
    differing = [n for n, (x, y) in enumerate(zip(a, b), 1) if ImageChops.difference(x, y).getbbox() is not None]
    return "yes" if not differing else f"no: pages {differing[:5]} differ"


def floor_ms_per_page(rounds: int) -> float:
    """The plain-paragraph floor, rendered as bench_agreement_pdf.py renders it."""
    floor = floor_reference(rounds)
    return statistics.median(floor["cpus"]) / floor["pages"] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenario", choices=SCENARIOS, default="realistic")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tp-pdf-variants-") as folder:
        setup_django(Path(folder))
        snapshot = build_snapshot(args.scenario, SCENARIOS[args.scenario])
        css = STYLESHEET.read_text(encoding="utf-8")
        floor = floor_ms_per_page(args.rounds)
        print(f"{args.scenario}: CPU ms per page (median of {args.rounds}); floor = plain paragraphs, same font")
        print(f"{'variant':45} {'pages':>5} {'ms/page':>8} {'× floor':>8}  same look")
        print(f"{'floor (plain paragraphs)':45} {'':>5} {floor:8.0f} {1:8.2f}")
        reference = None
        for name, text in variants(css).items():
            render(snapshot, text)  # warm-up
            cpus = []
            for _ in range(args.rounds):
                started = cpu_seconds()
                document, pdf = render(snapshot, text)
                cpus.append(cpu_seconds() - started)
            per_page = statistics.median(cpus) / len(document.pages) * 1000
            reference = pdf if reference is None else reference
            look = "(reference)" if pdf is reference else same_look(reference, pdf)
            print(f"{name:45} {len(document.pages):5} {per_page:8.0f} {per_page / floor:8.2f}  {look}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
