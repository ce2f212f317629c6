"""The review packet as a lawyer will use it: a file opened in Chromium and printed to PDF."""

from __future__ import annotations

import re
import subprocess

from chromium import SHOTS
from questionnaire.content.jurisdictions import FACT_VALUES
from questionnaire.content.review_packet import write_packet


def pdf_pages(pdf) -> int:
    """The page count, from pdfinfo when it is installed, else from the PDF's page objects."""
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_the_texas_packet_prints_section_by_section_and_asks_nothing_of_the_network(browser, tmp_path):
    path, packet = write_packet("TX", tmp_path / "review-TX.html")
    context = browser.new_context(viewport={"width": 1000, "height": 1300})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review-packet-TX.png"))
    pdf = tmp_path / "review-TX.pdf"
    page.pdf(path=str(pdf), format="Letter")
    context.close()

    assert requests and all(url.startswith("file://") for url in requests), requests
    pages = pdf_pages(pdf)
    assert pages >= 2, pages

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    printed = text.stdout.split("\f")
    assert packet.keys["state:TX"][:12] in text.stdout and "state:TX" in text.stdout
    assert "☐ correct" in text.stdout and "☐ wrong" in text.stdout
    # Each topic, the laws and the sign-off start on a page of their own.
    tops = [p.strip().splitlines()[0].strip() for p in printed if p.strip()]
    assert tops[0] == "Review packet: Texas (TX)"
    assert [t.topic for t in packet.states[0].topics] == list(FACT_VALUES)
    for topic in packet.states[0].topics:
        assert f"Texas: {topic.title}" in tops
    assert "Texas: laws, rulings and rules" in tops and "Sign-off" in tops
