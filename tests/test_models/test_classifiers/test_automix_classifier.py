"""AutoMix's classifier: the momentum encoder (EMA, gradients, evaluation, resume), its
losses and a real ResNet-18 trained through mmengine's Runner."""
import math
import os.path as osp

import numpy as np
import pytest
import torch
from conftest import AUTOMIX_DEMO_CONFIG, REPO_ROOT
from conftest import automix_demo_model as demo_model
from conftest import automix_demo_model_cfg
from mmengine.config import Config
from mmengine.runner import Runner
from mmpretrain.structures import DataSample

from mmrecmix.checkpoint.compat import safe_load
from mmrecmix.checkpoint.convert import backbone_state_dict
from mmrecmix.registry import HOOKS, MODELS

DEMO = AUTOMIX_DEMO_CONFIG


def digits_batch(model, count=6, size=16):
    data = dict(inputs=[torch.randint(0, 255, (3, size, size), dtype=torch.uint8)
                        for _ in range(count)],
                data_samples=[DataSample().set_gt_label(i % 10) for i in range(count)])
    return model.data_preprocessor(data, True)


def test_momentum_copy_starts_equal_and_follows_eq_12():
    torch.manual_seed(0)
    model = demo_model()
    for name, online in model.online_modules().items():
        for p, k in zip(online.parameters(), model.momentum_encoder[name].parameters()):
            assert torch.equal(p, k) and not k.requires_grad
    before = {n: p.clone() for n, p in model.momentum_encoder.named_parameters()}
    online = dict(model.backbone.named_parameters())
    with torch.no_grad():
        for p in model.backbone.parameters():
            p.add_(1.0)
    model.momentum_update(0.9)
    for name, k in model.momentum_encoder['backbone'].named_parameters():
        expected = 0.9 * before['backbone.' + name] + 0.1 * online[name]
        assert torch.allclose(k, expected, atol=1e-6)
    # The Mix Block has no momentum copy.
    assert not any(n.startswith('mix_block') for n, _ in
                   model.momentum_encoder.named_parameters())


def grads_of(model, loss):
    model.zero_grad(set_to_none=True)
    loss.backward(retain_graph=True)
    parts = dict(mix_block=model.mix_block, backbone=model.backbone, head=model.head,
                 mix_head=model.mix_head, momentum=model.momentum_encoder)
    return {name: any(p.grad is not None and p.grad.abs().sum() > 0
                      for p in part.parameters()) for name, part in parts.items()}


def test_each_loss_reaches_only_its_own_parts():
    torch.manual_seed(0)
    np.random.seed(1)  # both ratios away from the Mixup margins
    model = demo_model(mask_loss=dict(weight=0.1, margin=0.0))
    data = digits_batch(model)
    losses = model.loss(data['inputs'], data['data_samples'])
    assert set(losses) == {'loss_mix_block', 'loss_mask', 'loss_mix', 'loss_clean'}
    reached = {name: {part for part, hit in grads_of(model, loss).items() if hit}
               for name, loss in losses.items()}
    assert reached == {'loss_mix_block': {'mix_block'}, 'loss_mask': {'mix_block'},
                       'loss_mix': {'backbone', 'mix_head'},
                       'loss_clean': {'backbone', 'head'}}


def test_mixup_near_the_margins_and_mask_loss_by_hand():
    model = demo_model()
    stage_map = torch.randn(4, 256, 4, 4)
    share = model.backbone_share(stage_map, 0.95, torch.tensor([1, 0, 3, 2]), (16, 16))
    assert torch.equal(share, torch.full((4, 1, 16, 16), 0.05))
    # gap |1 - 0.3 - 0.5| = 0.2 -> 0.1 * (0.2 - 0.1) = 0.01; a gap inside the margin: 0.
    assert model.mask_loss(torch.full((2, 1, 4, 4), 0.3), 0.5).item() == pytest.approx(0.01)
    # The mean is over the whole batch: shares 0.1 and 0.5 average 0.3, gap 0.2 again
    # (per sample the gaps 0.4 and 0.0 would give 0.1 * mean(0.3, 0) = 0.015).
    halves = torch.cat([torch.full((1, 1, 4, 4), 0.1), torch.full((1, 1, 4, 4), 0.5)])
    assert model.mask_loss(halves, 0.5).item() == pytest.approx(0.01)
    assert model.mask_loss(torch.full((2, 1, 4, 4), 0.45), 0.5).item() == 0
    model.mask_loss_cfg['anneal'] = 'cosine'
    model.set_iteration(50, 100)  # cos(pi / 2) = 0: gamma halved
    assert model.mask_loss(torch.full((2, 1, 4, 4), 0.3), 0.5).item() == pytest.approx(0.005)


