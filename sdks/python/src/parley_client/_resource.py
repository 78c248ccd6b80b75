# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Base classes of the generated resources (``client.conversations``, ...)."""

# pyright: reportPrivateUsage=false
# Resources are the client's friends: they forward to its underscore request methods.

from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class SyncAPIResource:
    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client
        self._get = client._get
        self._post = client._post
        self._put = client._put
        self._patch = client._patch
        self._delete = client._delete
        self._get_api_list = client._get_api_list


class AsyncAPIResource:
    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
        self._get = client._get
        self._post = client._post
        self._put = client._put
        self._patch = client._patch
        self._delete = client._delete
        self._get_api_list = client._get_api_list
