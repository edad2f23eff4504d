"""How the tools fail on a user's mistake: a :class:`UsageError` (or a missing full
install tier) becomes one ``error: ...`` line and exit status 2, not a traceback."""
import functools
import os.path as osp
import sys
import traceback
from typing import Callable

from mmrecmix.utils.install_tier import FullTierRequired


class UsageError(Exception):
    """A mistake on the command line or in a config that the user can fix."""


def debug_requested(args: tuple, kwargs: dict) -> bool:
    """Whether the command line of a tool's ``main(argv=None)`` called with
    ``args`` / ``kwargs`` holds ``--debug``."""
    argv = kwargs.get('argv', args[0] if args else None)
    return '--debug' in (sys.argv[1:] if argv is None else argv)


def exit_on_usage_error(main: Callable) -> Callable:
    """Print a :class:`UsageError` (or a missing full install tier) as
    ``error: ...`` and exit with status 2; a run that stopped itself
    (:class:`mmrecmix.engine.TrainingStopped`: a non-finite loss) likewise, with
    status 3. With ``--debug`` on the command line, the exception the error
    replaced (its ``__context__``: e.g. torch's text on a refused checkpoint) is
    printed with its traceback above that line."""
    from mmrecmix.engine.hooks import TrainingStopped

    @functools.wraps(main)
    def wrapped(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except (UsageError, FullTierRequired) as error:
            if error.__context__ is not None and debug_requested(args, kwargs):
                traceback.print_exception(error.__context__, file=sys.stderr)
            print(f'error: {error}', file=sys.stderr)
            sys.exit(2)
        except TrainingStopped as error:
            print(f'error: {error}', file=sys.stderr)
            sys.exit(3)

    return wrapped


def require_file(path: str, what: str, hint: str) -> None:
    """Raise a :class:`UsageError` naming ``what`` and ``hint`` if ``path`` is no file."""
    if not osp.isfile(path):
        raise UsageError(f'{what} {path!r} does not exist. {hint}')
