"""The committed TypeScript SDK (`sdks/typescript`): runtime behaviour against a fake fetch,
type-level union checks, packaging (ESM and CJS from the npm tarball) and the round trip
against the real app. Every TS test was compiled once by the `ts_project` fixture."""

from __future__ import annotations

import gzip
import json
import re
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app.samples import ANNOTATIONS, INPUT_PARTS, ITEM_TYPES, ITEMS, OUTPUT_PARTS
from tests.sdk_typescript import toolchain
from tests.sdk_typescript.conftest import TsProject


def test_runtime_behaviour_against_fake_fetch(ts_project: TsProject) -> None:
    counts = toolchain.node_test(["out/runtime.test.js"], ts_project.root)
    print(counts)
    assert counts["pass"] >= 74 and counts["tests"] == counts["pass"], counts


def test_exhaustive_switches_compile_and_run(ts_project: TsProject) -> None:
    # Compiling types.test.ts already proved the exhaustive switches and the @ts-expect-error
    # lines; this runs its runtime half.
    counts = toolchain.node_test(["out/types.test.js"], ts_project.root)
    assert counts["pass"] == 1, counts


def test_unhandled_union_member_does_not_compile(ts_project: TsProject) -> None:
    project = ts_project.root / "negative"
    project.mkdir(exist_ok=True)
    (project / "types-negative.ts").write_text(
        (toolchain.TS_TESTS / "types-negative.ts").read_text()
    )
    config = json.loads((toolchain.TS_TESTS / "tsconfig.json").read_text())
    config["compilerOptions"]["noEmit"] = True
    config["include"] = ["types-negative.ts"]
    config["exclude"] = []
    (project / "tsconfig.json").write_text(json.dumps(config))
    proc = toolchain.tsc(project / "tsconfig.json", check=False)
    assert proc.returncode != 0
    errors = [line for line in proc.stdout.splitlines() if "error TS" in line]
    assert len(errors) == 1, proc.stdout
    assert "TS2322" in errors[0] and "ReasoningItem" in errors[0] and "never" in errors[0]


def test_tarball_contents(ts_project: TsProject) -> None:
    with tarfile.open(ts_project.tarball) as archive:
        names = {name.removeprefix("package/") for name in archive.getnames()}
    for required in ("package.json", "README.md", "api.md", "dist/esm/index.js",
                     "dist/esm/index.d.ts", "dist/esm/package.json", "dist/cjs/index.js",
                     "dist/cjs/index.d.ts", "dist/cjs/package.json"):
        assert required in names, sorted(names)
    assert not any(n.startswith(("src/", "node_modules/", "scripts/")) for n in names)
    manifest = json.loads((toolchain.SDK_DIR / "package.json").read_text())
    assert manifest["sideEffects"] is False
    assert manifest["engines"] == {"node": ">=18"}
    assert "dependencies" not in manifest, "the SDK must have zero runtime dependencies"
    assert set(manifest["exports"]["."]) == {"import", "require"}


@pytest.mark.parametrize(("script", "fmt"), [("out/consumer-esm.mjs", "esm"),
                                            ("out/consumer-cjs.cjs", "cjs")])
def test_installed_tarball_imports_and_requires(ts_project: TsProject, script: str,
                                                fmt: str) -> None:
    # Both consumers were type-checked under --strict by the fixture's tsc run.
    proc = toolchain.node([script], ts_project.root)
    report = json.loads(proc.stdout)
    assert report["format"] == fmt
    assert report["client"] == "function"
    assert report["notFound"] == "function"
    manifest = json.loads((toolchain.SDK_DIR / "package.json").read_text())
    assert report["version"] == manifest["version"]


def test_round_trip_against_the_app(ts_project: TsProject, app_base_url: str,
                                    tmp_path: Path) -> None:
    samples = tmp_path / "samples.json"
    samples.write_text(json.dumps({
        "items": ITEMS,
        "item_types": sorted(ITEM_TYPES),
        "part_types": sorted({p["type"] for p in INPUT_PARTS + OUTPUT_PARTS}),
        "annotation_types": sorted({a["type"] for a in ANNOTATIONS}),
    }))
    counts = toolchain.node_test(
        ["out/roundtrip.test.js"], ts_project.root,
        env={"PARLEY_BASE_URL": app_base_url, "SDK_TEST_SAMPLES": str(samples)},
    )
    print(counts)
    assert counts["pass"] >= 12 and counts["tests"] == counts["pass"], counts


def test_bundle_size_of_a_list_program(ts_project: TsProject,
                                       record_property: Callable[[str, object], None]) -> None:
    """Benchmark (reported, with a loose ceiling): esbuild-minified, gzipped bundle of a program
    listing conversation items. The openai SDK needs 35.9 kB for the same program."""
    bundle = ts_project.root / "bundle.js"
    toolchain.run([str(toolchain.ensure_tools() / ".bin" / "esbuild"),
                   "out/bundle-entry.mjs", "--bundle", "--minify", "--format=esm",
                   "--platform=browser", "--external:process", f"--outfile={bundle}"],
                  ts_project.root)
    minified = bundle.read_bytes()
    gzipped = len(gzip.compress(minified, compresslevel=9))
    record_property("bundle_minified_bytes", len(minified))
    record_property("bundle_gzip_bytes", gzipped)
    print(f"bundle: {len(minified)} B minified, {gzipped} B gzipped")
    assert b"conversations" in minified
    assert gzipped < 12_000, "should be a fraction of openai's 35.9 kB"


def test_round_trip_covers_every_method() -> None:
    api = (toolchain.SDK_DIR / "api.md").read_text()
    methods = re.findall(r"^\| `(client\.[\w.]+)\(", api, re.MULTILINE)
    assert len(methods) == 11
    source = (toolchain.TS_TESTS / "roundtrip.test.ts").read_text()
    missing = [m for m in methods if f"{m}(" not in source]
    assert not missing


README_TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022", "lib": ["ES2022", "DOM", "DOM.Iterable"], "types": [],
        "module": "NodeNext", "moduleResolution": "NodeNext", "strict": True,
        "noUncheckedIndexedAccess": True, "exactOptionalPropertyTypes": True, "noEmit": True,
    },
    "include": ["*.mts"],
}


def test_readme_snippets_compile_against_the_sdk(ts_project: TsProject) -> None:
    """Every TypeScript block of the committed README type-checks against the installed SDK
    (a block that uses `client` without making one gets `const client = new Parley();`)."""
    readme = (toolchain.SDK_DIR / "README.md").read_text()
    blocks = re.findall(r"```ts\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) == 7  # usage, options, errors, retries, pagination, raw, unions
    folder = ts_project.root / "readme-snippets"
    folder.mkdir(exist_ok=True)
    for index, block in enumerate(blocks):
        prelude = []
        if not re.search(r"^import \{[^}]*\bParley\b", block, re.MULTILINE):
            prelude.append("import { Parley } from 'parley-client';")
        if "const client = new Parley(" not in block:
            prelude.append("const client = new Parley();")
        (folder / f"block{index}.mts").write_text("\n".join([*prelude, block, "export {};\n"]))
    (folder / "tsconfig.json").write_text(json.dumps(README_TSCONFIG))
    toolchain.tsc(folder / "tsconfig.json")
