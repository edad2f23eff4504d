"""A config's training recipe, read from the merged config: each column of the recipe
tables in ``configs/README.md`` as a short phrase (schedule, optimizer, augmentation,
mix, ...), which the recipe tests also compare between the arms of one comparison and
against the papers."""
from typing import Optional

from mmengine.config import Config

# Batch augments that mmpretrain and mmrecmix both register, differently: the table
# says whose it is.
SHARED_NAMES = ('ResizeMix', )


def _number(value) -> str:
    return f'{value:g}' if isinstance(value, float) else str(value)


def _type_name(node: Optional[dict]) -> str:
    return str((node or {}).get('type', '')).split('.')[-1]


def _pipeline(cfg: Config) -> list:
    dataset = cfg.train_dataloader.dataset
    while 'pipeline' not in dataset and 'dataset' in dataset:
        dataset = dataset.dataset  # dataset wrappers
    return dataset.get('pipeline', [])


def schedule_length(cfg: Config) -> str:
    train_cfg = cfg.train_cfg
    if 'max_epochs' in train_cfg:
        return f'{train_cfg.max_epochs} ep'
    return f'{train_cfg.max_iters // 1000}k it'


def batch(cfg: Config) -> str:
    """``GPUs x per-GPU batch``, the GPUs from ``auto_scale_lr.base_batch_size``."""
    per_gpu = cfg.train_dataloader.batch_size
    total = (cfg.get('auto_scale_lr') or {}).get('base_batch_size')
    return f'{total // per_gpu}x{per_gpu}' if total else str(per_gpu)


def optimizer(cfg: Config) -> str:
    opt = cfg.optim_wrapper.optimizer
    parts = [opt.type, f'lr {_number(opt.lr)}',
             f'wd {_number(opt.get("weight_decay", 0))}']
    if 'momentum' in opt:
        parts.append(f'mom {_number(opt.momentum)}')
    return ', '.join(parts)


def decay_skips(cfg: Config) -> str:
    """Which parameters weight decay leaves out."""
    paramwise = cfg.optim_wrapper.get('paramwise_cfg') or {}
    skipped = [name for name in ('norm', 'bias', 'flat')
               if paramwise.get(f'{name}_decay_mult') == 0]
    skipped += [key.strip('.') for key, value in
                (paramwise.get('custom_keys') or {}).items()
                if value.get('decay_mult') == 0]
    return ', '.join(skipped) or 'none'


def lr_schedule(cfg: Config) -> str:
    """Each scheduler in a few words: warm-up start factor and span, decay shape."""
    words = []
    schedulers = cfg.get('param_scheduler') or []
    for sched in [schedulers] if isinstance(schedulers, dict) else schedulers:
        unit = 'ep' if sched.get('by_epoch', True) else 'it'
        span = f'{sched.get("begin", 0)}-{sched.get("end", "end")} {unit}'
        if sched.get('convert_to_iter_based'):
            span += ' per it'
        kind = sched.type
        if kind == 'LinearLR':
            words.append(f'linear from {_number(sched.start_factor)} ({span})')
        elif kind.endswith('CosineAnnealingLR'):
            words.append(f'cosine to {_number(sched.get("eta_min", 0))} ({span})'
                         + _groups(sched))
        elif kind == 'PolyLR':
            words.append(f'poly {_number(sched.power)} to '
                         f'{_number(sched.get("eta_min", 0))} ({span})')
        elif kind == 'MultiStepLR':
            words.append(f'steps at {list(sched.milestones)} ({span})')
        else:
            words.append(f'{kind} ({span})')
    return '; '.join(words)


def _groups(sched: dict) -> str:
    if sched.get('groups'):
        return ' for ' + ', '.join(sched.groups)
    if sched.get('exclude_groups'):
        return ' except ' + ', '.join(sched.exclude_groups)
    return ''


def augmentation(cfg: Config, with_cutout: bool = True) -> str:
    """The training pipeline's random transforms, in order, with their strengths
    (``with_cutout=False``: all but a ``Cutout``, which the paper tables treat as an
    arm of the comparison)."""
    words = []
    for step in _pipeline(cfg):
        kind = _type_name(step)
        if kind == 'Cutout' and not with_cutout:
            continue
        if kind == 'RandomResizedCrop':
            words.append(f'RRC {step.scale}' + (
                f' {step.interpolation}' if 'interpolation' in step else ''))
        elif kind == 'RandomCrop':
            words.append(f'crop {step.crop_size} pad {step.get("padding", 0)}')
        elif kind == 'RandomFlip':
            words.append('flip')
        elif kind == 'ColorJitter':
            words.append('jitter ' + '/'.join(
                _number(step.get(key, 0)) for key in
                ('brightness', 'contrast', 'saturation')))
        elif kind == 'Lighting':
            words.append(f'lighting {_number(step.alphastd)}')
        elif kind == 'RandAugment':
            words.append(f'RandAugment m{step.magnitude_level} '
                         f'std{_number(step.get("magnitude_std", 0))}')
        elif kind == 'RandomErasing':
            words.append(f'erasing {_number(step.erase_prob)}')
        elif kind == 'Cutout':
            words.append(cutout_words(step))
        elif kind not in ('LoadImageFromFile', 'PackInputs'):
            words.append(kind)
    return ', '.join(words)


def cutout_words(step: dict) -> str:
    """``Cutout 16x16 p1``: the hole's height x width and the share of images cut
    (mmpretrain's ``Cutout`` cuts with probability 0.5 unless told)."""
    shape = step.get('shape')
    height, width = (shape, shape) if isinstance(shape, int) else tuple(shape)
    return f'Cutout {height}x{width} p{_number(step.get("prob", 0.5))}'


