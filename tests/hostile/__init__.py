"""Hostile-input catalogue: every case builds its file from the example plan."""
