r"""Accuracy under a white-box L-inf attack: a test loop that perturbs every test batch
with FGSM (Goodfellow et al., ICLR 2015, "Explaining and Harnessing Adversarial
Examples") or PGD (Madry et al., ICLR 2018, "Towards Deep Learning Models Resistant to
Adversarial Attacks") before the model predicts, as CutMix (Table 11, FGSM on ImageNet)
and AutoMix (Table 6, FGSM at 8/255) report robustness.

The attack works on the image :math:`x \in [0, 1]^{C \times H \times W}`, the
dataloader's uint8 image divided by 255, and the model sees every image through its own
data preprocessor (``to_rgb``, mean / std normalisation), so ``eps`` is in pixel units:
``8/255`` moves each value by at most 8 grey levels, whatever the normalisation. With
:math:`f` the model's logits and :math:`y` the ground truth, the loss is the cross-entropy
summed over the batch, :math:`L(x) = \sum_i \mathrm{CE}(f(x_i), y_i)`, so that each
image's gradient is that of its own loss:

.. math::

    \mathrm{FGSM}:\quad x' = \mathrm{clip}_{[0, 1]}\big(x + \epsilon\,
        \mathrm{sign}(\nabla_x L(x))\big)

    \mathrm{PGD}:\quad x^{0} = \mathrm{clip}_{[0, 1]}(x + \delta),\
        \delta \sim U(-\epsilon, \epsilon)^{C \times H \times W}\ \text{(or } x^0 = x),

    x^{t + 1} = \mathrm{clip}_{[0, 1]}\Big(\mathrm{clip}_{[x - \epsilon,\, x + \epsilon]}
        \big(x^{t} + \alpha\, \mathrm{sign}(\nabla_x L(x^{t}))\big)\Big),
        \quad x' = x^{T}

with :math:`T` = ``steps`` and :math:`\alpha` = ``step_size``. A step leaves a pixel
whose gradient is exactly zero where it is, so a model that ignores its input is not
fooled (PGD's random start moves its pixels, but cannot change its predictions). PGD
with one step of :math:`\alpha = \epsilon` from :math:`x^0 = x` is FGSM.

The implementation is our own, not torchattacks 3.5.1 (not installed): its wheel pins
``requests~=2.25.1`` (this environment has 2.34) and pulls torchvision, scipy and tqdm;
it attacks a module taking ``[0, 1]`` images, so our preprocessor and classifier would
need a wrapper anyway; and its PGD draws the random start from the global random state,
so a run repeats only under the same global seeding, batch order and batch size. The
two attacks here are a few lines on ``torch.autograd.grad``.

OpenMixup's analysis tool (``tools/analysis_tools/calibration_fgsm.py`` with
``openmixup/utils/collect.py``) computes the same FGSM with the mean / std hard-coded
per dataset; its PGD (8/255, 2/255, 10 steps) multiplies the random start and the step
by the normalisation's std, and un-normalises the clean image again inside its step
loop, so that from the second step on its ball is centred on a wrong image: its PGD
numbers are not those of Madry et al., which we follow.
"""
import numbers
from typing import Callable, List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.runner.amp import autocast
from mmengine.runner.loops import TestLoop, _update_losses

from mmrecmix.engine.hooks.model_access import unwrapped_model
from mmrecmix.registry import LOOPS

__all__ = ['AdversarialTestLoop', 'LinfAttack', 'ATTACKS', 'fgsm', 'pgd',
           'random_start_noise', 'check_normalising_preprocessor']

ATTACKS = ('fgsm', 'pgd')
PIXEL_MAX = 255  # the dataloader's uint8 images span 0-255
PGD_DEFAULT_STEPS = 10
PGD_STEP_PER_EPS = 0.25  # 2/255 at eps 8/255 (Madry et al.'s CIFAR setting, OpenMixup's)
OWNER = 'AdversarialTestLoop'

LossOf = Callable[[torch.Tensor], torch.Tensor]


