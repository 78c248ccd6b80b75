"""Auth from the IR's schemes and each operation's security: bearer, basic, an API key in a
header, query parameter or cookie, ``security: []`` sending nothing, the document's security
sending every scheme set, credentials from the environment, and the caller's own header winning,
against an httptest server (tests/sdk_go/go/auth_test.go)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from generator.cli import generate_files
from generator.diagnostics import Diagnostics
from generator.languages import BACKENDS
from generator.languages.go.backend import GoConfig
from generator.write import write_tree
from tests.sdk_go import toolchain

SPEC = Path(__file__).resolve().parent / "fixtures" / "auth.yaml"


def test_each_operation_sends_the_schemes_it_accepts(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    ir, config, _files = generate_files(SPEC, None, "go", diagnostics)
    config = replace(config, languages={"go": GoConfig(module="example.com/auth",
                                                       package_name="api")})
    files = BACKENDS["go"].render(ir, config, diagnostics)
    assert diagnostics.errors() == []
    # Only an operation narrower than the API's schemes names them; security: [] is empty.
    services = files["services.go"]
    assert 'Path: "public", Security: []string{}}' in services
    assert 'Path: "basic", Security: []string{"basicAuth"}}' in services
    assert re.search(r'Path: "any"\}', services)
    out = tmp_path / "module"
    write_tree(files, out, diagnostics)
    assert toolchain.gofmt_unclean(out) == []
    (out / "auth").mkdir()
    shutil.copy(toolchain.GO_TESTS / "auth_test.go", out / "auth")
    toolchain.go("vet", "./...", cwd=out)
    assert toolchain.staticcheck(out).stdout == ""
    proc = toolchain.go("test", "-count=1", "-v", "./auth/", cwd=out)
    passed = re.findall(r"^--- PASS: (\w+)", proc.stdout, re.MULTILINE)
    assert sorted(passed) == ["TestAnOperationWithoutSecuritySendsNothing",
                              "TestCredentialsComeFromTheEnvironment",
                              "TestEachOperationSendsItsScheme",
                              "TestTheCallersOwnCredentialWins",
                              "TestTheDefaultSecuritySendsEverySchemeSet"], proc.stdout
