"""An explicit ``null`` for a nullable params field of every kind (scalars, an enum, a model,
a required one, an inline object, a discriminated and an inline union, a list, a map, ``any``,
and a model that holds itself): ``param.Null[T]()`` puts ``"x": null`` on the wire of an
httptest server (tests/sdk_go/go/null_test.go), an omitted field is not sent, and a value is."""

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

SPEC = Path(__file__).resolve().parent / "fixtures" / "nullable.yaml"


def test_null_reaches_the_wire_for_every_nullable_field_kind(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    ir, config, _files = generate_files(SPEC, None, "go", diagnostics)
    config = replace(config, languages={"go": GoConfig(module="example.com/nulls",
                                                       package_name="api")})
    files = BACKENDS["go"].render(ir, config, diagnostics)
    assert diagnostics.errors() == []
    out = tmp_path / "module"
    write_tree(files, out, diagnostics)
    # A nullable model that holds itself holds a pointer (a value would be an infinite type).
    assert re.search(r"\tParent param\.Opt\[\*OwnerParam\] ", files["params.go"])
    assert toolchain.gofmt_unclean(out) == []
    (out / "nulls").mkdir()
    shutil.copy(toolchain.GO_TESTS / "null_test.go", out / "nulls")
    toolchain.go("vet", "./...", cwd=out)
    assert toolchain.staticcheck(out).stdout == ""
    proc = toolchain.go("test", "-count=1", "-v", "./nulls/", cwd=out)
    passed = re.findall(r"^--- PASS: (\w+)", proc.stdout, re.MULTILINE)
    assert sorted(passed) == ["TestNullIsSentForEveryNullableFieldKind",
                              "TestOmittedFieldsAreNotSentAndARequiredNullableOneIsNull",
                              "TestValuesAndANullInsideANullableSelfReference"], proc.stdout
