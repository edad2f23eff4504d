"""Faults a long training run meets, on the digits demo: a non-finite loss, a kill
during training or during a checkpoint save, a full disk, damaged checkpoints at every
entry point, a stopped rank, a resume into another work dir, and bad values. Each
stops loudly, and what is left on disk can be resumed from."""
import glob
import hashlib
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest
import torch
from conftest import (DEMO_CONFIG, REPO_ROOT, TINY_DIGITS, free_port, run_tool,
                      tool_module)
from mmengine.config import Config

import mmrecmix  # noqa: F401
from mmrecmix.checkpoint import files as checkpoint_files
from mmrecmix.checkpoint.files import (checkpoint_problem,
                                       newest_intact_checkpoint,
                                       write_atomically)
from mmrecmix.registry import MODELS

TOOLS = osp.join(REPO_ROOT, 'tools')
DEMO = osp.join(REPO_ROOT, 'configs', 'demo')


def short_error(capsys, call, status=2) -> str:
    """Run a tool's main; it must exit with ``status`` and one ``error:`` line."""
    with pytest.raises(SystemExit) as stopped:
        call()
    assert stopped.value.code == status
    err = capsys.readouterr().err
    assert 'Traceback' not in err
    lines = [line for line in err.splitlines() if line.startswith('error: ')]
    assert lines, err[-2000:]
    return lines[-1]


def all_finite(path: str) -> bool:
    state = torch.load(path, map_location='cpu')['state_dict']
    return all(bool(torch.isfinite(v).all()) for v in state.values()
               if v.is_floating_point())


def tree_digest(folder) -> dict:
    return {osp.relpath(p, folder): hashlib.sha256(open(p, 'rb').read()).hexdigest()
            for p in glob.glob(osp.join(str(folder), '**', '*'), recursive=True)
            if osp.isfile(p)}


def damaged(path, kind: str, intact: str = None) -> str:
    """Write a damaged checkpoint: the first half of an intact one, an empty file,
    or text."""
    if kind == 'truncated':
        data = open(intact, 'rb').read()
        open(path, 'wb').write(data[:len(data) // 2])
    elif kind == 'empty':
        open(path, 'wb').close()
    else:
        open(path, 'w').write('not a checkpoint')
    return str(path)


# ------------------------------------------------------------------ non-finite loss

def test_nan_loss_stops_the_run_and_nothing_non_finite_is_saved(tmp_path):
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', tmp_path, '--cfg-options',
                      'train_cfg.max_epochs=3', 'optim_wrapper.optimizer.lr=1e6',
                      'train_dataloader.dataset.indices=128', *TINY_DIGITS[1:])
    assert result.returncode == 3, result.stderr[-3000:]
    line = result.stderr.strip().splitlines()[-1]
    # Stopped at the first NaN loss, or before saving weights (BN statistics) that
    # went non-finite while the loss was still a (huge) number.
    assert (line.startswith("error: loss 'loss' is nan at iteration ") or
            line.startswith('error: the checkpoint of iteration ')), line
    assert 'Try a lower learning rate' in line and 'clip_grad' in line
    saved = glob.glob(str(tmp_path / '*.pth'))
    assert all(all_finite(path) for path in saved)
    record = checkpoint_files.recorded_latest_checkpoint(str(tmp_path))
    assert record is None or (osp.isfile(record) and all_finite(record))


def test_non_finite_hook_refuses_a_non_finite_checkpoint():
    from mmrecmix.engine.hooks import NonFiniteLossHook, TrainingStopped
    hook = NonFiniteLossHook()
    runner = type('R', (), dict(iter=7))()
    hook.before_save_checkpoint(runner, dict(state_dict={'w': torch.ones(2)}))
    with pytest.raises(TrainingStopped, match='2 non-finite weight tensors'):
        hook.before_save_checkpoint(runner, dict(state_dict={
            'w': torch.tensor([1.0, float('nan')]), 'b': torch.tensor([float('inf')]),
            'steps': torch.tensor([3])}))
    with pytest.raises(ValueError, match='max_consecutive'):
        NonFiniteLossHook(max_consecutive=0)


def test_allow_non_finite_trains_on(tmp_path):
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', tmp_path,
                      '--allow-non-finite', '--cfg-options', 'train_cfg.max_epochs=2',
                      'optim_wrapper.optimizer.lr=1e6', *TINY_DIGITS)
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'nan' in result.stdout + result.stderr


# ------------------------------------------------------------------ kills and disks

