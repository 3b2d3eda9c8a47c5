"""mtqa: translation-quality checks for machine-translated news."""

__version__ = "0.1.0"
