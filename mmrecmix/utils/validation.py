"""Argument checks of the modules we register: one line naming the parameter and
what it accepts, instead of a silently odd run."""
import math
import numbers
from typing import Iterable, Optional


def check_keys(owner: str, name: str, given: dict, valid: Iterable[str]) -> None:
    """Raise a ``ValueError`` for keys of the dict argument ``name`` outside
    ``valid`` (a misspelled key would otherwise be ignored)."""
    unknown = sorted(set(given) - set(valid))
    if unknown:
        raise ValueError(f'{owner}: unknown key(s) {unknown} in {name}; valid keys: '
                         f'{sorted(valid)}.')


def is_integer(value) -> bool:
    """Whether ``value`` is an integer (Python's or NumPy's), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_range(owner: str, name: str, value, low: Optional[float] = None,
                high: Optional[float] = None, low_open: bool = False,
                high_open: bool = False) -> None:
    """Raise a ``ValueError`` unless ``value`` is a real number (not a bool, not NaN)
    within ``[low, high]`` (``(`` / ``)`` with ``low_open`` / ``high_open``); a bound
    of ``None`` is not checked."""
    number = isinstance(value, numbers.Real) and not isinstance(value, bool) \
        and not math.isnan(value)
    too_low = number and low is not None and (value <= low if low_open else value < low)
    too_high = number and high is not None and \
        (value >= high if high_open else value > high)
    if not number or too_low or too_high:
        span = (f'{"(" if low_open or low is None else "["}'
                f'{"-inf" if low is None else low}, {"inf" if high is None else high}'
                f'{")" if high_open or high is None else "]"}')
        raise ValueError(f'{owner}: {name} must be a number in {span}, got {value!r}.')
