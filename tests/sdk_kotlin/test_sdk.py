"""The committed Kotlin SDK (sdks/kotlin) against the real app on loopback: a JUnit round trip
(tests/sdk_kotlin/kotlin/RoundTripTest.kt) copied into a copy of the Maven project, with
PARLEY_BASE_URL pointing at the app, exercises every method."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.app.samples import ITEM_TYPES, ITEMS
from tests.sdk_kotlin import toolchain


def test_round_trip_against_the_app(app_base_url: str, tmp_path: Path) -> None:
    project = toolchain.copy_project(toolchain.SDK_DIR, tmp_path / "project")
    target = project / "src" / "test" / "kotlin" / "dev" / "parley" / "roundtrip"
    target.mkdir(parents=True)
    (target / "RoundTripTest.kt").write_text(
        (toolchain.KOTLIN_TESTS / "RoundTripTest.kt").read_text())
    samples = tmp_path / "samples.json"
    samples.write_text(json.dumps({"items": ITEMS, "item_types": sorted(ITEM_TYPES)}))
    toolchain.mvn("test", "-Dtest=RoundTripTest", cwd=project,
                  env={"PARLEY_BASE_URL": app_base_url, "SDK_TEST_SAMPLES": str(samples)})
    assert toolchain.surefire_results(project) == {
        "RoundTripTest.autoPaging250InBothOrders": "passed",
        "RoundTripTest.everyMethod": "passed",
        "RoundTripTest.unknownItemSurvivesDecodeAndReencode": "passed",
    }


def test_round_trip_covers_every_method() -> None:
    api = (toolchain.SDK_DIR / "api.md").read_text()
    methods = re.findall(r"^- `(client\.[\w.]+)`:", api, re.MULTILINE)
    assert len(methods) == 11
    source = (toolchain.KOTLIN_TESTS / "RoundTripTest.kt").read_text()
    missing = [m for m in methods if f"{m}(" not in source]
    assert not missing


def test_no_kotlin_daemon_outlives_the_build() -> None:
    """The committed pom compiles in Maven's own JVM: a Kotlin compile daemon would outlive
    `mvn` for hours (and keep a CI job's process tree alive)."""
    import xml.etree.ElementTree as ET

    pom = ET.parse(Path(__file__).parents[2] / "sdks" / "kotlin" / "pom.xml").getroot()
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    assert pom.findtext("m:properties/m:kotlin.compiler.daemon", namespaces=ns) == "false"
