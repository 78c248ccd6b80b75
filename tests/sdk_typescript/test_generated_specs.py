"""Specs other than ours through the TypeScript backend, at run time: every method of every SDK
the hazard corpus generates (tests/hazard_corpus.py) is called with a deep payload, the
TypeScript-flavoured hazard fixture round-trips its hostile keys, and the real-world llama-stack
spec generates a compiling SDK with every operation. That each hazard case is generated or
refused cleanly, compiles and imports is asserted by the corpus harness, for every backend."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.hazard_corpus import Corpus, Outcome
from tests.sdk_typescript import toolchain
from tests.third_party import LLAMA_STACK

OWN_FIXTURES = Path(__file__).resolve().parent / "fixtures"
SDK_TSCONFIG = toolchain.REPO / "templates" / "typescript" / "static" / "tsconfig.json"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def compiled_hazards(hazard_corpus: Corpus) -> tuple[Path, list[Outcome]]:
    """Every SDK the hazard corpus generates with this backend, compiled together by the
    corpus' TypeScript toolchain check (tests/hazard_corpus.py; generation outcomes, strict tsc
    and side-effect-free imports are asserted there, for every backend)."""
    return hazard_corpus.checked("typescript"), hazard_corpus.generated("typescript")


def _calls_from_api_md(sdk: Path) -> list[dict[str, object]]:
    """Every method listed in a generated api.md, with its argument names."""
    calls: list[dict[str, object]] = []
    api = (sdk / "api.md").read_text()
    for access, args in re.findall(r"^\| `client\.([\w.]+)\(([^)]*)\)` \|", api, re.MULTILINE):
        *resource, method = access.split(".")
        calls.append({"access": resource, "method": method,
                      "args": [a.strip() for a in args.split(",") if a.strip()]})
    return calls


def test_every_hazard_sdk_method_round_trips_a_deep_payload(
    compiled_hazards: tuple[Path, list[Outcome]]
) -> None:
    root, generated = compiled_hazards
    for outcome in generated:
        calls = _calls_from_api_md(outcome.out)
        assert calls, outcome.case.name
        client = re.search(r"^export class (\w+) extends BaseClient",
                           (outcome.out / "src" / "client.ts").read_text(), re.MULTILINE)
        assert client, outcome.case.name
        module = root / "out" / outcome.out.name / "src" / "index.js"
        proc = toolchain.node([str(OWN_FIXTURES / "call-every-method.mjs"), module.as_uri(),
                               client.group(1), json.dumps(calls)], root)
        assert json.loads(proc.stdout) == {"called": len(calls)}, outcome.case.name


def test_typescript_hazard_fixture_round_trips_a_payload(
    compiled_hazards: tuple[Path, list[Outcome]]
) -> None:
    """Reserved words, quotes, `${`, backticks and `__proto__` as wire keys survive a request
    and a response unchanged, through the generated method."""
    root, generated = compiled_hazards
    own = next(o for o in generated if o.case.source == OWN_FIXTURES / "ts-hazards.yaml")
    payload = {"default": "d", "delete": None, "constructor": "c", "__proto__": "p",
               "weird key \"'`${}": True, "1st": 1.5, "": "empty", "emoji 😀": "e",
               "type": "${e}", "map": {"a": 1}, "free": {"nested": [1, {"x": None}]}}
    answer = {"kind": "dog`${x}", "friends": [{"kind": "cat */", "brand_new": 1},
                                               {"kind": "unknown_future"}]}
    module = root / "out" / own.out.name / "src" / "index.js"
    proc = toolchain.node([str(OWN_FIXTURES / "ts-hazards-roundtrip.mjs"), module.as_uri(),
                           json.dumps({"payload": payload, "answer": answer})], root)
    report = json.loads(proc.stdout)
    assert report["url"] == "http://h.test/things/a%2Fb/`tick`/$x*/"
    assert report["body"] == payload
    assert report["protoKept"] is True
    assert report["result"] == answer
    assert report["form"] == {"body": "a=x+y%26z&list=1&list=2",
                              "contentType": "application/x-www-form-urlencoded"}
    assert report["raw"] == {"url": "http://h.test/raw?note=n", "bytes": [1, 2, 3],
                             "contentType": "application/octet-stream", "resultIsText": True}
    # Strict mode: the payload fits `class` key for key (`__proto__`, quotes, `${`, emoji, ""),
    # the answer has an unknown field and an unknown member, each named by its path.
    assert report["strict"] == {
        "model": {"ok": True},
        "union": {"ok": False, "name": "APIResponseValidationError",
                  "paths": ["$.friends[0].brand_new", "$.friends[1].kind"]},
        "cleanUnion": {"ok": True},
    }


def _spec_operations(spec: Path) -> set[tuple[str, str]]:
    document = yaml.safe_load(spec.read_text())
    return {(method.upper(), path) for path, item in document["paths"].items()
            for method in item if method in HTTP_METHODS}


def test_llama_stack_spec_generates_a_compiling_sdk_with_every_operation(
        llama_typescript: Path, tmp_path: Path) -> None:
    out = toolchain.copy_sdk(llama_typescript, tmp_path / "llama")  # tsc emits into it
    operations = _spec_operations(LLAMA_STACK)
    assert len(operations) >= 60
    api = (out / "api.md").read_text()
    routes = set(re.findall(r"\| `([A-Z]+) ([^`]+)` \|", api))
    assert routes == operations
    sources = "\n".join(p.read_text() for p in (out / "src" / "resources").rglob("*.ts"))
    sources += (out / "src" / "client.ts").read_text()
    for method, path in operations:
        assert f"`{method} {path}`" in sources, (method, path)
    (out / "node_modules").symlink_to(toolchain.ensure_tools(), target_is_directory=True)
    toolchain.tsc(out / "tsconfig.build.json")  # the strict tsconfig, emitting ES modules
    (out / "dist" / "esm" / "package.json").write_text('{"type": "module"}\n')
    calls = _calls_from_api_md(out)
    assert len(calls) == len(operations)
    proc = toolchain.node([str(OWN_FIXTURES / "call-every-method.mjs"),
                           (out / "dist" / "esm" / "index.js").as_uri(), "LlamaStack",
                           json.dumps(calls)], out)
    assert json.loads(proc.stdout) == {"called": len(operations)}

    # The one multipart operation really sends a file part, on every attempt.
    upload = json.loads(toolchain.node([str(OWN_FIXTURES / "llama-upload.mjs"),
                                        (out / "dist" / "esm" / "index.js").as_uri()], out).stdout)
    assert upload["result"] == {"id": "file-1", "object": "file"}
    assert len(upload["attempts"]) == 2
    for attempt in upload["attempts"]:
        assert attempt == {
            "url": "http://h.test/v1/files", "isFormData": True, "contentType": None,
            "fileName": "data.jsonl", "fileText": "hello upload",
            "fields": [["purpose", "batch"], ["expires_after[anchor]", "created_at"],
                       ["expires_after[seconds]", "3600"]],
        }


def _write_readme_snippets(sdk: Path) -> str:
    """Each TypeScript block of ``sdk``'s README as a module importing the SDK's sources (a block
    using `client` without making one gets one); returns the folder, relative to its parent."""
    readme = (sdk / "README.md").read_text()
    blocks = re.findall(r"```ts\n(.*?)```", readme, re.DOTALL)
    header = re.search(r"^import \{ (\w+) \} from '([^']+)';$", blocks[0], re.MULTILINE)
    assert header, f"{sdk}: the usage block does not import the client"
    client_name, package = header.groups()
    folder = sdk / "readme-snippets"
    folder.mkdir()
    for index, block in enumerate(blocks):
        prelude = []
        if not re.search(rf"^import \{{[^}}]*\b{client_name}\b", block, re.MULTILINE):
            prelude.append(f"import {{ {client_name} }} from '{package}';")
        if f"const client = new {client_name}(" not in block:
            prelude.append(f"const client = new {client_name}();")
        source = "\n".join([*prelude, block, "export {};\n"])
        (folder / f"block{index}.ts").write_text(
            source.replace(f"from '{package}';", "from '../src/index.js';"))
    return f"{sdk.name}/{folder.name}"


def test_readme_snippets_of_every_generated_sdk_compile(hazard_corpus: Corpus,
                                                         llama_typescript: Path,
                                                         tmp_path: Path) -> None:
    """The README's example calls are derived from each spec (hazards, the TS fixture, the
    llama-stack spec): every snippet type-checks against that SDK, whatever the spec lacks."""
    sdks = [o.out for o in hazard_corpus.generated("typescript")] + [llama_typescript]
    root = tmp_path / "readmes"
    root.mkdir()
    folders = []
    for sdk in sdks:
        target = root / sdk.name
        shutil.copytree(sdk / "src", target / "src")
        shutil.copy(sdk / "README.md", target / "README.md")
        folders.append(_write_readme_snippets(target))
    config = json.loads(SDK_TSCONFIG.read_text())
    config["compilerOptions"].update({"noEmit": True, "rootDir": ".", "noUnusedLocals": False})
    config["include"] = [f"{folder}/*.ts" for folder in folders]
    (root / "tsconfig.json").write_text(json.dumps(config, indent=2))
    toolchain.tsc(root / "tsconfig.json")
