"""A crafted checkpoint is refused in our words alone: torch's advice to load it with
``weights_only=False`` stays off the console unless ``--debug`` asks for it."""
import os
import pickle
import traceback

import pytest
from conftest import DEMO_CONFIG, tool_module

from mmrecmix.checkpoint.compat import refused_global, safe_by_default, safe_load
from mmrecmix.cli import UsageError, refusing_code


def test_the_refusal_names_the_object_and_leaves_torchs_advice_out(crafted_checkpoint):
    with pytest.raises(UsageError) as caught:
        with refusing_code(crafted_checkpoint):
            safe_load(crafted_checkpoint)
    error = caught.value
    message = str(error)
    assert message.startswith(f'{crafted_checkpoint} contains code, refused (it asks for ')
    assert f'{os.system.__module__}.system' in message
    assert 'weights_only' not in message
    # Nothing of torch's text is shown with a traceback either; it is still kept.
    assert 'weights_only' not in ''.join(traceback.format_exception(error))
    assert isinstance(error.__context__, pickle.UnpicklingError)


@pytest.mark.parametrize('message, name', [
    ('Trying to load unsupported GLOBAL posix.system whose module posix is blocked.',
     'posix.system'),
    ('Unsupported global: GLOBAL __main__.Thing was not an allowed global by default.',
     '__main__.Thing'),
    ('Unsupported global: builtins.eval is not allowed in a checkpoint', 'builtins.eval'),
    ('unpickling stack underflow', None),
])
def test_refused_global_reads_each_loaders_wording(message, name):
    assert refused_global(message) == name


@pytest.mark.parametrize('debug', [False, True])
def test_the_test_tool_prints_torchs_text_only_with_debug(crafted_checkpoint, tmp_path, capsys,
                                                           debug):
    argv = [DEMO_CONFIG, crafted_checkpoint, '--work-dir', str(tmp_path / 'work')]
    with pytest.raises(SystemExit) as stopped:
        tool_module('tools/test.py').main(argv + ['--debug'] * debug)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert 'pwned' not in captured.out
    lines = captured.err.strip().splitlines()
    assert lines[-1].startswith(f'error: {crafted_checkpoint} contains code, refused')
    if debug:  # the original error above our line, with its traceback
        assert 'Traceback' in captured.err and 'UnpicklingError' in captured.err
        if safe_by_default():  # torch's own loader refused it: its text is shown
            assert 'weights_only' in captured.err
    else:
        assert 'weights_only' not in captured.err and 'Traceback' not in captured.err
