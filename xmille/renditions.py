"""Rendition filters with bounded sizes, wherever a filter spec comes from.

Wagtail parses `fill-0x0` happily and divides by zero when it runs it: the admin's image preview
(/admin/images/<id>/preview/<spec>/) answered 500, and `fill-90000x90000` would allocate
gigabytes. Wagtail's own operations are replaced (`register_image_operations`, registered after
Wagtail's in `wagtail_hooks.py`) by the same operations whose `construct` refuses a size outside
1..RENDITION_MAX_SIDE, or a scale outside 1..RENDITION_MAX_SCALE_PERCENT. A refusal is
Wagtail's `InvalidFilterSpecError`, which its views already answer with 400 (admin preview,
URL generator, `wagtail.images.views.serve`), so every path that builds a `Filter` is covered:
views, template tags and Python callers alike.
"""

from wagtail.images import image_operations as wagtail_operations

from . import limits


def _check_side(value: int, spec: str) -> None:
    if not 1 <= value <= limits.RENDITION_MAX_SIDE:
        raise ValueError(
            f"{spec}: each size must be between 1 and {limits.RENDITION_MAX_SIDE} pixels"
        )


class FillOperation(wagtail_operations.FillOperation):
    def construct(self, size, *extra):
        super().construct(size, *extra)
        _check_side(self.width, self.method)
        _check_side(self.height, self.method)


class MinMaxOperation(wagtail_operations.MinMaxOperation):
    def construct(self, size):
        super().construct(size)
        _check_side(self.width, self.method)
        _check_side(self.height, self.method)


class WidthHeightOperation(wagtail_operations.WidthHeightOperation):
    def construct(self, size):
        super().construct(size)
        _check_side(self.size, self.method)


class ScaleOperation(wagtail_operations.ScaleOperation):
    def construct(self, percent):
        super().construct(percent)
        if not 0 < self.percent <= limits.RENDITION_MAX_SCALE_PERCENT:
            raise ValueError(
                f"scale: the percentage must be above 0 and at most "
                f"{limits.RENDITION_MAX_SCALE_PERCENT}"
            )


BOUNDED_OPERATIONS = [
    ("fill", FillOperation),
    ("min", MinMaxOperation),
    ("max", MinMaxOperation),
    ("width", WidthHeightOperation),
    ("height", WidthHeightOperation),
    ("scale", ScaleOperation),
]
