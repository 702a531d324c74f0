"""The one exception family. The CLI turns these into a one-line error and exit code 1;
any other exception is a bug and keeps its traceback."""


class AccessedError(Exception):
    """Base class for every error a user can cause and fix."""


class InputError(AccessedError):
    """The chapter file cannot be read or holds no usable text."""


class GlossaryError(AccessedError):
    """`glossary.yaml` is malformed; the message names the line."""


class ConfigError(AccessedError):
    """An option or settings file is wrong."""


class EngineError(AccessedError):
    """A speech engine or audio tool is missing or failed."""


class OutputError(AccessedError):
    """An output cannot be written safely."""