def test_kill_during_training_then_resume_loses_and_repeats_nothing(tmp_path):
    command = [sys.executable, osp.join(TOOLS, 'train.py'), DEMO_CONFIG, '--work-dir',
               str(tmp_path), '--cfg-options', 'train_cfg.max_epochs=4', *TINY_DIGITS]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while time.time() < deadline and process.poll() is None:
        record = checkpoint_files.recorded_latest_checkpoint(str(tmp_path))
        if record and record.endswith(('epoch_2.pth', 'epoch_3.pth')):
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    record = checkpoint_files.recorded_latest_checkpoint(str(tmp_path))
    assert checkpoint_problem(record) is None
    saved_epoch = torch.load(record, map_location='cpu')['meta']['epoch']
    assert saved_epoch < 4, 'the run finished before it could be killed'
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', tmp_path, '--resume',
                      '--cfg-options', 'train_cfg.max_epochs=4', *TINY_DIGITS)
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert f'resumed epoch: {saved_epoch}, iter: {2 * saved_epoch}' in log
    trained = {line.split('Epoch(train)')[1].split()[0] for line in log.splitlines()
               if 'Epoch(train)' in line}
    assert trained == {f'[{epoch}][{i}/2]' for epoch in range(saved_epoch + 1, 5)
                       for i in (1, 2)}
    meta = torch.load(str(tmp_path / 'epoch_4.pth'), map_location='cpu')['meta']
    assert (meta['epoch'], meta['iter']) == (4, 8)


KILLED_WRITER = '''
import os, sys
from mmrecmix.checkpoint import files as checkpoint_files
checkpoint_files.sync_to_disk = lambda f: (print('writing', flush=True),
                                            __import__('time').sleep(60))
checkpoint_files.AtomicLocalBackend().put(b'new' * 1000, sys.argv[1])
'''