def input_gradient(loss_of: LossOf, images: torch.Tensor) -> torch.Tensor:
    """The gradient of ``loss_of(images)`` with respect to ``images`` alone (no
    parameter gets a ``.grad``), with gradients on even inside ``torch.no_grad()``."""
    images = images.detach().requires_grad_(True)
    with torch.enable_grad():
        loss = loss_of(images)
    return torch.autograd.grad(loss, images)[0]


def fgsm(loss_of: LossOf, images: torch.Tensor, eps: float) -> torch.Tensor:
    """One signed gradient step of size ``eps`` from ``images`` (in [0, 1]), clipped to
    [0, 1]."""
    step = eps * input_gradient(loss_of, images).sign()
    return (images + step).clamp(0, 1)


def pgd(loss_of: LossOf, images: torch.Tensor, eps: float, steps: int, step_size: float,
        start: Optional[torch.Tensor] = None) -> torch.Tensor:
    """``steps`` signed gradient steps of ``step_size`` from ``images + start`` (or from
    ``images``), each projected back to the L-inf ball of radius ``eps`` around
    ``images`` and clipped to [0, 1]."""
    low, high = images - eps, images + eps
    adversarial = images if start is None else (images + start).clamp(0, 1)
    for _ in range(steps):
        step = step_size * input_gradient(loss_of, adversarial).sign()
        adversarial = torch.clamp(adversarial + step, low, high).clamp(0, 1)
    return adversarial


def random_start_noise(images: torch.Tensor, eps: float, sample_indices: Sequence[int],
                       seed: int) -> torch.Tensor:
    """Uniform noise in ``[-eps, eps]`` of the shape of ``images``, each image's drawn
    on the CPU from a generator seeded with ``(seed, its dataset index)``: the same
    noise for an image whatever the batch size, the number of ranks or the device."""
    noise = []
    for image, index in zip(images, sample_indices):
        state = np.random.SeedSequence([seed, index]).generate_state(1)[0]
        generator = torch.Generator().manual_seed(int(state))
        noise.append(torch.empty(image.shape).uniform_(-eps, eps, generator=generator))
    return torch.stack(noise).to(images.device)


def check_normalising_preprocessor(model) -> None:
    """Refuse a model whose data preprocessor has no ``mean`` and ``std``: the attack
    relies on it to take 0-255 images (mmpretrain's ``ClsDataPreprocessor``)."""
    preprocessor = getattr(model, 'data_preprocessor', None)
    if not all(torch.is_tensor(getattr(preprocessor, key, None)) for key in ('mean', 'std')):
        raise ValueError(
            f'{OWNER}: the model\'s data preprocessor ({type(preprocessor).__name__}) has '
            'no mean and std. The attack perturbs 0-255 images in [0, 1] units and needs '
            'a preprocessor that normalises them: set model.data_preprocessor = '
            "dict(type='ClsDataPreprocessor', mean=[...], std=[...]) (0-255 units), as "
            'the model was trained.')


def batch_images(data_batch) -> torch.Tensor:
    """The batch's images as one ``(N, C, H, W)`` uint8 tensor."""
    inputs = data_batch.get('inputs') if isinstance(data_batch, dict) else None
    if torch.is_tensor(inputs):
        images = inputs
    elif isinstance(inputs, (list, tuple)) and inputs and \
            all(torch.is_tensor(image) for image in inputs):
        if len({tuple(image.shape) for image in inputs}) > 1:
            raise ValueError(
                f'{OWNER}: the images of one batch differ in size '
                f'({sorted({tuple(image.shape) for image in inputs})}); resize them to '
                'one size in the test pipeline (e.g. ResizeEdge + CenterCrop).')
        images = torch.stack(list(inputs))
    else:
        raise ValueError(f'{OWNER}: a data batch must be a dict whose "inputs" are image '
                         f'tensors, got {type(data_batch).__name__}.')
    if images.dtype != torch.uint8 or images.dim() != 4:
        raise ValueError(
            f'{OWNER}: the attack needs the dataloader\'s images as uint8 0-255 tensors '
            f'(C, H, W), got {images.dtype} of shape {tuple(images.shape[1:])}; end the '
            'test pipeline with PackInputs and no transform that turns images into floats.')
    return images


