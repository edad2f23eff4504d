"""How the tools fail on a user's mistake: a :class:`UsageError` (or a missing full
install tier) becomes one ``error: ...`` line and exit status 2, not a traceback."""
import functools
import os.path as osp
import sys
from typing import Callable

from mmrecmix.utils.install_tier import FullTierRequired


class UsageError(Exception):
    """A mistake on the command line or in a config that the user can fix."""


def exit_on_usage_error(main: Callable) -> Callable:
    """Print a :class:`UsageError` (or a missing full install tier) as
    ``error: ...`` and exit with status 2; a run that stopped itself
    (:class:`mmrecmix.engine.TrainingStopped`: a non-finite loss) likewise, with
    status 3."""
    from mmrecmix.engine.hooks import TrainingStopped

    @functools.wraps(main)
    def wrapped(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except (UsageError, FullTierRequired) as error:
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