def test_kill_during_a_checkpoint_save_keeps_the_previous_file(tmp_path):
    path = str(tmp_path / 'epoch_2.pth')
    write_atomically(b'old checkpoint', path)
    process = subprocess.Popen([sys.executable, '-c', KILLED_WRITER, path],
                               cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == 'writing'  # inside the save
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert open(path, 'rb').read() == b'old checkpoint'
    assert sorted(os.listdir(tmp_path))[1:] == ['epoch_2.pth']  # + a hidden .partial
    assert sorted(os.listdir(tmp_path))[0].endswith('.partial')


def test_full_disk_leaves_the_previous_checkpoint_and_no_partial_file(
        tmp_path, monkeypatch, capsys):
    saves = []

    def sync_filling_the_disk(f):
        saves.append(f.name)
        if len(saves) > 1:  # epoch_1.pth went through, epoch_2.pth does not fit
            raise OSError(28, 'No space left on device')

    monkeypatch.setattr(checkpoint_files, 'sync_to_disk', sync_filling_the_disk)
    main = tool_module('tools/train.py').main
    overrides = [o for o in TINY_DIGITS if 'checkpoint.interval' not in o]
    with pytest.raises(OSError, match='No space left'):
        main([DEMO_CONFIG, '--work-dir', str(tmp_path), '--cfg-options',
              'train_cfg.max_epochs=3', 'default_hooks.checkpoint.interval=1',
              'default_hooks.checkpoint.save_best=None', *overrides])
    assert sorted(osp.basename(p) for p in glob.glob(str(tmp_path / '*.pth'))) == [
        'epoch_1.pth']
    assert checkpoint_problem(str(tmp_path / 'epoch_1.pth')) is None
    assert not glob.glob(str(tmp_path / '.*.partial'))
    assert checkpoint_files.recorded_latest_checkpoint(str(tmp_path)).endswith(
        'epoch_1.pth')


# ------------------------------------------------------------------ damaged files

@pytest.mark.parametrize('kind', ['truncated', 'empty', 'garbage'])
def test_damaged_checkpoint_at_every_entry_point(kind, intact_checkpoint, tmp_path,
                                                 capsys):
    bad = damaged(tmp_path / 'bad.pth', kind, intact_checkpoint)
    problem = {'truncated': 'truncated', 'empty': 'empty',
               'garbage': 'not a zip or pickle'}[kind]
    expected = f'{bad} is not a complete checkpoint ({problem})'
    train, test = tool_module('tools/train.py').main, tool_module('tools/test.py').main
    extract = tool_module('tools/model_converters/extract_backbone.py').main
    work = ['--work-dir', str(tmp_path / 'work')]
    calls = {
        '--resume FILE': lambda: train([DEMO_CONFIG, *work, '--resume', bad]),
        'load_from': lambda: train([DEMO_CONFIG, *work, '--cfg-options',
                                    f'load_from={bad}']),
        'test.py': lambda: test([DEMO_CONFIG, bad, *work]),
        'converter': lambda: extract([bad, str(tmp_path / 'out.pth')]),
    }
    for entry, call in calls.items():
        assert expected in short_error(capsys, call), entry


@pytest.mark.parametrize('record', ['damaged', 'empty'])
def test_auto_resume_names_the_newest_intact_checkpoint(record, intact_checkpoint,
                                                        tmp_path, capsys):
    intact = str(tmp_path / 'epoch_1.pth')
    write_atomically(open(intact_checkpoint, 'rb').read(), intact)
    bad = damaged(tmp_path / 'epoch_2.pth', 'empty')
    write_atomically((bad if record == 'damaged' else '').encode(),
                     str(tmp_path / 'last_checkpoint'))
    line = short_error(capsys, lambda: tool_module('tools/train.py').main(
        [DEMO_CONFIG, '--work-dir', str(tmp_path), '--resume']))
    assert (f'{bad} is not a complete checkpoint (empty)' in line
            if record == 'damaged' else 'last_checkpoint is empty' in line)
    assert f'resume from it with --resume {intact}' in line
    assert newest_intact_checkpoint(str(tmp_path)) == intact


def test_resume_with_nothing_to_resume_from_says_so(tmp_path, capsys):
    line = short_error(capsys, lambda: tool_module('tools/train.py').main(
        [DEMO_CONFIG, '--work-dir', str(tmp_path), '--resume']))
    assert f'{tmp_path} holds no checkpoint to resume from' in line
    assert 'Drop --resume to train from scratch' in line
    assert not glob.glob(str(tmp_path / '*.pth'))


def test_crafted_pickle_is_refused_in_our_words(crafted_checkpoint, tmp_path, capsys):
    evil = crafted_checkpoint
    for call in (lambda: tool_module('tools/test.py').main([DEMO_CONFIG, evil, '--work-dir',
                                               str(tmp_path / 'w')]),
                 lambda: tool_module('tools/model_converters/extract_backbone.py').main(
                     [evil, str(tmp_path / 'out.pth')])):
        with pytest.raises(SystemExit) as stopped:
            call()
        assert stopped.value.code == 2
        captured = capsys.readouterr()
        assert captured.err.startswith(f'error: {evil} contains code, refused')
        assert 'pwned' not in captured.out


# ------------------------------------------------------------------ other runs' files

def test_resume_into_a_new_work_dir_leaves_the_old_one_unchanged(tmp_path):
    old, new = tmp_path / 'old', tmp_path / 'new'
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', old, '--cfg-options',
                      'train_cfg.max_epochs=2', *TINY_DIGITS)
    assert result.returncode == 0, result.stderr[-3000:]
    before = tree_digest(old)
    assert any(name.startswith('best_') for name in before)
    result = run_tool('train.py', DEMO_CONFIG, '--work-dir', new, '--resume',
                      old / 'epoch_1.pth', '--cfg-options', 'train_cfg.max_epochs=4',
                      *TINY_DIGITS)
    assert result.returncode == 0, result.stderr[-3000:]
    assert tree_digest(old) == before
    assert 'belongs to another work dir' in result.stdout + result.stderr


# ------------------------------------------------------------------ a stopped rank

HANG = r'''
cd "$1"
PORT=$4 bash tools/dist_train.sh "$2" 2 --work-dir "$3" --dist-timeout 10 \
  --cfg-options train_cfg.max_epochs=100 train_dataloader.dataset.indices=256 \
  default_hooks.logger.interval=1 > "$3.log" 2>&1 &
launcher=$!
for i in $(seq 240); do grep -q "Epoch(train)" "$3.log" 2>/dev/null && break; sleep 0.5; done
for p in $(pgrep -f "$3"); do
  if tr '\0' '\n' < /proc/$p/environ 2>/dev/null | grep -qx RANK=1; then kill -STOP $p; fi
done
wait $launcher
'''