def test_predict_uses_the_momentum_encoder_unless_told_otherwise():
    torch.manual_seed(0)
    model = demo_model().eval()
    with torch.no_grad():
        for p in model.backbone.parameters():
            p.mul_(0.5)
    data = digits_batch(model)
    momentum = model.predict(data['inputs'])[0].pred_score
    with torch.no_grad():
        expected = model.momentum_encoder['head'](model.momentum_encoder['neck'](
            model.momentum_encoder['backbone'](data['inputs'])))[0].softmax(0)
    assert torch.allclose(momentum, expected, atol=1e-6)
    model.test_encoder = 'online'
    assert not torch.allclose(model.predict(data['inputs'])[0].pred_score, momentum)


def non_square_inputs(count=4):
    return torch.randn(count, 3, 16, 24, generator=torch.Generator().manual_seed(2))


@pytest.mark.parametrize('test_encoder', ['momentum', 'online'])
def test_tensor_mode_gives_predict_s_logits_and_feature_stages_of_that_encoder(
        test_encoder):
    torch.manual_seed(0)
    model = demo_model(test_encoder=test_encoder).eval()
    with torch.no_grad():  # the online encoder moves away from the momentum copy
        for p in model.backbone.parameters():
            p.mul_(0.5)
        for p in model.head.parameters():
            p.add_(0.3)
    inputs = non_square_inputs()
    encoder = model.momentum_encoder if test_encoder == 'momentum' else dict(
        backbone=model.backbone, neck=model.neck, head=model.head)
    with torch.no_grad():
        logits = model(inputs, mode='tensor')
        scores = torch.stack([s.pred_score for s in model.predict(inputs)])
        assert torch.allclose(logits.softmax(1), scores, atol=1e-6)
        stages = encoder['backbone'](inputs)
        pooled = encoder['neck'](stages)
        assert torch.allclose(logits, encoder['head'](pooled), atol=1e-6)
        backbone = model.extract_feat(inputs, stage='backbone')
        assert len(backbone) == 2 and all(
            torch.equal(a, b) for a, b in zip(backbone, stages))
        assert torch.equal(model.extract_feat(inputs)[-1], pooled[-1])
        assert torch.equal(model.extract_feat(inputs, stage='pre_logits'), pooled[-1])
    with pytest.raises(ValueError, match="'backbone', 'neck' or 'pre_logits'"):
        model.extract_feat(inputs, stage='head')


def seeded_losses(model, data, seed=1):
    torch.manual_seed(seed)
    np.random.seed(seed)
    model.steps_taken = model.steps_updated = 0
    return {k: v.item() for k, v in model.loss(data['inputs'],
                                               data['data_samples']).items()}


def soft_ce(logits, targets) -> float:
    """Cross-entropy against soft targets, batch mean, by hand."""
    return -(targets * logits.log_softmax(1)).sum(1).mean().item()


def with_losses(base, head_loss=None, mix_head_loss=None):
    """The demo model with the heads' losses replaced, its weights those of ``base``."""
    cfg = automix_demo_model_cfg()
    if head_loss is not None:
        cfg.head.loss = head_loss
    if mix_head_loss is not None:
        cfg.mix_head.loss = mix_head_loss
    model = MODELS.build(cfg).train()
    model.load_state_dict(base.state_dict())
    return model


