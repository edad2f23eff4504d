"""The guided-mix contract: what a guide gives before the mixed forward and what a
relabeller changes after it (see :class:`mmrecmix.GuidedMixClassifier`)."""
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Callable, Optional, Tuple

import torch
import torch.nn as nn

from ..utils import head_logits


@contextmanager
def eval_mode(module: nn.Module):
    """Put ``module`` in eval mode and restore its previous mode afterwards."""
    was_training = module.training
    module.eval()
    try:
        yield module
    finally:
        module.train(was_training)


@dataclass
class Guidance:
    """What a guide learned from the clean batch, before the mixed forward.

    Attributes:
        score (Tensor, optional): ``(N, h, w)`` score of each cell that the mix
            reads (attention, saliency, activation); its grid is the guide's.
        clean_logits (Tensor, optional): ``(N, K)`` logits of the clean batch,
            without gradient (SMMix's consistency target).
        losses (dict): Losses the guide computed on the clean batch, added to the
            step's losses as they are (Co-Mixup's weighted clean loss,
            :class:`InputGradientGuide` with ``clean_loss_weight``).
    """
    score: Optional[torch.Tensor] = None
    clean_logits: Optional[torch.Tensor] = None
    losses: dict = field(default_factory=dict)


class ForwardHooks:
    """The forward hooks one guide or relabeller put on a backbone: their handles,
    removed together by :meth:`remove`, and a switch. A hook runs only while its
    module is in training mode (the mixed forward of a training step) or while the
    set is :meth:`armed` (a guide's own clean pass, in eval mode); in an evaluation
    forward it returns at once."""

    def __init__(self):
        self.handles = []
        self.is_armed = False

    def add(self, module: nn.Module, hook: Callable, pre: bool = False) -> None:
        """Register ``hook`` on ``module``: a forward hook ``hook(module, args,
        output)``, or with ``pre`` a pre-hook ``hook(module, args, kwargs)``."""

        def gated(module, *args):
            if module.training or self.is_armed:
                hook(module, *args)

        self.handles.append(module.register_forward_pre_hook(gated, with_kwargs=True)
                            if pre else module.register_forward_hook(gated))

    @contextmanager
    def armed(self):
        """Let the hooks run in the forwards of this block, eval mode included."""
        self.is_armed = True
        try:
            yield
        finally:
            self.is_armed = False

    def remove(self) -> None:
        """Take every hook off its module."""
        for handle in self.handles:
            handle.remove()
        self.handles.clear()


class HookedPart:
    """A guide or relabeller that reads a backbone through forward hooks (a
    :class:`ForwardHooks` in ``hooks``): :meth:`attach` registers them, first
    removing those of an earlier attach, and :meth:`detach` removes them."""

    hooks: Optional[ForwardHooks] = None

    def attach(self, backbone: nn.Module) -> None:
        """Hook into ``backbone`` (and out of any backbone attached before)."""
        self.detach()
        self.hooks = ForwardHooks()
        self.add_hooks(backbone, self.hooks)

    def add_hooks(self, backbone: nn.Module, hooks: ForwardHooks) -> None:
        """Register on ``backbone``, through ``hooks``, what the part reads; the
        default reads nothing."""

    def detach(self) -> None:
        """Remove the hooks :meth:`attach` registered."""
        if self.hooks is not None:
            self.hooks.remove()
            self.hooks = None


class BaseGuide(HookedPart):
    """Tells a guided mix where to look, from the model under training (or from a
    network of its own). :meth:`attach` once with the classifier's backbone; before
    each mixed forward the classifier calls :meth:`guidance`.

    The default :meth:`guidance` is SMMix's: an extra forward of the clean batch in
    eval mode and without gradients, its hooks armed, scored by :meth:`score_map`
    (reading the backbone through hooks, so the backbone is unchanged).
    :meth:`token_map` gives the ``(B, C, h, w)`` token map of a forward for the
    token losses.
    """

    def guidance(self, classifier: nn.Module, inputs: torch.Tensor,
                 targets: torch.Tensor) -> Guidance:
        """Score the clean ``inputs`` (``targets``: their ``(N, K)`` labels)."""
        armed = self.hooks.armed() if self.hooks is not None else nullcontext()
        with torch.no_grad(), eval_mode(classifier), armed:
            features = classifier.backbone(inputs)
            score = self.score_map(features)
            logits = head_logits(classifier, features)
        return Guidance(score=score, clean_logits=logits)

    def score_map(self, features: Tuple[torch.Tensor]) -> torch.Tensor:
        raise NotImplementedError

    def token_map(self, features: Tuple[torch.Tensor]) -> torch.Tensor:
        """The backbone's last output, which must be a ``(B, C, h, w)`` map."""
        return features[-1]


class BaseRelabel(HookedPart):
    """Re-weights a guided mix's labels after the mixed forward, from what that
    forward computed (TransMix: the class token's attention). :meth:`attach` once
    with the backbone; after the mixed forward the classifier calls it with the step
    and the input size and replaces ``step.lam`` by what it returns (``(N,)`` target
    shares), or keeps it on ``None`` (a step it has nothing to say about)."""

    def add_hooks(self, backbone: nn.Module, hooks: ForwardHooks) -> None:
        raise NotImplementedError

    def __call__(self, step, image_size: Tuple[int, int]) -> Optional[torch.Tensor]:
        raise NotImplementedError
