"""Spec + config → IR. The only package that reads the OpenAPI document's structure.

Schemas become TypeRefs; named component schemas (and inline objects, enums and discriminated
unions, which get deterministic names) become declarations. Component references stay
references, so recursion of any shape terminates. Operations are grouped into a resource tree
derived from the path shape, with config overrides.

Where each job lives (the parts share a :class:`~.context.BuildContext` and get each other
explicitly, in :func:`.build.build_ir`):

- :mod:`.build` — the entry point and the order of the steps; API info (title, base URL).
- :mod:`.declarations` — the declaration registry: component ids and names, identical
  ``-Input``/``-Output`` twins, inline and pointer ids, the worklist, alias cycles.
- :mod:`.schemas` — schema → TypeRef: null splitting, scalars, enums, arrays, maps, objects,
  properties, defaults and their checks, ``allOf``, ``$dynamicRef``.
- :mod:`.unions` — ``oneOf``/``anyOf``: discriminators, shared tags and shape tests,
  reachability of mapping targets, literal tags.
- :mod:`.operations` — path items, operation ids, parameters, request bodies and file parts,
  responses, event-stream facts, pagination.
- :mod:`.resources` — resource and method naming, renames, list detection, the resource tree.
- :mod:`.usage` — input/output usage of each declaration, the common error type.
- :mod:`.reuse` — a session's next build reusing the last one's unchanged work
  (``build_ir(reuse=IrReuse())``): the ``$ref`` check, the component phase, operations.
"""

from generator.builder.build import build_ir

__all__ = ["build_ir"]
