"""Fruit samples, synthetic: name, genus, weight, sweetness and colour
(notebook 04). Shipped as ``data/fruit.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._validation import check_random_state
from helpers.datasets._files import _SEED, _load

__all__ = ["FRUIT_COLUMNS", "load_fruit", "make_fruit"]

# Plausible values for each fruit; some genera overlap in the numbers
# (plum vs apricot vs crab apple, lime vs apricot, cherry vs grape) so that
# only the genus separates them.
_FRUITS = {
    "Fuji apple": ("Malus", 200, 25, 7.5, 7.0),
    "Granny Smith apple": ("Malus", 210, 25, 4.5, 6.0),
    "crab apple": ("Malus", 45, 10, 3.0, 7.5),
    "Conference pear": ("Pyrus", 190, 25, 6.5, 3.5),
    "Nashi pear": ("Pyrus", 280, 35, 6.0, 3.0),
    "orange": ("Citrus", 180, 25, 6.5, 8.0),
    "lemon": ("Citrus", 110, 15, 1.5, 8.5),
    "lime": ("Citrus", 60, 10, 1.5, 6.5),
    "mandarin": ("Citrus", 80, 12, 7.0, 8.5),
    "grapefruit": ("Citrus", 330, 40, 4.0, 6.5),
    "sweet cherry": ("Prunus", 9, 2, 8.0, 8.5),
    "plum": ("Prunus", 65, 12, 6.5, 8.0),
    "peach": ("Prunus", 150, 25, 7.0, 6.5),
    "apricot": ("Prunus", 45, 8, 6.5, 7.0),
    "Cavendish banana": ("Musa", 120, 15, 8.0, 5.5),
    "plantain": ("Musa", 260, 40, 3.5, 4.5),
    "red banana": ("Musa", 100, 15, 8.5, 7.5),
    "green grape": ("Vitis", 6, 1.5, 7.5, 4.0),
    "red grape": ("Vitis", 7, 1.5, 8.0, 8.0),
    "raspberry": ("Rubus", 4, 1, 6.0, 9.0),
    "blackberry": ("Rubus", 6, 1.5, 5.5, 9.5),
}
_FRUIT_SAMPLES_PER_KIND = 2
FRUIT_COLUMNS = ["fruit_name", "genus", "weight_grams", "sweetness_level", "color_intensity"]
# what each numeric column of the file may hold: ("whole" or "real", lowest, highest)
_SCHEMA = {
    "weight_grams": ("real", 0, None),
    "sweetness_level": ("real", 1, 10),
    "color_intensity": ("real", 1, 10),
}


def make_fruit(random_state=_SEED):
    """Fruit samples: name, genus, weight, sweetness and colour.

    Two samples of each of 21 fruits from 8 genera (42 rows). Weight is in
    grams; sweetness and colour intensity are on a 1-10 scale.

    Examples
    --------
    >>> df = make_fruit()
    >>> df.shape
    (42, 5)
    >>> sorted(df["genus"].unique())[:3]
    ['Citrus', 'Malus', 'Musa']
    """
    rng = check_random_state(random_state)
    rows = []
    for name, (genus, w, w_sd, sweet, colour) in _FRUITS.items():
        for _ in range(_FRUIT_SAMPLES_PER_KIND):
            rows.append(
                (
                    name,
                    genus,
                    round(max(1.0, rng.normal(w, w_sd)), 1),
                    round(float(np.clip(rng.normal(sweet, 0.5), 1, 10)), 1),
                    round(float(np.clip(rng.normal(colour, 0.5), 1, 10)), 1),
                )
            )
    return pd.DataFrame(rows, columns=FRUIT_COLUMNS)


def load_fruit(path=None):
    """The shipped fruit table (``data/fruit.csv``), or a fresh identical one.

    Parameters
    ----------
    path : str, Path or bytes, optional
        A fruit CSV of your own, in the same layout (:data:`FRUIT_COLUMNS`),
        read and checked the same way: weights > 0, sweetness and colour in
        [1, 10]. A broken file (empty, cut short, not UTF-8, a missing or
        extra field, text or an empty cell in a numeric column, a value out
        of range) gives a ValueError naming the file, line and column.

    Examples
    --------
    >>> load_fruit().columns.tolist() == FRUIT_COLUMNS
    True
    """
    return _load("fruit.csv", make_fruit, FRUIT_COLUMNS, path, schema=_SCHEMA)