def batch_labels(data_samples) -> torch.Tensor:
    """The single-label ground truth of the batch, ``(N, )`` int64."""
    labels = []
    for sample in data_samples or []:
        label = sample.get('gt_label')
        if label is None or torch.as_tensor(label).numel() != 1:
            raise ValueError(
                f'{OWNER}: every test sample needs one ground-truth class (gt_label) for '
                f'the attack\'s loss; got {label!r}. Multi-label or unlabelled test sets '
                'cannot be attacked this way.')
        labels.append(torch.as_tensor(label).reshape(1))
    if not labels:
        raise ValueError(f'{OWNER}: the data batch has no data_samples; the attack needs '
                         'their gt_label.')
    return torch.cat(labels).long()


def sample_indices(data_samples) -> List[int]:
    """Each sample's index in the dataset (its ``sample_idx`` metainfo)."""
    indices = [sample.get('sample_idx') for sample in data_samples]
    if any(not isinstance(index, numbers.Integral) for index in indices):
        raise ValueError(
            f'{OWNER}: PGD\'s random start seeds each image by its dataset index, and a '
            'test sample has no integer sample_idx; keep \'sample_idx\' in the meta_keys '
            'of PackInputs, or set random_start=False.')
    return [int(index) for index in indices]


def classifier_loss(model, labels: torch.Tensor) -> LossOf:
    """``images in [0, 1] -> summed cross-entropy`` of the model's logits: the images
    go through the model's data preprocessor as 0-255 values, then
    ``model(inputs, mode='tensor')``, which an mmpretrain ``ImageClassifier`` with a
    head (and mmrecmix's classifiers) answers with the logits its predictions come
    from."""
    def loss_of(images: torch.Tensor) -> torch.Tensor:
        data = model.data_preprocessor(dict(inputs=images * PIXEL_MAX), False)
        logits = model(data['inputs'], mode='tensor')
        if not torch.is_tensor(logits) or logits.dim() != 2 or len(logits) != len(labels):
            shape = tuple(logits.shape) if torch.is_tensor(logits) else type(logits).__name__
            raise ValueError(
                f'{OWNER}: model(inputs, mode="tensor") must give (N, num_classes) logits '
                f'for N = {len(labels)} images, got {shape}; attack a classifier with a '
                'head (mmpretrain ImageClassifier with head=...).')
        return F.cross_entropy(logits.float(), labels, reduction='sum')
    return loss_of


def _check_number(name: str, value, positive: bool, high: Optional[float] = None,
                  hint: str = '') -> None:
    """Raise a ``ValueError`` unless ``value`` is a real number >= 0 (> 0 when
    ``positive``) and at most ``high``; ``hint`` ends the message."""
    real = isinstance(value, numbers.Real) and not isinstance(value, bool) \
        and value == value
    if not real or value < 0 or (positive and value == 0) or \
            (high is not None and value > high):
        span = ('(0, ' if positive else '[0, ') + (f'{high}]' if high is not None else 'inf)')
        raise ValueError(f'{OWNER}: {name} must be a number in {span}, got {value!r}.'
                         f'{hint}')


def _in_grey_levels(value: float) -> str:
    return f'{value * PIXEL_MAX:.4g}/255'


