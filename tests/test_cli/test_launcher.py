"""mmrecmix.cli.launcher: a distributed run that ends without an error destroys its
process group; one that fails leaves it to the exit."""
import pytest
import torch
from conftest import DEMO_CONFIG, TINY_DIGITS, free_port, tool_module


@pytest.mark.parametrize('tool,args', [
    ('train.py', ['--cfg-options', 'train_cfg.max_epochs=1', *TINY_DIGITS]),
    ('test.py', ['CHECKPOINT']),
])
@pytest.mark.distributed
@pytest.mark.usefixtures('no_group_left')
def test_a_finished_distributed_run_destroys_its_process_group(
        tool, args, tmp_path, monkeypatch, intact_checkpoint):
    """train.py and test.py end a distributed run by destroying the gloo group: a
    process exiting with it alive can abort in its destructor (SIGABRT) after
    training to the end."""
    import torch.distributed as dist
    threads = str(torch.get_num_threads())  # mmengine would set 1 for later tests
    for name, value in dict(RANK='0', LOCAL_RANK='0', WORLD_SIZE='1',
                            MASTER_ADDR='127.0.0.1', MASTER_PORT=free_port(),
                            OMP_NUM_THREADS=threads, MKL_NUM_THREADS=threads).items():
        monkeypatch.setenv(name, value)
    args = [intact_checkpoint if a == 'CHECKPOINT' else a for a in args]
    main = tool_module(f'tools/{tool}').main
    main([DEMO_CONFIG, *args, '--work-dir', str(tmp_path), '--launcher', 'pytorch'])
    assert not dist.is_initialized()


@pytest.mark.distributed
@pytest.mark.usefixtures('one_rank_group')
def test_a_failed_distributed_run_leaves_its_process_group_to_the_exit():
    """After an error the group is not destroyed: that could wait on a collective
    that never finishes."""
    import torch.distributed as dist

    from mmrecmix.cli import closing_process_group
    with pytest.raises(ValueError), closing_process_group():
        raise ValueError('a failed step')
    assert dist.is_initialized()
