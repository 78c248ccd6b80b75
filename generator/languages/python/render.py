"""IR + config → the files of the Python SDK (``render`` returns {relative path: text}).

The backend decides *what* Python to emit and hands the templates in ``templates/python/``
finished, escaped strings. Its modules, along the seams of the package it writes::

    typerefs.py   declaration names, TypeRef → type expression
    models.py     types/_models.py (pydantic) and types/_params.py (TypedDict)
    params.py     a method's parameters and request (path, options, body, files)
    methods.py    one method model per operation, rendered sync and async
    resources.py  the resource views and resources/<r>.py
    docs.py       README.md and api.md
    imports.py    the import block of each module, collected while its code is emitted
    render.py     this entry point: the client, package files and the runtime copy

Layout of the package::

    src/<package>/__init__.py        public API: clients, errors, types
    src/<package>/_client.py         <Client> / Async<Client>
    src/<package>/resources/<r>.py   one module per top-level resource (nested ones inside)
    src/<package>/types/_models.py   response models, enums, unions (pydantic)
    src/<package>/types/_params.py   request shapes (TypedDict)
    src/<package>/pagination.py      one page class pair per configured scheme
    src/<package>/_*.py              the hand-written runtime, copied verbatim
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.config import SdkConfig
from generator.diagnostics import Diagnostics
from generator.ir import IR, Name
from generator.languages.python import auth_pages
from generator.languages.python import naming as pn
from generator.languages.python.backend import python_config
from generator.languages.python.docs import render_docs
from generator.languages.python.imports import Imports
from generator.languages.python.models import BANNER, decl_pieces, render_models, render_params
from generator.languages.python.pieces import canonical, decl_ref_ids, name_facts
from generator.languages.python.resources import (
    ModuleView,
    Resources,
    ResourceView,
    class_imports,
    render_resource_module,
)
from generator.render import TEMPLATES_ROOT, render_template
from generator.render_memo import RenderMemo

RUNTIME_DIR = TEMPLATES_ROOT / "python" / "runtime"


def runtime_files() -> list[Path]:
    return sorted(RUNTIME_DIR.glob("*.py"))


def render(
    ir: IR, config: SdkConfig, diagnostics: Diagnostics, memo: RenderMemo | None = None
) -> dict[str, str]:
    """``memo``: the pieces of the last run to reuse where their inputs are unchanged (see
    :mod:`generator.languages.python.pieces`); None computes everything."""
    memo = memo or RenderMemo()
    lang = python_config(config)
    package = lang.package_name
    src = f"src/{package}"
    # Each declaration as last run's equal one where unchanged (see pieces.canonical).
    decls = [canonical(memo, f"decl:{d.id}", d, decl_ref_ids) for d in ir.types]
    nf = name_facts(
        memo, tuple(d for d, _ in decls), frozenset({config.client_name, lang.async_client_name})
    )
    names = nf.names
    by_id = {d.id: d for d, _ in decls}
    files: dict[str, str] = {}

    for runtime_file in runtime_files():
        # Read again when the file changed on disk (a stat is cheaper than reading it).
        stat = runtime_file.stat()
        files[f"{src}/{runtime_file.name}"] = memo.piece(
            f"python:runtime:{runtime_file.name}",
            (stat.st_mtime_ns, stat.st_size, stat.st_ino),
            functools.partial(_runtime_text, runtime_file),
        )

    pieces = decl_pieces(nf, memo, decls, by_id)
    files[f"{src}/types/_models.py"] = render_models(nf, memo, pieces)
    files[f"{src}/types/_params.py"] = render_params(nf, memo, pieces)
    files[f"{src}/types/__init__.py"] = memo.piece(
        "python:file:types/__init__.py",
        (nf.init_models, nf.param_exports),
        lambda: render_template(
            "python",
            "types_init.py.jinja",
            banner=BANNER,
            models=list(nf.init_models),
            params=list(nf.param_exports),
        ),
    )

    resources = Resources(ir, config, names, memo, nf.facts, by_id)
    root = resources.view(ir.root, "")
    modules: list[ModuleView] = []
    module_names = pn.unique(
        [pn.module_name(Name(tuple(c.attr.split("_")), c.attr)) for c in root.children]
    )
    for child, module in zip(root.children, module_names, strict=False):
        views = tuple(child.flatten())
        files[f"{src}/resources/{module}.py"] = memo.piece(
            f"python:file:resources/{module}.py",
            views,
            functools.partial(render_resource_module, list(views)),
        )
        modules.append(ModuleView(module=module, view=child))
    files[f"{src}/resources/__init__.py"] = memo.piece(
        "python:file:resources/__init__.py",
        tuple((m.module, m.view.attr, m.view.cls, m.view.async_cls) for m in modules),
        lambda: render_template(
            "python",
            "resources_init.py.jinja",
            banner=BANNER,
            modules=modules,
        ),
    )
    files[f"{src}/pagination.py"] = memo.piece(
        "python:file:pagination.py",
        ir.pagination_schemes,
        lambda: render_template(
            "python",
            "pagination.py.jinja",
            banner=BANNER,
            schemes=auth_pages.page_classes_context(ir, resources.page_classes),
        ),
    )
    files[f"{src}/_client.py"] = memo.piece(
        "python:file:_client.py",
        (
            config,
            ir.api.title,
            ir.api.base_url,
            ir.auth_schemes,
            ir.default_headers,
            tuple(root.methods),
            tuple((m.module, m.view.attr, m.view.cls, m.view.async_cls) for m in modules),
        ),
        lambda: _render_client(ir, config, root, modules),
    )
    files[f"{src}/_version.py"] = memo.piece(
        "python:file:_version.py",
        (config.version, lang.dist_name),
        lambda: render_template(
            "python",
            "_version.py.jinja",
            banner=BANNER,
            version=pn.py_string(config.version),
            dist_name=pn.py_string(lang.dist_name),
        ),
    )
    files[f"{src}/__init__.py"] = memo.piece(
        "python:file:__init__.py",
        (config.client_name, package, lang.async_client_name, ir.api.title,
         ir.pagination_schemes),
        lambda: render_template(
            "python",
            "__init__.py.jinja",
            banner=BANNER,
            client=config.client_name,
            package=package,
            async_client=lang.async_client_name,
            api_title=pn.py_doc(ir.api.title),
            pages=[p for s in ir.pagination_schemes for p in resources.page_classes(s.key)],
        ),
    )
    files[f"{src}/py.typed"] = BANNER
    files["pyproject.toml"] = memo.piece(
        "python:file:pyproject.toml",
        (lang.dist_name, package, config.version, ir.api.title),
        lambda: render_template(
            "python",
            "pyproject.toml.jinja",
            banner=BANNER,
            dist_name=pn.toml_string(lang.dist_name),
            package=package,
            version=pn.toml_string(config.version),
            description=pn.toml_string(f"Python client for {ir.api.title}"),
        ),
    )
    files.update(render_docs(ir, config, root, resources.page_classes, memo))
    files[".spec-hash"] = (
        BANNER + f"spec-sha256: {ir.api.spec_sha256}\n"
        f"generator-version: {ir.api.generator_version}\n"
    )
    return files


def _runtime_text(path: Path) -> str:
    return BANNER + "\n" + path.read_text("utf-8")


def _render_client(
    ir: IR, config: SdkConfig, root: ResourceView, modules: list[ModuleView]
) -> str:
    lang = python_config(config)
    imports = class_imports([root], Imports())
    # The names the client template itself writes.
    imports.use_all(
        ["os", "Optional", "Union", "Mapping", "cached_property", "httpx", "RetryPolicy",
         "SyncAPIClient", "AsyncAPIClient", "Timeout", "NotGiven", "NOT_GIVEN"]
    )
    auth = auth_pages.client_context(ir, config)
    if auth["auth_schemes_table"]:
        imports.use("AuthScheme")
    for m in modules:
        for cls in m.view.wrapper_classes():
            imports.use_from(f".resources.{m.module}", cls)
    retries = config.retries
    return render_template(
        "python",
        "_client.py.jinja",
        banner=BANNER,
        client=config.client_name,
        async_client=lang.async_client_name,
        env_base_url=pn.py_string(f"{config.env_prefix}_BASE_URL"),
        env_api_key=pn.py_string(f"{config.env_prefix}_API_KEY"),
        env_prefix=config.env_prefix,
        base_url=pn.py_string(ir.api.base_url),
        idempotency_header=pn.py_string(config.idempotency_header),
        timeout=repr(float(retries.timeout)),
        connect_timeout=repr(float(retries.connect_timeout)),
        max_retries=str(retries.max_retries),
        initial_delay=repr(float(retries.initial_delay)),
        max_delay=repr(float(retries.max_delay)),
        jitter=repr(float(retries.jitter)),
        retry_statuses="{" + ", ".join(str(s) for s in retries.retry_statuses) + "}"
        if retries.retry_statuses
        else "set()",
        dist_name=pn.py_string(lang.dist_name),
        root=root,
        modules=modules,
        imports=imports.block("").rstrip("\n"),
        api_title=pn.py_doc(ir.api.title),
        **auth,
    )