def test_each_cross_entropy_is_its_head_s_configured_loss():
    torch.manual_seed(0)
    base = demo_model()
    data = digits_batch(base)
    plain = seeded_losses(base, data)
    doubled_head = seeded_losses(with_losses(
        base, head_loss=dict(type='CrossEntropyLoss', loss_weight=2.0)), data)
    assert doubled_head['loss_clean'] == pytest.approx(2 * plain['loss_clean'], rel=1e-6)
    for key in ('loss_mix', 'loss_mix_block', 'loss_mask'):
        assert doubled_head[key] == pytest.approx(plain[key], rel=1e-6)
    # The mix head's loss (and that of its momentum copy) weighs both mixed branches.
    doubled_mix = seeded_losses(with_losses(
        base, mix_head_loss=dict(type='CrossEntropyLoss', loss_weight=2.0)), data)
    for key in ('loss_mix', 'loss_mix_block'):
        assert doubled_mix[key] == pytest.approx(2 * plain[key], rel=1e-6)
    assert doubled_mix['loss_clean'] == pytest.approx(plain['loss_clean'], rel=1e-6)

    # Label smoothing in the head: the clean loss is the CE against
    # 0.9 y + 0.1 / K, by hand; and the plain head's loss is the soft CE, by hand.
    smoothed = with_losses(base, head_loss=dict(type='LabelSmoothLoss',
                                                label_smooth_val=0.1, mode='original'))
    with torch.no_grad():
        logits = base.encode(data['inputs'], momentum=False, mix=False)
    one_hot = torch.eye(10)[[s.gt_label.item() for s in data['data_samples']]]
    assert seeded_losses(smoothed, data)['loss_clean'] == pytest.approx(
        soft_ce(logits, 0.9 * one_hot + 0.01), rel=1e-5)
    assert plain['loss_clean'] == pytest.approx(soft_ce(logits, one_hot), rel=1e-5)


def test_soft_gt_scores_are_the_labels_of_every_branch():
    torch.manual_seed(0)
    model = demo_model()
    data = digits_batch(model)
    generator = torch.Generator().manual_seed(4)
    scores = torch.rand(len(data['data_samples']), 10, generator=generator).softmax(1)
    assert torch.allclose(scores.sum(1), torch.ones(len(scores)))
    soft = [DataSample().set_gt_label(s.gt_label).set_gt_score(score)
            for s, score in zip(data['data_samples'], scores)]
    hard = seeded_losses(model, data)
    losses = seeded_losses(model, dict(data, data_samples=soft))
    for key in ('loss_clean', 'loss_mix', 'loss_mix_block'):
        assert losses[key] != pytest.approx(hard[key], rel=1e-3), key
    with torch.no_grad():
        logits = model.encode(data['inputs'], momentum=False, mix=False)
    assert losses['loss_clean'] == pytest.approx(soft_ce(logits, scores), rel=1e-5)


def reference_mask_loss_weights(max_iters, base=0.1):
    """OpenMixup's CustomCosineAnnealingHook (by_epoch False, min_attr 0) on the
    model's ``mask_loss``: before_run sets it to ``base``, then every iteration
    ``annealing_cos(current, 0, t / T)``."""
    def annealing_cos(start, end, factor, weight=1):
        return end + 0.5 * weight * (start - end) * (math.cos(math.pi * factor) + 1)
    current, weights = base, []
    for t in range(max_iters):
        current = annealing_cos(current, 0.0, t / max_iters)
        weights.append(current)
    return weights


def weights_of(model, iterations, max_iters):
    weights = []
    for t in iterations:
        model.set_iteration(t, max_iters)
        weights.append(model.mask_loss_weight())
    return weights


def test_compounding_mask_loss_weight_is_the_reference_hook_s():
    model = demo_model(mask_loss=dict(weight=0.1, margin=0.1, anneal='compounding_cosine'))
    expected = reference_mask_loss_weights(1000)
    assert weights_of(model, range(1000), 1000) == expected  # bit for bit
    # Resumed part way (a fresh model) or asked again for an earlier iteration.
    fresh = demo_model(mask_loss=dict(weight=0.1, margin=0.1, anneal='compounding_cosine'))
    assert weights_of(fresh, [700, 701, 300], 1000) == [expected[700], expected[701],
                                                         expected[300]]
    # The ImageNet numbers: 100 epochs of 5,004 iterations.
    per_epoch, max_iters = 5004, 500400
    weights = weights_of(fresh, range(max_iters), max_iters)
    assert sum(weights) == pytest.approx(600.7, abs=0.1)
    below = [next(t for t, w in enumerate(weights) if w < bound) / per_epoch
             for bound in (1e-3, 1e-6)]
    assert 2.2 < below[0] < 2.3 and 3.0 < below[1] < 3.1
    closed = demo_model(mask_loss=dict(weight=0.1, margin=0.1, anneal='cosine'))
    assert sum(weights_of(closed, range(max_iters), max_iters)) == pytest.approx(
        25020, abs=1)


