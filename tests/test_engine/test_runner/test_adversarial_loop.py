"""mmrecmix.AdversarialTestLoop and its attacks: FGSM against an independent autograd
computation, PGD's ball and its reduction to FGSM, the seeded random start, the
model left untouched, a model that ignores its input, robust accuracy against eps on a
trained digits model, the loop through mmengine's Runner, and the refused inputs."""
import glob
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from conftest import DEMO_CONFIG, digits_cfg, tool_module
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook
from mmengine.optim import OptimWrapper
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmpretrain.structures import DataSample

import mmrecmix.engine.runner  # noqa: F401  (registers the loop)
from mmrecmix.engine.runner import (AdversarialTestLoop, LinfAttack,
                                    check_normalising_preprocessor, random_start_noise)
from mmrecmix.registry import DATASETS, MODELS

EPS = 8 / 255
# The digits demo model narrowed to 8 base channels: the same layers, fast on a CPU.
NARROW = dict(backbone=dict(stem_channels=8, base_channels=8), head=dict(in_channels=64))
NORMALISER = dict(type='ClsDataPreprocessor', mean=[100., 110., 120.],
                  std=[50., 60., 70.], to_rgb=True)


@pytest.fixture(autouse=True, scope='module')
def one_thread():
    """These batches are tiny: on a busy 2-core machine a second thread's waiting costs
    more than it saves (a narrow ResNet step took 1 s with two threads, 0.07 s with
    one)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def demo_model(data_preprocessor=None, **changes):
    """The narrowed digits demo classifier, in eval mode."""
    init_default_scope('mmrecmix')
    cfg = Config.fromfile(DEMO_CONFIG)
    cfg.merge_from_dict(dict(model=dict(NARROW, **changes)))
    cfg.model.data_preprocessor = data_preprocessor or NORMALISER
    return MODELS.build(cfg.model).eval()


def random_batch(num=4, height=8, width=12, seed=0):
    """uint8 images (with 0 and 255, where clipping bites), labels and indices."""
    generator = torch.Generator().manual_seed(seed)
    inputs = [torch.randint(0, 256, (3, height, width), dtype=torch.uint8,
                            generator=generator) for _ in range(num)]
    samples = [DataSample(metainfo=dict(sample_idx=10 + i)).set_gt_label(i % 10)
               for i in range(num)]
    return dict(inputs=inputs, data_samples=samples)


def independent_fgsm(model, batch, eps):
    """FGSM written out: normalisation by hand, cross-entropy, autograd."""
    x = torch.stack(batch['inputs']).float() / 255
    x.requires_grad_(True)
    mean = torch.tensor(NORMALISER['mean']).view(1, 3, 1, 1)
    std = torch.tensor(NORMALISER['std']).view(1, 3, 1, 1)
    logits = model((x * 255).flip(1).sub(mean).div(std), mode='tensor')
    labels = torch.cat([s.gt_label for s in batch['data_samples']])
    gradient, = torch.autograd.grad(F.cross_entropy(logits, labels, reduction='sum'), x)
    return (x + eps * gradient.sign()).clamp(0, 1).detach(), gradient


def test_fgsm_is_the_clipped_sign_step_of_the_input_gradient():
    model, batch = demo_model(), random_batch()
    expected, gradient = independent_fgsm(model, batch, EPS)
    assert (gradient != 0).float().mean() > 0.9  # the step moves almost every pixel
    attack = LinfAttack('fgsm', EPS)
    assert torch.allclose(attack.perturb(model, batch), expected, rtol=0, atol=1e-6)
    with torch.no_grad():  # the attack takes its gradient under no_grad too
        assert torch.allclose(attack.perturb(model, batch), expected, rtol=0, atol=1e-6)
    x = torch.stack(batch['inputs']).float() / 255
    clipped = (x + EPS * gradient.sign() > 1) | (x + EPS * gradient.sign() < 0)
    assert clipped.any() and (expected[clipped] % 1 == 0).all()


def test_pgd_stays_in_the_eps_ball_and_in_the_pixel_range():
    model, batch = demo_model(), random_batch()
    x = torch.stack(batch['inputs']).float() / 255
    adversarial = LinfAttack('pgd', EPS, steps=4, step_size=EPS / 2).perturb(model, batch)
    assert (adversarial - x).abs().max() <= EPS + 1e-6
    assert adversarial.min() >= 0 and adversarial.max() <= 1
    assert (adversarial - x).abs().max() > EPS / 2  # it did move


def test_one_pgd_step_of_eps_from_the_image_is_fgsm():
    model, batch = demo_model(), random_batch()
    pgd = LinfAttack('pgd', EPS, steps=1, step_size=EPS, random_start=False)
    assert torch.equal(pgd.perturb(model, batch), LinfAttack('fgsm', EPS).perturb(model, batch))


def test_random_start_is_uniform_in_the_ball_and_seeded_per_image():
    images = torch.zeros(2, 3, 8, 8)
    noise = random_start_noise(images, EPS, [3, 5], seed=1)
    assert noise.abs().max() <= EPS and noise.abs().max() > 0.9 * EPS
    # image 5 gets the same noise alone, in another batch, and in another run
    assert torch.equal(random_start_noise(images[:1], EPS, [5], seed=1)[0], noise[1])
    assert torch.equal(random_start_noise(images, EPS, [5, 3], seed=1), noise.flip(0))
    assert not torch.equal(random_start_noise(images, EPS, [3, 5], seed=2), noise)
    assert not torch.equal(noise[0], noise[1])


def test_eps_zero_gives_exactly_the_clean_predictions():
    model, batch = demo_model(), random_batch()
    clean = model.test_step(batch)
    for attack in (LinfAttack('fgsm', 0.0), LinfAttack('pgd', 0.0, steps=2)):
        images = attack.perturb(model, batch)
        attacked = model.test_step(dict(batch, inputs=images * 255))
        for a, b in zip(attacked, clean):
            assert torch.equal(a.pred_score, b.pred_score)


@pytest.fixture(scope='module')
def trained_digits():
    """The narrowed digits demo model after 30 SGD steps (batch 64) on 512 training
    digits, and a batch of the first 64 validation digits (70% top-1 on them)."""
    torch.manual_seed(0)
    cfg = Config.fromfile(DEMO_CONFIG)
    model = demo_model(cfg.data_preprocessor).train()
    train = DATASETS.build(dict(cfg.train_dataloader.dataset, indices=512))
    samples = [train[i] for i in range(len(train))]
    optim_wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9))
    generator = torch.Generator().manual_seed(0)
    for _ in range(30):
        picks = torch.randint(len(samples), (64, ), generator=generator).tolist()
        model.train_step(pseudo_collate([samples[i] for i in picks]), optim_wrapper)
    test = DATASETS.build(dict(cfg.test_dataloader.dataset, indices=64))
    return model.eval(), pseudo_collate([test[i] for i in range(len(test))])


def accuracy(model, batch, images) -> float:
    with torch.no_grad():
        outputs = model.test_step(dict(batch, inputs=images * 255))
    return sum(int(o.pred_label == o.gt_label) for o in outputs) / len(outputs)


@pytest.mark.parametrize('attack', ['fgsm', 'pgd'])
def test_accuracy_falls_as_eps_grows_on_a_trained_model(trained_digits, attack):
    model, batch = trained_digits
    settings = dict(steps=3) if attack == 'pgd' else {}
    accuracies = [accuracy(model, batch, LinfAttack(attack, eps, **settings).perturb(
        model, batch)) for eps in (0, 2 / 255, 8 / 255, 32 / 255)]
    assert accuracies[0] >= 0.5, accuracies  # the model has learnt something
    assert accuracies == sorted(accuracies, reverse=True), accuracies
    assert accuracies[-1] <= accuracies[0] - 0.2, accuracies


class RecordingHook(Hook):
    """What the test loop calls, in order, and what it passes."""

    def __init__(self):
        self.calls, self.outputs, self.metrics = [], [], None

    def before_test(self, runner):
        self.calls.append('before_test')

    def before_test_epoch(self, runner):
        self.calls.append('before_test_epoch')

    def before_test_iter(self, runner, batch_idx, data_batch=None):
        self.calls.append(f'before_test_iter {batch_idx}')

    def after_test_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self.calls.append(f'after_test_iter {batch_idx}')
        self.outputs.extend(outputs)

    def after_test_epoch(self, runner, metrics=None):
        self.calls.append('after_test_epoch')
        self.metrics = metrics

    def after_test(self, runner):
        self.calls.append('after_test')


def digits_runner(work_dir, test_cfg, size=16):
    """A Runner of the narrowed digits demo config: 8 test digits in 2 batches."""
    cfg = digits_cfg(work_dir, NARROW, size, batch_size=8, train_size=8)
    cfg.test_dataloader.batch_size = 4
    cfg.test_cfg = test_cfg
    return Runner.from_cfg(cfg)


def test_runner_test_on_non_square_images_leaves_the_model_untouched(tmp_path):
    runner = digits_runner(tmp_path, dict(type='mmrecmix.AdversarialTestLoop',
                                          attack='pgd', eps=EPS, steps=2), size=(24, 32))
    hook = RecordingHook()
    runner.register_hook(hook, priority='LOWEST')
    before = {k: v.clone() for k, v in runner.model.state_dict().items()}
    runner.model.train()  # the loop must put it into eval mode itself

    metrics = runner.test()

    assert isinstance(runner.test_loop, AdversarialTestLoop)
    assert set(metrics) == {'accuracy/top1'} and metrics == hook.metrics
    assert hook.calls == ['before_test', 'before_test_epoch', 'before_test_iter 0',
                          'after_test_iter 0', 'before_test_iter 1', 'after_test_iter 1',
                          'after_test_epoch', 'after_test']
    assert len(hook.outputs) == 8 and hook.outputs[0].img_shape == (32, 24)
    assert not any(o.pred_score.requires_grad for o in hook.outputs)
    after = runner.model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)  # BN statistics too
    assert all(p.grad is None for p in runner.model.parameters())
    log = open(glob.glob(osp.join(runner.log_dir, '*.log'))[0]).read()
    assert 'AdversarialTestLoop: PGD, L-inf eps 8/255' in log
    assert 'Epoch(test) [2/2]' in log


def test_a_model_that_ignores_its_input_is_not_fooled(tmp_path):
    runner = digits_runner(tmp_path, dict())
    head, first_label = runner.model.head.fc, runner.test_dataloader.dataset[0][
        'data_samples'].gt_label
    with torch.no_grad():  # logits from the bias alone: always the first digit's class
        head.weight.zero_()
        head.bias.copy_(torch.arange(10) == first_label)
    clean = runner.test()  # mmengine's TestLoop (test_cfg is empty)
    assert clean['accuracy/top1'] > 0
    for attack in (dict(attack='fgsm', eps=0.5), dict(attack='pgd', eps=0.5, steps=2)):
        loop = runner.build_test_loop(dict(type='mmrecmix.AdversarialTestLoop', **attack))
        assert loop.run() == clean


@pytest.mark.parametrize('kwargs, fix', [
    (dict(attack='cw'), "one of ['fgsm', 'pgd']"),
    (dict(eps=-0.1), 'eps must be a number in [0, 1]'),
    (dict(eps=8), 'write eps=8/255'),
    (dict(eps=float('nan')), 'eps must be a number'),
    (dict(attack='fgsm', steps=10), "steps apply to attack='pgd' only"),
    (dict(attack='fgsm', random_start=False, seed=1), 'random_start, seed apply to'),
    (dict(attack='pgd', steps=0), 'steps, an integer >= 1'),
    (dict(attack='pgd', steps=2.5), 'steps, an integer >= 1'),
    (dict(attack='pgd', step_size=0), 'step_size must be a number in (0, inf)'),
    (dict(attack='pgd', random_start='yes'), 'random_start must be True or False'),
    (dict(attack='pgd', seed=-1), 'seed must be an integer >= 0'),
])
def test_bad_arguments_are_refused_with_the_fix(kwargs, fix):
    with pytest.raises(ValueError, match='AdversarialTestLoop') as error:
        AdversarialTestLoop(None, None, None, **kwargs)  # checked before anything else
    assert fix in str(error.value)


def test_pgd_defaults():
    attack = LinfAttack('pgd', EPS)
    assert (attack.steps, attack.step_size, attack.random_start, attack.seed) == (
        10, EPS / 4, True, 0)


def test_a_preprocessor_without_mean_and_std_is_refused():
    model = demo_model(dict(type='ClsDataPreprocessor', num_classes=10))
    with pytest.raises(ValueError, match=r'no mean and std.*ClsDataPreprocessor'):
        check_normalising_preprocessor(model)
    with pytest.raises(ValueError, match='no mean and std'):
        LinfAttack('fgsm', EPS).perturb(model, random_batch())


@pytest.mark.parametrize('change, fix', [
    (lambda b: dict(b, inputs=[i.float() for i in b['inputs']]), 'uint8 0-255'),
    (lambda b: dict(b, inputs=[b['inputs'][0], b['inputs'][1][:, :4]]), 'differ in size'),
    (lambda b: dict(b, data_samples=[DataSample().set_gt_label(1)] * 4), 'sample_idx'),
    (lambda b: dict(b, data_samples=[DataSample()] * 4), 'gt_label'),
])
def test_unusable_batches_are_refused_with_the_fix(change, fix):
    with pytest.raises(ValueError, match=fix):
        LinfAttack('pgd', EPS, steps=1).perturb(demo_model(), change(random_batch()))


def test_a_model_without_logits_is_refused():
    model = demo_model(head=None)  # ImageClassifier(mode='tensor') gives features
    with pytest.raises(ValueError, match=r'\(N, num_classes\) logits'):
        LinfAttack('fgsm', EPS).perturb(model, random_batch())


def test_the_cost_benchmark_runs(capsys):
    main = tool_module('benchmarks/adversarial_cost.py').main
    times = main(['--batch', '2', '--steps', '1', '--repeats', '1', '--warmup', '0'])
    assert set(times) == {'plain test pass', 'FGSM', 'PGD-1'}
    assert '| PGD-1 | 2 fwd + 1 bwd |' in capsys.readouterr().out