def cutout(cfg: Config) -> Optional[dict]:
    """The training pipeline's ``Cutout`` step, if it has one."""
    steps = [step for step in _pipeline(cfg) if _type_name(step) == 'Cutout']
    return steps[0] if steps else None


def colour_order(cfg: Config) -> str:
    """Where channels are swapped: each transform's ``to_rgb`` and the
    preprocessor's."""
    swaps = [f'{_type_name(step)} to_rgb' for step in _pipeline(cfg)
             if step.get('to_rgb')]
    preprocessor = cfg.model.get('data_preprocessor') or cfg.get(
        'data_preprocessor') or {}
    if preprocessor.get('to_rgb'):
        swaps.append('preprocessor BGR->RGB')
    return ', '.join(swaps) or 'none (loaded RGB)'


def _augments(cfg: Config) -> list:
    augments = (cfg.model.get('train_cfg') or {}).get('augments') or []
    return augments if isinstance(augments, (list, tuple)) else [augments]


def _module_words(node: dict) -> str:
    """``Type(key value, ...)`` of a module config."""
    return _type_name(node) + _params({k: v for k, v in node.items() if k != 'type'})


def _augment_words(augment: dict) -> str:
    """``FMix(alpha 0.2)``; a name both libraries register says whose it is."""
    name = _type_name(augment)
    words = _module_words(augment)
    if name in SHARED_NAMES:
        words += f' [{str(augment["type"]).rpartition(".")[0] or "mmpretrain"}]'
    return words


def mix(cfg: Config) -> str:
    """The mix and its parameters: a list of augments is one drawn per batch (with
    ``probs`` when given); a feature mix names the layers it is drawn from."""
    model = cfg.model
    if model.get('feature_mix'):
        stages = ', '.join('input' if k == 0 else f'stage {k}'
                           for k in model.get('mix_stages', ()))
        return f'{_augment_words(model.feature_mix)} on one of {stages} (feature mix)'
    if model.get('mix'):
        guide = model.get('guide')
        by = f' by {_module_words(guide)}' if guide else ''
        return f'{_module_words(model.mix)} (guided{by})'
    if model.get('mix_block'):
        block = model.mix_block
        return (f'AutoMix(alpha {_number(model.alpha)}, stage {model.mix_stage}, '
                f'lam channel {block.lam_concat}, Mixup margin '
                f'{_number(model.mixup_margin)}, mask loss '
                f'{_number(model.mask_loss.weight)} margin '
                f'{_number(model.mask_loss.margin)}'
                + (f' {model.mask_loss.anneal}' if model.mask_loss.get('anneal') else '')
                + ')' + _group_options(cfg))
    words = [_augment_words(augment) for augment in _augments(cfg)]
    probs = (model.get('train_cfg') or {}).get('probs')
    if probs is not None and words:
        words[-1] += ', drawn with p ' + '/'.join(_number(p) for p in probs)
    if model.get('consistency'):
        words.append(f'RoI consistency omega {_number(model.consistency.omega)}')
    return ' / '.join(words) or 'none'


def _group_options(cfg: Config) -> str:
    options = (cfg.optim_wrapper.get('paramwise_cfg') or {}).get('group_options') or {}
    return ''.join(f'; {key}: {_params(value)}' for key, value in options.items())


def _params(params: dict) -> str:
    """``(key value, ...)``; a nested module config shows its type name."""
    words = [f'{k} {_type_name(v) if isinstance(v, dict) and "type" in v else _number(v)}'
             for k, v in params.items()]
    return '(' + ', '.join(words) + ')' if params else ''


def label_smoothing(cfg: Config) -> str:
    if 'label_smoothing' in cfg.model:
        return _number(cfg.model.label_smoothing)
    loss = (cfg.model.get('head') or {}).get('loss') or {}
    return _number(loss.get('label_smooth_val', 0))


def drop_path(cfg: Config) -> str:
    return _number((cfg.model.get('backbone') or {}).get('drop_path_rate', 0))


def clipping(cfg: Config) -> str:
    clip = cfg.optim_wrapper.get('clip_grad')
    return f'norm {_number(clip.max_norm)}' if clip else 'none'


def ema(cfg: Config) -> str:
    hooks = {_type_name(h): h for h in cfg.get('custom_hooks') or []}
    if 'AutoMixMomentumHook' in hooks:
        hook = hooks['AutoMixMomentumHook']
        return (f'momentum encoder (evaluated) {_number(hook.momentum)} held '
                f'{_number(hook.constant_ratio)}, cosine to {_number(hook.end_momentum)}')
    if 'EMAHook' in hooks:
        return f'momentum {_number(hooks["EMAHook"].get("momentum", 2e-4))}'
    return 'none'


def init(cfg: Config) -> str:
    backbone = cfg.model.get('backbone') or {}
    if 'ResNet' not in _type_name(backbone):
        return 'default'
    return f'zero_init_residual {backbone.get("zero_init_residual", True)}'


PRETRAIN_COLUMNS = (
    ('epochs', schedule_length), ('batch', batch), ('optimizer', optimizer),
    ('no decay on', decay_skips), ('lr schedule', lr_schedule),
    ('augmentation', augmentation), ('colour swaps', colour_order), ('mix', mix),
    ('label smoothing', label_smoothing), ('drop path', drop_path),
    ('clipping', clipping), ('EMA', ema), ('init', init))

TRANSFER_COLUMNS = (
    ('schedule', schedule_length), ('batch', lambda cfg: str(
        cfg.train_dataloader.batch_size) + ' per GPU'),
    ('optimizer', optimizer), ('lr schedule', lr_schedule),
    ('clipping', clipping))


def differences(cfg: Config) -> str:
    """What the config itself lists, in ``recipe_differences``, as differing from
    the source of its numbers."""
    return '; '.join(cfg.get('recipe_differences') or []) or '-'


