"""The suite's own isolation: a Runner of one test never writes into another test's
(deleted) temporary folder."""
import shutil
import time
import types

import mmengine.runner.runner
import pytest
from conftest import DEMO_CONFIG, forget_visualizers
from mmengine.config import Config
from mmengine.runner import Runner


def runner_in(work_dir) -> Runner:
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.work_dir = str(work_dir)
    return Runner.from_cfg(cfg)


def test_a_runner_after_forget_visualizers_writes_in_its_own_folder(tmp_path,
                                                                      monkeypatch):
    # Both runs of one config start in the same second: the same experiment name.
    frozen = types.SimpleNamespace(**{name: getattr(time, name) for name in dir(time)
                                      if not name.startswith('_')})
    frozen.time = lambda: 1_700_000_000.0
    monkeypatch.setattr(mmengine.runner.runner, 'time', frozen)
    runner_in(tmp_path / 'first')
    shutil.rmtree(tmp_path / 'first')
    with pytest.raises(FileNotFoundError, match='first'):
        runner_in(tmp_path / 'second')  # mmengine reuses the first one's visualizer
    forget_visualizers()
    runner_in(tmp_path / 'second')
    assert list((tmp_path / 'second').rglob('vis_data/*.py'))
