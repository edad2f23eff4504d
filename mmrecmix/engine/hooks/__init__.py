from .mix_visualization_hook import MixVisualizationHook

__all__ = ['MixVisualizationHook']
