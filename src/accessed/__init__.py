"""accessed: narrated audio and a plain-language edition from a textbook chapter."""

__version__ = "0.1.0"
