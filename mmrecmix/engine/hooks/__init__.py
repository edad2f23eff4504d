from .automix_momentum_hook import AutoMixMomentumHook, cosine_momentum
from .evaluation_progress_hook import (EvaluationProgressHook,
                                       with_evaluation_progress)
from .mix_visualization_hook import MixVisualizationHook
from .non_finite_loss_hook import (NonFiniteLossHook, TrainingStopped,
                                   non_finite_tensors)
from .rank_heartbeat_hook import (RankHeartbeatHook, naming_silent_ranks,
                                  silent_ranks_message)
from .safe_checkpoint_hook import SafeCheckpointHook
from .train_progress_hook import TrainProgressHook, progress_followers
from .verify_pretrained_hook import (VerifyPretrainedHook, load_mismatches,
                                     pretrained_modules)

__all__ = [
    'AutoMixMomentumHook', 'cosine_momentum', 'EvaluationProgressHook',
    'with_evaluation_progress', 'MixVisualizationHook',
    'NonFiniteLossHook', 'RankHeartbeatHook', 'SafeCheckpointHook',
    'TrainingStopped', 'naming_silent_ranks', 'silent_ranks_message',
    'VerifyPretrainedHook', 'load_mismatches', 'non_finite_tensors',
    'pretrained_modules', 'TrainProgressHook', 'progress_followers'
]
