"""The program a worker starts with: ``python -I -B -c <bootstrap>``.

The grader package is not importable in a worker (its reads are confined to its world), so the
few trusted modules it runs travel inside the command line itself and are loaded under names of
their own: ``_grader_codec`` (`grader.runner.codec`), the worker's modules (``_grader_worker`` and
the three it imports), ``_grader_landlock`` (`grader.runner._landlock`) (see `MODULES`)
and ``_grader_jail`` (`grader.runner._jail`), in that order, since each imports the ones
before it.
The jail's `main` then runs with the launcher's plain-dict configuration.
"""

from __future__ import annotations

import base64
import functools
import marshal
import zlib
from pathlib import Path
from typing import Any

_RUNNER = Path(__file__).resolve().parent.parent  # grader/runner, where those modules live

# The modules travel compiled (marshal, for this very interpreter; zlib and base64 keep the
# argument under the kernel's 128 KB limit): compiling their source in every worker cost
# ~50 ms, more than everything else the jail does.
_BOOTSTRAP = """\
import base64, marshal, sys, types, zlib
def _load(name, code):
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(marshal.loads(zlib.decompress(base64.b64decode(code))), module.__dict__)
    return module
sys.argv = ["submission"]
for _name, _code in {modules!r}:
    _load(_name, _code)
_load("_grader_jail", {jail!r}).main({config!r})
"""
# The modules loaded before the jail, in this order, each as ``_grader_<name>`` (leading
# underscore dropped): each imports only those before it.
MODULES = (
    "codec", "_landlock", "_worker_pristine", "_worker_capture", "_worker_plan", "_worker"
)  # fmt: skip


@functools.cache
def _compiled() -> tuple[str, ...]:
    def pack(name: str) -> str:
        code = compile((_RUNNER / f"{name}.py").read_text(), f"<grader {name}>", "exec")
        return base64.b64encode(zlib.compress(marshal.dumps(code), 9)).decode()

    return tuple(pack(name) for name in (*MODULES, "_jail"))


def bootstrap(config: dict[str, Any]) -> str:
    """The ``-c`` program: loads the worker's modules, Landlock and the jail, then runs the
    jail with `config`."""
    *codes, jail = _compiled()
    modules = [
        ("_grader_" + name.lstrip("_"), code) for name, code in zip(MODULES, codes, strict=True)
    ]
    return _BOOTSTRAP.format(modules=modules, jail=jail, config=config)