class LinfAttack:
    """FGSM or PGD on a data batch of a classifier, with checked settings; the
    attack of :class:`AdversarialTestLoop`, usable without a runner.

    Args: as :class:`AdversarialTestLoop`.
    """

    def __init__(self, attack: str = 'fgsm', eps: float = 8 / 255,
                 steps: Optional[int] = None, step_size: Optional[float] = None,
                 random_start: Optional[bool] = None, seed: Optional[int] = None):
        if attack not in ATTACKS:
            raise ValueError(f'{OWNER}: attack must be one of {list(ATTACKS)}, got '
                             f'{attack!r}.')
        hint = (f' eps is in pixel units of [0, 1]: for {eps:g} grey levels write '
                f'eps={eps:g}/255.' if isinstance(eps, numbers.Real) and eps > 1 else '')
        _check_number('eps', eps, positive=False, high=1, hint=hint)
        self.attack, self.eps = attack, float(eps)
        pgd_settings = dict(steps=steps, step_size=step_size, random_start=random_start,
                            seed=seed)
        if attack == 'fgsm':
            given = [name for name, value in pgd_settings.items() if value is not None]
            if given:
                raise ValueError(f'{OWNER}: {", ".join(given)} apply to attack=\'pgd\' '
                                 'only; remove them or set attack=\'pgd\'.')
        self.steps, self.step_size, self.random_start, self.seed = (
            (None, ) * 4 if attack == 'fgsm' else self._pgd_settings(**pgd_settings))

    def _pgd_settings(self, steps, step_size, random_start, seed) -> tuple:
        """PGD's checked ``(steps, step_size, random_start, seed)``, defaults filled."""
        steps = PGD_DEFAULT_STEPS if steps is None else steps
        if not isinstance(steps, numbers.Integral) or isinstance(steps, bool) or steps < 1:
            raise ValueError(f'{OWNER}: PGD needs steps, an integer >= 1, got {steps!r} '
                             '(steps=1 with step_size=eps and random_start=False is FGSM).')
        if step_size is None:
            step_size = PGD_STEP_PER_EPS * self.eps
        else:
            _check_number('step_size', step_size, positive=True)
        random_start = True if random_start is None else random_start
        if not isinstance(random_start, bool):
            raise ValueError(f'{OWNER}: random_start must be True or False, got '
                             f'{random_start!r}.')
        seed = 0 if seed is None else seed
        if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f'{OWNER}: seed must be an integer >= 0, got {seed!r}.')
        return int(steps), float(step_size), random_start, int(seed)

    def describe(self) -> str:
        """One line naming the attack and its settings."""
        eps = f'L-inf eps {_in_grey_levels(self.eps)} ({self.eps:.4g})'
        if self.attack == 'fgsm':
            return f'FGSM, {eps}'
        start = f'random start (seed {self.seed})' if self.random_start else 'no random start'
        return (f'PGD, {eps}, {self.steps} steps of {_in_grey_levels(self.step_size)}, '
                f'{start}')

    def perturb(self, model, data_batch: dict) -> torch.Tensor:
        """The attacked images of ``data_batch`` in [0, 1], ``(N, C, H, W)`` float on
        the model's device. ``model`` is the bare model (no DDP wrapper), in eval
        mode; neither it nor ``data_batch`` is changed."""
        check_normalising_preprocessor(model)
        device = model.data_preprocessor.device
        images = batch_images(data_batch).to(device).float() / PIXEL_MAX
        data_samples = data_batch.get('data_samples')
        loss_of = classifier_loss(model, batch_labels(data_samples).to(device))
        if self.attack == 'fgsm':
            return fgsm(loss_of, images, self.eps)
        start = random_start_noise(images, self.eps, sample_indices(data_samples),
                                   self.seed) if self.random_start else None
        return pgd(loss_of, images, self.eps, self.steps, self.step_size, start)


