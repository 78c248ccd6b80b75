# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

__title__ = "parley-client"
__version__ = "0.1.0"
