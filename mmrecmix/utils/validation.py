"""Argument checks of the modules we register: one line naming the parameter and
what it accepts, instead of a silently odd run."""
from typing import Iterable, Optional


def check_keys(owner: str, name: str, given: dict, valid: Iterable[str]) -> None:
    """Raise a ``ValueError`` for keys of the dict argument ``name`` outside
    ``valid`` (a misspelled key would otherwise be ignored)."""
    unknown = sorted(set(given) - set(valid))
    if unknown:
        raise ValueError(f'{owner}: unknown key(s) {unknown} in {name}; valid keys: '
                         f'{sorted(valid)}.')


def check_range(owner: str, name: str, value, low: Optional[float] = None,
                high: Optional[float] = None, high_open: bool = False) -> None:
    """Raise a ``ValueError`` unless ``low <= value <= high`` (``< high`` with
    ``high_open``); a bound of ``None`` is not checked."""
    too_low = low is not None and not value >= low
    too_high = high is not None and not (value < high if high_open else value <= high)
    if too_low or too_high:
        closing = ')' if high_open else ']'
        span = f'[{"-inf" if low is None else low}, ' \
               f'{"inf" if high is None else high}{closing}'
        raise ValueError(f'{owner}: {name} must be in {span}, got {value!r}.')
