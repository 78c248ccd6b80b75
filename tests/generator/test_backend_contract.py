"""The backend contract: a language is one ``Backend`` in the registry, and everything that
lists languages reads it. A toy third backend, defined here and registered only for the
test, renders from the IR, validates its own config section, reports through the shared
diagnostics, and shows up in the CLI, the preview, the release and the base checkout
without any other file being edited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.backend import Backend, Command, generate_stage
from generator.config import ConfigSection, SdkConfig, default_config, load_config
from generator.diagnostics import Diagnostics, GenerationError
from generator.ir import IR
from generator.languages import BACKENDS, backends, registered
from pipeline import base_checkout, preview, release
from pipeline.report import PreviewInputs, build_report
from pipeline.stage_runner import StageResult
from pipeline.stages import Status

ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
openapi: 3.1.0
info: {title: Toy API, version: "1"}
paths:
  /widgets:
    get:
      operationId: listWidgets
      responses: {"200": {description: ok}}
    post:
      operationId: createWidget
      responses: {"201": {description: created}}
"""
NO_OPERATIONS = "openapi: 3.1.0\ninfo: {title: Empty, version: '1'}\npaths: {}\n"


@dataclass(frozen=True)
class ToyConfig:
    greeting: str


def _parse_toy(section: ConfigSection) -> ToyConfig:
    section.check_keys({"greeting"})
    default = f"hello from {section.core.client_name}"
    return ToyConfig(greeting=section.string("greeting") or default)


def _render_toy(ir: IR, config: SdkConfig, diagnostics: Diagnostics) -> dict[str, str]:
    operations = ir.operations()
    if not operations:
        diagnostics.error("#/paths", "the toy backend needs at least one operation")
        return {}
    toy = TOY.config(config)
    assert isinstance(toy, ToyConfig)
    listing = "".join(f"{op.http_method.upper()} {op.path}\n" for op in operations)
    return {"README.txt": f"{toy.greeting}: {ir.api.title}\n", "operations.txt": listing}


TOY = Backend(
    name="toy",
    render=_render_toy,
    parse_config=_parse_toy,
    stages=(generate_stage("toy", "sdks/toy"),),
    install_command="toy-install {artifact}",
    setup=(Command(("toy-deps",), cwd="sdks/toy", unless_exists="sdks/toy/deps/.stamp",
                   newer_than="sdks/toy/deps.lock"),),
)


@pytest.fixture
def toy() -> Iterator[Backend]:
    with registered(TOY) as backend:
        yield backend


def _generate(tmp_path: Path, spec_text: str, config_text: str | None = None) -> int:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(spec_text)
    args = ["generate", "--spec", str(spec), "--lang", "toy", "--out", str(tmp_path / "out")]
    if config_text is not None:
        config = tmp_path / "config.yaml"
        config.write_text(config_text)
        args += ["--config", str(config)]
    return cli.main(args)


def test_the_registry_finds_the_shipped_backends() -> None:
    assert [b.name for b in backends()] == sorted(BACKENDS)
    assert {"python", "typescript"} <= set(BACKENDS)
    for backend in backends():
        assert backend.sdk_dir == f"sdks/{backend.name}"
        assert [s.name for s in backend.stages] == ["generate", "build", "lint", "test"]
        # Every placeholder is a documented one (KeyError otherwise).
        assert backend.install_line(default_config(), "<artifact>")


def test_every_stage_command_expands_with_the_documented_placeholders() -> None:
    values = {key: f"<{key}>" for key in ("python", "spec", "config", "dist", "junit")}
    for backend in backends():
        commands = [c for stage in backend.stages for c in stage.commands] + list(backend.setup)
        for command in commands:
            expanded = command.expand(**values)  # KeyError on a stray brace
            assert len(expanded) == len(command.argv), (backend.name, command.argv)


