"""Scores: an MQM-style quality score from findings (and, later, fluency and adequacy)."""