@pytest.mark.distributed
@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='uses /proc')
def test_a_stopped_rank_ends_the_job_and_is_named(tmp_path):
    work = str(tmp_path / 'dist')
    start = time.time()
    result = subprocess.run(['bash', '-c', HANG, 'hang', REPO_ROOT, DEMO_CONFIG, work,
                             free_port()],
                            env=dict(os.environ, PYTHON=sys.executable),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert time.time() - start < 200
    log = open(f'{work}.log').read()
    assert ('error: rank 0 waited in a collective until the distributed timeout'
            in log), log[-3000:]
    assert 'rank(s) 1 stopped answering' in log


@pytest.mark.distributed
@pytest.mark.usefixtures('one_rank_group')
@pytest.mark.parametrize('torch_text', [
    'Wait timeout for store.get (timed out after 10000ms)',
    'Application timeout caused pair closure',  # gloo, in DDP's all-reduce
])
def test_a_collective_timeout_names_the_silent_ranks(torch_text):
    """Both ways torch words a collective that ran out of time end the run with one
    line naming the ranks whose heartbeat stopped (here rank 0: no heartbeat thread
    runs); any other error passes through unchanged."""
    from mmrecmix.engine.hooks import TrainingStopped, naming_silent_ranks
    with pytest.raises(TrainingStopped) as stopped, naming_silent_ranks():
        raise RuntimeError(torch_text)
    assert str(stopped.value).startswith(
        'rank 0 waited in a collective until the distributed timeout')
    assert 'rank(s) 0 stopped answering' in str(stopped.value)
    assert str(stopped.value).endswith(torch_text)
    with pytest.raises(RuntimeError, match='size mismatch'), naming_silent_ranks():
        raise RuntimeError('size mismatch')


@pytest.mark.distributed
@pytest.mark.usefixtures('one_rank_group')
def test_heartbeat_beats_while_training_and_is_joined_after_it():
    """The heartbeat thread moves its rank's counter, and ``after_train`` has
    joined it: a daemon thread left inside the store's C++ client at interpreter
    exit aborted a rank that had trained to its end (SIGABRT, "terminate called
    without an active exception")."""
    import threading

    from mmrecmix.engine.hooks.rank_heartbeat_hook import (RankHeartbeatHook,
                                                           default_store,
                                                           heartbeats)
    hook = RankHeartbeatHook()
    hook.before_train(runner=None)
    first = heartbeats(default_store())
    time.sleep(2.5)
    assert heartbeats(default_store())[0] >= first[0] + 2
    hook.after_train(runner=None)
    assert not [t for t in threading.enumerate() if t.name == 'mmrecmix-heartbeat']


# ------------------------------------------------------------------ bad values

AUTOMIX = osp.join(DEMO, 'resnet18_digits_automix.py')
SMMIX = osp.join(DEMO, 'vit_digits_smmix.py')


@pytest.mark.parametrize('config,override,message', [
    (AUTOMIX, dict(mixup_margin=0.6), 'mixup_margin must be a number in [0, 0.5)'),
    (AUTOMIX, dict(mixup_margin=-0.1), 'mixup_margin must be a number in [0, 0.5)'),
    (AUTOMIX, dict(mask_loss=dict(weight=-1)), 'mask_loss.weight must be a number in [0, inf)'),
    (AUTOMIX, dict(mask_loss=dict(wieght=0.1)), "unknown key(s) ['wieght'] in mask_loss"),
    (SMMIX, dict(label_smoothing=1.5), 'label_smoothing must be a number in [0, 1)'),
    (SMMIX, dict(label_smoothing=-0.5), 'label_smoothing must be a number in [0, 1)'),
    (SMMIX, dict(token_head=dict(in_channel=32, num_classes=10)),
     "unknown key(s) ['in_channel'] in token_head"),
])
def test_bad_values_are_refused_naming_the_parameter(config, override, message):
    model = Config.fromfile(config).model
    model.update(override)
    with pytest.raises(ValueError) as raised:
        MODELS.build(model)
    assert message in str(raised.value)


@pytest.mark.parametrize('cfg,message', [
    (dict(type='mmrecmix.AutoMixBlock', in_channels=0), 'in_channels must be'),
    (dict(type='mmrecmix.AutoMixBlock', in_channels=8, upsample='cubic'),
     'upsample must be one of'),
    (dict(type='mmrecmix.RoIConsistencyNeck', in_channels=8, num_classes=0),
     'num_classes must be a number in [1, inf)'),
    (dict(type='mmrecmix.RoIConsistencyNeck', in_channels=8, num_classes=2, omega=-1),
     'omega must be a number in [0, inf)'),
])
def test_bad_module_arguments_are_refused(cfg, message):
    with pytest.raises(ValueError) as raised:
        MODELS.build(cfg)
    assert message in str(raised.value)


def test_bad_hook_arguments_are_refused():
    from mmrecmix.registry import HOOKS
    with pytest.raises(ValueError, match=r'max_images must be a number in \[1, inf\)'):
        HOOKS.build(dict(type='mmrecmix.MixVisualizationHook', max_images=0))
