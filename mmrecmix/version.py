__version__ = '0.1.0'


def parse_version_info(version_str: str) -> tuple:
    """Turn '0.1.0' (or '0.1.0rc1') into a tuple such as (0, 1, 0) or (0, 1, 0, 'rc1')."""
    parts = []
    for piece in version_str.split('.'):
        if piece.isdigit():
            parts.append(int(piece))
        elif 'rc' in piece:
            number, rc = piece.split('rc')
            parts.extend([int(number), f'rc{rc}'])
    return tuple(parts)


version_info = parse_version_info(__version__)
