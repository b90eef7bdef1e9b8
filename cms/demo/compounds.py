"""The demo directory: its areas and its nine compounds, richest first."""

from .cerebrolysin import CEREBROLYSIN
from .peptides import PEPTIDES
from .supplements import SUPPLEMENTS

# (name, description)
AREAS = [
    ("Neuro & cognition", "Stroke, brain injury, dementia, memory and focus."),
    ("Recovery & repair", "Healing of tendons, muscles, joints and the gut."),
    ("Sleep & mood", "Falling asleep, sleep timing, stress and anxiety."),
    ("Hormones & vitality", "Hormones and the medicines and products that mimic them."),
    ("Performance & muscle", "Strength, training and exercise capacity."),
]

COMPOUNDS = [CEREBROLYSIN, *PEPTIDES, *SUPPLEMENTS]
