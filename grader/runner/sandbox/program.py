"""The program a worker starts with: ``python -I -B -c <bootstrap>``.

The grader package is not importable in a worker (its reads are confined to its world), so the
few trusted modules it runs travel inside the command line itself and are loaded under names of
their own: ``_grader_codec`` (`grader.runner.codec`), ``_grader_worker``
(`grader.runner._worker`), ``_grader_landlock`` (`grader.runner._landlock`) and
``_grader_jail`` (`grader.runner._jail`), in that order, since each imports the ones before it.
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
_load("_grader_codec", {codec!r})
_load("_grader_worker", {worker!r})
_load("_grader_landlock", {landlock!r})
_load("_grader_jail", {jail!r}).main({config!r})
"""


@functools.cache
def _compiled() -> tuple[str, ...]:
    def pack(name: str) -> str:
        code = compile((_RUNNER / f"{name}.py").read_text(), f"<grader {name}>", "exec")
        return base64.b64encode(zlib.compress(marshal.dumps(code), 9)).decode()

    return tuple(pack(name) for name in ("codec", "_worker", "_landlock", "_jail"))


def bootstrap(config: dict[str, Any]) -> str:
    """The ``-c`` program: loads codec, worker, Landlock and jail, then runs the jail with
    `config`."""
    codec, worker, landlock, jail = _compiled()
    return _BOOTSTRAP.format(
        codec=codec, worker=worker, landlock=landlock, jail=jail, config=config
    )