def test_unknown_mask_loss_anneal_names_the_choices():
    with pytest.raises(ValueError, match="'compounding_cosine'"):
        demo_model(mask_loss=dict(weight=0.1, margin=0.1, anneal='linear'))


STAGE_MAP_BACKBONES = [
    # mmpretrain's ResNet (7x7 stem, max pooling), its CIFAR ResNet, mmrecmix's WRN.
    (dict(type='ResNet', depth=18, out_indices=(2, 3)), 2, 256, 512, (32, 40)),
    (dict(type='ResNet_CIFAR', depth=18, out_indices=(2, 3)), 2, 256, 512, (16, 24)),
    (dict(type='mmrecmix.WideResNet', depth=10, widen_factor=1, out_indices=(1, 2)),
     1, 32, 64, (16, 24)),
]


@pytest.mark.parametrize('backbone, stage, channels, last_channels, size',
                         STAGE_MAP_BACKBONES)
def test_stage_map_is_the_whole_clean_forward_s_stage(
        backbone, stage, channels, last_channels, size):
    """The Mix Block reads stage ``mix_stage`` of a whole forward of the momentum
    backbone, whose later stages' BatchNorm statistics it updates too, as the
    reference's does (they are the evaluated encoder's)."""
    torch.manual_seed(0)
    cfg = automix_demo_model_cfg()
    cfg.backbone = backbone  # replaces the demo's, keys and all
    cfg.mix_block.in_channels, cfg.mix_stage = channels, stage
    cfg.head.in_channels = cfg.mix_head.in_channels = last_channels
    model = MODELS.build(cfg).train()
    momentum = model.momentum_encoder['backbone']
    last_stage = getattr(momentum, momentum.res_layers[-1])
    statistics = [m.running_mean.clone() for m in last_stage.modules()
                  if isinstance(m, torch.nn.BatchNorm2d)]
    inputs = torch.randn(3, 3, *size)
    stage_map = model.momentum_stage_map(inputs)
    updated = [m.running_mean for m in last_stage.modules()
               if isinstance(m, torch.nn.BatchNorm2d)]
    assert all(not torch.equal(a, b) for a, b in zip(statistics, updated))
    momentum.eval()
    with torch.no_grad():
        assert stage_map.shape == momentum(inputs)[model.feature_index].shape
    assert stage_map.size(1) == channels


def test_backbone_without_the_stage_names_out_indices():
    with pytest.raises(ValueError, match=r'set backbone.out_indices=\(2, <last stage>\)'):
        demo_model(backbone=dict(type='ResNet_CIFAR', depth=18, out_indices=(3, )))


def test_training_without_the_momentum_hook_stops_at_the_second_step():
    model = demo_model()
    data = digits_batch(model)
    model.loss(data['inputs'], data['data_samples'])
    with pytest.raises(RuntimeError, match="add dict\\(type='mmrecmix.AutoMixMomentumHook'\\)"):
        model.loss(data['inputs'], data['data_samples'])


def test_momentum_hook_on_another_model_names_the_fix():
    class FakeRunner:
        model = torch.nn.Linear(2, 2)
    with pytest.raises(TypeError, match='use it with mmrecmix.AutoMixClassifier'):
        HOOKS.build(dict(type='mmrecmix.AutoMixMomentumHook')).before_train(FakeRunner())


TINY = dict(
    train_dataloader=dict(batch_size=16, dataset=dict(indices=48)),
    val_dataloader=dict(dataset=dict(indices=32)),
    test_dataloader=dict(dataset=dict(indices=32)),
    train_cfg=dict(max_epochs=2, val_interval=1),
    default_hooks=dict(logger=dict(interval=1), checkpoint=dict(interval=1)))


def tiny_runner(work_dir, **options):
    cfg = Config.fromfile(DEMO)
    cfg.merge_from_dict(TINY)
    cfg.merge_from_dict(options)
    cfg.work_dir = str(work_dir)
    return Runner.from_cfg(cfg)


