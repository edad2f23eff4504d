"""Run mmrecmix's tools as the core install tier would, in one process.

``python core_tier_driver.py TOOL ARGS... [-- TOOL ARGS...]...`` makes ``mmcv._ext``,
``mmcv.ops``, ``mmdet`` and ``mmseg`` (and everything under them) impossible to
import, exactly as where they are not installed, then runs each tool as
``__main__`` in turn: before the N-th (from 0) it writes ``begin N`` to stderr, after
it ``exit N CODE`` to stdout. At the end it
prints ``blocked-modules-loaded N``: how many blocked modules got into
``sys.modules`` anyway (there must be none).
"""
import importlib.abc
import runpy
import sys

BLOCKED = ('mmcv._ext', 'mmcv.ops', 'mmdet', 'mmseg')


def is_blocked(name: str) -> bool:
    return any(name == root or name.startswith(root + '.') for root in BLOCKED)


class HideFullTier(importlib.abc.MetaPathFinder):
    """Wraps an import finder so that it finds no full-tier module: the import system
    then answers them exactly as where they are not installed (``find_spec`` gives
    ``None``, ``import`` raises ``ModuleNotFoundError``)."""

    def __init__(self, finder):
        self.finder = finder

    def find_spec(self, name, path=None, target=None):
        if is_blocked(name):
            return None
        return self.finder.find_spec(name, path, target)

    def invalidate_caches(self):
        if hasattr(self.finder, 'invalidate_caches'):
            self.finder.invalidate_caches()


def run_tool(argv: list) -> int:
    sys.argv = list(argv)
    try:
        runpy.run_path(argv[0], run_name='__main__')
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def commands(argv: list) -> list:
    found, current = [], []
    for arg in argv + ['--']:
        if arg == '--':
            found.append(current)
            current = []
        else:
            current.append(arg)
    return [command for command in found if command]


def main() -> None:
    sys.meta_path[:] = [HideFullTier(finder) for finder in sys.meta_path]
    for index, command in enumerate(commands(sys.argv[1:])):
        print(f'begin {index}', file=sys.stderr, flush=True)
        code = run_tool(command)
        sys.stderr.flush()
        print(f'exit {index} {code}', flush=True)
    leaked = [name for name in sys.modules if is_blocked(name)]
    print(f'blocked-modules-loaded {len(leaked)} {leaked}', flush=True)


if __name__ == '__main__':
    main()
