"""Python backend: renders a pydantic/httpx SDK (``render.render``); registered by
``backend.BACKEND``. Nothing is imported here, so reading the registry stays cheap."""
