"""Image loading that names the file it could not decode."""
from mmcv.transforms import LoadImageFromFile as MMCVLoadImageFromFile

from mmrecmix.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadImageFromFile(MMCVLoadImageFromFile):
    """mmcv's ``LoadImageFromFile`` whose failures name the file.

    mmcv's loader raises the decoder's own error (for an empty file, OpenCV's
    ``!buf.empty()`` assertion) or a bare ``AssertionError``, without the path, so one
    damaged image among a million stops a run without saying which. Here any failure
    to read or decode is a ``ValueError`` naming the file and the decoder's message.
    ``tools/train.py`` and ``tools/test.py`` use it in place of a config's
    ``LoadImageFromFile`` (same arguments); ``ignore_empty=True`` keeps mmcv's skip.
    """

    def transform(self, results: dict):
        try:
            return super().transform(results)
        except Exception as error:
            raise ValueError(
                f'{results["img_path"]} could not be read as an image '
                f'({type(error).__name__}: {str(error).strip() or "no image data"}); '
                'replace or remove the file.') from error