@LOOPS.register_module()
class AdversarialTestLoop(TestLoop):
    """mmengine's test loop on adversarial images: each test batch is attacked (FGSM
    or PGD, L-inf, white-box, see the module docstring) and the model's predictions on
    the attacked images go to the test evaluator, so the stock metrics (mmpretrain's
    ``Accuracy``, ...) report robust accuracy under their usual names::

        test_cfg = dict(type='mmrecmix.AdversarialTestLoop', attack='fgsm', eps=8 / 255)
        test_cfg = dict(type='mmrecmix.AdversarialTestLoop', attack='pgd', eps=8 / 255,
                        steps=10, step_size=2 / 255)

    One run evaluates one attack at one ``eps``; ``eps=0`` gives exactly the clean
    accuracy of mmengine's ``TestLoop`` (the model sees the same numbers), so a clean
    / robust table is two runs, e.g. ``tools/test.py CONFIG CKPT --cfg-options
    test_cfg.eps=0``.

    Hooks are called as by ``TestLoop`` (``before_test``, ``before_test_epoch``,
    ``before_test_iter``, ``after_test_iter`` with the predictions on the attacked
    images, ``after_test_epoch`` with the metrics, ``after_test``), with the data batch
    as the dataloader gave it. The model stays in eval mode: the attack takes gradients
    with respect to the images only (``torch.autograd.grad``), so the weights, the
    BatchNorm statistics and the parameters' ``.grad`` are untouched; the predictions
    are made under ``torch.no_grad()``. Under DDP each rank attacks its own batches
    with the bare model; PGD's random start depends only on ``seed`` and each image's
    ``sample_idx``, so the results do not depend on the number of ranks.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader or dict): The test dataloader; images must come as
            uint8 0-255 tensors of one size per batch (``PackInputs``), with a
            ``gt_label`` (and, for PGD's random start, a ``sample_idx``) per sample.
        evaluator (Evaluator, dict or list): The test evaluator.
        attack (str): ``'fgsm'`` or ``'pgd'``. Defaults to ``'fgsm'``.
        eps (float): L-inf radius in pixel units of [0, 1], in [0, 1]. Defaults to
            8/255 (AutoMix Table 6).
        steps (int, optional): PGD's number of steps, >= 1. Defaults to 10.
        step_size (float, optional): PGD's step in pixel units of [0, 1], > 0.
            Defaults to ``eps / 4`` (2/255 at eps 8/255).
        random_start (bool, optional): Whether PGD starts from a uniform point of the
            eps ball (clipped to [0, 1]) instead of the image. Defaults to True.
        seed (int, optional): Seed of PGD's random start, >= 0. Defaults to 0.
        fp16 (bool): Attack and predict under autocast, as ``TestLoop``'s ``fp16``.
            Defaults to False.

    ``steps``, ``step_size``, ``random_start`` and ``seed`` are PGD's: FGSM refuses
    them rather than ignoring them.
    """

    def __init__(self, runner, dataloader, evaluator, attack: str = 'fgsm',
                 eps: float = 8 / 255, steps: Optional[int] = None,
                 step_size: Optional[float] = None, random_start: Optional[bool] = None,
                 seed: Optional[int] = None, fp16: bool = False) -> None:
        self.attack = LinfAttack(attack, eps, steps, step_size, random_start, seed)
        super().__init__(runner, dataloader, evaluator, fp16)
        check_normalising_preprocessor(unwrapped_model(runner))

    def run(self) -> dict:
        """Attack and evaluate the whole test set; returns the metrics."""
        self.runner.logger.info(f'{OWNER}: {self.attack.describe()}')
        return super().run()

    def run_iter(self, idx, data_batch: dict) -> None:
        """Attack one batch, predict on the attacked images and evaluate them.

        Args:
            idx (int): The batch's index in the epoch.
            data_batch (dict): The batch as the dataloader gives it.
        """
        self.runner.call_hook('before_test_iter', batch_idx=idx, data_batch=data_batch)
        with autocast(enabled=self.fp16):
            images = self.attack.perturb(unwrapped_model(self.runner), data_batch)
            with torch.no_grad():
                outputs = self.runner.model.test_step(
                    dict(data_batch, inputs=images * PIXEL_MAX))
        outputs, self.test_loss = _update_losses(outputs, self.test_loss)
        self.evaluator.process(data_samples=outputs, data_batch=data_batch)
        self.runner.call_hook('after_test_iter', batch_idx=idx, data_batch=data_batch,
                              outputs=outputs)
