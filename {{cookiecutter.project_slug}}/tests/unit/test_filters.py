import pytest

from {{ cookiecutter.package_name }}.shared.filters import Bounds, Comparison


def test_bounds_list_the_comparisons_set_in_a_fixed_order() -> None:
    bounds = Bounds(lte=9, gt=1)

    assert bounds.comparisons() == [(Comparison.GT, 1), (Comparison.LTE, 9)]
    assert Bounds[int]().comparisons() == []


@pytest.mark.parametrize(
    ("bounds", "admitted", "refused"),
    [
        (Bounds(eq=3), [3], [2, 4]),
        (Bounds(gt=3), [4], [3]),
        (Bounds(gte=3), [3, 4], [2]),
        (Bounds(lt=3), [2], [3]),
        (Bounds(lte=3), [2, 3], [4]),
        (Bounds(gte=2, lt=4), [2, 3], [1, 4]),
        (Bounds[int](), [0, -5], []),
    ],
)
def test_bounds_admit_the_values_that_pass_every_comparison(
    bounds: Bounds[int],
    admitted: list[int],
    refused: list[int],
) -> None:
    assert all(bounds.admits(value) for value in admitted)
    assert not any(bounds.admits(value) for value in refused)
