"""The one error of the generator."""


class GenerationError(Exception):
    """The catalog or the arguments do not allow fabricating dossiers."""