def test_install_lines_fill_in_the_artifact_the_version_and_the_typed_config() -> None:
    assert TOY.install_line(default_config(), "build/dist/toy.tgz") == (
        "toy-install build/dist/toy.tgz"
    )
    assert TOY.install_line(default_config()) is None  # nothing built: no line
    pinned = replace(TOY, install_command="toy-get {greeting}@{version}")
    assert pinned.install_line(replace(default_config(), version="1.2.3")) == (
        "toy-get hello from Client@1.2.3"
    )
    with pytest.raises(KeyError):
        replace(TOY, install_command="toy-get {colour}").install_line(default_config())


def test_the_preview_row_for_go_shows_go_get_at_the_sdk_version() -> None:
    config_path = ROOT / "sdks/config.yaml"
    raw = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    expected = f"go get {raw['languages']['go']['module']}@v{raw['version']}"
    config = load_config(config_path, Diagnostics(source="config"))
    results = [StageResult("go", "generate", Status.OK), StageResult("go", "build", Status.OK)]
    [row] = build_report(PreviewInputs(title=None, head={}, base=None, results={"go": results},
                                       sdk_config=config))["languages"]
    assert row["install"] == [expected]
    assert expected.startswith("go get github.com/") and "@v" in expected
    failed = [*results[:1], StageResult("go", "build", Status.ERROR)]
    [row] = build_report(PreviewInputs(title=None, head={}, base=None, results={"go": failed},
                                       sdk_config=config))["languages"]
    assert row["install"] == []  # a broken build gets no install line
    # The release prints it for the tag it asks for.
    assert expected in release.release_install_lines(config_path)


def test_the_preview_row_for_kotlin_names_the_maven_coordinate_of_the_built_jar() -> None:
    config_path = ROOT / "sdks/config.yaml"
    raw = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    kotlin = raw["languages"]["kotlin"]
    coordinate = f"{kotlin['group_id']}:{kotlin['artifact_id']}:{raw['version']}"
    config = load_config(config_path, Diagnostics(source="config"))
    jar = "build/dist/parley-kotlin.jar"
    results = [StageResult("kotlin", "generate", Status.OK),
               StageResult("kotlin", "build", Status.OK, artifacts=(jar,))]
    [row] = build_report(PreviewInputs(title=None, head={}, base=None,
                                       results={"kotlin": results}, sdk_config=config))["languages"]
    [line] = row["install"]
    assert line.startswith(f"mvn install:install-file -Dfile={jar} ")
    assert line.endswith(f"depend on {coordinate}")


def test_sdk_dir_defaults_from_the_name() -> None:
    assert TOY.sdk_dir == "sdks/toy"


def test_a_toy_backend_renders_its_files_from_the_ir(
    toy: Backend, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _generate(tmp_path, SPEC) == 0, capsys.readouterr().err
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "operations.txt"]
    # No config: the client is named after the spec's info.title ("Toy API" → Toy).
    assert (out / "README.txt").read_text() == "hello from Toy: Toy API\n"
    assert (out / "operations.txt").read_text().splitlines() == [
        "GET /widgets", "POST /widgets"
    ]


def test_the_toy_backend_reads_its_own_config_section(toy: Backend, tmp_path: Path) -> None:
    config = "client: {name: Acme}\nlanguages:\n  toy: {greeting: ahoy}\n"
    assert _generate(tmp_path, SPEC, config) == 0
    assert (tmp_path / "out/README.txt").read_text() == "ahoy: Toy API\n"


