"""Loops of the runner: the adversarial test loop (FGSM / PGD robust accuracy)."""
from .adversarial_loop import (ATTACKS, AdversarialTestLoop, LinfAttack,
                               check_normalising_preprocessor, fgsm, pgd,
                               random_start_noise)

__all__ = ['ATTACKS', 'AdversarialTestLoop', 'LinfAttack',
           'check_normalising_preprocessor', 'fgsm', 'pgd', 'random_start_noise']