def test_runner_trains_resumes_the_momentum_copy_bit_exactly_and_extracts_it(tmp_path):
    torch.manual_seed(0)
    runner = tiny_runner(tmp_path / 'run')
    runner.train()
    # The hook told the model where training was, iteration by iteration.
    assert (runner.model.iteration, runner.model.max_iters) == (
        runner.max_iters - 1, runner.max_iters)
    logs = runner.message_hub.log_scalars
    assert all(math.isfinite(logs[f'train/{key}'].current()) for key in
               ('loss_mix_block', 'loss_mask', 'loss_mix', 'loss_clean'))
    final = {k: v.clone() for k, v in runner.model.momentum_encoder.state_dict().items()}
    # The momentum copy moved away from where it started and from the online encoder.
    online = runner.model.backbone.state_dict()
    assert any(not torch.equal(v, online[k[len('backbone.'):]])
               for k, v in final.items() if k.startswith('backbone.') and v.is_floating_point())

    resumed = tiny_runner(tmp_path / 'resumed', load_from=str(tmp_path / 'run' / 'epoch_2.pth'),
                          resume=True)
    resumed.load_or_resume()
    for key, value in resumed.model.momentum_encoder.state_dict().items():
        assert torch.equal(value, final[key]), key

    checkpoint = safe_load(str(tmp_path / 'run' / 'epoch_2.pth'))
    extracted = backbone_state_dict(checkpoint)
    assert all(torch.equal(extracted[k[len('backbone.'):]], v)
               for k, v in final.items() if k.startswith('backbone.'))


@pytest.mark.distributed
def test_ddp_ranks_keep_identical_momentum_encoders(tmp_path):
    from conftest import two_rank_digits_run
    config = tmp_path / 'automix_ddp.py'
    config.write_text(
        f"_base_ = [{DEMO!r}]\n"
        "custom_imports = dict(imports=['mmrecmix', 'rank_momentum_hook'])\n"
        "custom_hooks = [dict(type='mmrecmix.AutoMixMomentumHook', momentum=0.9),\n"
        "                dict(type='mmrecmix.RecordRankMomentumHook')]\n")
    two_rank_digits_run(config, tmp_path)
    ranks = [(tmp_path / f'momentum_rank{rank}.txt').read_text().split('\n')
             for rank in (0, 1)]
    # Different data on each rank, the same (all-reduced) weights: the same copy.
    assert ranks[0] == ranks[1] and len(ranks[0]) == 5  # 4 steps + the final newline
    assert len({line.split()[1] for line in ranks[0] if line}) == 4  # it moves


def test_checkpoint_without_momentum_encoder_fills_it_from_the_online_weights():
    torch.manual_seed(0)
    source = demo_model()
    online_only = {k: v for k, v in source.state_dict().items()
                   if not k.startswith('momentum_encoder.')}
    target = demo_model()
    with pytest.warns(UserWarning, match='has no momentum encoder'):
        target.load_state_dict(online_only)
    for key, value in target.momentum_encoder.state_dict().items():
        assert torch.equal(value, online_only[key]), key


def test_readme_automix_example_builds():
    import re
    readme = open(osp.join(REPO_ROOT, 'docs', 'methods', 'automix.md')).read()
    section = readme[readme.index('# AutoMix'):readme.index('## The Mix Block')]
    namespace = {}
    exec(re.search(r'```python\n(.*?)```', section, re.S).group(1), namespace)
    model = MODELS.build(dict(namespace['model'], data_preprocessor=dict(
        type='ClsDataPreprocessor', num_classes=1000)))
    assert model.mix_block.lam_concat and model.feature_index == 0
    hook, = namespace['custom_hooks']
    assert HOOKS.build(hook).end_momentum == 0.99999


def test_all_four_losses_under_autocast(device):
    from conftest import autocast_dtypes
    torch.manual_seed(0)
    np.random.seed(1)
    model = demo_model().to(device)
    data = digits_batch(model)
    data = dict(inputs=data['inputs'].to(device),
                data_samples=[s.to(device) for s in data['data_samples']])
    for dtype in autocast_dtypes(device):
        model.steps_taken = model.steps_updated = 0
        with torch.autocast(device.type, dtype=dtype):
            losses = model.loss(data['inputs'], data['data_samples'])
        assert all(v.dtype == torch.float32 and torch.isfinite(v) for v in losses.values())
        sum(losses.values()).backward()
        assert all(torch.isfinite(p.grad).all() for p in model.mix_block.parameters())