def test_a_bad_key_in_its_section_is_a_pointed_config_error(
    toy: Backend, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "languages:\n  toy: {greeting: 7, colour: red}\n"
    assert _generate(tmp_path, SPEC, config) == 2
    err = capsys.readouterr().err
    assert "error: config #/languages/toy/colour: unknown config key 'colour'" in err
    assert "error: config #/languages/toy/greeting: must be a non-empty string" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_backends_own_error_is_a_diagnostic_not_a_traceback(
    toy: Backend, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _generate(tmp_path, NO_OPERATIONS) == 2
    err = capsys.readouterr().err
    assert "error: spec #/paths: the toy backend needs at least one operation" in err
    assert "generation failed: 1 error(s); nothing written" in err
    assert not (tmp_path / "out").exists()


def test_the_cli_offers_exactly_the_registered_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        _generate(tmp_path, SPEC)  # not registered yet: argparse refuses the choice
    assert exited.value.code == 2
    assert "invalid choice: 'toy'" in capsys.readouterr().err
    with registered(TOY):
        assert _generate(tmp_path, SPEC) == 0
    assert "toy" not in BACKENDS


def test_an_unknown_language_is_a_clean_error_in_process_too() -> None:
    with pytest.raises(GenerationError) as caught:
        cli.generate_files(ROOT / "spec/openapi.yaml", None, "cobol", Diagnostics())
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.format() == (
        f"error: --lang #: unknown language 'cobol' (known: {', '.join(sorted(BACKENDS))})"
    )


def test_an_unknown_language_section_in_the_config_is_a_pointed_error(tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC)
    config = tmp_path / "config.yaml"
    config.write_text("languages:\n  toy: {}\n")
    args = ["generate", "--spec", str(spec), "--config", str(config), "--lang", "python",
            "--out", str(tmp_path / "out")]
    assert cli.main(args) == 2
    assert "error: config #/languages/toy: unknown language 'toy'" in capsys.readouterr().err


def test_defaults_come_from_the_backend_when_the_config_has_no_section(toy: Backend) -> None:
    assert TOY.config(default_config()) == ToyConfig(greeting="hello from Client")


def test_the_toy_backend_is_in_the_previews_language_list(toy: Backend) -> None:
    options, _fail_on_error = preview.parse_args([])
    assert options.languages == [b.name for b in backends()]
    assert "toy" in options.languages
    only_toy, _ = preview.parse_args(["--languages", "toy"])
    assert only_toy.languages == ["toy"]


def test_the_toy_backend_is_in_the_releases_bump_list(toy: Backend) -> None:
    bumped = release.bumped_sdks()
    assert TOY in bumped
    assert {b.name for b in bumped} == set(BACKENDS)


def test_a_base_checkout_may_borrow_the_toy_backends_dependencies(toy: Backend) -> None:
    assert ("sdks/toy/deps", "sdks/toy/deps.lock") in base_checkout.shareable_dependencies()


def test_registering_a_taken_name_is_refused() -> None:
    with pytest.raises(ValueError, match="already registered"), registered(BACKENDS["python"]):
        pass


# Tool names that are also language names: the interpreter, and the Go toolchain installing
# oasdiff (not the go backend).
_INTERPRETER = re.compile(r'"python"(?=, "-m")|python="python"|"python" if arg == ctx\.python'
                          r'|"go"(?=, "install")|which\("go"\)|/ "go"')


@pytest.mark.parametrize("path", [
    ROOT / "noxfile.py",
    *sorted((ROOT / "pipeline").glob("*.py")),
    *sorted((ROOT / "generator").glob("*.py")),
], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_language_list_outside_the_registry(path: Path) -> None:
    text = _INTERPRETER.sub("", path.read_text(encoding="utf-8"))
    for name in BACKENDS:
        for pattern in (rf"[\"']{name}[\"']", rf"sdks/{name}\b", rf"sdk_{name}\b",
                        rf"lang\w* == [\"']{name}"):
            found = re.findall(pattern, text)
            assert not found, f"{path.name} names the {name} backend: {found}"


def test_a_backend_without_options_refuses_any_key_in_its_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = Backend(name="bare", render=lambda ir, config, diagnostics: {"x.txt": "x\n"})
    with registered(bare):
        config = tmp_path / "config.yaml"
        config.write_text("languages:\n  bare: {flavour: plain}\n")
        spec = tmp_path / "openapi.yaml"
        spec.write_text(SPEC)
        args = ["generate", "--spec", str(spec), "--config", str(config), "--lang", "bare",
                "--out", str(tmp_path / "out")]
        assert cli.main(args) == 2
    assert "error: config #/languages/bare/flavour: unknown config key 'flavour'" in (
        capsys.readouterr().err
    )
