"""The check the metrics share on what a model's output sample must carry."""
from typing import Sequence

__all__ = ['require_fields']


def require_fields(owner: str, data_sample: dict, keys: Sequence[str], needs: str) -> None:
    """Raise a ``ValueError`` naming the ``keys`` that ``data_sample`` lacks (or holds
    as None), the keys it has, and ``needs``: what the metric uses them for."""
    missing = [key for key in keys if data_sample.get(key) is None]
    if missing:
        raise ValueError(f'{owner}: a data sample has no {" and no ".join(missing)} (it '
                         f'has {sorted(data_sample.keys())}); {needs}')
