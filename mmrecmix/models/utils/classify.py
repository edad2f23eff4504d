"""The head side of an mmpretrain ImageClassifier, shared by our classifiers."""
import torch


def head_logits(classifier, features: tuple) -> torch.Tensor:
    """Logits of an ``ImageClassifier`` from its backbone's ``features``: the neck
    (if any), then the head."""
    return classifier.head(classifier.neck(features) if classifier.with_neck
                           else features)
